//! Index and search over the five seed reports, through the library and through the `nianbao` binary.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use nianbao::index::Store;
use nianbao::search::{search, SearchRequest, SearchResponse};
use nianbao::Error;

use crate::util::seed_paths;

/// An in-RAM index of the five seeds (fixtures/*.txt).
fn seed_store() -> Store {
    let store = Store::create_in_ram().expect("in-RAM index");
    let parsed: Vec<_> = seed_paths()
        .iter()
        .map(|path| nianbao::parse::parse_file(path).expect("every seed parses"))
        .collect();
    store.add_batch(&parsed).expect("seeds index");
    store
}

/// The seed numbers (`000` … `004`, from the file names) of the hits, in hit order.
fn seeds(response: &SearchResponse) -> Vec<String> {
    response
        .hits
        .iter()
        .map(|hit| hit.file[..3].to_string())
        .collect()
}

fn sorted_seeds(response: &SearchResponse) -> Vec<String> {
    let mut seeds = seeds(response);
    seeds.sort();
    seeds
}

fn run(store: &Store, q: Option<&str>, filter: Option<&str>) -> SearchResponse {
    let request = SearchRequest {
        q: q.map(str::to_string),
        filter: filter.map(str::to_string),
        ..SearchRequest::default()
    };
    search(store, &request).expect("search succeeds")
}

