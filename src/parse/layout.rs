//! Text → a sequence of narrative lines and table rows, whatever way the tables were flattened:
//! (a) one cell per line, each starting with a tab, rows separated by blank lines, labels broken across lines;
//! (b) tab-separated rows (Markdown exports, HTML rebuilt by [`super::html`]);
//! (d) PDF-extracted text, where a row is a label followed by space-separated numbers ([`split_spaced_row`]).

use super::normalize::{fold_char, normalize_cow};
use super::sections::heading_of_normalized;

/// One unit of the document: a narrative line or a table row. Cells and text are in matching form (normalised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A narrative line (trimmed, non-empty).
    Text {
        /// 0-based line number in the text.
        line: usize,
        /// The line in matching form.
        text: String,
    },
    /// A table row.
    Row {
        /// 0-based line number of the row's first line.
        first: usize,
        /// 0-based line number of the row's last line.
        last: usize,
        /// The cells in matching form, trimmed; blank cells are empty strings.
        cells: Vec<String>,
        /// True when every cell stands in its column (one cell per line, HTML grids), so a blank cell is a blank
        /// column; false for tab-separated text rows, whose edge blanks may be spacers or padding.
        exact: bool,
    },
}

impl Item {
    /// The first line the item occupies.
    pub fn line(&self) -> usize {
        match self {
            Item::Text { line, .. } => *line,
            Item::Row { first, .. } => *first,
        }
    }
}

/// The items of a document and what the layout looked like.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Narrative lines and rows, in document order.
    pub items: Vec<Item>,
    /// True when Markdown headings (`## `) were seen.
    pub markdown: bool,
}

/// The most cells kept in one row: report tables have a few dozen columns; the rest of a longer row is dropped.
pub const MAX_CELLS: usize = 256;

/// The longest text a broken label's continuation line may have (`予公开`, `企业`, `务机构`).
const MAX_CONTINUATION_CHARS: usize = 16;

/// How a single line looks.
enum LineKind {
    Blank,
    /// A one-cell line of layout (a): a leading tab and no other tab.
    Cell(String),
    /// A tab-separated row (layout (b)).
    TabRow(Vec<String>),
    Text(String),
}

fn classify(norm: &str) -> LineKind {
    let trimmed_end = norm.trim_end_matches(|c: char| c.is_whitespace());
    if trimmed_end.trim().is_empty() {
        return if norm.starts_with('\t') {
            LineKind::Cell(String::new())
        } else {
            LineKind::Blank
        };
    }
    // Markdown pipe tables: `| 规章 | 0 | 0 | 0 |`; the `|---|---|` rule under a header is no row.
    let piped = trimmed_end.trim_start();
    if piped.len() > 2 && piped.starts_with('|') && piped.ends_with('|') {
        let inner = &piped[1..piped.len() - 1];
        if inner.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
            return LineKind::Blank;
        }
        return LineKind::TabRow(
            inner
                .split('|')
                .take(MAX_CELLS)
                .map(|c| c.trim().to_string())
                .collect(),
        );
    }
    if let Some(rest) = trimmed_end.strip_prefix('\t') {
        if !rest.contains('\t') {
            return LineKind::Cell(rest.trim().to_string());
        }
        return LineKind::TabRow(
            trimmed_end
                .split('\t')
                .take(MAX_CELLS)
                .map(|c| c.trim().to_string())
                .collect(),
        );
    }
    if trimmed_end.contains('\t') {
        return LineKind::TabRow(
            trimmed_end
                .split('\t')
                .take(MAX_CELLS)
                .map(|c| c.trim().to_string())
                .collect(),
        );
    }
    // `行政强制→→→`: a row whose cells are blank, unless it is a heading with stray tabs.
    let text = trimmed_end.trim();
    let with_tabs = norm.trim_end_matches([' ', '\r']);
    if with_tabs.ends_with('\t') && heading_of_normalized(text).is_none() {
        let mut cells = vec![text.to_string()];
        cells.extend(
            with_tabs
                .split('\t')
                .skip(1)
                .take(MAX_CELLS)
                .map(|c| c.trim().to_string()),
        );
        return LineKind::TabRow(cells);
    }
    LineKind::Text(text.to_string())
}

/// True when a cell holds a figure (or a dash meaning none), i.e. is not a label.
pub fn is_value_cell(cell: &str) -> bool {
    let cell = cell.trim();
    cell.is_empty() || parse_number(cell).is_some() || is_dash(cell)
}

/// True for the marks reports print for "none" in a figure cell.
pub fn is_dash(cell: &str) -> bool {
    matches!(
        cell.trim(),
        "-" | "--" | "—" | "——" | "/" | "\\" | "无" | "－" | "_"
    )
}

