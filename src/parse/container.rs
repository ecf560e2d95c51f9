//! Containers → text: the text layer of a PDF (via poppler's `pdftotext -layout`) and the body of a DOCX (zip + XML),
//! both laid out the way the text parser reads tables — one table row per line, cells separated by tabs.
//!
//! Reports are often published as PDF attachments or Word files rather than web pages. [`extract`] recognises those
//! two containers by their magic bytes and returns plain UTF-8 text; anything else is left to the text/HTML path.
//!
//! **PDF.** The text layer is read by Debian's poppler-utils `pdftotext -layout` run as a subprocess (see
//! `docs/scaling.md`, "PDF intake", for why it was chosen over a pure-Rust crate). Layout mode keeps each table row on
//! one line with its cells separated by runs of spaces; [`layout_to_rows`] turns those runs into tabs and joins the
//! continuation lines of labels that wrap inside their cell (`5.属于三类内部事` / `务信息`) back onto their row. A PDF
//! whose pages carry no text (a scan) is refused with a message that says so.
//!
//! **DOCX.** `word/document.xml` is read with quick-xml: each paragraph becomes a line; each table row becomes one
//! line of tab-separated cells, a cell spanning columns (`w:gridSpan`) is followed by empty cells for the columns it
//! covers, and a cell continuing a vertical merge (`w:vMerge`) is empty, so every row keeps its column positions.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use regex::Regex;

use crate::error::ParseError;

/// Text extracted from a container, ready for the text parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The document's text, tables as tab-separated rows.
    pub text: String,
    /// The container: `pdf` or `docx`.
    pub format: &'static str,
}

/// The program that reads PDF text layers (Debian package `poppler-utils`).
pub const PDFTOTEXT: &str = "pdftotext";

/// How long `pdftotext` may run on one file before it is stopped.
const PDFTOTEXT_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest `word/document.xml` accepted once decompressed (a guard against zip bombs).
const MAX_DOCX_XML_BYTES: u64 = 256 * 1024 * 1024;

/// A PDF whose text layer has fewer visible characters than this is taken for a scan.
const MIN_PDF_TEXT_CHARS: usize = 20;

/// Recognises a PDF or DOCX container and returns its text; `Ok(None)` when the bytes are neither, so the caller
/// goes on with its text/HTML path. `file_name` is used in errors only.
pub fn extract(file_name: &str, bytes: &[u8]) -> Result<Option<Extracted>, ParseError> {
    if is_pdf(bytes) {
        let layout = pdf_layout_text(PDFTOTEXT, file_name, bytes)?;
        let visible = layout.chars().filter(|c| !c.is_whitespace()).count();
        if visible < MIN_PDF_TEXT_CHARS {
            return Err(ParseError::NotAReport {
                file: file_name.to_string(),
                reason: format!(
                    "PDF has no text layer (scanned image?); {visible} characters of text found, run OCR first"
                ),
            });
        }
        return Ok(Some(Extracted {
            text: layout_to_rows(&layout),
            format: "pdf",
        }));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return docx_text(file_name, bytes).map(|text| {
            text.map(|text| Extracted {
                text,
                format: "docx",
            })
        });
    }
    Ok(None)
}

/// True when the bytes are a PDF: `%PDF-` within the first 1024 bytes, as readers accept it.
fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|window| window == b"%PDF-")
}

