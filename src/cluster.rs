//! Hand-off to an Elasticsearch/OpenSearch cluster: records as `_bulk` NDJSON and an index template for them.
//!
//! When one machine no longer holds the corpus (see `docs/scaling.md`), the records are loaded into a cluster with
//! two files: the template from [`write_template`] (`PUT _index_template/nianbao`) and the bulk body from
//! [`write_bulk`] (`POST _bulk`). Each report is one document whose `_id` is the record's stable
//! [`Report::id`], so loading the same reports again replaces them instead of duplicating them.
//!
//! The document ([`document`]) is the record flattened for a search engine: identity and facet fields as keywords,
//! the title, section texts and stated problems/improvements as Chinese text analysed with the IK plugin
//! (`ik_max_word` when indexing, `ik_smart` when searching), and every figure of tables 2–4 as a number field named
//! by its record path (`applications.new_received.total`; the engine reads the dots as object nesting, which the
//! template spells out as nested `properties`). A figure the report left blank is absent, never 0.

use std::io::Write;

use serde_json::{json, Map, Value};

use crate::report::{all_figure_paths, Report};

/// The default index name (and the template's index pattern is `<name>*`).
pub const DEFAULT_INDEX_NAME: &str = "nianbao";

/// The analyzer used when indexing Chinese text (IK plugin: the finest segmentation, for recall).
pub const INDEX_ANALYZER: &str = "ik_max_word";

/// The analyzer used when searching Chinese text (IK plugin: the coarsest segmentation, for precision).
pub const SEARCH_ANALYZER: &str = "ik_smart";

/// Keyword (facet) fields of the document.
pub const KEYWORD_FIELDS: [&str; 10] = [
    "id",
    "file",
    "agency",
    "region",
    "level",
    "year",
    "template",
    "consistent",
    "format",
    "encoding",
];

/// Keyword lists: the broken checks (`rule:scope`) and the warning codes.
pub const KEYWORD_LIST_FIELDS: [&str; 2] = ["broken_checks", "warnings"];

/// Chinese text fields of the document (analysed with IK).
pub const TEXT_FIELDS: [&str; 9] = [
    "title",
    "sections.overview",
    "sections.proactive",
    "sections.applications",
    "sections.review_litigation",
    "sections.problems_and_improvements",
    "sections.other",
    "problems",
    "improvements",
];

/// The document indexed for one report: flat keys (dotted record paths), blank and unknown values left out.
pub fn document(report: &Report) -> Map<String, Value> {
    let mut doc = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            doc.insert(key.to_string(), value);
        }
    };
    let text = |value: &Option<String>| value.as_ref().map(|text| Value::String(text.clone()));
    put("id", Some(Value::String(report.id.clone())));
    put("file", Some(Value::String(report.file.clone())));
    put("agency", text(&report.agency));
    put("region", text(&report.region));
    put(
        "level",
        report
            .level
            .map(|level| Value::String(level.as_str().to_string())),
    );
    put("year", report.year.map(Value::from));
    put("published", text(&report.published));
    put(
        "template",
        Some(Value::String(report.template.as_str().to_string())),
    );
    put("consistent", report.consistent.map(Value::Bool));
    put("format", Some(Value::String(report.format.clone())));
    put("encoding", Some(Value::String(report.encoding.clone())));
    put("title", text(&report.title));
    let sections = &report.sections;
    for (key, section) in [
        ("sections.overview", &sections.overview),
        ("sections.proactive", &sections.proactive),
        ("sections.applications", &sections.applications),
        ("sections.review_litigation", &sections.review_litigation),
        (
            "sections.problems_and_improvements",
            &sections.problems_and_improvements,
        ),
        ("sections.other", &sections.other),
    ] {
        put(
            key,
            section
                .as_ref()
                .map(|section| Value::String(section.text.clone())),
        );
    }
    let strings = |items: &[String]| (!items.is_empty()).then(|| json!(items));
    put("problems", strings(&report.problems));
    put("improvements", strings(&report.improvements));
    let broken: Vec<String> = report
        .checks
        .iter()
        .filter(|check| !check.ok)
        .map(|check| format!("{}:{}", check.rule, check.scope))
        .collect();
    put("broken_checks", strings(&broken));
    let warnings: Vec<String> = report
        .warnings
        .iter()
        .map(|warning| warning.code.clone())
        .collect();
    put("warnings", strings(&warnings));
    for (path, value) in report.figures() {
        put(&path, Some(number(value)));
    }
    doc
}

/// A figure as JSON: whole numbers as integers (counts), others as decimals (fees in 万元).
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Value::from(value as i64)
    } else {
        Value::from(value)
    }
}

