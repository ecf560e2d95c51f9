//! The tantivy schema of a report, and how one [`Parsed`] report becomes one tantivy document.
//!
//! Field names are the record's paths (`year`, `sections.overview`, `applications.new_received.total`): tantivy
//! looks a field name up whole before it tries to split it on dots, so dotted names need no mapping.

use std::collections::{BTreeMap, HashMap};

use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TantivyDocument,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::parse::Parsed;
use crate::report::{all_figure_paths, ReviewLitigation, Sections, APPLICANT_COLUMNS};
use crate::tokenizer::TOKENIZER_NAME;
use crate::Report;

/// The facet dimensions, in the order they are documented: `year`, `region`, `level`, `check`, `template`.
pub const FACET_NAMES: [&str; 5] = ["year", "region", "level", "check", "template"];

/// The text fields a query searches when it names none (`text` is the whole report), with their boosts.
pub const DEFAULT_SEARCH_FIELDS: [(&str, f32); 3] =
    [("text", 1.0), ("title", 2.0), ("agency", 2.0)];

/// The schema's fields, by purpose.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The stable document id (raw, indexed): the upsert key.
    pub id: Field,
    /// The file name (raw, indexed).
    pub file: Field,
    /// The record as JSON (stored only).
    pub record: Field,
    /// The report's whole text (jieba, positions, stored): the default search field and `source()`.
    pub text: Field,
    /// The agency's name as one raw term, for exact `agency = …` filters.
    pub agency_exact: Field,
    /// Every text field by name: `text`, `title`, `agency`, `region`, `problems`, `improvements`,
    /// `sections.<key>` for the six sections.
    pub text_fields: BTreeMap<String, Field>,
    /// `year` (i64, fast).
    pub year: Field,
    /// One facet field holding `/year/…`, `/region/…`, `/level/…`, `/check/…`, `/template/…`.
    pub facets: Field,
    /// Every figure path → its f64 fast field.
    pub figures: HashMap<String, Field>,
}

/// The text fields besides `text`, that are indexed but not stored (the record holds their values).
fn secondary_text_field_names() -> Vec<String> {
    let mut names: Vec<String> = ["title", "agency", "region", "problems", "improvements"]
        .iter()
        .map(|name| name.to_string())
        .collect();
    names.extend(Sections::KEYS.iter().map(|key| format!("sections.{key}")));
    names
}

/// Builds the schema and the field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let indexed_text = TextOptions::default().set_indexing_options(indexing);
    let stored_text = indexed_text.clone().set_stored();

    let id = builder.add_text_field("id", STRING | STORED);
    let file = builder.add_text_field("file", STRING);
    let record = builder.add_text_field("record", STORED);
    let agency_exact = builder.add_text_field("agency_exact", STRING | FAST);
    let text = builder.add_text_field("text", stored_text);
    let mut text_fields = BTreeMap::new();
    text_fields.insert("text".to_string(), text);
    for name in secondary_text_field_names() {
        let field = builder.add_text_field(&name, indexed_text.clone());
        text_fields.insert(name, field);
    }
    let year = builder.add_i64_field("year", NumericOptions::default().set_fast());
    let facets = builder.add_facet_field("facets", FacetOptions::default());
    let figures = all_figure_paths()
        .into_iter()
        .map(|path| {
            let field = builder.add_f64_field(&path, NumericOptions::default().set_fast());
            (path, field)
        })
        .collect();
    let fields = Fields {
        id,
        file,
        record,
        text,
        agency_exact,
        text_fields,
        year,
        facets,
        figures,
    };
    (builder.build(), fields)
}

/// The check status facet value of a report: `consistent`, `inconsistent` or `unchecked`.
pub fn check_status(consistent: Option<bool>) -> &'static str {
    match consistent {
        Some(true) => "consistent",
        Some(false) => "inconsistent",
        None => "unchecked",
    }
}

/// The facet values of a report: (dimension, value); absent values are left out.
pub fn facet_values(report: &Report) -> Vec<(&'static str, String)> {
    let mut values = Vec::new();
    if let Some(year) = report.year {
        values.push(("year", year.to_string()));
    }
    if let Some(region) = report
        .region
        .as_deref()
        .filter(|region| !region.trim().is_empty())
    {
        values.push(("region", region.trim().to_string()));
    }
    if let Some(level) = report.level {
        values.push(("level", level.as_str().to_string()));
    }
    values.push(("check", check_status(report.consistent).to_string()));
    values.push(("template", report.template.as_str().to_string()));
    values
}

/// The figure values that filters, sorting and facets see: every printed figure, except that a total is never below
/// the sum of the parts it totals.
///
/// For each row of table 3 the `total` is max(printed total, sum of the six applicant columns), and for each part
/// of table 4 the `total` is max(printed total, sum of the four outcomes), blank cells counted as 0; a blank total
/// with printed parts gets their sum. So a report printing 商业企业 2 and 总计 0 is found by
/// `applications.new_received.total > 0`, while its stored record keeps the printed 0 and the broken check.
pub fn effective_figures(report: &Report) -> Vec<(String, f64)> {
    let mut figures: BTreeMap<String, f64> = report.figures().into_iter().collect();
    if let Some(applications) = &report.applications {
        for (row_key, row) in &applications.rows {
            let cells = row.cells();
            let parts = &cells[..APPLICANT_COLUMNS.len() - 1];
            let path = format!("applications.{row_key}.total");
            raise_total(&mut figures, path, row.total, parts);
        }
    }
    if let Some(review) = &report.review_litigation {
        for part in ReviewLitigation::PARTS {
            if let Some(outcomes) = review.part(part) {
                let cells = outcomes.cells();
                let path = format!("review_litigation.{part}.total");
                raise_total(&mut figures, path, outcomes.total, &cells[..4]);
            }
        }
    }
    figures.into_iter().collect()
}