/// Runs `program -layout -enc UTF-8 - -` (`program` is [`PDFTOTEXT`] but for tests) on the bytes and returns its
/// output. A program that cannot be started is the machine's fault ([`ParseError::Unavailable`], not the user's);
/// a PDF it cannot read, or stops on after [`PDFTOTEXT_TIMEOUT`], is the file's.
fn pdf_layout_text(program: &str, file_name: &str, bytes: &[u8]) -> Result<String, ParseError> {
    let fail = |reason: String| ParseError::NotText {
        file: file_name.to_string(),
        reason,
    };
    let unavailable = |reason: String| ParseError::Unavailable {
        file: file_name.to_string(),
        reason,
    };
    let mut child = Command::new(program)
        .args(["-layout", "-enc", "UTF-8", "-eol", "unix", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => unavailable(format!(
                "{program} (poppler-utils) is not installed, so PDFs cannot be read; install the Debian package \
                 poppler-utils"
            )),
            _ => unavailable(format!("cannot run `{program}`: {error}")),
        })?;
    // Feed stdin and drain stdout/stderr on their own threads so that neither pipe can fill up and block.
    let mut stdin = child.stdin.take();
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            // pdftotext may stop reading early on a broken file; its exit status tells us, not this write.
            let _ = stdin.write_all(&input);
        }
    });
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(mut stdout) = stdout {
            let _ = stdout.read_to_end(&mut out);
        }
        out
    });
    let stderr = child.stderr.take();
    let error_reader = std::thread::spawn(move || {
        let mut out = String::new();
        if let Some(mut stderr) = stderr {
            let _ = stderr.read_to_string(&mut out);
        }
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PDFTOTEXT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!(
                    "`{program}` did not finish within {} s",
                    PDFTOTEXT_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(error) => return Err(unavailable(format!("cannot wait for `{program}`: {error}"))),
        }
    };
    let _ = writer.join();
    let output = reader.join().unwrap_or_default();
    let errors = error_reader.join().unwrap_or_default();
    if !status.success() {
        let detail = errors
            .lines()
            .next()
            .unwrap_or("no message")
            .trim()
            .to_string();
        return Err(fail(format!(
            "`{program}` cannot read this PDF ({status}): {detail}"
        )));
    }
    tracing::debug!(
        file = file_name,
        bytes = output.len(),
        "pdf text layer extracted"
    );
    Ok(String::from_utf8_lossy(&output).into_owned())
}

/// A run of two or more spaces: the gap between two cells in `pdftotext -layout` output.
static CELL_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" {2,}|\u{3000}{2,}").expect("valid regex"));

/// A figure cell: digits, optionally with a decimal part (half- or full-width).
static FIGURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9０-９]+(?:[.．][0-9０-９]+)?$").expect("valid regex"));

/// A single space between a Chinese character and a digit: PDF writers space Chinese and Western text apart
/// (`2021 年`), which the printed report does not show as a space.
static HAN_SPACE_DIGIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{Han}) ([0-9])").expect("valid regex"));

/// A single space between a digit and a Chinese character, see [`HAN_SPACE_DIGIT`].
static DIGIT_SPACE_HAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([0-9]) (\p{Han})").expect("valid regex"));

/// Removes the spaces a PDF writer put between Chinese text and digits inside one cell or line.
fn close_han_digit_spaces(text: &str) -> String {
    let text = HAN_SPACE_DIGIT.replace_all(text, "$1$2");
    DIGIT_SPACE_HAN.replace_all(&text, "$1$2").into_owned()
}

/// One cell of a layout line: its text and the column (in characters) where it starts.
#[derive(Debug, Clone)]
struct Cell {
    start: usize,
    text: String,
}

fn split_cells(line: &str) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut last = 0;
    let mut push = |from: usize, to: usize| {
        let text = &line[from..to];
        let trimmed = text.trim_start();
        if !trimmed.trim().is_empty() {
            let leading = text.len() - trimmed.len();
            cells.push(Cell {
                start: line[..from + leading].chars().count(),
                text: close_han_digit_spaces(trimmed.trim_end()),
            });
        }
    };
    for gap in CELL_GAP.find_iter(line) {
        push(last, gap.start());
        last = gap.end();
    }
    push(last, line.len());
    cells
}

fn is_figure(cell: &Cell) -> bool {
    FIGURE.is_match(&cell.text)
}

/// The start of an enumerated label: `（三）`, `三、`, `3.` — where a table-3 row label begins.
static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|[0-9０-９]+[.．、])",
    )
    .expect("valid regex")
});

/// A top-level row label of table 3: `一、` … `四、`.
static TOP_LEVEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+、").expect("valid regex"));

/// At most this many text lines above a figure line are taken for its label (a label wraps over two or three).
const MAX_LABEL_LINES_ABOVE: usize = 4;

