//! HTML pages → text lines: page chrome (script, style, nav, header, footer…) dropped, paragraphs as lines, and
//! every data table rebuilt from `<tr>`/`<td>` into a grid (colspan and rowspan honoured) printed as tab-separated
//! rows. The walk is iterative, so deeply nested markup cannot overflow the stack.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Elements whose content is never report text.
const CHROME_TAGS: [&str; 14] = [
    "script", "style", "nav", "header", "footer", "noscript", "iframe", "head", "aside", "select",
    "button", "template", "svg", "form",
];

/// Class or id tokens that mark page chrome on government sites.
const CHROME_MARKERS: [&str; 14] = [
    "nav",
    "navbar",
    "menu",
    "footer",
    "header",
    "breadcrumb",
    "crumb",
    "sidebar",
    "copyright",
    "topbar",
    "share",
    "site-header",
    "site-footer",
    "position",
];

/// Elements that end a line.
const BLOCK_TAGS: [&str; 22] = [
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "table",
    "section",
    "article",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "hr",
];

/// The largest colspan/rowspan honoured (larger values are typos or attacks).
const MAX_SPAN: usize = 64;
/// The most grid cells one table may produce.
const MAX_GRID_CELLS: usize = 200_000;

/// Deeper nesting than this is not a real page: such input is reduced by [`strip_tags`] instead of a DOM.
const MAX_DEPTH: usize = 512;

/// Elements that never have content (they do not nest).
const VOID_TAGS: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The tags of a page as (name as printed, ASCII letters and digits only, is a closing tag, is self-closing), in
/// order; comments, doctypes and processing instructions are skipped. One linear pass.
fn tags(source: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str, bool, bool)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let start = at + source.get(at..)?.find('<')?;
        // `<` and `>` are ASCII, so both ends are character boundaries.
        let (inner, end) = match source[start..].find('>') {
            Some(close) => (&source[start + 1..start + close], start + close + 1),
            None => (&source[start + 1..], source.len()),
        };
        at = end;
        if inner.starts_with('!') || inner.starts_with('?') {
            continue;
        }
        let closing = inner.starts_with('/');
        let after = inner.trim_start_matches('/');
        let length = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = &after[..length];
        if name.is_empty() {
            continue;
        }
        return Some((start..end, name, closing, inner.ends_with('/')));
    })
}

