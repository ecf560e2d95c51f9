//! Constructed variants of the seeds (`fixtures/variants/`), one per layout the parser must read: an HTML page with
//! merged cells and page chrome, GBK bytes, blank cells, short rows, the 2019 template, a pre-2019 narrative report,
//! PDF-extracted text; plus the CLI's handling of bad files and inputs that must not make the parser panic.

use std::io::Write;
use std::path::PathBuf;

use nianbao::parse::{parse_bytes, parse_file, Parsed};
use nianbao::report::{Level, Num, Template};
use proptest::prelude::*;

use crate::util::fixtures_dir;

fn variant(name: &str) -> PathBuf {
    fixtures_dir().join("variants").join(name)
}

fn parse(path: PathBuf) -> Parsed {
    parse_file(&path).unwrap_or_else(|error| panic!("{} should parse: {error}", path.display()))
}

fn seed(prefix: &str) -> Parsed {
    let path = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/ is readable")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(prefix) && name.ends_with(".txt"))
        })
        .expect("seed exists");
    parse(path)
}

fn proactive(parsed: &Parsed, row: &str, column: &str) -> Option<Num> {
    parsed
        .report
        .proactive
        .get(row)?
        .get(column)
        .copied()
        .flatten()
}

#[test]
fn html_page_with_merged_cells_reads_like_the_text_seed() {
    let html = parse(variant("002_merged.html"));
    let text = seed("002_");
    let report = &html.report;
    assert_eq!(report.format, "html");
    assert_eq!(report.agency.as_deref(), Some("屯里镇人民政府"));
    assert_eq!(report.region.as_deref(), Some("尧都区"));
    assert_eq!(report.year, Some(2023));
    // The same figures as the text seed, cell for cell, although the page merges cells with rowspan/colspan.
    assert_eq!(report.applications, text.report.applications);
    assert_eq!(report.proactive, text.report.proactive);
    assert_eq!(report.review_litigation, text.report.review_litigation);
    assert_eq!(report.consistent, Some(false));
    assert_eq!(report.applications.as_ref().map(|a| a.rows.len()), Some(25));
    // Page chrome (navigation, footer, scripts) is not report text; the footer's date is not a publication date.
    for chrome in ["首页", "版权所有", "document.write", "当前位置"] {
        assert!(
            !html.text.contains(chrome),
            "chrome `{chrome}` leaked into the text"
        );
    }
    assert_eq!(report.published, None);
    assert_eq!(report.problems, text.report.problems);
}

#[test]
fn gbk_bytes_give_the_same_record_as_utf8() {
    let gbk = parse(variant("002_gbk.txt"));
    let utf8 = seed("002_");
    assert_eq!(gbk.report.encoding, "gb18030");
    assert_eq!(utf8.report.encoding, "utf-8");
    let mut gbk_report = gbk.report.clone();
    gbk_report.file = utf8.report.file.clone();
    gbk_report.encoding = utf8.report.encoding.clone();
    assert_eq!(gbk_report, utf8.report);
    assert_eq!(gbk.text, utf8.text);
}

#[test]
fn blank_cells_stay_null_and_count_as_zero_in_checks() {
    let parsed = parse(variant("blank_cells.md"));
    let report = &parsed.report;
    assert_eq!(report.agency.as_deref(), Some("自然资源局"));
    assert_eq!(report.region.as_deref(), Some("临泉县"));
    assert_eq!(report.level, Some(Level::Department));
    assert_eq!(report.published.as_deref(), Some("2023-01-20"));
    let applications = report.applications.as_ref().expect("table 3");
    let new = applications.row("new_received").expect("row");
    assert_eq!(
        new.cells(),
        [Some(5), None, None, None, None, Some(1), Some(6)]
    );
    let granted = applications.row("granted").expect("row");
    assert_eq!(
        granted.cells(),
        [Some(3), None, None, None, None, Some(1), Some(4)]
    );
    let not_held = applications.row("unable.not_held").expect("row");
    assert_eq!(
        not_held.cells(),
        [Some(2), None, None, None, None, None, Some(2)]
    );
    assert_eq!(applications.cell("denied.state_secret", "total"), Some(0));
    assert_eq!(
        applications.cell("denied.state_secret", "natural_person"),
        None
    );
    assert_eq!(report.consistent, Some(true));
    let row_sum = report
        .checks
        .iter()
        .find(|c| c.rule == "row_sum" && c.scope == "new_received")
        .expect("row_sum of new_received");
    assert!(row_sum
        .blank_as_zero
        .contains(&"applications.new_received.commercial".to_string()));
    // Table 2: a decimal fee, a row printed with blank cells, figures by header column.
    assert_eq!(
        proactive(&parsed, "fees", "fee_amount"),
        Some(Num::Dec(3.25))
    );
    assert_eq!(
        proactive(&parsed, "normative_documents", "repealed"),
        Some(Num::Int(1))
    );
    assert_eq!(
        proactive(&parsed, "licensing", "decisions"),
        Some(Num::Int(152))
    );
    assert_eq!(report.proactive["coercion"].get("decisions"), Some(&None));
    // Table 4 lost its blank last part in the export: the first ten figures are read, the rest is blank.
    let review = report.review_litigation.expect("table 4");
    assert_eq!(review.reconsideration.total, Some(1));
    assert_eq!(review.litigation_direct.pending, Some(1));
    assert_eq!(review.litigation_after_reconsideration.total, None);
}