/// True when a text line starts a row label: a cell begins with an enumerator, and the line is not a heading
/// (`三、收到和处理政府信息公开申请情况`, `（一）存在问题`: section and sub-section headings end in 情况, 事项 or 问题).
fn is_enumerated(line: &[Cell]) -> bool {
    let is_heading = line.len() == 1
        && ["情况", "事项", "问题", "措施"].iter().any(|end| {
            line[0]
                .text
                .trim_end_matches(['。', '：', ':'])
                .ends_with(end)
        });
    !is_heading && line.iter().any(|cell| ENUMERATOR.is_match(&cell.text))
}

/// A table row being assembled: label columns (start column, text) and the figure cells.
#[derive(Debug, Default)]
struct RowBuilder {
    labels: Vec<Cell>,
    figures: Vec<Cell>,
}

impl RowBuilder {
    /// Adds a label fragment, joining it to the label column it starts in (a wrapped label) or opening a new one.
    fn add_label(&mut self, cell: &Cell) {
        match self
            .labels
            .iter_mut()
            .find(|label| label.start.abs_diff(cell.start) <= 1)
        {
            Some(label) => join_wrapped(&mut label.text, &cell.text),
            None => self.labels.push(cell.clone()),
        }
    }

    /// True when every cell of a text line starts in one of the row's label columns (a continuation line).
    fn continues_with(&self, line: &[Cell]) -> bool {
        line.iter().all(|cell| {
            self.labels
                .iter()
                .any(|label| label.start.abs_diff(cell.start) <= 1)
        })
    }

    /// True when a figure line completes this row: it continues the row's label (in the row's label columns) and
    /// its figures stand in columns where the row has none.
    fn completed_by(&self, line: &[Cell]) -> bool {
        let (figures, labels): (Vec<&Cell>, Vec<&Cell>) =
            line.iter().partition(|cell| is_figure(cell));
        let labels: Vec<Cell> = labels.into_iter().cloned().collect();
        // A line of figures alone could as well belong to the next row: only a continued label ties it to this one.
        !self.figures.is_empty()
            && !labels.is_empty()
            && !is_enumerated(&labels)
            && self.continues_with(&labels)
            && figures.iter().all(|figure| {
                self.figures
                    .iter()
                    .all(|own| own.start.abs_diff(figure.start) > 1)
            })
    }

    fn into_line(mut self) -> String {
        self.labels.sort_by_key(|label| label.start);
        let labels = self.labels.into_iter().map(|label| label.text);
        self.figures.sort_by_key(|figure| figure.start);
        let figures = self.figures.into_iter().map(|figure| figure.text);
        labels.chain(figures).collect::<Vec<_>>().join("\t")
    }
}

fn plain_line(cells: &[Cell]) -> String {
    cells
        .iter()
        .map(|cell| cell.text.as_str())
        .collect::<Vec<_>>()
        .join("\t")
}

