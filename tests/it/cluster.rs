//! Hand-off to a cluster: the `_bulk` NDJSON of the seeds (action line then document line, stable ids, valid JSON on
//! every line) and the index template (valid JSON with the mappings the documents need).

use nianbao::cluster::{template, write_bulk, write_template};
use nianbao::parse::parse_file;
use nianbao::Report;
use serde_json::Value;

use crate::util::seed_paths;

/// The seeds the parser reads (a seed the parser refuses is the parser tests' business, not this one's).
fn seed_reports() -> Vec<Report> {
    seed_paths()
        .iter()
        .filter_map(|path| parse_file(path).ok())
        .map(|parsed| parsed.report)
        .collect()
}

fn bulk(reports: &[Report]) -> String {
    let mut out = Vec::new();
    write_bulk(reports, "nianbao-2024", &mut out).expect("writing to memory");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn bulk_body_pairs_an_action_line_with_a_document_line_per_report() {
    let reports = seed_reports();
    assert!(!reports.is_empty(), "the seeds parse");
    let body = bulk(&reports);
    assert!(body.ends_with('\n'), "_bulk needs a final newline");
    let lines: Vec<Value> = body
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}")))
        .collect();
    assert_eq!(lines.len(), 2 * reports.len());
    for (pair, report) in lines.chunks(2).zip(&reports) {
        let action = &pair[0];
        assert_eq!(
            action.as_object().map(|object| object.len()),
            Some(1),
            "one action: {action}"
        );
        assert_eq!(action["index"]["_index"], "nianbao-2024");
        assert_eq!(action["index"]["_id"], report.id.as_str());
        let document = &pair[1];
        assert_eq!(document["id"], report.id.as_str());
        assert_eq!(document["agency"].as_str(), report.agency.as_deref());
        assert_eq!(document["year"].as_i64(), report.year.map(i64::from));
        for (path, value) in report.figures() {
            assert_eq!(document[&path].as_f64(), Some(value), "{path}");
        }
    }
}

#[test]
fn bulk_ids_are_stable_across_runs_and_unique_per_report() {
    let first = bulk(&seed_reports());
    let second = bulk(&seed_reports());
    assert_eq!(first, second, "the same reports give the same bulk body");
    let ids: Vec<String> = first
        .lines()
        .step_by(2)
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["index"]["_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(
        ids.iter()
            .all(|id| id.len() == 16 && id.chars().all(|c| c.is_ascii_hexdigit())),
        "{ids:?}"
    );
}

#[test]
fn a_blank_figure_is_absent_from_the_document_not_zero() {
    let mut report = seed_reports().into_iter().next().expect("a seed");
    let applications = report.applications.as_mut().expect("table 3");
    applications
        .rows
        .entry("granted".to_string())
        .or_default()
        .commercial = None;
    let body = bulk(&[report]);
    let document: Value = serde_json::from_str(body.lines().nth(1).unwrap()).unwrap();
    assert!(
        document.get("applications.granted.commercial").is_none(),
        "{document}"
    );
}

#[test]
fn template_is_valid_json_with_ik_text_numeric_figures_and_keyword_facets() {
    let mut out = Vec::new();
    write_template("nianbao", &mut out).unwrap();
    let written: Value = serde_json::from_slice(&out).expect("the template is valid JSON");
    assert_eq!(written, template("nianbao"));
    let properties = &written["template"]["mappings"]["properties"];
    assert_eq!(
        properties["applications"]["properties"]["new_received"]["properties"]["total"]["type"],
        "long"
    );
    assert_eq!(
        properties["proactive"]["properties"]["fees"]["properties"]["fee_amount"]["type"],
        "double"
    );
    assert_eq!(properties["title"]["analyzer"], "ik_max_word");
    assert_eq!(properties["title"]["search_analyzer"], "ik_smart");
    assert_eq!(properties["problems"]["analyzer"], "ik_max_word");
    for facet in [
        "agency",
        "region",
        "level",
        "year",
        "template",
        "consistent",
    ] {
        assert_eq!(properties[facet]["type"], "keyword", "{facet}");
    }
    assert_eq!(properties["published"]["type"], "date");
    // Every field a document of the seeds carries is mapped (the mapping is strict).
    for report in seed_reports() {
        let document = nianbao::cluster::document(&report);
        for key in document.keys() {
            let mut node = properties;
            for part in key.split('.') {
                node = &node[part];
                if node.get("properties").is_some() {
                    node = &node["properties"];
                }
            }
            assert!(node.get("type").is_some(), "{key} is not mapped");
        }
    }
}

/// Runs the `nianbao` binary and returns its stdout; panics with its stderr when it fails.
fn nianbao(args: &[&str]) -> Vec<u8> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the nianbao binary runs");
    assert!(
        output.status.success(),
        "nianbao {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn export_command_writes_the_bulk_body_of_an_index_and_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    let pdf = crate::util::fixtures_dir().join("containers/001_ab0a76f0713d54a4.pdf");
    let mut index_args = vec!["index", "--index", index];
    let seeds: Vec<String> = seed_paths()
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    index_args.extend(seeds.iter().map(String::as_str));
    let pdf = pdf.display().to_string();
    index_args.push(&pdf);
    // Some seeds may not parse yet; the command then exits 1 after indexing the others.
    let _ = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(&index_args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the nianbao binary runs");

    let args = [
        "export",
        "--format",
        "es-bulk",
        "--index",
        index,
        "--index-name",
        "reports-test",
        "--filter",
        "year >= 2021",
    ];
    let first = String::from_utf8(nianbao(&args)).unwrap();
    assert_eq!(
        first,
        String::from_utf8(nianbao(&args)).unwrap(),
        "stable across runs"
    );
    let lines: Vec<Value> = first
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(lines.len() >= 2 && lines.len().is_multiple_of(2), "{first}");
    let expected = seed_reports()
        .into_iter()
        .filter(|report| report.year >= Some(2021))
        .count();
    // The PDF of seed 001 is the same report (same id): it replaced the text file's document, not added one.
    assert_eq!(lines.len() / 2, expected);
    for pair in lines.chunks(2) {
        assert_eq!(pair[0]["index"]["_index"], "reports-test");
        assert_eq!(pair[0]["index"]["_id"], pair[1]["id"]);
    }

    let written: Value =
        serde_json::from_slice(&nianbao(&["export", "--format", "es-template"])).unwrap();
    assert_eq!(written, template("nianbao"));
}