#[test]
fn markdown_pipe_tables_read_like_tab_rows() {
    let piped = parse(variant("pipe_tables.md"));
    let tabbed = parse(variant("blank_cells.md"));
    assert_eq!(piped.report.applications, tabbed.report.applications);
    assert_eq!(piped.report.proactive, tabbed.report.proactive);
    assert_eq!(
        piped.report.review_litigation,
        tabbed.report.review_litigation
    );
    assert_eq!(piped.report.format, "markdown");
}

#[test]
fn short_rows_are_aligned_by_the_total_or_left_null() {
    let parsed = parse(variant("short_row.md"));
    let applications = parsed.report.applications.as_ref().expect("table 3");
    // Six figures whose missing organisation cell cannot be placed: only 自然人 and 总计 are read.
    let granted = applications.row("granted").expect("row");
    assert_eq!(
        granted.cells(),
        [Some(2), None, None, None, None, None, Some(3)]
    );
    let partly = applications.row("partly_granted").expect("row");
    assert_eq!(
        partly.cells(),
        [Some(0), None, None, None, None, None, Some(0)]
    );
    let warning = parsed
        .report
        .warnings
        .iter()
        .find(|w| w.code == "short_row" && w.message.contains("`granted`"))
        .expect("a short_row warning names the row");
    assert!(
        warning.message.contains("cannot be placed"),
        "{}",
        warning.message
    );

    // Seed 001: six figures for seven columns where the total makes the missing cell certain.
    let seed = seed("001_");
    let granted = seed
        .report
        .applications
        .as_ref()
        .and_then(|a| a.row("granted").copied());
    assert_eq!(
        granted.map(|row| row.cells()),
        Some([
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(1)
        ])
    );
    assert!(seed
        .report
        .warnings
        .iter()
        .any(|w| w.code == "short_row" && w.message.contains("inferred as 0")));
}

#[test]
fn the_2019_template_keeps_its_own_rows_and_columns() {
    let parsed = parse(variant("t2019.txt"));
    let report = &parsed.report;
    assert_eq!(report.template, Template::T2019);
    assert_eq!(report.agency.as_deref(), Some("西工区人民政府"));
    assert_eq!(report.region.as_deref(), Some("洛阳市"));
    assert_eq!(report.level, Some(Level::County));
    assert_eq!(report.year, Some(2020));
    assert_eq!(report.published.as_deref(), Some("2021-01-29"));
    let applications = report.applications.as_ref().expect("table 3");
    assert_eq!(applications.rows.len(), 23);
    assert!(applications
        .rows
        .keys()
        .all(|key| !key.starts_with("other.")));
    let other = applications.row("other_combined").expect("（六）其他处理");
    assert_eq!(
        other.cells(),
        [
            Some(1),
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(2)
        ]
    );
    assert_eq!(
        applications.cell("denied.internal_affairs", "total"),
        Some(1)
    );
    assert_eq!(applications.cell("unable.not_held", "legal"), Some(1));
    assert_eq!(report.consistent, Some(true));
    assert_eq!(
        proactive(&parsed, "normative_documents", "total_published"),
        Some(Num::Int(27))
    );
    assert_eq!(
        proactive(&parsed, "licensing", "items_change"),
        Some(Num::Int(-2))
    );
    assert_eq!(
        proactive(&parsed, "other_services", "decisions"),
        Some(Num::Int(310))
    );
    assert_eq!(
        proactive(&parsed, "fees", "items_last_year"),
        Some(Num::Int(6))
    );
    assert_eq!(
        proactive(&parsed, "procurement", "procurement_amount"),
        Some(Num::Dec(356.72))
    );
    let review = report.review_litigation.expect("table 4");
    assert_eq!(
        review.reconsideration.cells(),
        [Some(2), Some(1), Some(0), Some(0), Some(3)]
    );
}