/// Writes the `_bulk` body: for each report an action line `{"index":{"_index":NAME,"_id":ID}}` and its document,
/// each on one line, the body ending with a newline (as `_bulk` requires).
pub fn write_bulk<W: Write>(reports: &[Report], index_name: &str, out: W) -> std::io::Result<()> {
    let mut out = out;
    for report in reports {
        let action = json!({ "index": { "_index": index_name, "_id": report.id } });
        serde_json::to_writer(&mut out, &action)?;
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut out, &document(report))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// The mapping type of a figure path: decimals for table 2 (fees and amounts in 万元 are decimals), integers for the
/// counts of tables 3 and 4.
fn figure_type(path: &str) -> &'static str {
    if path.starts_with("proactive.") {
        "double"
    } else {
        "long"
    }
}

/// Inserts a field mapping at a dotted path, creating the enclosing `properties` objects.
fn insert_mapping(properties: &mut Map<String, Value>, path: &str, mapping: Value) {
    match path.split_once('.') {
        None => {
            properties.insert(path.to_string(), mapping);
        }
        Some((head, rest)) => {
            let object = properties
                .entry(head.to_string())
                .or_insert_with(|| json!({ "properties": {} }));
            if let Some(inner) = object.get_mut("properties").and_then(Value::as_object_mut) {
                insert_mapping(inner, rest, mapping);
            }
        }
    }
}

/// The index template (`PUT _index_template/<name>`) for indexes named `<index_name>*`: the mappings of every field
/// [`document`] writes, strict so that a misspelt field is refused rather than guessed.
pub fn template(index_name: &str) -> Value {
    let text =
        json!({ "type": "text", "analyzer": INDEX_ANALYZER, "search_analyzer": SEARCH_ANALYZER });
    let mut properties = Map::new();
    for field in KEYWORD_FIELDS {
        let mapping = match field {
            // Names are facets and also searchable as text.
            "agency" | "region" => json!({ "type": "keyword", "fields": { "text": text.clone() } }),
            // A facet, with a numeric sub-field for ranges (`year.number >= 2021`).
            "year" => json!({ "type": "keyword", "fields": { "number": { "type": "short" } } }),
            _ => json!({ "type": "keyword" }),
        };
        properties.insert(field.to_string(), mapping);
    }
    for field in KEYWORD_LIST_FIELDS {
        properties.insert(field.to_string(), json!({ "type": "keyword" }));
    }
    properties.insert(
        "published".to_string(),
        json!({ "type": "date", "format": "yyyy-MM-dd" }),
    );
    for field in TEXT_FIELDS {
        insert_mapping(&mut properties, field, text.clone());
    }
    for path in all_figure_paths() {
        insert_mapping(
            &mut properties,
            &path,
            json!({ "type": figure_type(&path) }),
        );
    }
    json!({
        "index_patterns": [format!("{index_name}*")],
        "priority": 100,
        "template": {
            "settings": {
                "number_of_shards": 1,
                "number_of_replicas": 1,
                "refresh_interval": "30s"
            },
            "mappings": {
                "dynamic": "strict",
                "properties": properties
            }
        },
        "_meta": {
            "description": "nianbao: government information disclosure annual reports (政府信息公开工作年度报告)",
            "requires": "the IK analysis plugin (analysis-ik) on every node"
        }
    })
}

/// Writes the index template as pretty JSON followed by a newline.
pub fn write_template<W: Write>(index_name: &str, out: W) -> std::io::Result<()> {
    let mut out = out;
    serde_json::to_writer_pretty(&mut out, &template(index_name))?;
    out.write_all(b"\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Looks a dotted field up in a template's nested `properties`.
    fn mapping<'a>(template: &'a Value, path: &str) -> Option<&'a Value> {
        let mut node = &template["template"]["mappings"];
        for part in path.split('.') {
            node = node.get("properties")?.get(part)?;
        }
        Some(node)
    }

    #[test]
    fn every_document_field_has_a_mapping_of_the_right_kind() {
        let template = template("nianbao");
        for path in all_figure_paths() {
            let kind = mapping(&template, &path).and_then(|m| m["type"].as_str());
            assert!(matches!(kind, Some("long" | "double")), "{path}: {kind:?}");
        }
        for field in TEXT_FIELDS {
            let field_mapping =
                mapping(&template, field).unwrap_or_else(|| panic!("{field} unmapped"));
            assert_eq!(field_mapping["analyzer"], "ik_max_word", "{field}");
            assert_eq!(field_mapping["search_analyzer"], "ik_smart", "{field}");
        }
        for field in [
            "agency",
            "region",
            "level",
            "year",
            "template",
            "consistent",
        ] {
            assert_eq!(
                mapping(&template, field).map(|m| &m["type"]),
                Some(&json!("keyword")),
                "{field}"
            );
        }
        assert_eq!(template["index_patterns"], json!(["nianbao*"]));
    }
}
