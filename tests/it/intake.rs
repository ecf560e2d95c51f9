//! Real-world intake: a seed rendered to PDF and to DOCX (fixtures made by `fixtures/containers/make_fixtures.py`)
//! must give the record its text file gives; a scanned PDF must be refused with a message that says why; a page
//! saved from a government site in GBK must give the same figures.

use std::collections::BTreeMap;

use nianbao::error::ParseError;
use nianbao::parse::{container, parse_bytes, parse_file, Parsed};
use serde_json::Value;

use crate::util::fixtures_dir;

const SEED: &str = "001_ab0a76f0713d54a4";

fn container_path(name: &str) -> std::path::PathBuf {
    fixtures_dir().join("containers").join(name)
}

fn seed_text() -> Parsed {
    parse_file(&fixtures_dir().join(format!("{SEED}.txt"))).expect("the text seed parses")
}

/// The figures and identity a user compares between containers.
fn essentials(parsed: &Parsed) -> Value {
    let report = serde_json::to_value(&parsed.report).expect("a record serialises");
    serde_json::json!({
        "title": report["title"],
        "agency": report["agency"],
        "region": report["region"],
        "level": report["level"],
        "year": report["year"],
        "template": report["template"],
        "applications": report["applications"],
        "proactive": report["proactive"],
        "review_litigation": report["review_litigation"],
        "consistent": report["consistent"],
    })
}