/// The seeds whose text holds `needle` with punctuation and white space ignored: what a word query promises.
fn seeds_containing(needle: &str) -> Vec<String> {
    let squeeze = |text: &str| -> String { text.chars().filter(|c| c.is_alphanumeric()).collect() };
    let needle = squeeze(needle);
    let mut out: Vec<String> = seed_paths()
        .iter()
        .filter(|path| {
            let text = nianbao::parse::parse_file(path)
                .expect("every seed parses")
                .text;
            squeeze(&text).contains(&needle)
        })
        .map(|path| path.file_name().expect("file name").to_string_lossy()[..3].to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn new_media_finds_seed_000_first_with_the_term_highlighted() {
    let store = seed_store();
    let response = run(&store, Some("新媒体"), None);
    assert_eq!(seeds(&response).first().map(String::as_str), Some("000"));
    let hit = &response.hits[0];
    assert!(
        hit.highlights
            .values()
            .any(|snippet| snippet.contains("<mark>新媒体</mark>")),
        "{:?}",
        hit.highlights
    );
    assert_eq!(sorted_seeds(&response), seeds_containing("新媒体"));
}

#[test]
fn received_applications_filter_counts_the_contradictory_total_of_002() {
    let store = seed_store();
    let nonzero = run(&store, None, Some("applications.new_received.total > 0"));
    assert_eq!(sorted_seeds(&nonzero), vec!["001", "002", "003"]);
    let zero = run(&store, None, Some("applications.new_received.total = 0"));
    assert_eq!(sorted_seeds(&zero), vec!["000", "004"]);
    // 002 still carries its printed total and the broken check.
    let id = &nonzero
        .hits
        .iter()
        .find(|hit| hit.file.starts_with("002"))
        .expect("002 found")
        .id;
    let record = store.get(id).expect("get").expect("002 stored");
    assert_eq!(
        record
            .applications
            .expect("table 3")
            .cell("new_received", "total"),
        Some(0)
    );
    assert_eq!(record.consistent, Some(false));
}

#[test]
fn year_facet_counts_four_for_2021_and_one_for_2023() {
    let store = seed_store();
    let request = SearchRequest {
        facets: vec!["year".to_string()],
        limit: 0,
        ..SearchRequest::default()
    };
    let response = search(&store, &request).expect("search succeeds");
    let expected: BTreeMap<String, u64> = [("2021".to_string(), 4), ("2023".to_string(), 1)].into();
    assert_eq!(response.facets.get("year"), Some(&expected));
    assert_eq!(response.total, 5);
}

#[test]
fn indexing_the_seeds_twice_leaves_five_reports() {
    let store = seed_store();
    let again: Vec<_> = seed_paths()
        .iter()
        .map(|path| nianbao::parse::parse_file(path).expect("every seed parses"))
        .collect();
    store.add_batch(&again).expect("seeds index again");
    for parsed in &again {
        store.add(parsed).expect("one seed indexes again");
    }
    assert_eq!(store.num_docs().expect("count"), 5);
}

#[test]
fn words_match_as_substrings_and_phrases_ignore_punctuation() {
    let store = seed_store();
    for word in ["处理", "公开", "镇", "政务公开", "依申请公开", "培训"] {
        let response = run(&store, Some(word), None);
        assert_eq!(
            sorted_seeds(&response),
            seeds_containing(word),
            "query {word}"
        );
        let phrase = run(&store, Some(&format!("\"{word}\"")), None);
        assert_eq!(
            sorted_seeds(&phrase),
            seeds_containing(word),
            "phrase {word}"
        );
    }
}

#[test]
fn exclusions_remove_every_report_that_matches() {
    let store = seed_store();
    let with = BTreeSet::from_iter(seeds_containing("政务公开"));
    let excluded = BTreeSet::from_iter(seeds_containing("政府网站"));
    let response = run(&store, Some("政务公开 -政府网站"), None);
    let expected: Vec<String> = with.difference(&excluded).cloned().collect();
    assert!(
        !excluded.is_empty() && !expected.is_empty(),
        "the seeds exercise both sides"
    );
    assert_eq!(sorted_seeds(&response), expected);
    let either = run(&store, Some("政府网站 OR 新媒体"), None);
    let union: Vec<String> = excluded
        .union(&BTreeSet::from_iter(seeds_containing("新媒体")))
        .cloned()
        .collect();
    assert_eq!(sorted_seeds(&either), union);
}

#[test]
fn a_bad_filter_is_an_error_pointing_at_the_mistake() {
    let store = seed_store();
    let request = SearchRequest {
        filter: Some("applications.new_received.total >> 0".to_string()),
        ..SearchRequest::default()
    };
    match search(&store, &request) {
        Err(Error::Filter(message)) => {
            assert!(message.contains("at column 34"), "{message}");
            assert!(
                message.ends_with(&format!("\n  {}^", " ".repeat(33))),
                "{message}"
            );
        }
        other => panic!("expected a filter error, got {other:?}"),
    }
}

#[test]
fn reports_matching_serves_problems_and_export() {
    let store = seed_store();
    let all = store.reports_matching(None).expect("all");
    assert_eq!(all.len(), 5);
    assert!(all.windows(2).all(|pair| pair[0].file <= pair[1].file));
    let in_2023 = store.reports_matching(Some("year = 2023")).expect("2023");
    assert_eq!(
        in_2023
            .iter()
            .map(|report| &report.file[..3])
            .collect::<Vec<_>>(),
        vec!["002"]
    );
}

/// The command line: `nianbao index` twice, `nianbao search --json`, and a bad filter.
#[test]
fn the_cli_indexes_searches_and_points_at_filter_mistakes() {
    let binary = env!("CARGO_BIN_EXE_nianbao");
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index");
    let seeds: Vec<_> = seed_paths();
    for _ in 0..2 {
        let status = Command::new(binary)
            .arg("index")
            .arg("--index")
            .arg(&index)
            .args(&seeds)
            .status()
            .expect("nianbao index runs");
        assert!(status.success());
    }
    let output = Command::new(binary)
        .args([
            "search", "--json", "--limit", "0", "--facets", "year", "--index",
        ])
        .arg(&index)
        .output()
        .expect("nianbao search runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    assert_eq!(json["total"], 5);
    assert_eq!(json["facets"]["year"]["2021"], 4);

    let bad = Command::new(binary)
        .args(["search", "--filter", "year > 2020)", "--index"])
        .arg(&index)
        .output()
        .expect("nianbao search runs");
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("unexpected ')'") && stderr.contains("column 12"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  year > 2020)\n             ^"),
        "{stderr}"
    );

    // A folder is read recursively; a file that is not a report fails without touching the index.
    let junk = dir.path().join("reports");
    std::fs::create_dir_all(junk.join("sub")).expect("folders");
    std::fs::write(junk.join("sub").join("note.txt"), "购物清单：苹果、香蕉").expect("write");
    let failed = Command::new(binary)
        .arg("index")
        .arg("--index")
        .arg(&index)
        .arg(&junk)
        .output()
        .expect("nianbao index runs");
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("note.txt"));
    let store = Store::open_or_create(&index).expect("index opens");
    assert_eq!(store.num_docs().expect("count"), 5);
}