/// Turns `pdftotext -layout` output into the parser's text layout: page breaks dropped, each line of two or more
/// space-separated cells written as tab-separated cells, and the labels of table rows put back together.
///
/// A table row is a line with figures. Its label may wrap inside its cell: below the figures when the cell's text is
/// aligned to the top (`5.属于三类内部事  0 0 …` / `务信息`), around them when it is centred (`一、本年新收政府信` /
/// `1 0 0 …` / `息公开申请数量`). Text lines under a row whose cells start in that row's label columns continue it;
/// the text lines above a row, from the first that starts with an enumerator (`（三）`, `三、`, `3.`), begin it.
pub fn layout_to_rows(layout: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    // The last table row, still open for continuation lines, and the text lines seen since.
    let mut open_row: Option<RowBuilder> = None;
    let mut pending: Vec<Vec<Cell>> = Vec::new();

    // Ends the open row: its continuation lines join it, the other pending lines are written as they are.
    let settle = |lines: &mut Vec<String>,
                  open_row: &mut Option<RowBuilder>,
                  pending: &mut Vec<Vec<Cell>>| {
        let mut rest = pending.drain(..).peekable();
        if let Some(mut row) = open_row.take() {
            while let Some(line) =
                rest.next_if(|line| !is_enumerated(line) && row.continues_with(line))
            {
                for cell in &line {
                    row.add_label(cell);
                }
            }
            lines.push(row.into_line());
        }
        lines.extend(rest.map(|line| plain_line(&line)));
    };

    for raw in without_page_numbers(layout) {
        let cells = split_cells(raw.trim_end());
        if cells.is_empty() {
            settle(&mut lines, &mut open_row, &mut pending);
            lines.push(String::new());
            continue;
        }
        if !cells.iter().any(is_figure) {
            pending.push(cells);
            continue;
        }
        // A figure line right under the open row that only adds figures in other columns (and maybe more of its
        // label) is the rest of that row: its cells were centred on different lines.
        if let Some(open) = open_row
            .as_mut()
            .filter(|open| pending.is_empty() && open.completed_by(&cells))
        {
            for cell in cells {
                if is_figure(&cell) {
                    open.figures.push(cell);
                } else {
                    open.add_label(&cell);
                }
            }
            continue;
        }
        // A figure line: the open row takes its continuation lines, this row the label lines just above it.
        let mut row = RowBuilder::default();
        let mut above: Vec<Vec<Cell>> = Vec::new();
        if let Some(open) = open_row.as_mut() {
            let continuation = pending
                .iter()
                .take_while(|line| !is_enumerated(line) && open.continues_with(line))
                .count();
            for line in pending.drain(..continuation) {
                for cell in &line {
                    open.add_label(cell);
                }
            }
        }
        // The label starts at the last top-level enumerator (`四、`) above, else at the first enumerator, so that a
        // group label (`（五）不予处理`) stays with the row it stands beside.
        let window = pending.len().saturating_sub(MAX_LABEL_LINES_ABOVE);
        let candidates = &pending[window..];
        let start = candidates
            .iter()
            .rposition(|line| is_enumerated(line) && TOP_LEVEL.is_match(&line[0].text))
            .or_else(|| candidates.iter().position(|line| is_enumerated(line)));
        if let Some(start) = start {
            above = pending.split_off(window + start);
        }
        settle(&mut lines, &mut open_row, &mut pending);
        for line in &above {
            for cell in line {
                row.add_label(cell);
            }
        }
        for cell in cells {
            if is_figure(&cell) {
                row.figures.push(cell);
            } else {
                row.add_label(&cell);
            }
        }
        open_row = Some(row);
    }
    settle(&mut lines, &mut open_row, &mut pending);
    collapse_blank_lines(&lines)
}

/// A page number printed in the footer: `3`, `- 3 -`, `— 3 —`, `第3页`, `第 3 页 共 5 页`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:[-—–]\s*)?(?:第\s*)?[0-9]+(?:\s*页)?(?:\s*共\s*[0-9]+\s*页)?(?:\s*[-—–])?\s*$",
    )
    .expect("valid regex")
});

/// The lines of the layout text, pages joined, each page's last non-blank line dropped when it is a page number
/// (which would otherwise read as a table row of one figure).
fn without_page_numbers(layout: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    for page in layout.split('\u{c}') {
        let mut page_lines: Vec<&str> = page.split('\n').collect();
        if let Some(last) = page_lines.iter().rposition(|line| !line.trim().is_empty()) {
            if PAGE_NUMBER.is_match(page_lines[last]) {
                page_lines.remove(last);
            }
        }
        lines.extend(page_lines);
    }
    lines
}

/// Appends the next line of a wrapped text: Chinese joins without a space, Latin words and numbers with one.
fn join_wrapped(text: &mut String, next: &str) {
    let needs_space = text
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && next
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if needs_space {
        text.push(' ');
    }
    text.push_str(next);
}