fn raise_total(
    figures: &mut BTreeMap<String, f64>,
    path: String,
    printed: Option<i64>,
    parts: &[Option<i64>],
) {
    if parts.iter().all(Option::is_none) {
        return;
    }
    let sum: i64 = parts.iter().map(|cell| cell.unwrap_or(0)).sum();
    let effective = printed.map_or(sum, |printed| printed.max(sum));
    figures.insert(path, effective as f64);
}

/// Builds the tantivy document of a parsed report whose `report.id` is set.
pub fn to_document(fields: &Fields, parsed: &Parsed) -> crate::Result<TantivyDocument> {
    let report = &parsed.report;
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &report.id);
    doc.add_text(fields.file, &report.file);
    let record = serde_json::to_string(report).map_err(|error| {
        crate::Error::Internal(format!(
            "{}: cannot serialise the record: {error}",
            report.file
        ))
    })?;
    doc.add_text(fields.record, record);
    doc.add_text(fields.text, &parsed.text);
    let text_field = |name: &str| fields.text_fields.get(name).copied();
    let mut add_text = |name: &str, value: &str| {
        if let Some(field) = text_field(name) {
            doc.add_text(field, value);
        }
    };
    if let Some(title) = &report.title {
        add_text("title", title);
    }
    if let Some(agency) = &report.agency {
        add_text("agency", agency);
    }
    if let Some(region) = &report.region {
        add_text("region", region);
    }
    for problem in &report.problems {
        add_text("problems", problem);
    }
    for improvement in &report.improvements {
        add_text("improvements", improvement);
    }
    for key in Sections::KEYS {
        if let Some(section) = report.sections.get(key) {
            add_text(&format!("sections.{key}"), &section.text);
        }
    }
    if let Some(agency) = &report.agency {
        doc.add_text(fields.agency_exact, agency.trim());
    }
    if let Some(year) = report.year {
        doc.add_i64(fields.year, i64::from(year));
    }
    for (dimension, value) in facet_values(report) {
        doc.add_facet(fields.facets, Facet::from_path([dimension, value.as_str()]));
    }
    for (path, value) in effective_figures(report) {
        match fields.figures.get(&path) {
            Some(field) if value.is_finite() => doc.add_f64(*field, value),
            Some(_) => {
                tracing::warn!(file = %report.file, %path, "figure is not a finite number; not indexed")
            }
            None => {
                tracing::warn!(file = %report.file, %path, "figure path not in the schema; not indexed")
            }
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{AppRow, Applications, Outcomes};

    fn report_with_new_received(row: AppRow) -> Report {
        let mut rows = BTreeMap::new();
        rows.insert("new_received".to_string(), row);
        Report {
            applications: Some(Applications { rows }),
            ..Report::default()
        }
    }

    fn figure(report: &Report, path: &str) -> Option<f64> {
        effective_figures(report)
            .into_iter()
            .find(|(key, _)| key == path)
            .map(|(_, value)| value)
    }

    #[test]
    fn a_total_below_its_columns_is_raised_to_their_sum() {
        let mut cells = [Some(0); 7];
        cells[1] = Some(2); // 商业企业 2, 总计 0 (seed 002)
        let report = report_with_new_received(AppRow::from_cells(cells));
        assert_eq!(
            figure(&report, "applications.new_received.total"),
            Some(2.0)
        );
        assert_eq!(
            figure(&report, "applications.new_received.commercial"),
            Some(2.0)
        );
        // The record keeps the printed total.
        assert_eq!(
            report
                .applications
                .as_ref()
                .and_then(|a| a.cell("new_received", "total")),
            Some(0)
        );
    }

    #[test]
    fn a_total_above_its_columns_is_kept() {
        // Seed 003 style: blank columns, printed total 3.
        let mut cells = [None; 7];
        cells[6] = Some(3);
        let report = report_with_new_received(AppRow::from_cells(cells));
        assert_eq!(
            figure(&report, "applications.new_received.total"),
            Some(3.0)
        );
    }

    #[test]
    fn a_blank_total_with_printed_columns_gets_their_sum_and_an_empty_row_nothing() {
        let mut cells = [None; 7];
        cells[0] = Some(4);
        cells[5] = Some(1);
        let report = report_with_new_received(AppRow::from_cells(cells));
        assert_eq!(
            figure(&report, "applications.new_received.total"),
            Some(5.0)
        );
        let empty = report_with_new_received(AppRow::default());
        assert_eq!(figure(&empty, "applications.new_received.total"), None);
    }

    #[test]
    fn a_review_total_is_at_least_its_four_outcomes() {
        let report = Report {
            review_litigation: Some(ReviewLitigation {
                reconsideration: Outcomes::from_cells([Some(1), Some(1), None, None, Some(0)]),
                ..ReviewLitigation::default()
            }),
            ..Report::default()
        };
        assert_eq!(
            figure(&report, "review_litigation.reconsideration.total"),
            Some(2.0)
        );
        assert_eq!(
            figure(&report, "review_litigation.litigation_direct.total"),
            None
        );
    }

    #[test]
    fn every_figure_path_is_a_fast_field_under_its_own_name() {
        let (schema, fields) = build_schema();
        for path in all_figure_paths() {
            let field = schema.get_field(&path).ok();
            assert_eq!(field, fields.figures.get(&path).copied(), "{path}");
            assert!(
                schema.get_field_entry(fields.figures[&path]).is_fast(),
                "{path}"
            );
        }
    }
}
