//! The figure table of selected reports, one row per report, for spreadsheets (CSV) and data tools (NDJSON).
//!
//! Columns: the report's identity (`id`, `file`, `agency`, `region`, `level`, `year`, `published`, `consistent`),
//! then every figure path of [`all_figure_paths`] in schema order. Blank cells stay empty (CSV) or null (NDJSON):
//! a figure the report did not print is not a zero. The CSV header names each column in Chinese and English
//! (`本年新收政府信息公开申请数量-总计 applications.new_received.total`) and the file starts with a UTF-8 byte order mark
//! so that Excel reads the Chinese correctly.

use std::collections::BTreeMap;
use std::io::Write;

use crate::report::{
    all_figure_paths, Outcomes, Report, ReviewLitigation, APPLICANT_COLUMNS, APPLICATION_ROWS_2021,
    OTHER_COMBINED_ROW, PROACTIVE_COLUMNS, PROACTIVE_ROWS,
};

/// The UTF-8 byte order mark written at the start of a CSV export.
pub const UTF8_BOM: &str = "\u{feff}";

/// The identity columns that precede the figures: key and Chinese label.
pub const IDENTITY_COLUMNS: [(&str, &str); 8] = [
    ("id", "编号"),
    ("file", "文件"),
    ("agency", "机关"),
    ("region", "地区"),
    ("level", "层级"),
    ("year", "报告年度"),
    ("published", "发布日期"),
    ("consistent", "勾稽一致"),
];

/// One column of the export: its English key and its Chinese label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The English key: an identity field (`agency`) or a record path (`applications.new_received.total`).
    pub key: String,
    /// The Chinese label, e.g. `本年新收政府信息公开申请数量-总计`.
    pub label: String,
}

impl Column {
    /// The header cell: the Chinese label, a space, the English key.
    pub fn header(&self) -> String {
        format!("{} {}", self.label, self.key)
    }
}

/// Every column of the export, in order.
pub fn columns() -> Vec<Column> {
    let identity = IDENTITY_COLUMNS.iter().map(|(key, label)| Column {
        key: (*key).to_string(),
        label: (*label).to_string(),
    });
    let figures = all_figure_paths().into_iter().map(|path| Column {
        label: figure_label(&path),
        key: path,
    });
    identity.chain(figures).collect()
}

/// The Chinese label of a figure path, e.g. `applications.denied.state_secret.total` →
/// `不予公开·属于国家秘密-总计`. A path the schema does not know keeps its English key.
pub fn figure_label(path: &str) -> String {
    let Some((table, rest)) = path.split_once('.') else {
        return path.to_string();
    };
    let Some((row, column)) = rest.rsplit_once('.') else {
        return path.to_string();
    };
    let labels = match table {
        "proactive" => label_of(&PROACTIVE_ROWS, row)
            .map(str::to_string)
            .zip(label_of(&PROACTIVE_COLUMNS, column)),
        "applications" => application_row_label(row).zip(label_of(&APPLICANT_COLUMNS, column)),
        "review_litigation" => label_of(&REVIEW_PARTS, row)
            .map(str::to_string)
            .zip(label_of(&OUTCOME_COLUMNS, column)),
        _ => None,
    };
    match labels {
        Some((row_label, column_label)) => format!("{row_label}-{column_label}"),
        None => path.to_string(),
    }
}

/// Table 4 parts: key and label.
const REVIEW_PARTS: [(&str, &str); 3] = [
    ("reconsideration", "行政复议"),
    ("litigation_direct", "行政诉讼（未经复议直接起诉）"),
    ("litigation_after_reconsideration", "行政诉讼（复议后起诉）"),
];

/// Table 4 outcome columns: key and label.
const OUTCOME_COLUMNS: [(&str, &str); 5] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

/// Table 3 row groups (the part before the dot of a row key): key and label.
const APPLICATION_GROUPS: [(&str, &str); 4] = [
    ("denied", "不予公开"),
    ("unable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other", "其他处理"),
];

fn label_of<'a>(table: &[(&str, &'a str)], key: &str) -> Option<&'a str> {
    table
        .iter()
        .find(|(candidate, _)| *candidate == key)
        .map(|(_, label)| *label)
}

/// A table-3 row label; rows of a group carry the group's label too (`不予公开·属于国家秘密`).
fn application_row_label(row: &str) -> Option<String> {
    if row == OTHER_COMBINED_ROW.0 {
        return Some(OTHER_COMBINED_ROW.1.to_string());
    }
    let label = label_of(&APPLICATION_ROWS_2021, row)?;
    match row.split_once('.') {
        Some((group, _)) => {
            let group_label = label_of(&APPLICATION_GROUPS, group)?;
            Some(format!("{group_label}·{label}"))
        }
        None => Some(label.to_string()),
    }
}

/// One report as export cells, in [`columns`] order. `None` is a blank cell.
fn row_values(report: &Report, figure_paths: &[String]) -> Vec<Option<serde_json::Value>> {
    use serde_json::Value;
    let text = |value: &Option<String>| value.as_ref().map(|text| Value::String(text.clone()));
    let mut values = vec![
        Some(Value::String(report.id.clone())),
        Some(Value::String(report.file.clone())),
        text(&report.agency),
        text(&report.region),
        report
            .level
            .map(|level| Value::String(level.as_str().to_string())),
        report.year.map(Value::from),
        text(&report.published),
        report.consistent.map(Value::Bool),
    ];
    let figures: BTreeMap<String, f64> = report.figures().into_iter().collect();
    values.extend(
        figure_paths
            .iter()
            .map(|path| figures.get(path).map(|value| number_value(*value))),
    );
    values
}