#[test]
fn a_pre_2019_narrative_report_maps_old_sections_and_reads_a_stated_figure() {
    let parsed = parse(variant("pre2019.txt"));
    let report = &parsed.report;
    assert_eq!(report.template, Template::Pre2019);
    assert_eq!(report.year, Some(2015));
    assert_eq!(report.published.as_deref(), Some("2016-03-28"));
    assert_eq!(report.agency.as_deref(), Some("某某市人民政府办公室"));
    assert_eq!(report.level, Some(Level::Department));
    let sections = &report.sections;
    assert_eq!(
        sections.overview.as_ref().map(|s| s.heading.as_str()),
        Some("一、概述")
    );
    assert!(sections.applications.is_some());
    assert!(sections.review_litigation.is_some());
    assert!(sections
        .problems_and_improvements
        .as_ref()
        .is_some_and(|s| s.heading.contains("存在的主要问题及改进措施")));
    // The fees section (四、政府信息公开的收费及减免情况) ends the applications section.
    let applications_text = &sections.applications.as_ref().expect("section").text;
    assert!(!applications_text.contains("检索、复制"));
    assert_eq!(
        report
            .applications
            .as_ref()
            .and_then(|a| a.cell("new_received", "total")),
        Some(12)
    );
    assert!(report.review_litigation.is_none());
    assert!(report.warnings.iter().all(|w| w.code != "missing_table"));
    assert_eq!(report.consistent, None);
    assert_eq!(report.problems, ["公开内容不够全面", "信息更新不够及时"]);
    assert_eq!(report.improvements.len(), 2);
}

#[test]
fn pdf_extracted_text_with_wrapped_labels_reads_like_the_text_seed() {
    let pdf = parse(variant("003_pdf_style.txt"));
    let text = seed("003_");
    assert_eq!(pdf.report.agency, text.report.agency);
    assert_eq!(pdf.report.region, text.report.region);
    assert_eq!(pdf.report.year, Some(2021));
    // Blank cells vanish from PDF text; the figures that are printed land in the same cells as in the seed.
    assert_eq!(pdf.report.applications, text.report.applications);
    assert_eq!(pdf.report.proactive, text.report.proactive);
    assert_eq!(pdf.report.review_litigation, text.report.review_litigation);
    assert_eq!(pdf.report.consistent, Some(true));
    assert_eq!(pdf.report.problems.len(), 4);
}

#[test]
fn cells_pasted_one_per_line_without_tabs_are_rebuilt_into_rows() {
    let parsed = parse(variant("pasted_cells.txt"));
    let report = &parsed.report;
    let applications = report.applications.as_ref().expect("table 3");
    let new = applications.row("new_received").expect("row");
    assert_eq!(
        new.cells(),
        [
            Some(2),
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(3)
        ]
    );
    assert_eq!(applications.cell("closed_total", "commercial"), Some(1));
    assert_eq!(applications.cell("partly_granted", "total"), None);
    let missing = report
        .warnings
        .iter()
        .find(|w| w.code == "missing_row")
        .expect("missing_row");
    assert!(
        missing.message.contains("`partly_granted`"),
        "{}",
        missing.message
    );
    assert_eq!(
        proactive(&parsed, "normative_documents", "in_force"),
        Some(Num::Int(4))
    );
    assert_eq!(
        proactive(&parsed, "normative_documents", "issued"),
        Some(Num::Int(1))
    );
    assert_eq!(
        report.review_litigation.map(|r| r.litigation_direct.total),
        Some(Some(0))
    );
    assert_eq!(report.consistent, Some(true));
}

#[test]
fn table_4_is_found_after_table_3_when_its_heading_is_not_recognised() {
    let seed =
        std::fs::read_to_string(fixtures_dir().join("002_fc5dc72e36efd908.txt")).expect("seed");
    let text = seed.replace("四、政府信息公开行政复议、行政诉讼情况", "（表四）");
    let parsed = parse_bytes("no_heading.txt", text.as_bytes()).expect("parses");
    assert!(parsed.report.sections.review_litigation.is_none());
    let review = parsed.report.review_litigation.expect("table 4 still read");
    assert_eq!(review.litigation_after_reconsideration.total, Some(0));
    assert!(parsed
        .report
        .warnings
        .iter()
        .any(|w| w.code == "missing_section"));
    assert!(parsed
        .report
        .warnings
        .iter()
        .all(|w| w.code != "missing_table"));
}

