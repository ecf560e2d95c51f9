//! Tables 2, 3 and 4 from table rows, by LABEL MATCHING rather than position: row labels are compared with the
//! template's labels after normalisation (a longest-common-subsequence score tolerates broken, wrapped and
//! slightly reworded labels); header rows give table 2 its columns; table 4 is its fifteen figures in order.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use super::layout::{is_dash, is_value_cell, parse_int, parse_number};
use super::normalize::{char_bloom, compact_chars, compact_label, normalize_cow, squeeze};
use crate::report::{
    AppRow, Num, Outcomes, ReviewLitigation, Warning, APPLICANT_COLUMNS, APPLICATION_ROWS_2021,
    OTHER_COMBINED_ROW,
};

/// Longest label (in compacted characters) compared with the template's labels.
const MAX_LABEL_CHARS: usize = 120;
/// At most this many rows are examined per table (bounds the work on huge inputs).
const MAX_ROWS: usize = 600;
/// At most this many `unknown_row` warnings name their row; the rest are counted.
const MAX_UNKNOWN_WARNINGS: usize = 5;
/// Minimum share of a template label's characters a printed label must contain, in order.
const MIN_LABEL_SCORE: f64 = 0.75;

/// Table 3's row keys with their compacted labels (2021 rows, then the 2019 template's （六）其他处理).
static APPLICATION_LABELS: LazyLock<Vec<(&'static str, Vec<char>)>> = LazyLock::new(|| {
    APPLICATION_ROWS_2021
        .iter()
        .chain(std::iter::once(&OTHER_COMBINED_ROW))
        .map(|(key, label)| {
            (
                *key,
                compact_label(label, MAX_LABEL_CHARS).chars().collect(),
            )
        })
        .collect()
});

/// Length of the longest common subsequence of two short strings.
fn lcs(a: &[char], b: &[char]) -> usize {
    /// Rows this long fit on the stack (template labels are far shorter).
    const STACK_ROW: usize = 128;
    if b.len() < STACK_ROW {
        let mut previous = [0u16; STACK_ROW];
        let mut current = [0u16; STACK_ROW];
        lcs_rows(a, b, &mut previous[..=b.len()], &mut current[..=b.len()])
    } else {
        let mut previous = vec![0u16; b.len() + 1];
        let mut current = vec![0u16; b.len() + 1];
        lcs_rows(a, b, &mut previous, &mut current)
    }
}

/// The dynamic programme of [`lcs`] over two rows of `b.len() + 1` cells (`a` is at most [`MAX_LABEL_CHARS`]
/// long, so the counts fit in `u16`).
fn lcs_rows<'r>(
    a: &[char],
    b: &[char],
    mut previous: &'r mut [u16],
    mut current: &'r mut [u16],
) -> usize {
    for ca in a {
        for (j, cb) in b.iter().enumerate() {
            current[j + 1] = if ca == cb {
                previous[j] + 1
            } else {
                current[j].max(previous[j + 1])
            };
        }
        std::mem::swap(&mut previous, &mut current);
    }
    usize::from(previous[b.len()])
}

/// The text after the last enumerator of a label (`（六）其他处理1.申请人无正当理由` → `申请人无正当理由`): the most
/// specific item, which may be all a wrapped label kept on its row.
fn last_item(label: &str) -> &str {
    let mut start = 0;
    let chars: Vec<(usize, char)> = label.char_indices().collect();
    for (k, (index, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|(_, c)| *c);
        let closes_enumerator = match c {
            '.' | '、' | '．' => {
                k > 0
                    && (chars[k - 1].1.is_ascii_digit()
                        || "一二三四五六七八九十".contains(chars[k - 1].1))
            }
            ')' | '）' => true,
            _ => false,
        };
        if closes_enumerator && next.is_some() {
            start = index + c.len_utf8();
        }
    }
    &label[start..]
}

