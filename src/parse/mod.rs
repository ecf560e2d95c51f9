//! Report parsing: bytes of one file → one [`Report`]. Knows nothing of the index.
//!
//! The path of a file through the parser:
//! [`decode`] (bytes → text, encoding detected) → [`html`] (pages reduced to text lines, tables rebuilt as grids)
//! → [`layout`] (narrative lines and table rows, whatever way the tables were flattened) → [`sections`] (the six
//! sections) and [`meta`] (title, agency, region, level, year, date) → [`tables`] (tables 2–4 by label matching)
//! → [`checks`] (consistency of tables 3 and 4) → [`statements`] (problems and improvements of section 5).
//! Matching always happens on a normalised copy ([`normalize`]); the record keeps the text as printed.

pub mod checks;
pub mod container;
pub mod decode;
pub mod html;
pub mod layout;
pub mod meta;
pub mod normalize;
pub mod sections;
pub mod statements;
pub mod tables;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::ParseError;
use crate::report::{
    AppRow, Applications, Report, Template, Warning, APPLICATION_ROWS_2021, OTHER_COMBINED_ROW,
};
use layout::{parse_number, Item};
use tables::TableRow;

/// A parsed report together with the decoded text it came from.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The structured record.
    pub report: Report,
    /// The decoded text (HTML reduced to text), as the report printed it; kept for full-text search and `/source`.
    pub text: String,
}

/// The largest file the parser accepts (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// At most this many rows are gathered for one table (bounds the work on huge inputs).
const MAX_TABLE_ROWS: usize = 2_000;

/// Table 3 counts as present when at least this many of its rows were recognised.
const MIN_APPLICATION_ROWS: usize = 3;