/// The deepest element nesting of a page, estimated from its tags in one pass.
fn nesting_depth(source: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (_, name, closing, self_closing) in tags(source) {
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !VOID_TAGS.iter().any(|void| void.eq_ignore_ascii_case(name)) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// A page reduced to text without a DOM: rows and blocks end lines, cells are separated by tabs, script and style
/// content is dropped, common entities are decoded. Linear; used for pathological pages only.
fn strip_tags(source: &str) -> String {
    let mut out = String::with_capacity(source.len() / 2);
    let mut copied_to = 0;
    let mut skip_until: Option<&'static str> = None;
    for (range, name, closing, _) in tags(source) {
        let name = name.to_ascii_lowercase();
        if skip_until.is_none() {
            out.push_str(&decode_entities(&source[copied_to..range.start]));
        }
        copied_to = range.end;
        if let Some(end) = skip_until {
            if closing && name == end {
                skip_until = None;
            }
            continue;
        }
        match name.as_str() {
            "script" if !closing => skip_until = Some("script"),
            "style" if !closing => skip_until = Some("style"),
            "td" | "th" if !closing => out.push('\t'),
            _ if BLOCK_TAGS.contains(&name.as_str()) => out.push('\n'),
            _ => {}
        }
    }
    if skip_until.is_none() {
        out.push_str(&decode_entities(&source[copied_to.min(source.len())..]));
    }
    out
}

/// Decodes the entities report pages use (`&nbsp;`, `&lt;`, `&#12345;`…); others are kept as printed.
fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.find(';').filter(|end| *end <= 10);
        let decoded = end.and_then(|end| {
            let entity = &after[1..end];
            let c = match entity {
                "nbsp" => Some('\u{a0}'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &after[length..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// True when the text looks like an HTML page rather than plain text (judged on its first 4096 characters, ASCII
/// case ignored).
pub fn looks_like_html(text: &str) -> bool {
    let trimmed = text.trim_start();
    // The byte where the 4097th character starts (counting the bytes that start a character).
    let end = if trimmed.len() <= 4096 {
        trimmed.len()
    } else {
        let mut starts = 0usize;
        trimmed
            .bytes()
            .position(|b| {
                let start = (b & 0xC0) != 0x80;
                starts += usize::from(start);
                start && starts > 4096
            })
            .unwrap_or(trimmed.len())
    };
    let head = &trimmed[..end];
    let bytes = head.as_bytes();
    let at = |i: usize, pattern: &[u8]| {
        bytes
            .get(i..i + pattern.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(pattern))
    };
    // Every pattern starts with `<`: look at the tags only.
    let (mut html, mut body, mut table, mut p) = (false, false, false, false);
    for (i, _) in head.match_indices('<') {
        html |= at(i, b"<html");
        body |= at(i, b"<body");
        table |= at(i, b"<table");
        p |= at(i, b"<p");
    }
    at(0, b"<!doctype html")
        || at(0, b"<html")
        || at(0, b"<?xml") && html
        || (at(0, b"<") && (body || table || p))
        || html && body
}

/// Converts an HTML page to the text lines the layout reader understands.
pub fn html_to_text(source: &str) -> String {
    if nesting_depth(source) > MAX_DEPTH {
        // The HTML parser's scope checks walk the stack of open elements: quadratic on absurd nesting.
        tracing::warn!(
            max_depth = MAX_DEPTH,
            "html nested too deeply; tags stripped without a DOM"
        );
        return strip_tags(source);
    }
    let document = Html::parse_document(source);
    let root = document.tree.root();
    let data_tables = leaf_tables(root);
    let mut out = TextOut::default();
    // Nodes (by id) whose subtree is skipped: chrome and tables already printed as grids.
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) => out.push_text(text),
                    Node::Element(element) => {
                        let name = element.name();
                        if is_chrome(name, element.attr("class"), element.attr("id")) {
                            skipping = Some(node.id());
                        } else if name == "table" && data_tables.contains(&node.id()) {
                            out.end_line();
                            for row in table_grid(node) {
                                out.lines.push(row.join("\t"));
                            }
                            skipping = Some(node.id());
                        } else if BLOCK_TAGS.contains(&name) {
                            out.end_line();
                        } else if name == "td" || name == "th" {
                            // Cells of layout tables: keep them apart.
                            out.push_text(" ");
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_none() {
                    if let Node::Element(element) = node.value() {
                        if BLOCK_TAGS.contains(&element.name()) {
                            out.end_line();
                        }
                    }
                }
            }
        }
    }
    out.end_line();
    out.lines.join("\n")
}

/// Accumulates text into lines, collapsing white space the way a browser does.
#[derive(Default)]
struct TextOut {
    lines: Vec<String>,
    current: String,
}

impl TextOut {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{a0}' && c != '\u{3000}' {
                if !self.current.is_empty() && !self.current.ends_with(' ') {
                    self.current.push(' ');
                }
            } else {
                self.current.push(c);
            }
        }
    }

    fn end_line(&mut self) {
        let line = self.current.trim();
        if !line.is_empty() {
            self.lines.push(line.to_string());
        } else if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self.current.clear();
    }
}

fn is_chrome(name: &str, class: Option<&str>, id: Option<&str>) -> bool {
    if CHROME_TAGS.contains(&name) {
        return true;
    }
    if matches!(
        name,
        "html" | "body" | "table" | "tr" | "td" | "th" | "tbody"
    ) {
        return false;
    }
    [class, id]
        .into_iter()
        .flatten()
        .flat_map(|value| value.split_whitespace())
        .any(|token| CHROME_MARKERS.contains(&token.to_ascii_lowercase().as_str()))
}

/// Tables that contain no other table (data tables); tables holding tables are layout and are walked as text.
fn leaf_tables(root: NodeRef<'_, Node>) -> HashSet<ego_tree::NodeId> {
    let mut leaves = HashSet::new();
    // One flag per open element: does its subtree contain a table?
    let mut stack: Vec<bool> = Vec::new();
    for edge in root.traverse() {
        match edge {
            Edge::Open(_) => stack.push(false),
            Edge::Close(node) => {
                let contains_table = stack.pop().unwrap_or(false);
                let is_table = matches!(node.value(), Node::Element(e) if e.name() == "table");
                if is_table && !contains_table {
                    leaves.insert(node.id());
                }
                if let Some(parent) = stack.last_mut() {
                    *parent |= contains_table || is_table;
                }
            }
        }
    }
    leaves
}

/// The text of a cell: white space collapsed, `<br>` and paragraphs joined without a break (labels such as
/// `商业<br>企业` are one word).
fn cell_text(cell: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for node in cell.descendants() {
        if let Node::Text(text) = node.value() {
            for c in text.chars() {
                if c.is_whitespace() && c != '\u{a0}' && c != '\u{3000}' {
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                } else {
                    out.push(c);
                }
            }
        }
    }
    out.trim().to_string()
}

fn span(value: Option<&str>) -> usize {
    value
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_SPAN)
}

/// Rebuilds a table's grid. A merged label is repeated in every slot it covers (so each row keeps its labels);
/// a merged figure is kept once (figures must not be counted twice).
fn table_grid(table: NodeRef<'_, Node>) -> Vec<Vec<String>> {
    let rows: Vec<NodeRef<'_, Node>> = table
        .descendants()
        .filter(|n| matches!(n.value(), Node::Element(e) if e.name() == "tr"))
        .collect();
    let mut grid: Vec<Vec<Option<String>>> = Vec::new();
    let mut cells_made = 0usize;
    for (r, row) in rows.iter().enumerate() {
        if grid.len() <= r {
            grid.push(Vec::new());
        }
        let mut column = 0usize;
        for cell in row.children() {
            let Node::Element(element) = cell.value() else {
                continue;
            };
            if element.name() != "td" && element.name() != "th" {
                continue;
            }
            while grid[r].get(column).is_some_and(Option::is_some) {
                column += 1;
            }
            let text = cell_text(cell);
            let is_figure = super::layout::parse_number(&text).is_some();
            let (colspan, rowspan) = (span(element.attr("colspan")), span(element.attr("rowspan")));
            for dr in 0..rowspan {
                for dc in 0..colspan {
                    cells_made += 1;
                    if cells_made > MAX_GRID_CELLS {
                        return finish_grid(grid);
                    }
                    let (rr, cc) = (r + dr, column + dc);
                    while grid.len() <= rr {
                        grid.push(Vec::new());
                    }
                    if grid[rr].len() <= cc {
                        grid[rr].resize(cc + 1, None);
                    }
                    let value = if (dr == 0 && dc == 0) || !is_figure {
                        text.clone()
                    } else {
                        String::new()
                    };
                    grid[rr][cc] = Some(value);
                }
            }
            column += colspan;
        }
    }
    finish_grid(grid)
}

fn finish_grid(grid: Vec<Vec<Option<String>>>) -> Vec<Vec<String>> {
    grid.into_iter()
        .map(|row| {
            row.into_iter()
                .map(Option::unwrap_or_default)
                .collect::<Vec<String>>()
        })
        .filter(|row| row.iter().any(|c| !c.is_empty()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilds_merged_cells_and_drops_chrome() {
        let page = r#"<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body>
            <nav>首页 | 政务公开</nav><div class="header">网站头部</div>
            <h1>某镇2021年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>正文<b>加粗</b>。</p>
            <table><tr><td rowspan="2">三、本年度办理结果</td><td>(一)予以公开</td><td>1</td><td>2</td></tr>
            <tr><td>(二)部分公开</td><td colspan="2">0</td></tr></table>
            <script>var x = "一、总体情况";</script><footer>版权所有</footer></body></html>"#;
        let text = html_to_text(page);
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            vec![
                "某镇2021年政府信息公开工作年度报告",
                "一、总体情况",
                "正文加粗。",
                "三、本年度办理结果\t(一)予以公开\t1\t2",
                "三、本年度办理结果\t(二)部分公开\t0\t",
            ]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 20_000;
        let page = format!(
            "<html><body>{}一、总体情况{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let text = html_to_text(&page);
        assert!(text.contains("一、总体情况"));
    }

    #[test]
    fn absurd_nesting_is_stripped_without_a_dom() {
        let page = format!(
            "<html><body>{}<p>一、总体情况</p><table><tr><td>规章</td><td>&nbsp;0</td></tr></table><script>x</script>{}</body></html>",
            "<div><span>".repeat(2_000),
            "</span></div>".repeat(2_000)
        );
        assert!(nesting_depth(&page) > MAX_DEPTH);
        let text = html_to_text(&page);
        assert!(text.contains("一、总体情况"));
        assert!(text.contains("\t规章\t\u{a0}0"));
        assert!(!text.contains('x'));
        assert_eq!(nesting_depth("<p>a<br><img src=x/></p>"), 1);
        assert_eq!(strip_tags("<p>a</p><b>公开"), "\na\n公开");
        assert_eq!(strip_tags("文<b>字"), "文字");
        assert_eq!(strip_tags("x <文字"), "x <文字");
    }

    #[test]
    fn detects_html() {
        assert!(looks_like_html("<!DOCTYPE html><html>"));
        assert!(looks_like_html("  <html><body>"));
        assert!(!looks_like_html("一、总体情况\n<b>不是网页"));
    }
}