/// The table-3 row key a printed label stands for, if any.
///
/// Long template labels match when most of their characters appear in order in the printed label, or when the
/// label's last item (a label cut short by wrapping) stands whole, in order, in the template label; the match with
/// the most characters in common wins. The short labels (`总计`, `其他`) only match when the printed label ends
/// with them.
pub fn match_application_row(label: &str) -> Option<&'static str> {
    /// Distinct labels remembered per thread (reports repeat the template's labels); the memo is emptied when full.
    const MEMO_LABELS: usize = 4096;
    thread_local! {
        static MEMO: RefCell<HashMap<Box<str>, Option<&'static str>>> = RefCell::new(HashMap::new());
    }
    if let Some(known) = MEMO.with(|memo| memo.borrow().get(label).copied()) {
        return known;
    }
    let key = match_label(label);
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.len() >= MEMO_LABELS {
            memo.clear();
        }
        memo.insert(label.into(), key);
    });
    key
}

/// [`match_application_row`] without the memo.
fn match_label(label: &str) -> Option<&'static str> {
    let printed: Vec<char> = compact_chars(label).take(MAX_LABEL_CHARS).collect();
    if printed.is_empty() {
        return None;
    }
    let item: Vec<char> = compact_chars(last_item(&normalize_cow(label)))
        .take(MAX_LABEL_CHARS)
        .collect();
    // The last item decides when it matches on its own (merged cells repeat `（六）其他处理` before `3.其他`).
    best_match(&item, &item).or_else(|| {
        if printed == item {
            // The same search again.
            None
        } else {
            best_match(&printed, &item)
        }
    })
}

/// The best template row for a compacted label (`item`: its last item, for labels cut short by wrapping).
fn best_match(printed: &[char], item: &[char]) -> Option<&'static str> {
    if printed.is_empty() {
        return None;
    }
    let mut best: Option<(&'static str, usize, f64)> = None;
    for (key, template) in APPLICATION_LABELS.iter() {
        let (matched, score) = if template.len() <= 3 {
            if printed.ends_with(template) {
                (template.len(), 1.0)
            } else {
                continue;
            }
        } else {
            let matched = lcs(printed, template);
            let score = matched as f64 / template.len() as f64;
            let truncated = || {
                item.len() >= MIN_TRUNCATED_CHARS
                    && item.len() < template.len()
                    && lcs(item, template) == item.len()
            };
            if score < MIN_LABEL_SCORE && truncated() {
                (item.len(), MIN_LABEL_SCORE)
            } else {
                (matched, score)
            }
        };
        if score < MIN_LABEL_SCORE {
            continue;
        }
        let better = match best {
            None => true,
            Some((_, best_matched, best_score)) => {
                matched > best_matched || (matched == best_matched && score > best_score)
            }
        };
        if better {
            best = Some((key, matched, score));
        }
    }
    best.map(|(key, _, _)| key)
}

/// The fewest characters a label cut short by wrapping must keep to be matched on them alone.
const MIN_TRUNCATED_CHARS: usize = 6;

/// One table row handed to the table readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The cells in matching form; blank cells are empty strings.
    pub cells: Vec<String>,
    /// True when a blank cell is a blank column (one cell per line, HTML grids); false when blanks at the edges of
    /// the figures may be spacers or padding (tab-separated text, PDF text).
    pub exact: bool,
}

/// Splits a row into its label (the cells up to the last non-figure cell, joined) and its value cells.
pub fn split_label(cells: &[String]) -> (String, &[String]) {
    let label_end = cells
        .iter()
        .rposition(|c| !is_value_cell(c))
        .map_or(0, |i| i + 1);
    (cells[..label_end].concat(), &cells[label_end..])
}

/// Trims padding blanks from the ends of a row's value cells until at most `width` remain.
fn trim_padding(values: &[String], width: usize) -> &[String] {
    let mut values = values;
    while values.len() > width && values.last().is_some_and(|c| c.trim().is_empty()) {
        values = &values[..values.len() - 1];
    }
    while values.len() > width && values.first().is_some_and(|c| c.trim().is_empty()) {
        values = &values[1..];
    }
    values
}