/// A printed figure: an integer, or a decimal when it has a fraction. Thousands separators and a trailing unit
/// (`件`, `万元`…) are accepted. Returns (value, has_fraction).
pub fn parse_number(cell: &str) -> Option<(f64, bool)> {
    /// A figure has at most 18 bytes once its unit (at most 6 bytes, `万元`) is stripped.
    const MAX_BYTES: usize = 18 + 6;
    // The common cell: plain digits (nothing to fold, strip or check).
    if !cell.is_empty() && cell.len() <= 18 && cell.bytes().all(|b| b.is_ascii_digit()) {
        return Some((cell.parse().ok()?, false));
    }
    // The cell in matching form without white space or commas, built on the stack: a longer one is no figure.
    let mut buffer = [0u8; MAX_BYTES];
    let mut len = 0;
    for c in cell.chars().filter_map(fold_char) {
        if c.is_whitespace() || c == ',' {
            continue;
        }
        // Anything but a digit, a sign, a point or a unit's character cannot be part of a figure: no need to read on.
        if !matches!(
            c,
            '0'..='9' | '+' | '-' | '.' | '万' | '元' | '件' | '个' | '条' | '项' | '次' | '份'
        ) {
            return None;
        }
        let width = c.len_utf8();
        if len + width > MAX_BYTES {
            return None;
        }
        c.encode_utf8(&mut buffer[len..len + width]);
        len += width;
    }
    let mut s = std::str::from_utf8(&buffer[..len]).ok()?;
    for unit in ["万元", "件", "个", "条", "项", "次", "元", "份"] {
        if let Some(stripped) = s.strip_suffix(unit) {
            s = stripped;
            break;
        }
    }
    if s.is_empty() || s.len() > 18 {
        return None;
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int_part.is_empty() || !int_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(frac) = frac_part {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let value: f64 = s.parse().ok()?;
    Some((value, frac_part.is_some()))
}

/// A printed integer figure (decimals are not counts).
pub fn parse_int(cell: &str) -> Option<i64> {
    match parse_number(cell)? {
        (value, false) if value.abs() < 1e15 => Some(value as i64),
        _ => None,
    }
}

/// Builds the items of a document from its lines (original text; normalised here).
///
/// Tab-separated rows (text exports, and HTML grids, which often copy the same quirks cell for cell) are not
/// `exact`: blanks at the edge of their figures may be spacers. One-cell-per-line rows are `exact`.
pub fn layout(lines: &[&str]) -> Layout {
    let mut out = Layout::default();
    // The row being collected in layout (a), and its first/last line.
    let mut current: Option<(usize, usize, Vec<String>)> = None;
    // Blank lines seen since the last row was closed (for re-opening a row whose label broke over a blank line).
    let mut blanks_since_row: Option<usize> = None;

    for (index, raw) in lines.iter().enumerate() {
        let norm = normalize_cow(raw);
        if norm.trim_start().starts_with('#') {
            out.markdown = true;
        }
        match classify(&norm) {
            LineKind::Blank => {
                if let Some((first, last, cells)) = current.take() {
                    out.items.push(Item::Row {
                        first,
                        last,
                        cells,
                        exact: true,
                    });
                    blanks_since_row = Some(1);
                } else if let Some(count) = blanks_since_row.as_mut() {
                    *count += 1;
                }
            }
            LineKind::Cell(cell) => {
                match current.as_mut() {
                    Some((_, last, cells)) => {
                        if cells.len() < MAX_CELLS {
                            cells.push(cell);
                        }
                        *last = index;
                    }
                    None => current = Some((index, index, vec![cell])),
                }
                blanks_since_row = None;
            }
            LineKind::TabRow(cells) => {
                if let Some((first, last, cells)) = current.take() {
                    out.items.push(Item::Row {
                        first,
                        last,
                        cells,
                        exact: true,
                    });
                }
                out.items.push(Item::Row {
                    first: index,
                    last: index,
                    cells,
                    exact: false,
                });
                blanks_since_row = None;
            }
            LineKind::Text(text) => {
                if is_continuation(&text) {
                    if let Some((_, last, cells)) = current.as_mut() {
                        if let Some(cell) = cells.last_mut().filter(|c| !is_value_cell(c)) {
                            cell.push_str(&text);
                            *last = index;
                            continue;
                        }
                    } else if blanks_since_row.is_some_and(|n| n <= 1) {
                        if let Some(Item::Row {
                            first,
                            cells,
                            exact: true,
                            ..
                        }) = out.items.last()
                        {
                            if cells.last().is_some_and(|c| !is_value_cell(c)) {
                                let (first, mut cells) = (*first, cells.clone());
                                out.items.pop();
                                if let Some(cell) = cells.last_mut() {
                                    cell.push_str(&text);
                                }
                                current = Some((first, index, cells));
                                blanks_since_row = None;
                                continue;
                            }
                        }
                    }
                }
                if let Some((first, last, cells)) = current.take() {
                    out.items.push(Item::Row {
                        first,
                        last,
                        cells,
                        exact: true,
                    });
                }
                blanks_since_row = None;
                out.items.push(Item::Text { line: index, text });
            }
        }
    }
    if let Some((first, last, cells)) = current.take() {
        out.items.push(Item::Row {
            first,
            last,
            cells,
            exact: true,
        });
    }
    out
}

/// Could this narrative line be the rest of a table label broken across lines?
fn is_continuation(text: &str) -> bool {
    text.chars().count() <= MAX_CONTINUATION_CHARS
        && !text.contains('。')
        && !is_value_cell(text)
        && heading_of_normalized(text).is_none()
}

/// Splits a PDF-extracted line into a row: the label, then every trailing space-separated figure.
/// `（一）予以公开 1 0 0 0 0 0 1` → [`（一）予以公开`, `1`, …]. Lines without a trailing figure give `None`.
pub fn split_spaced_row(text: &str) -> Option<Vec<String>> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let figures = tokens
        .iter()
        .rev()
        .take_while(|token| parse_number(token).is_some() || is_dash(token))
        .count();
    if figures == 0 {
        return None;
    }
    let label_tokens = &tokens[..tokens.len() - figures];
    // A sentence ending in a number ("共计 3") is not a row unless the label is short and table-like.
    let label: String = label_tokens.concat();
    if label.contains('。') || label.contains('，') && label.chars().count() > 40 {
        return None;
    }
    let mut cells = vec![label];
    cells.extend(
        tokens[tokens.len() - figures..]
            .iter()
            .map(|t| t.to_string()),
    );
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(layout: &Layout) -> Vec<Vec<String>> {
        layout
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Row { cells, .. } => Some(cells.clone()),
                Item::Text { .. } => None,
            })
            .collect()
    }

    #[test]
    fn one_cell_per_line_rows_with_broken_labels() {
        let text = "三、收到和处理\n\t\n\t(三)不\n予公开\n\t1.属于国家秘密\n\t\u{a0}0\n\t\n\t3\n\n\t商业\n\n企业\n\t科研\n\n机构\n\n\n四、政府信息公开行政复议、行政诉讼情况";
        let lines: Vec<&str> = text.split('\n').collect();
        let layout = layout(&lines);
        assert_eq!(
            rows(&layout),
            vec![
                vec!["", "(三)不予公开", "1.属于国家秘密", "0", "", "3"],
                vec!["商业企业", "科研机构"],
            ]
        );
        assert!(matches!(&layout.items[0], Item::Text { text, .. } if text == "三、收到和处理"));
        assert!(
            matches!(layout.items.last(), Some(Item::Text { text, .. }) if text.starts_with("四、"))
        );
    }

    #[test]
    fn tab_separated_rows() {
        let lines = [
            "## 二、主动公开",
            "规章\t0\t0\t0",
            "行政许可\t0\t\t",
            "行政强制\t\t\t",
            "(七) 总计\t\t1\t0",
            "五、存在的主要问题及改进情况\t",
        ];
        let layout = layout(&lines);
        assert!(layout.markdown);
        assert!(
            matches!(layout.items.last(), Some(Item::Text { text, .. }) if text.starts_with("五、"))
        );
        assert_eq!(
            rows(&layout),
            vec![
                vec!["规章", "0", "0", "0"],
                vec!["行政许可", "0"],
                vec!["行政强制", "", "", ""],
                vec!["(七) 总计", "", "1", "0"]
            ]
        );
    }

    #[test]
    fn numbers_and_dashes() {
        assert_eq!(parse_number("\u{a0}0 "), Some((0.0, false)));
        assert_eq!(parse_number("１２"), Some((12.0, false)));
        assert_eq!(parse_number("0.0500"), Some((0.05, true)));
        assert_eq!(parse_number("3件"), Some((3.0, false)));
        assert_eq!(parse_number("-2"), Some((-2.0, false)));
        assert_eq!(parse_number("1.属于"), None);
        assert_eq!(parse_number("2021年"), None);
        assert!(is_value_cell("—"));
        assert!(!is_value_cell("规章"));
    }

    #[test]
    fn spaced_rows() {
        assert_eq!(
            split_spaced_row("（一）予以公开 1 0 0 0 0 0 1"),
            Some(
                ["（一）予以公开", "1", "0", "0", "0", "0", "0", "1"]
                    .map(String::from)
                    .to_vec()
            )
        );
        assert_eq!(split_spaced_row("申请人情况"), None);
        assert_eq!(split_spaced_row("我镇共公开信息。 3"), None);
    }
}