/// A figure as JSON: whole numbers as integers (counts), others as decimals (fees in 万元).
fn number_value(value: f64) -> serde_json::Value {
    let is_whole = value.fract() == 0.0 && value.abs() < 9.0e15;
    if is_whole {
        serde_json::Value::from(value as i64)
    } else {
        serde_json::Value::from(value)
    }
}

/// A CSV cell for a value. Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading
/// apostrophe; numbers are written as numbers.
fn csv_cell(value: &Option<serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(text)) => {
            if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{text}")
            } else {
                text.clone()
            }
        }
        Some(other) => other.to_string(),
    }
}

/// Writes the CSV export: BOM, the bilingual header row, one row per report.
pub fn write_csv<W: Write>(reports: &[Report], out: W) -> std::io::Result<()> {
    let mut out = out;
    out.write_all(UTF8_BOM.as_bytes())?;
    let mut writer = csv::Writer::from_writer(out);
    let columns = columns();
    writer
        .write_record(columns.iter().map(Column::header))
        .map_err(csv_to_io)?;
    let figure_paths = all_figure_paths();
    for report in reports {
        let cells: Vec<String> = row_values(report, &figure_paths)
            .iter()
            .map(csv_cell)
            .collect();
        writer.write_record(&cells).map_err(csv_to_io)?;
    }
    writer.flush()
}

/// Writes the NDJSON export: one flat JSON object per report, keyed by the English column keys (blank cells null).
pub fn write_ndjson<W: Write>(reports: &[Report], out: W) -> std::io::Result<()> {
    let mut out = out;
    let keys: Vec<String> = columns().into_iter().map(|column| column.key).collect();
    let figure_paths = all_figure_paths();
    for report in reports {
        let object: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .cloned()
            .zip(
                row_values(report, &figure_paths)
                    .into_iter()
                    .map(|value| value.unwrap_or(serde_json::Value::Null)),
            )
            .collect();
        serde_json::to_writer(&mut out, &object)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn csv_to_io(error: csv::Error) -> std::io::Error {
    std::io::Error::other(error)
}

// Keep the table-4 labels in step with the record's part and outcome keys.
const _: () = assert!(REVIEW_PARTS.len() == ReviewLitigation::PARTS.len());
const _: () = assert!(OUTCOME_COLUMNS.len() == Outcomes::KEYS.len());

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{AppRow, Applications, Level};

    fn sample() -> Report {
        let mut rows = BTreeMap::new();
        rows.insert(
            "new_received".to_string(),
            AppRow::from_cells([Some(2), None, None, None, None, None, Some(3)]),
        );
        Report {
            id: "00000000000000aa".to_string(),
            file: "a.txt".to_string(),
            agency: Some("=某镇人民政府".to_string()),
            region: Some("某区".to_string()),
            level: Some(Level::Township),
            year: Some(2021),
            consistent: Some(false),
            applications: Some(Applications { rows }),
            ..Report::default()
        }
    }

    #[test]
    fn every_figure_path_has_a_chinese_label() {
        for column in columns() {
            assert!(
                column
                    .label
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{} has no Chinese label",
                column.key
            );
        }
        assert_eq!(
            figure_label("applications.new_received.total"),
            "本年新收政府信息公开申请数量-总计"
        );
        assert_eq!(
            figure_label("applications.denied.state_secret.natural_person"),
            "不予公开·属于国家秘密-自然人"
        );
        assert_eq!(
            figure_label("review_litigation.litigation_direct.upheld"),
            "行政诉讼（未经复议直接起诉）-结果维持"
        );
        assert_eq!(
            figure_label("proactive.fees.fee_amount"),
            "行政事业性收费-本年收费金额（单位：万元）"
        );
    }

    #[test]
    fn csv_has_bom_bilingual_header_and_blank_cells_for_unprinted_figures() {
        let mut out = Vec::new();
        write_csv(&[sample()], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(UTF8_BOM));
        let mut reader = csv::Reader::from_reader(text.trim_start_matches(UTF8_BOM).as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(header[0], "编号 id");
        let total_at = header
            .iter()
            .position(|cell| {
                cell == "本年新收政府信息公开申请数量-总计 applications.new_received.total"
            })
            .unwrap();
        let commercial_at = header
            .iter()
            .position(|cell| cell.ends_with(" applications.new_received.commercial"))
            .unwrap();
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[total_at], "3");
        assert_eq!(&row[commercial_at], "", "a blank cell is not a zero");
        assert_eq!(
            &row[2], "'=某镇人民政府",
            "formula-like text is neutralised"
        );
        assert_eq!(&row[7], "false");
    }

    #[test]
    fn ndjson_rows_are_flat_objects_keyed_by_path() {
        let mut out = Vec::new();
        write_ndjson(&[sample(), sample()], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["applications.new_received.total"], 3);
        assert_eq!(lines[0]["applications.new_received.natural_person"], 2);
        assert_eq!(
            lines[0]["applications.new_received.commercial"],
            serde_json::Value::Null
        );
        assert_eq!(lines[0]["year"], 2021);
        assert_eq!(lines[0]["level"], "township");
    }
}