/// The value cells of a row whose blanks may be spacers or padding (tab-separated text).
///
/// Six figures standing together between blanks are the known short row (`(一) 予以公开→→1→0→0→0→0→1→`: a spacer,
/// six figures, padding) and are returned alone, to be aligned by [`align_row`]. Otherwise the cells keep their
/// positions, after dropping padding blanks beyond the seven columns (trailing ones first).
fn spaced_values(values: &[String]) -> &[String] {
    let width = APPLICANT_COLUMNS.len();
    if values.iter().all(|c| !c.trim().is_empty()) {
        return values;
    }
    let first = values.iter().position(|c| !c.trim().is_empty());
    let last = values.iter().rposition(|c| !c.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return trim_padding(values, width);
    };
    let run = &values[first..=last];
    let contiguous = run.iter().all(|c| !c.trim().is_empty());
    if contiguous && run.len() == width - 1 && values.len() <= width + 1 {
        return run;
    }
    let positioned = trim_padding(values, width);
    if positioned.len() < width {
        // Fewer cells than columns: blanks at the edges are spacers, not columns.
        return run;
    }
    positioned
}

/// Reads table 3 from rows: every row whose label matches a template row, with its seven figures.
/// Rows with too few cells are aligned using the total; what was inferred is said in a `short_row` warning.
pub fn applications_table(
    rows: &[TableRow],
    warnings: &mut Vec<Warning>,
) -> BTreeMap<String, AppRow> {
    let mut table: BTreeMap<String, AppRow> = BTreeMap::new();
    let mut unknown = Vec::new();
    // How short rows were aligned → the rows aligned that way.
    let mut aligned: Vec<(String, Vec<&'static str>)> = Vec::new();
    let mut duplicates: Vec<&'static str> = Vec::new();
    for row in rows.iter().take(MAX_ROWS) {
        let (label, values) = split_label(&row.cells);
        let values = if row.exact {
            trim_padding(values, APPLICANT_COLUMNS.len())
        } else {
            spaced_values(values)
        };
        if values.iter().all(|c| c.trim().is_empty()) && values.len() < APPLICANT_COLUMNS.len() {
            continue;
        }
        let has_figure = values.iter().any(|c| parse_number(c).is_some());
        let Some(key) = match_application_row(&label) else {
            if has_figure && !label.trim().is_empty() {
                unknown.push(label);
            }
            continue;
        };
        if table.contains_key(key) {
            if !duplicates.contains(&key) {
                duplicates.push(key);
            }
            continue;
        }
        let (row, how) = align_row(key, values, warnings);
        if let Some(how) = how {
            match aligned.iter_mut().find(|(known, _)| *known == how) {
                Some((_, keys)) => keys.push(key),
                None => aligned.push((how, vec![key])),
            }
        }
        table.insert(key.to_string(), row);
    }
    short_row_warnings(aligned, warnings);
    if !duplicates.is_empty() {
        let rows: Vec<String> = duplicates.iter().map(|k| format!("`{k}`")).collect();
        warnings.push(Warning::new(
            "duplicate_row",
            format!(
                "table 3 rows matched more than once ({}); the first of each is kept",
                rows.join(", ")
            ),
        ));
    }
    if !table.is_empty() {
        let shown = MAX_UNKNOWN_WARNINGS.min(unknown.len());
        if unknown.len() > shown {
            warnings.push(Warning::new(
                "unknown_row",
                format!(
                    "{} more table 3 rows match no row of the template",
                    unknown.len() - shown
                ),
            ));
        }
        unknown.truncate(shown);
        for label in unknown {
            warnings.push(Warning::new(
                "unknown_row",
                format!("table 3 row `{label}` matches no row of the template; its figures are not used"),
            ));
        }
    }
    table
}

/// Puts a row's value cells into the seven columns.
fn align_row(
    key: &str,
    values: &[String],
    warnings: &mut Vec<Warning>,
) -> (AppRow, Option<String>) {
    let width = APPLICANT_COLUMNS.len();
    let mut values: Vec<Option<i64>> = values.iter().map(|c| parse_int(c)).collect();
    if values.len() > width {
        warnings.push(Warning::new(
            "long_row",
            format!(
                "table 3 row `{key}` has {} cells for {width} columns; the first {width} are used",
                values.len()
            ),
        ));
        values.truncate(width);
    }
    let mut cells = [None; 7];
    if values.len() == width {
        cells.copy_from_slice(&values);
        return (AppRow::from_cells(cells), None);
    }
    let count = values.len();
    let how = match count {
        0 => return (AppRow::from_cells(cells), None),
        1 => {
            cells[6] = values[0];
            "1 cell for 7 columns; it was read as 总计".to_string()
        }
        _ => {
            cells[0] = values[0];
            cells[6] = values[count - 1];
            let organisations = &values[1..count - 1];
            let mut how = format!(
                "{count} cells for 7 columns; the first was read as 自然人 and the last as 总计"
            );
            if count == 6 && values.iter().all(Option::is_some) {
                let known: i64 = values[..count - 1].iter().flatten().sum();
                let missing = values[count - 1].unwrap_or(0) - known;
                let certain = missing >= 0 && organisations.iter().all(|v| *v == Some(missing));
                if certain {
                    for cell in &mut cells[1..6] {
                        *cell = Some(missing);
                    }
                    how.push_str(&format!(
                        "; the missing 法人或其他组织 cell was inferred as {missing} (总计 minus the other cells), \
                         which fits every position since the other four are also {missing}"
                    ));
                } else {
                    how.push_str(
                        "; the missing 法人或其他组织 cell cannot be placed with certainty, so the five organisation \
                         cells are left null",
                    );
                }
            } else {
                how.push_str("; the organisation cells are left null");
            }
            how
        }
    };
    (AppRow::from_cells(cells), Some(how))
}

/// One `short_row` warning per way of aligning, naming every row aligned that way.
fn short_row_warnings(aligned: Vec<(String, Vec<&'static str>)>, warnings: &mut Vec<Warning>) {
    for (how, keys) in aligned {
        let rows = keys
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let noun = if keys.len() == 1 { "row" } else { "rows" };
        warnings.push(Warning::new(
            "short_row",
            format!("table 3 {noun} {rows}: {how}"),
        ));
    }
}

/// Table 2 column keys by distinctive substrings of their printed headers, most specific first
/// (`本年度止件数`, a typo of 本年废止件数, still reads as `repealed`).
const COLUMN_MARKERS: [(&str, &str); 18] = [
    ("采购总金额", "procurement_amount"),
    ("采购金额", "procurement_amount"),
    ("采购项目", "procurement_items"),
    ("新制作", "new_made"),
    ("新公开", "new_published"),
    ("对外公开总", "total_published"),
    ("公开总数", "total_published"),
    ("上一年", "items_last_year"),
    ("上年项目", "items_last_year"),
    ("增/减", "items_change"),
    ("增减", "items_change"),
    ("处理决定", "decisions"),
    ("收费金额", "fee_amount"),
    ("金额", "fee_amount"),
    ("制发", "issued"),
    ("废止", "repealed"),
    ("止件", "repealed"),
    ("有效", "in_force"),
];

/// The 2019 template's own table-2 columns.
const COLUMNS_2019: [&str; 7] = [
    "new_made",
    "new_published",
    "total_published",
    "items_last_year",
    "items_change",
    "procurement_items",
    "procurement_amount",
];

/// Table 2 row keys by distinctive substrings of their printed labels.
const ROW_MARKERS: [(&str, &str); 9] = [
    ("规范性文件", "normative_documents"),
    ("规章", "regulations"),
    ("行政许可", "licensing"),
    ("其他对外管理服务", "other_services"),
    ("行政处罚", "punishment"),
    ("行政强制", "coercion"),
    ("行政事业性收费", "fees"),
    ("集中采购", "procurement"),
    ("收费", "fees"),
];

/// The column keys named by a header row, in printed order.
fn header_columns(cells: &[String]) -> Vec<&'static str> {
    if cells.iter().all(|cell| cell.is_empty()) {
        // Nothing to find (and nothing but `|` separators to search).
        return Vec::new();
    }
    let text = squeeze(&cells.join("|"));
    let present = char_bloom(&text);
    let mut claimed: Vec<(usize, usize, &'static str)> = Vec::new();
    for (marker, key) in COLUMN_MARKERS {
        if char_bloom(marker) & !present != 0 {
            // A character of the marker is missing from the header.
            continue;
        }
        for (start, _) in text.match_indices(marker) {
            let end = start + marker.len();
            if claimed.iter().all(|(s, e, _)| end <= *s || start >= *e) {
                claimed.push((start, end, key));
            }
        }
    }
    claimed.sort_by_key(|(start, _, _)| *start);
    claimed.into_iter().map(|(_, _, key)| key).collect()
}

/// The table-2 row key of a label, if it is one.
fn proactive_row(label: &str) -> Option<&'static str> {
    let compact = compact_label(label, 40);
    if compact.is_empty() || compact.chars().count() > 20 {
        return None;
    }
    ROW_MARKERS
        .iter()
        .find(|(marker, _)| compact.contains(marker))
        .map(|(_, key)| *key)
}

/// A table-2 figure: integer, or decimal when printed with a fraction.
fn proactive_value(cell: &str) -> Option<Num> {
    match parse_number(cell)? {
        (value, true) => Some(Num::Dec(value)),
        (value, false) if value.abs() < 1e15 => Some(Num::Int(value as i64)),
        _ => None,
    }
}

/// Default columns of a table-2 row when no header was recognised (2021 template).
fn default_columns(row: &str) -> Vec<&'static str> {
    match row {
        "regulations" | "normative_documents" => vec!["issued", "repealed", "in_force"],
        "fees" => vec!["fee_amount"],
        "procurement" => vec!["procurement_items", "procurement_amount"],
        _ => vec!["decisions"],
    }
}