/// Parses the bytes of one report file. `file_name` is used for the record's `file` and in errors.
pub fn parse_bytes(file_name: &str, bytes: &[u8]) -> Result<Parsed, ParseError> {
    // PDF and DOCX containers are reduced to UTF-8 text first (see `container`), then parsed like any text.
    let (decoded, container_format) = match container::extract(file_name, bytes)? {
        Some(extracted) => (
            decode::Decoded {
                text: extracted.text,
                encoding: "utf-8",
            },
            Some(extracted.format),
        ),
        None => (decode::decode(file_name, bytes)?, None),
    };
    let is_html = html::looks_like_html(&decoded.text);
    let text = if is_html {
        html::html_to_text(&decoded.text)
    } else {
        decoded.text
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(ParseError::NotAReport {
            file: file_name.to_string(),
            reason: "the page has no text".to_string(),
        });
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let layout = layout::layout(&lines);
    let boundaries = sections::find_boundaries(&layout.items);
    let meta = meta::extract(&lines, boundaries.first().map(|b| b.line));
    let body_end = meta.signature_line.unwrap_or(lines.len());
    let mut warnings = Vec::new();

    // Table 3 first: it decides whether this is a report at all, and the template.
    let range_of = |key: &str| sections::section_range(&boundaries, key, body_end);
    let application_rows = table_rows(&layout.items, range_of("applications"), true);
    let mut matched = tables::applications_table(&application_rows, &mut warnings);
    if matched.len() < MIN_APPLICATION_ROWS && range_of("applications").is_some() {
        // The section boundaries may be wrong; look at every row of the document.
        let mut retry_warnings = Vec::new();
        let everywhere =
            tables::applications_table(&table_rows(&layout.items, None, true), &mut retry_warnings);
        if everywhere.len() > matched.len() {
            matched = everywhere;
            warnings = retry_warnings;
        }
    }
    let proactive_rows = table_rows(&layout.items, range_of("proactive"), false);
    let (proactive, proactive_2019) = tables::proactive_table(&proactive_rows, &mut warnings);

    let mentions_disclosure = ["信息公开", "政务公开", "依申请公开", "公开工作"]
        .iter()
        .any(|marker| text.contains(marker));
    if !mentions_disclosure && matched.len() < MIN_APPLICATION_ROWS && boundaries.len() < 2 {
        return Err(ParseError::NotAReport {
            file: file_name.to_string(),
            reason: "no mention of 政府信息公开 and no report section or table".to_string(),
        });
    }

    let has_applications = matched.len() >= MIN_APPLICATION_ROWS;
    let template = choose_template(
        &matched,
        has_applications,
        !proactive.is_empty(),
        proactive_2019,
        meta.year,
    );

    let mut applications = None;
    if has_applications {
        applications = Some(complete_applications(matched, template, &mut warnings));
    } else if template == Template::Pre2019 {
        applications = sentence_applications(&text, &mut warnings);
    } else {
        warnings.push(Warning::new(
            "missing_table",
            "table 3 (收到和处理政府信息公开申请情况) was not found",
        ));
    }

    let review_range = range_of("review_litigation")
        .or_else(|| unheaded_review_range(&layout.items, &boundaries, body_end));
    let review_rows = match review_range {
        Some(range) => table_rows(&layout.items, Some(range), false),
        None => Vec::new(),
    };
    let review_litigation = tables::review_table(&review_rows, &mut warnings);
    if review_litigation.is_none() && template != Template::Pre2019 {
        warnings.push(Warning::new(
            "missing_table",
            "table 4 (政府信息公开行政复议、行政诉讼情况) was not found",
        ));
    }

    let mut checks = Vec::new();
    if has_applications {
        if let Some(applications) = &applications {
            checks.extend(checks::application_checks(applications));
        }
    }
    if let Some(review) = &review_litigation {
        checks.extend(checks::review_checks(review));
    }
    let consistent = checks::consistent(&checks);

    let report_sections = sections::build_sections(&lines, &boundaries, body_end);
    if template != Template::Pre2019 {
        for key in crate::report::Sections::KEYS {
            if report_sections.get(key).is_none() {
                warnings.push(Warning::new(
                    "missing_section",
                    format!("section `{key}` was not found"),
                ));
            }
        }
    }
    let (problems, improvements) = report_sections
        .problems_and_improvements
        .as_ref()
        .map(|section| statements::split_section5(&section.text))
        .unwrap_or_default();
    if meta.year.is_none() {
        warnings.push(Warning::new(
            "year_unknown",
            "no year found in the title or the text",
        ));
    }
    if meta.agency.is_none() {
        warnings.push(Warning::new(
            "agency_unknown",
            "no issuing body found in the title, preamble or signature",
        ));
    }

    let format = if let Some(container_format) = container_format {
        container_format
    } else if is_html {
        "html"
    } else if layout.markdown {
        "markdown"
    } else {
        "text"
    };
    let report = Report {
        id: Report::compute_id(
            meta.agency.as_deref(),
            meta.region.as_deref(),
            meta.year,
            &text,
        ),
        file: file_name.to_string(),
        encoding: decoded.encoding.to_string(),
        format: format.to_string(),
        title: meta.title,
        agency: meta.agency,
        region: meta.region,
        level: meta.level,
        year: meta.year,
        published: meta.published,
        template,
        sections: report_sections,
        proactive,
        applications,
        review_litigation,
        checks,
        consistent,
        problems,
        improvements,
        warnings,
    };
    Ok(Parsed { report, text })
}

/// The rows of a line range (`None`: the whole document), each split where a label follows a figure (rows run
/// together when a one-cell-per-line table has no blank lines between its rows). When the range has no row with a
/// figure (PDF-extracted or pasted text), rows are rebuilt from its lines instead, see [`spaced_rows`].
fn table_rows(
    items: &[Item],
    range: Option<(usize, usize)>,
    join_fragments: bool,
) -> Vec<TableRow> {
    let in_range = |line: usize| range.is_none_or(|(start, end)| line >= start && line < end);
    let mut rows: Vec<TableRow> = Vec::new();
    // The last line of the previous row item, and how many figures its last row may still take.
    let mut previous: Option<(usize, usize)> = None;
    let width: usize = if join_fragments { 7 } else { 15 };
    for item in items {
        let Item::Row {
            first,
            last,
            cells,
            exact,
        } = item
        else {
            continue;
        };
        if !in_range(*first) {
            continue;
        }
        if rows.len() >= MAX_TABLE_ROWS {
            break;
        }
        // Cells double-spaced (a blank line after every cell) come as rows of one cell: a row of figures only,
        // right after a row still short of figures, continues it.
        let figures_only = cells.iter().all(|c| layout::is_value_cell(c))
            && cells.iter().any(|c| parse_number(c).is_some());
        if let (true, Some((previous_last, room)), Some(row)) =
            (figures_only, previous, rows.last_mut())
        {
            if *first <= previous_last + 2 && cells.len() <= room {
                row.cells.extend(cells.iter().cloned());
                previous = Some((*last, room - cells.len()));
                continue;
            }
        }
        let mut start = 0;
        for index in 1..cells.len() {
            let label_after_figure =
                !layout::is_value_cell(&cells[index]) && parse_number(&cells[index - 1]).is_some();
            if label_after_figure {
                rows.push(TableRow {
                    cells: cells[start..index].to_vec(),
                    exact: *exact,
                });
                start = index;
            }
        }
        let tail = &cells[start..];
        let values = tail.len()
            - tail
                .iter()
                .rposition(|c| !layout::is_value_cell(c))
                .map_or(0, |i| i + 1);
        previous = Some((*last, width.saturating_sub(values)));
        rows.push(TableRow {
            cells: tail.to_vec(),
            exact: *exact,
        });
    }
    if rows
        .iter()
        .any(|row| row.cells.iter().any(|cell| parse_number(cell).is_some()))
    {
        return rows;
    }
    spaced_rows(items, in_range, join_fragments)
}

/// Rows rebuilt from narrative lines: a label followed by space-separated figures (`（一）予以公开 1 0 0 0 0 0 1`),
/// or a label line followed by lines of figures (cells pasted one per line). With `join_fragments` (table 3),
/// short lines without figures are taken for the first part of the next row's wrapped label; otherwise they are
/// rows of their own (table 2 headers, labels waiting for their figures).
fn spaced_rows(
    items: &[Item],
    in_range: impl Fn(usize) -> bool,
    join_fragments: bool,
) -> Vec<TableRow> {
    /// The most figures a row collects from following figure-only lines (table 4 has 15 in one row).
    const MAX_FIGURES: usize = 15;
    let width = if join_fragments { 7 } else { MAX_FIGURES };
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Whether the last row may still take figures from the next line.
    let mut open = false;
    let mut fragments: Vec<String> = Vec::new();
    for item in items {
        let Item::Text { line, text } = item else {
            continue;
        };
        if !in_range(*line) {
            continue;
        }
        if rows.len() >= MAX_TABLE_ROWS {
            break;
        }
        match layout::split_spaced_row(text) {
            Some(mut cells) => {
                let figures = cells.len() - 1;
                if cells[0].is_empty() && open && fragments.is_empty() {
                    if let Some(last) = rows.last_mut() {
                        if last.len() - 1 + figures <= width {
                            last.extend(cells.drain(1..));
                            open = last.len() - 1 < width;
                            continue;
                        }
                    }
                }
                if join_fragments && !fragments.is_empty() {
                    // Only the fragments just before the row (a wrapped label), not whole header blocks.
                    let mut prefix = String::new();
                    for fragment in fragments.iter().rev() {
                        if prefix.chars().count() + fragment.chars().count() > 30 {
                            break;
                        }
                        prefix.insert_str(0, fragment);
                    }
                    cells[0].insert_str(0, &prefix);
                    fragments.clear();
                }
                open = figures < width;
                rows.push(cells);
            }
            None if join_fragments => {
                if text.chars().count() <= 30 {
                    fragments.push(text.clone());
                } else {
                    fragments.clear();
                }
                open = false;
            }
            None => {
                rows.push(text.split_whitespace().map(str::to_string).collect());
                open = true;
            }
        }
    }
    rows.into_iter()
        .map(|cells| TableRow {
            cells,
            exact: false,
        })
        .collect()
}

/// Where table 4 stands when its section heading was not recognised: from the first mention of 行政复议 after
/// table 3's last row (结转下年度继续办理) to the next section heading.
fn unheaded_review_range(
    items: &[Item],
    boundaries: &[sections::Boundary],
    body_end: usize,
) -> Option<(usize, usize)> {
    let mentions = |item: &Item, word: &str| match item {
        Item::Text { text, .. } => text.contains(word),
        Item::Row { cells, .. } => cells.iter().any(|cell| cell.contains(word)),
    };
    let after_table3 = items.iter().position(|item| mentions(item, "结转下年度"))?;
    let start = items[after_table3..]
        .iter()
        .find(|item| mentions(item, "行政复议"))?
        .line();
    let end = boundaries
        .iter()
        .map(|b| b.line)
        .find(|line| *line > start)
        .unwrap_or(body_end);
    Some((start, end.max(start)))
}

/// The template, from what the tables look like, else from the year.
fn choose_template(
    matched: &BTreeMap<String, AppRow>,
    has_applications: bool,
    has_proactive: bool,
    proactive_2019: bool,
    year: Option<i32>,
) -> Template {
    let single_other = matched.contains_key(OTHER_COMBINED_ROW.0)
        && !matched.keys().any(|k| k.starts_with("other."));
    if has_applications || has_proactive {
        return if proactive_2019 || (has_applications && single_other) {
            Template::T2019
        } else {
            Template::T2021
        };
    }
    match year {
        Some(year) if year <= 2018 => Template::Pre2019,
        Some(year) if year <= 2020 => Template::T2019,
        Some(_) => Template::T2021,
        None => Template::Pre2019,
    }
}

/// Every row of the template, the unmatched ones with null cells (and a `missing_row` warning).
fn complete_applications(
    mut matched: BTreeMap<String, AppRow>,
    template: Template,
    warnings: &mut Vec<Warning>,
) -> Applications {
    let template_keys: Vec<&str> = match template {
        Template::T2019 => APPLICATION_ROWS_2021
            .iter()
            .map(|(key, _)| *key)
            .filter(|key| !key.starts_with("other."))
            .chain(std::iter::once(OTHER_COMBINED_ROW.0))
            .collect(),
        _ => APPLICATION_ROWS_2021.iter().map(|(key, _)| *key).collect(),
    };
    let mut missing = Vec::new();
    for key in template_keys {
        if !matched.contains_key(key) {
            missing.push(format!("`{key}`"));
            matched.insert(key.to_string(), AppRow::default());
        }
    }
    if !missing.is_empty() {
        let noun = if missing.len() == 1 { "row" } else { "rows" };
        warnings.push(Warning::new(
            "missing_row",
            format!(
                "table 3 {noun} {} not found; cells null",
                missing.join(", ")
            ),
        ));
    }
    Applications { rows: matched }
}

/// `全年共受理依申请公开0件`: the number of applications received, stated in a sentence.
static RECEIVED_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:受理|收到|接到|接收)[^。；;，,0-9]{0,8}?(?:依申请公开|政府信息公开申请|信息公开申请|公开申请)[^。；;，,0-9]{0,8}?(\d+)\s*(?:件|个|份|条|次)",
    )
    .expect("valid regex")
});

/// Table 3 of a pre-2019 narrative report, when a sentence states the applications received unambiguously.
fn sentence_applications(text: &str, warnings: &mut Vec<Warning>) -> Option<Applications> {
    let mut values = RECEIVED_SENTENCE
        .captures_iter(text)
        .take(20)
        .filter_map(|c| c[1].parse::<i64>().ok());
    let first = values.next()?;
    if values.any(|v| v != first) {
        return None;
    }
    warnings.push(Warning::new(
        "from_sentence",
        format!("no table 3; applications.new_received.total = {first} was read from a sentence"),
    ));
    let mut applications = Applications::default();
    applications.rows.insert(
        "new_received".to_string(),
        AppRow {
            total: Some(first),
            ..AppRow::default()
        },
    );
    Some(applications)
}

/// Reads and parses one report file.
pub fn parse_file(path: &Path) -> Result<Parsed, ParseError> {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let size = std::fs::metadata(path)
        .map_err(|error| ParseError::Io {
            file: file_name.clone(),
            error,
        })?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(ParseError::TooLarge {
            file: file_name,
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(|error| ParseError::Io {
        file: file_name.clone(),
        error,
    })?;
    parse_bytes(&file_name, &bytes)
}