#[test]
fn double_spaced_cells_are_stitched_back_into_rows() {
    // Seed 000 with a blank line after every cell of its tables: every cell becomes a row of its own.
    let seed =
        std::fs::read_to_string(fixtures_dir().join("000_1c57cddd851b3817.txt")).expect("seed");
    let spaced: String = seed
        .split('\n')
        .map(|line| {
            if line.starts_with('\t') {
                format!("{line}\n")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let parsed = parse_bytes("spaced.txt", spaced.as_bytes()).expect("parses");
    let original = seed_report("000_");
    assert_eq!(parsed.report.applications, original.applications);
    assert_eq!(parsed.report.review_litigation, original.review_litigation);
    assert_eq!(parsed.report.proactive, original.proactive);
}

fn seed_report(prefix: &str) -> nianbao::Report {
    seed(prefix).report
}

#[test]
fn the_cli_prints_good_records_and_names_bad_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let image = dir.path().join("image.png");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    let good = fixtures_dir().join("000_1c57cddd851b3817.txt");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("parse")
        .arg(&good)
        .arg(&image)
        .arg(&empty)
        .output()
        .expect("run nianbao");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON record per line"))
        .collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["agency"], "新民屯镇人民政府");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("image.png") && stderr.contains("PNG"),
        "{stderr}"
    );
    assert!(
        stderr.contains("empty.txt") && stderr.contains("empty"),
        "{stderr}"
    );
}

#[test]
fn unrelated_text_is_not_a_report() {
    let result = parse_bytes(
        "recipe.txt",
        "红烧肉的做法：五花肉切块，焯水，炒糖色。".as_bytes(),
    );
    assert!(matches!(
        result,
        Err(nianbao::error::ParseError::NotAReport { .. })
    ));
}

#[test]
fn long_lines_big_files_and_deep_html_do_not_run_away() {
    // One 2 MB line.
    let line = "政府信息公开".repeat(120_000);
    assert!(parse_bytes("line.txt", line.as_bytes()).is_ok());
    // Seed 000 swollen to about 3 MB: a long overview, and 15 000 repeated table rows after table 3.
    let seed =
        std::fs::read_to_string(fixtures_dir().join("000_1c57cddd851b3817.txt")).expect("seed");
    let filler =
        "我镇认真落实上级政务公开相关工作要求，全面提升政务公开的标准化水平。\n".repeat(20_000);
    let rows = "\t1.属于国家秘密\n\t5\n\t5\n\t5\n\t5\n\t5\n\t5\n\t30\n\n".repeat(15_000);
    let big = seed
        .replacen(
            "（一）主动公开情况\n",
            &format!("（一）主动公开情况\n{filler}"),
            1,
        )
        .replacen(
            "四、政府信息公开行政复议",
            &format!("{rows}\n四、政府信息公开行政复议"),
            1,
        );
    assert!(big.len() > 2_500_000);
    let parsed = parse_bytes("big.txt", big.as_bytes()).expect("big file parses");
    assert_eq!(parsed.report.agency.as_deref(), Some("新民屯镇人民政府"));
    let applications = parsed.report.applications.as_ref().expect("table 3");
    assert_eq!(applications.cell("denied.state_secret", "total"), Some(0));
    assert!(
        parsed.report.warnings.len() < 10,
        "{:?}",
        parsed.report.warnings
    );
    // HTML nested 50 000 levels deep.
    let deep = format!(
        "<html><body>{}<p>一、总体情况</p><p>2021年政府信息公开</p>{}</body></html>",
        "<div><span>".repeat(50_000),
        "</span></div>".repeat(50_000)
    );
    assert!(parse_bytes("deep.html", deep.as_bytes()).is_ok());
}

/// Writes bytes to a file and runs the parser on it through `parse_file` (size check included).
fn parse_written(bytes: &[u8]) {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(bytes).expect("write");
    let _ = parse_file(file.path());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = parse_bytes("fuzz.bin", &bytes);
    }

    #[test]
    fn arbitrary_report_like_text_never_panics(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("\t".to_string()), Just("\n".to_string()), Just("\n\n".to_string()),
                Just("一、总体情况".to_string()), Just("三、收到和处理政府信息公开申请情况".to_string()),
                Just("（三）不".to_string()), Just("予公开".to_string()), Just("1.属于国家秘密".to_string()),
                Just("\u{a0}0".to_string()), Just("12".to_string()), Just("-".to_string()), Just("<td rowspan=9>".to_string()),
                Just("<table><tr>".to_string()), Just("2021年".to_string()), Just("二〇二二年一月十三日".to_string()),
                "[\\PC]{0,12}",
            ],
            0..200,
        )
    ) {
        let text = pieces.concat();
        let _ = parse_bytes("fuzz.txt", text.as_bytes());
        parse_written(text.as_bytes());
    }
}