/// Table 2 as read, and whether it has the 2019 template's columns.
pub type ProactiveTable = (BTreeMap<String, BTreeMap<String, Option<Num>>>, bool);

/// Reads table 2 from rows: header rows set the columns, labelled rows give figures.
pub fn proactive_table(rows: &[TableRow], warnings: &mut Vec<Warning>) -> ProactiveTable {
    let mut table: BTreeMap<String, BTreeMap<String, Option<Num>>> = BTreeMap::new();
    let mut columns: Vec<&'static str> = Vec::new();
    let mut is_2019 = false;
    // True while header rows follow each other (a header pasted one cell per line): their columns add up.
    let mut in_header = false;
    for table_row in rows.iter().take(MAX_ROWS) {
        let cells = &table_row.cells;
        let label_end = cells
            .iter()
            .rposition(|c| !is_value_cell(c))
            .map_or(0, |i| i + 1);
        // The row's own label is its last label cell; cells before it may be a header run into the row.
        let label = label_end
            .checked_sub(1)
            .map_or(String::new(), |i| cells[i].clone());
        let values = &cells[label_end..];
        let has_figure = values.iter().any(|c| parse_number(c).is_some());
        if !has_figure {
            let found = header_columns(cells);
            if !found.is_empty() {
                is_2019 |= found.iter().any(|c| COLUMNS_2019.contains(c));
                if in_header {
                    columns.extend(found);
                } else {
                    columns = found;
                }
                in_header = true;
            } else if let Some(row) = proactive_row(&label).filter(|_| !values.is_empty()) {
                // `行政强制→→→`: the row is printed with blank cells.
                let entry = table.entry(row.to_string()).or_default();
                let row_columns = if columns.is_empty() {
                    default_columns(row)
                } else {
                    columns.clone()
                };
                for column in row_columns {
                    entry.entry(column.to_string()).or_insert(None);
                }
            }
            continue;
        }
        in_header = false;
        let header_before_label = header_columns(&cells[..label_end.saturating_sub(1)]);
        if !header_before_label.is_empty() {
            is_2019 |= header_before_label.iter().any(|c| COLUMNS_2019.contains(c));
            columns = header_before_label;
        }
        let Some(row) = proactive_row(&label) else {
            continue;
        };
        let row_columns = if columns.is_empty() {
            default_columns(row)
        } else {
            columns.clone()
        };
        let values = trim_padding(values, row_columns.len());
        let values: Vec<&String> = {
            // Trailing blanks past the header's width are padding.
            let mut v: Vec<&String> = values.iter().collect();
            while v.len() > row_columns.len() && v.last().is_some_and(|c| c.trim().is_empty()) {
                v.pop();
            }
            v
        };
        if values.len() > row_columns.len() {
            warnings.push(Warning::new(
                "long_row",
                format!(
                    "table 2 row `{label}` has {} figures for {} columns; the extra ones are ignored",
                    values.len(),
                    row_columns.len()
                ),
            ));
        }
        let entry = table.entry(row.to_string()).or_default();
        for (column, cell) in row_columns.iter().zip(values.iter()) {
            let value = if is_dash(cell) {
                None
            } else {
                proactive_value(cell)
            };
            entry.entry(column.to_string()).or_insert(value);
        }
    }
    (table, is_2019)
}