/// Joins lines, keeping at most one blank line in a row and none at the start or end.
fn collapse_blank_lines(lines: &[String]) -> String {
    let mut out = String::new();
    let mut blank_run = true;
    for line in lines {
        if line.is_empty() {
            if !blank_run {
                out.push('\n');
            }
            blank_run = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank_run = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Reads the text of a DOCX; `Ok(None)` when the zip is not a Word document (no `word/document.xml`).
fn docx_text(file_name: &str, bytes: &[u8]) -> Result<Option<String>, ParseError> {
    let fail = |reason: String| ParseError::NotText {
        file: file_name.to_string(),
        reason,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|error| fail(format!("broken ZIP/DOCX container: {error}")))?;
    let mut entry = match archive.by_name("word/document.xml") {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(error) => return Err(fail(format!("cannot open word/document.xml: {error}"))),
    };
    let mut xml = String::new();
    (&mut entry)
        .take(MAX_DOCX_XML_BYTES)
        .read_to_string(&mut xml)
        .map_err(|error| fail(format!("cannot read word/document.xml: {error}")))?;
    if xml.len() as u64 >= MAX_DOCX_XML_BYTES {
        return Err(ParseError::TooLarge {
            file: file_name.to_string(),
            size: MAX_DOCX_XML_BYTES,
            limit: MAX_DOCX_XML_BYTES,
        });
    }
    document_xml_to_text(&xml)
        .map(Some)
        .map_err(|error| fail(format!("invalid word/document.xml: {error}")))
}

/// One table being read: its finished rows and the row and cell under construction.
#[derive(Debug, Default)]
struct TableState {
    rows: Vec<String>,
    cells: Vec<String>,
    cell: String,
    /// Columns the current cell covers (`w:gridSpan`).
    span: usize,
    /// The current cell continues a vertical merge: it is written empty.
    merged: bool,
    /// Empty grid columns before the first cell of the row (`w:gridBefore`).
    grid_before: usize,
}

impl TableState {
    fn end_cell(&mut self) {
        let text = std::mem::take(&mut self.cell);
        self.cells.push(if self.merged {
            String::new()
        } else {
            text.trim().to_string()
        });
        for _ in 1..self.span.max(1) {
            self.cells.push(String::new());
        }
        self.span = 1;
        self.merged = false;
    }

    fn end_row(&mut self) {
        let mut cells: Vec<String> = std::iter::repeat_n(String::new(), self.grid_before)
            .chain(std::mem::take(&mut self.cells))
            .collect();
        while cells.last().is_some_and(|cell| cell.is_empty()) {
            cells.pop();
        }
        if !cells.is_empty() {
            self.rows.push(cells.join("\t"));
        }
        self.grid_before = 0;
    }
}

/// Converts the XML of `word/document.xml` to text: paragraphs as lines, table rows as tab-separated cells, a blank
/// line around each table.
pub fn document_xml_to_text(xml: &str) -> Result<String, quick_xml::Error> {
    use quick_xml::events::Event;

    let mut reader = quick_xml::Reader::from_str(xml);
    let mut lines: Vec<String> = Vec::new();
    let mut paragraph = String::new();
    let mut tables: Vec<TableState> = Vec::new();
    // Inside <w:t>: only its text is document text (not field codes, not deleted text).
    let mut in_text = false;
    let attribute = |element: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        element
            .try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|value| {
                value
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|value| value.into_owned())
            })
    };
    loop {
        let event = reader.read_event()?;
        match &event {
            Event::Start(element) | Event::Empty(element) => {
                let is_empty = matches!(event, Event::Empty(_));
                match element.local_name().as_ref() {
                    "t" if !is_empty => in_text = true,
                    "tab" | "ptab" => paragraph.push(if tables.is_empty() { '\t' } else { ' ' }),
                    "br" | "cr" => paragraph.push(if tables.is_empty() { '\n' } else { ' ' }),
                    "noBreakHyphen" => paragraph.push('-'),
                    "tbl" if !is_empty => tables.push(TableState::default()),
                    "tc" if !is_empty => {
                        if let Some(table) = tables.last_mut() {
                            table.span = 1;
                            table.merged = false;
                        }
                    }
                    "gridSpan" => {
                        if let (Some(table), Some(span)) =
                            (tables.last_mut(), attribute(element, "w:val"))
                        {
                            table.span = span.parse::<usize>().unwrap_or(1).clamp(1, 64);
                        }
                    }
                    "gridBefore" => {
                        if let (Some(table), Some(count)) =
                            (tables.last_mut(), attribute(element, "w:val"))
                        {
                            table.grid_before = count.parse::<usize>().unwrap_or(0).min(64);
                        }
                    }
                    "vMerge" => {
                        if let Some(table) = tables.last_mut() {
                            // No value or `continue` continues the cell above; `restart` starts a merged cell.
                            table.merged =
                                attribute(element, "w:val").is_none_or(|value| value == "continue");
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(text) if in_text => paragraph.push_str(&text.xml10_content()),
            Event::CData(text) if in_text => paragraph.push_str(&text.xml10_content()),
            Event::GeneralRef(reference) if in_text => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    paragraph.push(c);
                } else {
                    let name = reference.xml10_content();
                    if let Ok(resolved) = quick_xml::escape::unescape(&format!("&{name};")) {
                        paragraph.push_str(&resolved);
                    }
                }
            }
            Event::End(element) => match element.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let text = std::mem::take(&mut paragraph);
                    match tables.last_mut() {
                        Some(table) => {
                            // Paragraphs of one cell belong to one label (`商业` / `企业`).
                            let text = text.trim();
                            if !table.cell.is_empty() && !text.is_empty() {
                                join_wrapped_cell(&mut table.cell, text);
                            } else {
                                table.cell.push_str(text);
                            }
                        }
                        None => {
                            lines.extend(text.split('\n').map(|line| line.trim_end().to_string()))
                        }
                    }
                }
                "tc" => {
                    if let Some(table) = tables.last_mut() {
                        table.end_cell();
                    }
                }
                "tr" => {
                    if let Some(table) = tables.last_mut() {
                        table.end_row();
                    }
                }
                "tbl" => {
                    if let Some(table) = tables.pop() {
                        match tables.last_mut() {
                            // A table nested in a cell: its rows become text of that cell.
                            Some(outer) => {
                                for row in table.rows {
                                    join_wrapped_cell(&mut outer.cell, &row.replace('\t', " "));
                                }
                            }
                            None => {
                                lines.push(String::new());
                                lines.extend(table.rows);
                                lines.push(String::new());
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(collapse_blank_lines(&lines))
}

/// Joins a further paragraph of a table cell onto its text.
fn join_wrapped_cell(cell: &mut String, next: &str) {
    if cell.is_empty() {
        cell.push_str(next);
    } else {
        join_wrapped(cell, next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn document(body: &str) -> String {
        format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#)
    }

    fn cell(props: &str, paragraphs: &[&str]) -> String {
        let paragraphs: String = paragraphs
            .iter()
            .map(|text| format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"))
            .collect();
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>")
    }

    #[test]
    fn a_missing_pdftotext_is_the_machines_fault_not_the_files() {
        let error = pdf_layout_text("pdftotext-not-installed-here", "report.pdf", b"%PDF-1.4\n")
            .expect_err("the program does not exist");
        assert!(matches!(error, ParseError::Unavailable { .. }), "{error:?}");
        assert!(!error.is_user_error());
        let message = error.to_string();
        assert!(message.starts_with("report.pdf: "), "{message}");
        assert!(
            message.contains("pdftotext-not-installed-here (poppler-utils) is not installed"),
            "{message}"
        );
        let error = crate::Error::from(error);
        assert!(!error.is_user_error(), "a 5xx over HTTP, not a 4xx");
    }

    #[test]
    fn docx_paragraphs_become_lines_and_table_rows_tab_separated_cells() {
        let xml = document(&format!(
            "<w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t></w:r></w:p>\
             <w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>\
             <w:p><w:r><w:t xml:space=\"preserve\">四、</w:t></w:r><w:r><w:t>结转 &amp; 办理</w:t></w:r></w:p>",
            cell(r#"<w:gridSpan w:val="2"/>"#, &["申请人情况"]),
            cell("", &["总计"]),
            cell(r#"<w:vMerge w:val="restart"/>"#, &["三、本年度", "办理结果"]),
            cell("", &["（一）予以公开"]),
            cell("", &["1"]),
            cell("<w:vMerge/>", &["ignored text of a merged cell"]),
            cell("", &["（二）部分公开"]),
            cell("", &["0"]),
        ));
        let text = document_xml_to_text(&xml).unwrap();
        assert_eq!(
            text,
            "三、收到和处理政府信息公开申请情况\n\n申请人情况\t\t总计\n三、本年度办理结果\t（一）予以公开\t1\n\
             \t（二）部分公开\t0\n\n四、结转 & 办理\n"
        );
    }

    #[test]
    fn docx_grid_before_keeps_column_positions_and_tabs_inside_cells_are_spaces() {
        let xml = document(&format!(
            "<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}{}</w:tr></w:tbl>",
            cell("", &["商业<w:tab/>企业"]).replace(
                "<w:t>商业<w:tab/>企业</w:t>",
                "<w:t>商业</w:t><w:tab/><w:t>企业</w:t>"
            ),
            cell("", &["2"]),
        ));
        assert_eq!(document_xml_to_text(&xml).unwrap(), "\t商业 企业\t2\n");
    }

    #[test]
    fn layout_cells_become_tabs_and_wrapped_labels_rejoin_their_row() {
        let layout = "三、收到和处理政府信息公开申请情况\n\
                      \x20            (三) 不予公开       1.属于国家秘密       0    0    0\n\
                      \x20                            5.属于三类内部事     0    1    1\n\
                      \x20                            务信息\n\
                      四、结转下年度继续        0    0    0\n\
                      办理\n\
                      \n\
                      \x0c五、存在的主要问题及改进情况\n";
        assert_eq!(
            layout_to_rows(layout),
            "三、收到和处理政府信息公开申请情况\n\
             (三) 不予公开\t1.属于国家秘密\t0\t0\t0\n\
             5.属于三类内部事务信息\t0\t1\t1\n\
             四、结转下年度继续办理\t0\t0\t0\n\
             \n\
             五、存在的主要问题及改进情况\n"
        );
    }

    #[test]
    fn spaces_a_pdf_writer_put_between_chinese_and_digits_are_closed() {
        let layout = "舞钢市尚店镇人民政府 2021 年政府信息公开工作年度报告\n2022 年 1 月 13 日\nPDF 文件  3\n";
        assert_eq!(
            layout_to_rows(layout),
            "舞钢市尚店镇人民政府2021年政府信息公开工作年度报告\n2022年1月13日\nPDF 文件\t3\n"
        );
    }

    #[test]
    fn labels_of_vertically_centred_cells_come_back_from_above_and_below_their_figures() {
        let layout = "三、收到和处理政府信息公开申请情况\n\
                      一、本年新收政府信\n\
                      \x20                 1    0    1\n\
                      息公开申请数量\n\
                      二、上年结转政府信\n\
                      \x20                 0    0    0\n\
                      息公开申请数量\n\
                      \x20            (五) 不予处理\n\
                      \x20                           4.无正当理由大量\n\
                      \x20                                  0    0\n\
                      \x20                           反复申请\n\
                      5.要求行政机关确认        0\n\
                      或重新出具已获取信             0    0\n\
                      息\n";
        assert_eq!(
            layout_to_rows(layout),
            "三、收到和处理政府信息公开申请情况\n\
             一、本年新收政府信息公开申请数量\t1\t0\t1\n\
             二、上年结转政府信息公开申请数量\t0\t0\t0\n\
             (五) 不予处理\t4.无正当理由大量反复申请\t0\t0\n\
             5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\n"
        );
    }

    #[test]
    fn page_numbers_in_the_footer_are_not_table_rows() {
        let layout = "1. 提高认识。加强宣传教育力度\n\n                 - 1 -\n\u{c}2. 进一步健全制度\n   2\n\u{c}";
        assert_eq!(
            layout_to_rows(layout),
            "1. 提高认识。加强宣传教育力度\n\n2. 进一步健全制度\n"
        );
    }

    #[test]
    fn a_line_under_a_row_that_does_not_align_with_its_labels_is_not_joined() {
        let layout = "规章          0        0\n    我镇认真落实上级要求\n";
        assert_eq!(layout_to_rows(layout), "规章\t0\t0\n我镇认真落实上级要求\n");
    }

    #[test]
    fn neither_pdf_nor_docx_is_left_to_the_text_path() {
        assert_eq!(extract("a.txt", "一、总体情况".as_bytes()).unwrap(), None);
        // A zip that is not a Word document (no word/document.xml).
        let mut zip_bytes = Vec::new();
        {
            let mut writer = zip::ZipWriter::new(std::io::Cursor::new(&mut zip_bytes));
            writer
                .start_file("data.csv", zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(b"a,b\n").unwrap();
            writer.finish().unwrap();
        }
        assert_eq!(extract("a.zip", &zip_bytes).unwrap(), None);
    }
}