/// The hand-read record of the seed (`fixtures/expected`), for the figures a person checked.
fn expected_seed() -> Value {
    let path = fixtures_dir().join("expected").join(format!("{SEED}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("expected record"))
        .expect("valid JSON")
}

#[test]
fn docx_text_keeps_table_rows_as_tab_separated_cells() {
    let bytes = std::fs::read(container_path(&format!("{SEED}.docx"))).unwrap();
    let extracted = container::extract("a.docx", &bytes)
        .unwrap()
        .expect("a DOCX is recognised");
    assert_eq!(extracted.format, "docx");
    let lines: Vec<&str> = extracted.text.lines().collect();
    assert!(lines.contains(&"舞钢市尚店镇人民政府2021年政府信息公开工作年度报告"));
    // Seed 001 prints this row as `一、本年新收…\t\t1\t0\t0\t0\t0\t0\t1`: the merged label cell keeps its column.
    assert!(
        lines.contains(&"一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1"),
        "{}",
        extracted.text
    );
    assert!(lines.contains(&"规章\t0\t0\t0"));
}

#[test]
fn pdf_text_layer_keeps_rows_on_one_line_and_rejoins_wrapped_labels() {
    let bytes = std::fs::read(container_path(&format!("{SEED}.pdf"))).unwrap();
    let extracted = container::extract("a.pdf", &bytes)
        .unwrap()
        .expect("a PDF is recognised");
    assert_eq!(extracted.format, "pdf");
    let lines: Vec<&str> = extracted.text.lines().collect();
    assert!(lines.contains(&"规章\t0\t0\t0"), "{}", extracted.text);
    // The label wraps inside its cell in the PDF (`5.属于三类内部事` / `务信息`); it comes back whole, on its row.
    assert!(
        lines.contains(&"5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0"),
        "{}",
        extracted.text
    );
    assert!(
        lines.iter().any(|line| line.starts_with("(七) 总计\t1\t0")),
        "{}",
        extracted.text
    );
}

#[test]
fn seed_as_pdf_and_docx_gives_the_record_of_its_text_file() {
    let text = seed_text();
    let expected = expected_seed();
    assert_eq!(
        essentials(&text)["applications"]["new_received"],
        expected["applications"]["new_received"],
        "the text seed itself is read right"
    );
    for (name, format) in [
        (format!("{SEED}.pdf"), "pdf"),
        (format!("{SEED}.docx"), "docx"),
        // The same document saved by LibreOffice: another producer's XML for the same tables.
        (format!("{SEED}_libreoffice.docx"), "docx"),
    ] {
        let parsed =
            parse_file(&container_path(&name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(parsed.report.format, format, "{name}");
        assert_eq!(parsed.report.encoding, "utf-8", "{name}");
        assert_eq!(essentials(&parsed), essentials(&text), "{name}");
        assert_eq!(
            parsed.report.id, text.report.id,
            "{name}: the same report has the same id"
        );
    }
}

#[test]
fn pdf_with_vertically_centred_cells_reads_the_same_figures() {
    // Cells centred vertically put a wrapped label above and below its figures, and a short row's figures on two
    // lines. Every figure read must be the text file's; the one row whose label LibreOffice printed below the next
    // row's (`3.其他` under `（七）总计`) cannot be placed and stays blank rather than wrong.
    let text = seed_text().report;
    let parsed =
        parse_file(&container_path(&format!("{SEED}_centered.pdf"))).expect("the PDF parses");
    let report = parsed.report;
    assert_eq!(report.format, "pdf");
    assert_eq!(
        (report.agency.as_deref(), report.year),
        (text.agency.as_deref(), text.year)
    );
    let expected: BTreeMap<String, f64> = text.figures().into_iter().collect();
    let read: BTreeMap<String, f64> = report.figures().into_iter().collect();
    for (path, value) in &read {
        assert_eq!(expected.get(path), Some(value), "{path}");
    }
    let missing: Vec<&String> = expected
        .keys()
        .filter(|path| !read.contains_key(*path))
        .collect();
    assert!(
        missing
            .iter()
            .all(|path| path.starts_with("applications.other.other.")),
        "{missing:?}"
    );
    assert!(missing.len() <= 7, "{missing:?}");
    assert_eq!(report.consistent, text.consistent);
}

#[test]
fn scanned_pdf_is_refused_with_a_clear_reason() {
    let bytes = std::fs::read(container_path("scanned.pdf")).unwrap();
    let error = parse_bytes("scanned.pdf", &bytes).expect_err("a scan has no text to parse");
    assert!(matches!(error, ParseError::NotAReport { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.starts_with("scanned.pdf: "), "{message}");
    assert!(
        message.contains("PDF has no text layer (scanned image?)"),
        "{message}"
    );
}

#[test]
fn broken_pdf_and_docx_are_errors_that_name_the_file() {
    let error = parse_bytes("broken.pdf", b"%PDF-1.7\nnot really a pdf").expect_err("broken PDF");
    assert!(error.to_string().starts_with("broken.pdf: "), "{error}");
    let error = parse_bytes("broken.docx", b"PK\x03\x04 truncated").expect_err("broken DOCX");
    assert!(error.to_string().contains("broken.docx"), "{error}");
}

#[test]
fn saved_gbk_page_with_meta_charset_gives_the_figures_of_the_text_file() {
    let parsed =
        parse_file(&container_path(&format!("{SEED}_gbk.html"))).expect("the saved page parses");
    let text = seed_text();
    assert_eq!(parsed.report.format, "html");
    assert_eq!(parsed.report.encoding, "gb18030");
    let page = essentials(&parsed);
    let seed = essentials(&text);
    for key in [
        "agency",
        "region",
        "year",
        "applications",
        "review_litigation",
    ] {
        assert_eq!(page[key], seed[key], "{key}");
    }
    // The site's chrome (navigation, footer) is not report text.
    assert!(!parsed.text.contains("网站标识码"), "footer kept");
    assert!(!parsed.text.contains("请输入关键词"), "search box kept");
}

#[test]
fn indexing_a_folder_picks_up_pdf_and_docx_files() {
    // A folder walk used to skip *.pdf and *.docx: only files named on the command line were read.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("reports");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::copy(
        container_path(&format!("{SEED}.pdf")),
        folder.join("sub/report.PDF"),
    )
    .unwrap();
    std::fs::copy(
        container_path(&format!("{SEED}.docx")),
        folder.join("report.docx"),
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["index", "--index"])
        .arg(dir.path().join("index"))
        .arg(&folder)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the nianbao binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("indexed 2 of 2 files"), "{stderr}");
    // Both are seed 001, so the second replaced the first: one report in the index.
    assert!(stderr.contains("holds 1 reports"), "{stderr}");
}