/// Reads table 4: the fifteen figures in printed order (reconsideration, direct litigation, litigation after
/// reconsideration; each 结果维持, 结果纠正, 其他结果, 尚未审结, 总计).
pub fn review_table(rows: &[TableRow], warnings: &mut Vec<Warning>) -> Option<ReviewLitigation> {
    let mut figures: Vec<Option<i64>> = Vec::new();
    for row in rows.iter().take(MAX_ROWS) {
        let (_, values) = split_label(&row.cells);
        if !values.iter().any(|c| parse_number(c).is_some()) {
            continue;
        }
        let values = trim_padding(values, 15);
        figures.extend(values.iter().map(|c| parse_int(c)));
    }
    if figures.is_empty() {
        return None;
    }
    if figures.len() != 15 {
        if figures.len() > 15 || !figures.len().is_multiple_of(5) {
            warnings.push(Warning::new(
                "short_row",
                format!(
                    "table 4 has {} cells instead of 15; it is left out",
                    figures.len()
                ),
            ));
            return None;
        }
        // Whole parts missing at the end: their trailing blank cells were lost (tab exports drop them).
        warnings.push(Warning::new(
            "short_row",
            format!(
                "table 4 has {} cells instead of 15; they were read as the first {} parts and the rest as blank",
                figures.len(),
                figures.len() / 5
            ),
        ));
        figures.resize(15, None);
    }
    let part = |k: usize| {
        let mut cells = [None; 5];
        cells.copy_from_slice(&figures[k * 5..k * 5 + 5]);
        Outcomes::from_cells(cells)
    };
    Some(ReviewLitigation {
        reconsideration: part(0),
        litigation_direct: part(1),
        litigation_after_reconsideration: part(2),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> TableRow {
        TableRow {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            exact: false,
        }
    }

    fn exact_row(cells: &[&str]) -> TableRow {
        TableRow {
            exact: true,
            ..row(cells)
        }
    }

    #[test]
    fn matches_labels_of_every_kind() {
        assert_eq!(
            match_application_row("一、本年新收政府信息公开申请数量"),
            Some("new_received")
        );
        assert_eq!(
            match_application_row("二、上年结转政府信息公开申请数量"),
            Some("carried_over")
        );
        assert_eq!(
            match_application_row("三、本年度办理结果(一) 予以公开"),
            Some("granted")
        );
        assert_eq!(
            match_application_row("(三)不予公开1.属于国家秘密"),
            Some("denied.state_secret")
        );
        assert_eq!(
            match_application_row("2.其他法律法规禁止公开"),
            Some("denied.prohibited_by_law")
        );
        assert_eq!(
            match_application_row("3.危及\"三安全一稳定\""),
            Some("denied.security_stability")
        );
        assert_eq!(
            match_application_row("5.要求行政机关确认或重新出具已 获取信息"),
            Some("not_processed.reconfirm")
        );
        assert_eq!(
            match_application_row(
                "(六)其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
            ),
            Some("other.no_correction")
        );
        assert_eq!(
            match_application_row(
                "2.申请人逾期未按收费通知要求缴 纳费用、行政机关不再处理其政府信 息公开申请"
            ),
            Some("other.unpaid_fee")
        );
        assert_eq!(match_application_row("3.其他"), Some("other.other"));
        assert_eq!(
            match_application_row("三、本年度办理结果（六）其他处理3.其他"),
            Some("other.other")
        );
        assert_eq!(
            match_application_row("(六) 其他处理 1.申请人无正当理由"),
            Some("other.no_correction")
        );
        assert_eq!(
            match_application_row("2.申请人逾期未按收费"),
            Some("other.unpaid_fee")
        );
        assert_eq!(
            match_application_row("（六）其他处理"),
            Some("other_combined")
        );
        assert_eq!(
            match_application_row("三、本年度办理结果（七）总计"),
            Some("closed_total")
        );
        assert_eq!(
            match_application_row("四、结转下年度继续办理"),
            Some("carried_to_next")
        );
        assert_eq!(match_application_row("申请人情况"), None);
        assert_eq!(match_application_row("自然人"), None);
    }

    #[test]
    fn blank_cells_are_null_not_zero() {
        let rows = vec![
            exact_row(&[
                "",
                "一、本年新收政府信息公开申请数量",
                "3",
                "",
                "",
                "",
                "",
                "",
                "3",
            ]),
            row(&[
                "二、上年结转政府信息公开申请数量",
                "",
                "",
                "2",
                "",
                "",
                "",
                "",
                "2",
                "",
            ]),
        ];
        let mut warnings = Vec::new();
        let table = applications_table(&rows, &mut warnings);
        let new = table["new_received"];
        assert_eq!(
            new.cells(),
            [Some(3), None, None, None, None, None, Some(3)]
        );
        let carried = table["carried_over"];
        assert_eq!(
            carried.cells(),
            [None, Some(2), None, None, None, None, Some(2)]
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn short_row_inferred_from_total() {
        let rows = vec![
            row(&[
                "三、本年度办理结果",
                "(一) 予以公开",
                "",
                "1",
                "0",
                "0",
                "0",
                "0",
                "1",
                "",
            ]),
            row(&["(二) 部分公开", "", "1", "2", "0", "0", "0", "3"]),
        ];
        let mut warnings = Vec::new();
        let table = applications_table(&rows, &mut warnings);
        assert_eq!(
            table["granted"].cells(),
            [
                Some(1),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(1)
            ]
        );
        assert_eq!(
            table["partly_granted"].cells(),
            [Some(1), None, None, None, None, None, Some(3)]
        );
        assert_eq!(warnings.len(), 2);
        assert!(warnings.iter().all(|w| w.code == "short_row"));
        assert!(warnings[0].message.contains("inferred as 0"));
    }

    #[test]
    fn unknown_rows_are_reported() {
        let rows = vec![
            row(&[
                "一、本年新收政府信息公开申请数量",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
            ]),
            row(&["火星来信", "1", "1", "1", "1", "1", "1", "6"]),
        ];
        let mut warnings = Vec::new();
        let table = applications_table(&rows, &mut warnings);
        assert_eq!(table.len(), 1);
        assert_eq!(warnings[0].code, "unknown_row");
    }

    #[test]
    fn proactive_columns_by_header() {
        let rows = vec![
            row(&["信息内容", "本年制发件数", "本年度止件数", "现行有效件数"]),
            row(&["规章", "0", "1", "2"]),
            row(&[
                "信息内容",
                "本年收费金额（单位：万元，保留4位小数）",
                "",
                "",
            ]),
            row(&["行政事业性收费", "1.5000", "", ""]),
            row(&["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
            row(&["行政许可", "3", "-1", "7"]),
        ];
        let mut warnings = Vec::new();
        let (table, is_2019) = proactive_table(&rows, &mut warnings);
        assert!(is_2019);
        assert_eq!(table["regulations"]["repealed"], Some(Num::Int(1)));
        assert_eq!(table["regulations"]["in_force"], Some(Num::Int(2)));
        assert_eq!(table["fees"]["fee_amount"], Some(Num::Dec(1.5)));
        assert_eq!(table["licensing"]["items_change"], Some(Num::Int(-1)));
        assert_eq!(table["licensing"]["decisions"], Some(Num::Int(7)));
    }

    #[test]
    fn review_needs_fifteen_figures() {
        let mut figures = vec![""];
        figures.extend(["0", "1", "0", "0", "1"].repeat(3));
        let rows = vec![row(&["行政复议", "行政诉讼"]), row(&figures)];
        let mut warnings = Vec::new();
        let review = review_table(&rows, &mut warnings).unwrap();
        assert_eq!(review.litigation_after_reconsideration.total, Some(1));
        assert_eq!(review.reconsideration.corrected, Some(1));
        assert!(review_table(&[row(&["0", "0"])], &mut warnings).is_none());
    }
}
