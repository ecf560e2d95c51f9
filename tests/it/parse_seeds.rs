//! The five seed reports against records read off them by hand (`fixtures/expected/*.json`), field by field.
//!
//! The expected files were written by reading each report, never by copying the parser's output. Every mismatch of a
//! seed is collected and reported at once, so one run shows everything that is wrong.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::util::{fixtures_dir, seed_paths};

/// Compares one parsed seed with its expected record and returns the mismatches as readable lines.
fn mismatches(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for key in [
        "file",
        "agency",
        "region",
        "level",
        "year",
        "published",
        "template",
        "consistent",
    ] {
        if expected[key] != actual[key] {
            out.push(format!(
                "{key}: expected {}, got {}",
                expected[key], actual[key]
            ));
        }
    }
    compare_figures(
        "applications",
        &expected["applications"],
        &actual["applications"],
        &mut out,
    );
    compare_figures(
        "proactive",
        &expected["proactive"],
        &actual["proactive"],
        &mut out,
    );
    compare_figures(
        "review_litigation",
        &expected["review_litigation"],
        &actual["review_litigation"],
        &mut out,
    );
    compare_extra_rows(&expected["applications"], &actual["applications"], &mut out);

    compare_statements("problems", expected, actual, 0, &mut out);
    compare_statements("improvements", expected, actual, 1, &mut out);

    let expected_broken: BTreeSet<(String, String)> = expected["broken_checks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|pair| {
            (
                pair[0].as_str().unwrap_or("").to_string(),
                pair[1].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let actual_broken: BTreeSet<(String, String)> = actual["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|check| check["ok"] == Value::Bool(false))
        .map(|check| {
            (
                check["rule"].as_str().unwrap_or("").to_string(),
                check["scope"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    if expected_broken != actual_broken {
        out.push(format!(
            "broken checks: expected {expected_broken:?}, got {actual_broken:?}"
        ));
    }

    for section in expected["sections"].as_array().into_iter().flatten() {
        let key = section.as_str().unwrap_or("");
        if actual["sections"][key].is_null() {
            out.push(format!("section {key} missing"));
        }
    }
    out
}

/// Every leaf number of `expected` must equal the same path in `actual` (null = blank cell must stay null).
fn compare_figures(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match expected {
        Value::Object(map) => {
            for (key, sub) in map {
                compare_figures(&format!("{path}.{key}"), sub, &actual[key.as_str()], out);
            }
        }
        Value::Null => {
            if !actual.is_null() {
                out.push(format!("{path}: expected blank (null), got {actual}"));
            }
        }
        Value::Number(number) => {
            let same = actual
                .as_f64()
                .is_some_and(|value| Some(value) == number.as_f64());
            if !same {
                out.push(format!("{path}: expected {number}, got {actual}"));
            }
        }
        other => out.push(format!("{path}: unexpected expected value {other}")),
    }
}

/// Table 3 must not carry rows the report's template does not have (e.g. `other.*` in a 2019-template report).
fn compare_extra_rows(expected: &Value, actual: &Value, out: &mut Vec<String>) {
    let Some(actual_rows) = actual.as_object() else {
        out.push("applications: missing".to_string());
        return;
    };
    for key in actual_rows.keys() {
        if expected.get(key).is_none() {
            out.push(format!("applications.{key}: row not in the report"));
        }
    }
}

/// Problems must match in number exactly; improvements may carry one more lead-in statement. Each expected phrase
/// must stand in the statement at its position (problems) or in some statement (improvements).
fn compare_statements(
    key: &str,
    expected: &Value,
    actual: &Value,
    slack: usize,
    out: &mut Vec<String>,
) {
    let wanted: Vec<&str> = expected[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let got: Vec<&str> = actual[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if got.len() < wanted.len() || got.len() > wanted.len() + slack {
        out.push(format!(
            "{key}: expected {} statements, got {}: {got:?}",
            wanted.len(),
            got.len()
        ));
        return;
    }
    for (index, phrase) in wanted.iter().enumerate() {
        let found = if slack == 0 {
            got[index].contains(phrase)
        } else {
            got.iter().any(|statement| statement.contains(phrase))
        };
        if !found {
            out.push(format!(
                "{key}[{index}]: expected a statement containing {phrase:?}, got {got:?}"
            ));
        }
    }
}

#[test]
fn every_seed_matches_its_hand_read_record() {
    let mut failures = Vec::new();
    let seeds = seed_paths();
    assert_eq!(seeds.len(), 5, "the five seeds are bundled in fixtures/");
    for path in seeds {
        let stem = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .to_string();
        let expected_path = fixtures_dir().join("expected").join(format!("{stem}.json"));
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path).expect("expected record"),
        )
        .expect("expected record is JSON");
        let parsed = match nianbao::parse::parse_file(&path) {
            Ok(parsed) => parsed,
            Err(error) => {
                failures.push(format!("{stem}: {error}"));
                continue;
            }
        };
        let actual = serde_json::to_value(&parsed.report).expect("record serialises");
        for line in mismatches(&expected, &actual) {
            failures.push(format!("{stem}: {line}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn table_three_of_every_seed_has_all_its_cells() {
    // 25 rows × 7 columns in each 2021-template seed; the 2019-template seed (004) has 23 rows.
    for path in seed_paths() {
        let parsed = nianbao::parse::parse_file(&path).expect("seed parses");
        let applications = parsed.report.applications.expect("table 3 present");
        let expected_rows = if parsed.report.template == nianbao::report::Template::T2019 {
            23
        } else {
            25
        };
        assert_eq!(applications.rows.len(), expected_rows, "{}", path.display());
    }
}
