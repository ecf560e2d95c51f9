//! Reliability and security: the parsers on arbitrary input, the indexer killed mid-run, writes during searches,
//! malformed requests, and what an anonymous client cannot do. See RELIABILITY.md for the fuzzing and load figures.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use nianbao::index::Store;
use nianbao::parse::Parsed;
use nianbao::search::{filter, query, SearchRequest};
use nianbao::server::{app, AppState};
use proptest::prelude::*;
use serde_json::Value;
use tower::ServiceExt;

use crate::util::seed_paths;

const TOKEN: &str = "s3cret-admin-token";

/// The five seeds, parsed once.
static SEEDS: LazyLock<Vec<Parsed>> = LazyLock::new(|| {
    seed_paths()
        .iter()
        .map(|path| nianbao::parse::parse_file(path).expect("seed parses"))
        .collect()
});

fn seeded_state(token: Option<&str>) -> AppState {
    let store = Store::create_in_ram().expect("in-RAM index");
    store.add_batch(&SEEDS).expect("seeds index");
    AppState::new(store, token.map(str::to_string))
}

/// A status and a body.
struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// Asserts a 4xx in the `{"code","type","message"}` shape and returns the code and message.
    fn client_error(&self, status: StatusCode) -> (String, String) {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        let body = self.json();
        let object = body.as_object().expect("an error is a JSON object");
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["code", "message", "type"], "error shape: {body}");
        let message = body["message"].as_str().unwrap_or_default().to_string();
        assert!(!message.trim().is_empty(), "an error says what went wrong");
        for internal in ["panicked", "src/", ".rs:", "RUST_BACKTRACE", "tantivy::"] {
            assert!(
                !message.contains(internal),
                "`{internal}` leaks into {message}"
            );
        }
        (
            body["code"].as_str().unwrap_or_default().to_string(),
            message,
        )
    }
}

async fn send(state: &AppState, request: Request<Body>) -> Answer {
    let response = app(state.clone())
        .oneshot(request)
        .await
        .expect("the router always answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

fn get_request(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

async fn get(state: &AppState, uri: &str) -> Answer {
    send(state, get_request(uri)).await
}

async fn post_json(state: &AppState, uri: &str, body: impl Into<Body>) -> Answer {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .expect("request");
    send(state, request).await
}

fn upload_request(token: Option<&str>, file: &str, body: Vec<u8>) -> Request<Body> {
    let mut request = Request::post(format!("/api/reports?file={file}"));
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::from(body)).expect("request")
}

/// `n` generated reports (file name, bytes), distinct bodies and years.
fn generated(n: usize, seed: u64) -> Vec<(String, Vec<u8>)> {
    let options = nianbao::gen::GenOptions {
        count: n,
        seed,
        ..Default::default()
    };
    nianbao::gen::generate(&options)
        .map(|report| (report.file_name, report.bytes))
        .collect()
}

// ---------------------------------------------------------------------------------------------------------------
// The filter and query parsers on arbitrary strings.

/// The 1-based column an error names (`… at column 7`).
fn error_column(message: &str) -> Option<usize> {
    let rest = &message[message.find("at column ")? + "at column ".len()..];
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Strings built from the filter language's own pieces, so that the parser goes deep and not only fails at once.
fn filter_like() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("(".to_string()),
        Just(")".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just("=".to_string()),
        Just("!=".to_string()),
        Just(">=".to_string()),
        Just("<".to_string()),
        Just("AND".to_string()),
        Just("OR".to_string()),
        Just("NOT".to_string()),
        Just("IN".to_string()),
        Just("TO".to_string()),
        Just("EXISTS".to_string()),
        Just("year".to_string()),
        Just("region".to_string()),
        Just("applications.new_received.total".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("\\".to_string()),
        "[0-9]{1,25}",
        "-?[0-9]{1,3}\\.[0-9]{0,3}(e[0-9]{1,3})?",
        "\\PC{1,4}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_is_a_filter_or_an_error_at_a_column_inside_it(
        text in prop_oneof![filter_like(), "\\PC{0,80}", any::<String>()]
    ) {
        if let Err(error) = filter::validate(&text) {
            let message = error.to_string();
            // A blank filter has no column to point at (the API treats it as no filter).
            prop_assume!(!text.trim().is_empty());
            let column = error_column(&message);
            prop_assert!(column.is_some(), "no column in {message}");
            let column = column.unwrap_or_default();
            // The column may point just past the end (an expression that stops too early).
            prop_assert!(
                column >= 1 && column <= text.chars().count() + 1,
                "column {column} outside {text:?}: {message}"
            );
        }
    }

    #[test]
    fn any_string_is_a_query_or_an_error_with_a_message(text in prop_oneof!["\\PC{0,120}", any::<String>()]) {
        match query::parse(&text) {
            Ok(parsed) => {
                let store = Store::create_in_ram().map_err(|e| TestCaseError::fail(e.to_string()))?;
                let _ = query::to_query(store.fields(), &parsed);
            }
            Err(error) => prop_assert!(!error.to_string().trim().is_empty()),
        }
    }
}

#[test]
fn pathological_filters_and_queries_are_errors_not_crashes() {
    let deep = format!("{}year = 2021{}", "(".repeat(5_000), ")".repeat(5_000));
    let message = filter::validate(&deep)
        .expect_err("5,000 nested parentheses are refused")
        .to_string();
    assert!(message.contains("nests deeper"), "{message}");
    let huge = format!("{}year = 2021{}", "(".repeat(100_000), ")".repeat(100_000));
    let message = filter::validate(&huge)
        .expect_err("a 200 kB filter is refused")
        .to_string();
    assert!(message.contains("too long"), "{message}");
    let nots = format!("{}year = 2021", "NOT ".repeat(100_000));
    assert!(filter::validate(&nots).is_err());
    let terms = vec!["政务公开"; 10_000].join(" ");
    let message = query::parse(&terms)
        .expect_err("a 10,000-term query is refused")
        .to_string();
    assert!(message.contains("too many words (10000)"), "{message}");
}

// ---------------------------------------------------------------------------------------------------------------
// Crash safety: SIGKILL in the middle of `nianbao index`.

/// The number of documents of the last commit, from the index's `meta.json` (0 before the first commit).
fn committed_docs(index_dir: &Path) -> u64 {
    let Ok(meta) = std::fs::read_to_string(index_dir.join("meta.json")) else {
        return 0;
    };
    let Ok(meta) = serde_json::from_str::<Value>(&meta) else {
        return 0;
    };
    meta["segments"]
        .as_array()
        .map(|segments| {
            segments
                .iter()
                .map(|segment| {
                    let max_doc = segment["max_doc"].as_u64().unwrap_or(0);
                    let deleted = segment["deletes"]["num_deleted_docs"].as_u64().unwrap_or(0);
                    max_doc.saturating_sub(deleted)
                })
                .sum()
        })
        .unwrap_or(0)
}

#[test]
fn an_indexer_killed_mid_run_leaves_the_last_commit_intact_and_a_rerun_completes() {
    const REPORTS: usize = 2000;
    const COMMIT_EVERY: usize = 200;
    let work = tempfile::tempdir().expect("temp dir");
    let corpus = work.path().join("corpus");
    let index_dir = work.path().join("index");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    for (name, bytes) in generated(REPORTS, 11) {
        std::fs::write(corpus.join(name), bytes).expect("write report");
    }
    let index_command = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_nianbao"));
        command
            .arg("index")
            .arg("--index")
            .arg(&index_dir)
            .arg("--commit-every")
            .arg(COMMIT_EVERY.to_string())
            .arg(&corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };

    // Start the indexer and SIGKILL it as soon as its first commit is on disk.
    let mut child = index_command().spawn().expect("start nianbao index");
    let started = Instant::now();
    while committed_docs(&index_dir) == 0 {
        if let Some(status) = child.try_wait().expect("poll the indexer") {
            panic!("the indexer ended ({status}) before its first commit was seen");
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "no commit within 5 minutes"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL the indexer");
    child.wait().expect("reap the indexer");
    assert!(
        index_dir.join(".tantivy-writer.lock").exists(),
        "the killed writer leaves its lock file behind"
    );

    // The index opens, and holds whole commits only: every stored record reads back and equals its file parsed.
    let store = Store::open_or_create(&index_dir).expect("the index opens after SIGKILL");
    let survived = store.num_docs().expect("count");
    assert!(
        survived > 0 && survived < REPORTS as u64,
        "killed mid-run: {survived} of {REPORTS}"
    );
    let records = store
        .reports_matching(None)
        .expect("every stored record deserialises");
    assert_eq!(records.len() as u64, survived);
    let found = nianbao::search::search(
        &store,
        &SearchRequest {
            limit: 0,
            ..SearchRequest::default()
        },
    )
    .expect("search");
    assert_eq!(found.total, survived, "a search finds every stored report");
    for record in records.iter().step_by(25) {
        let reparsed = nianbao::parse::parse_file(&corpus.join(&record.file)).expect("reparse");
        assert_eq!(
            &reparsed.report, record,
            "the stored record of {} is intact",
            record.file
        );
    }
    drop(store);

    // The same command again: the stale lock does not stop it, and it ends with one document per report.
    let rerun = index_command()
        .stderr(Stdio::piped())
        .output()
        .expect("rerun nianbao index");
    let log = String::from_utf8_lossy(&rerun.stderr);
    assert!(rerun.status.success(), "the rerun succeeds: {log}");
    // A generated body may publish two files with the same agency, region and year: the indexer names them, and
    // the later one replaces the earlier (one document per report id).
    let same_report = log
        .lines()
        .find_map(|line| {
            line.strip_prefix("nianbao: ")?
                .split_once(" files are the same report")
        })
        .map_or(0, |(count, _)| count.parse::<usize>().expect("a count"));
    let store = Store::open_or_create(&index_dir).expect("the index opens");
    let records = store.reports_matching(None).expect("records");
    assert!(
        same_report < REPORTS / 50,
        "{same_report} files share an id: {log}"
    );
    assert_eq!(
        records.len(),
        REPORTS - same_report,
        "one document per report: {log}"
    );
    let mut ids: Vec<&str> = records.iter().map(|record| record.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), records.len(), "no duplicates after the rerun");

    // Only whole batches were committed before the kill: the survivors are the distinct reports of the first k
    // batches of files (in the indexer's order, by name), for some k. A file that replaces an earlier one of the
    // same id adds no document; the rerun's log names those files.
    let mut files: Vec<String> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .filter_map(|entry| {
            entry
                .ok()
                .map(|entry| entry.file_name().to_string_lossy().to_string())
        })
        .collect();
    files.sort();
    let replacing: Vec<usize> = log
        .lines()
        .filter_map(|line| line.trim_start().split_once(" replaced "))
        .filter_map(|(later, _)| {
            let name = Path::new(later).file_name()?.to_string_lossy().to_string();
            files.iter().position(|file| *file == name)
        })
        .collect();
    assert_eq!(
        replacing.len(),
        same_report,
        "the log names every replacing file"
    );
    let batch_counts: Vec<u64> = (1..REPORTS / COMMIT_EVERY)
        .map(|batches| {
            let end = batches * COMMIT_EVERY;
            (end - replacing.iter().filter(|&&at| at < end).count()) as u64
        })
        .collect();
    assert!(
        batch_counts.contains(&survived),
        "{survived} reports survived, not a whole number of batches {batch_counts:?}"
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Concurrency: uploads while searches run.

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn uploads_during_searches_are_serialised_and_nothing_fails() {
    const UPLOADERS: usize = 2;
    const UPLOADS_EACH: usize = 8;
    const SEARCHERS: usize = 6;
    let state = seeded_state(Some(TOKEN));
    let seeds = SEEDS.len() as u64;
    let reports = generated(UPLOADERS * UPLOADS_EACH, 23);

    let mut searchers = Vec::new();
    for worker in 0..SEARCHERS {
        let state = state.clone();
        searchers.push(tokio::spawn(async move {
            let mut last_total = 0;
            for round in 0..15 {
                // An empty query matches every report; a seed's own words always find that seed.
                let answer = if (worker + round) % 2 == 0 {
                    get(&state, "/api/search?limit=5&facets=year").await
                } else {
                    post_json(&state, "/api/search", r#"{"q":"政府信息公开","limit":3}"#).await
                };
                assert_eq!(
                    answer.status,
                    StatusCode::OK,
                    "search failed during uploads"
                );
                let body = answer.json();
                let total = body["total"].as_u64().expect("total");
                let hits = body["hits"].as_array().expect("hits").len() as u64;
                assert!(total >= seeds, "the seeds stay findable: {total}");
                assert!(hits <= 5 && hits <= total);
                if (worker + round) % 2 == 0 {
                    assert!(
                        total >= last_total,
                        "a later search never sees fewer reports"
                    );
                    last_total = total;
                }
            }
        }));
    }
    let mut uploaders = Vec::new();
    for chunk in reports.chunks(UPLOADS_EACH) {
        let state = state.clone();
        let chunk = chunk.to_vec();
        uploaders.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for (name, bytes) in chunk {
                let answer = send(&state, upload_request(Some(TOKEN), &name, bytes)).await;
                assert_eq!(
                    answer.status,
                    StatusCode::OK,
                    "upload of {name}: {}",
                    String::from_utf8_lossy(&answer.body)
                );
                ids.push(answer.json()["id"].as_str().expect("id").to_string());
            }
            ids
        }));
    }
    for searcher in searchers {
        searcher.await.expect("searcher task");
    }
    let mut ids = Vec::new();
    for uploader in uploaders {
        ids.extend(uploader.await.expect("uploader task"));
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), UPLOADERS * UPLOADS_EACH, "distinct reports");
    let health = get(&state, "/api/health").await.json();
    assert_eq!(
        health["reports"].as_u64(),
        Some(seeds + ids.len() as u64),
        "no upload lost"
    );
    for id in &ids {
        let answer = get(&state, &format!("/api/reports/{id}")).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.json()["id"].as_str(), Some(id.as_str()));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Bad requests: a clear 4xx, never a panic or a 500.

#[tokio::test]
async fn oversized_bodies_are_413() {
    let state = seeded_state(Some(TOKEN));
    let search_body = format!(r#"{{"q":"{}"}}"#, "公开".repeat(40_000));
    let (code, _) = post_json(&state, "/api/search", search_body)
        .await
        .client_error(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(code, "payload_too_large");
    let upload = vec![b'a'; nianbao::server::MAX_UPLOAD_BYTES + 1];
    let (code, _) = send(&state, upload_request(Some(TOKEN), "big.txt", upload))
        .await
        .client_error(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(code, "payload_too_large");
}

#[tokio::test]
async fn a_ten_thousand_term_query_is_refused_with_the_count() {
    let state = seeded_state(None);
    // In the URL (10,000 one-letter words, 20 kB) it is over the query-string limit…
    let uri = format!("/api/search?q={}", vec!["a"; 10_000].join("+"));
    let (code, message) = get(&state, &uri)
        .await
        .client_error(StatusCode::URI_TOO_LONG);
    assert_eq!(code, "query_too_long");
    assert!(message.contains("use POST /api/search"), "{message}");
    // … and in a POST body the query parser says how many words it got.
    let terms = vec!["公"; 10_000].join(" ");
    let body = serde_json::json!({ "q": terms }).to_string();
    let (code, message) = post_json(&state, "/api/search", body)
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "invalid_query");
    assert!(message.contains("10000"), "{message}");
}

#[tokio::test]
async fn out_of_range_limits_and_offsets_are_400() {
    let state = seeded_state(None);
    let cases = [
        (
            "/api/search?limit=1000000000",
            "invalid_search_limit",
            "1000000000",
        ),
        (
            "/api/search?offset=1000000000",
            "invalid_search_offset",
            "1000000000",
        ),
        ("/api/search?offset=-1", "invalid_query_string", "offset"),
        ("/api/search?limit=-5", "invalid_query_string", "limit"),
        (
            "/api/search?offset=99999999999999999999999999",
            "invalid_query_string",
            "offset",
        ),
        ("/api/search?limit=ten", "invalid_query_string", "limit"),
        (
            "/api/problems?limit=1000000000",
            "invalid_problems_limit",
            "limit",
        ),
    ];
    for (uri, expected_code, named) in cases {
        let (code, message) = get(&state, uri).await.client_error(StatusCode::BAD_REQUEST);
        assert_eq!(code, expected_code, "{uri}: {message}");
        assert!(message.contains(named), "{uri}: {message}");
    }
    let (code, _) = post_json(&state, "/api/search", r#"{"limit":1000000000}"#)
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "invalid_search_limit");
    let (code, _) = post_json(&state, "/api/search", r#"{"offset":-3}"#)
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "invalid_request_body");
}

#[tokio::test]
async fn invalid_utf8_and_unknown_parameters_are_400() {
    let state = seeded_state(Some(TOKEN));
    // Percent-encoded bytes that are not UTF-8 are decoded as U+FFFD (as browsers do); the query then has no words
    // and the filter no known field, and each parser says so.
    let (code, message) = get(&state, "/api/search?q=%FF%FE%80")
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "invalid_query");
    assert!(message.contains("no words"), "{message}");
    let (code, message) = get(&state, "/api/export.csv?filter=%C3%28")
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "invalid_filter");
    assert_eq!(error_column(&message), Some(1), "{message}");
    // A JSON body with invalid UTF-8 inside a string.
    let body = [b"{\"q\":\"".as_slice(), &[0xFF, 0xFE], b"\"}"].concat();
    let (code, _) = post_json(&state, "/api/search", body)
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "malformed_json");
    // An upload of bytes that are neither text nor a known container.
    let upload = vec![0u8, 0xFF, 0xFE, 0x00, 0x13, 0x37];
    let (code, _) = send(&state, upload_request(Some(TOKEN), "x.txt", upload))
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "invalid_document");
    // Unknown parameters are named, in the query string and in a body.
    let (code, message) = get(&state, "/api/search?q=公开&lmit=5")
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "invalid_query_string");
    assert!(message.contains("lmit"), "{message}");
    let (code, message) = post_json(&state, "/api/search", r#"{"q":"公开","pagesize":5}"#)
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "invalid_request_body");
    assert!(message.contains("pagesize"), "{message}");
    let (code, message) = get(&state, "/api/export.ndjson?path=/etc/passwd")
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "invalid_query_string");
    assert!(message.contains("path"), "{message}");
}

#[tokio::test]
async fn deep_and_huge_filters_are_400_with_a_column() {
    let state = seeded_state(None);
    let deep = format!("{}year = 2021", "(".repeat(5_000));
    let body = serde_json::json!({ "filter": deep }).to_string();
    let (code, message) = post_json(&state, "/api/search", body)
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "invalid_filter");
    assert!(error_column(&message).is_some(), "{message}");
    let wide = vec!["year = 2021"; 3_000].join(" OR ");
    let body = serde_json::json!({ "filter": wide }).to_string();
    let (code, _) = post_json(&state, "/api/search", body)
        .await
        .client_error(StatusCode::BAD_REQUEST);
    assert_eq!(code, "invalid_filter");
}

// ---------------------------------------------------------------------------------------------------------------
// Security.

#[tokio::test]
async fn write_routes_need_the_exact_admin_token() {
    let state = seeded_state(Some(TOKEN));
    let before = get(&state, "/api/health").await.json()["reports"].clone();
    let report = generated(1, 5).remove(0).1;
    let near_misses = [
        None,
        Some(""),
        Some("s3cret"),
        Some("s3cret-admin-token-and-more"),
        Some("S3CRET-ADMIN-TOKEN"),
    ];
    for token in near_misses {
        let answer = send(&state, upload_request(token, "r.txt", report.clone())).await;
        answer.client_error(StatusCode::UNAUTHORIZED);
        assert_eq!(
            answer
                .headers
                .get(header::WWW_AUTHENTICATE)
                .map(|v| v.as_bytes()),
            Some(b"Bearer".as_slice())
        );
    }
    let seed_id = SEEDS[0].report.id.clone();
    let delete = |token: Option<&str>| {
        let mut request = Request::builder()
            .method(Method::DELETE)
            .uri(format!("/api/reports/{seed_id}"));
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        request.body(Body::empty()).expect("request")
    };
    send(&state, delete(None))
        .await
        .client_error(StatusCode::UNAUTHORIZED);
    send(&state, delete(Some("wrong")))
        .await
        .client_error(StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(&state, "/api/health").await.json()["reports"],
        before,
        "nothing was written"
    );
    // Without a configured token, even a request carrying one is refused.
    let closed = seeded_state(None);
    let answer = send(&closed, upload_request(Some(TOKEN), "r.txt", report)).await;
    let status = answer.status;
    assert!(
        status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN,
        "{status}"
    );
    let (code, _) = answer.client_error(status);
    assert_eq!(code, "admin_disabled");
}

#[tokio::test]
async fn ids_and_parameters_cannot_reach_files_outside_the_index() {
    let state = seeded_state(Some(TOKEN));
    for uri in [
        "/api/reports/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/reports/..%2F..%2F..%2F..%2Fetc%2Fpasswd/source",
        "/api/reports/%2Fetc%2Fpasswd/source",
        "/api/reports/..%5C..%5CCargo.toml/source",
        "/assets/..%2F..%2FCargo.toml",
        "/assets/..%2Fserver%2Fmod.rs",
    ] {
        let answer = get(&state, uri).await;
        answer.client_error(StatusCode::NOT_FOUND);
        let text = String::from_utf8_lossy(&answer.body);
        assert!(!text.contains("root:x:0:0"), "{uri} read a file");
        assert!(!text.contains("[package]"), "{uri} read a file");
    }
    // An upload's file name is only recorded, stripped of its folders; nothing is written outside the index.
    let report = generated(1, 9).remove(0).1;
    let answer = send(
        &state,
        upload_request(Some(TOKEN), "..%2F..%2Ftmp%2Fnianbao-escape.txt", report),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["file"], "nianbao-escape.txt");
    assert!(!Path::new("/tmp/nianbao-escape.txt").exists());
}

#[tokio::test]
async fn cors_is_off_and_errors_carry_no_internals() {
    let state = seeded_state(None);
    let request = Request::get("/api/search?q=公开")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .expect("request");
    let answer = send(&state, request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/reports")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .body(Body::empty())
        .expect("request");
    let answer = send(&state, preflight).await;
    answer.client_error(StatusCode::METHOD_NOT_ALLOWED);
    assert!(answer
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());

    // A record that cannot be read back (written behind the store's back) is a 500 that names nothing internal.
    let store = Store::create_in_ram().expect("in-RAM index");
    {
        let fields = store.fields();
        let mut writer: tantivy::IndexWriter = store
            .index()
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let mut doc = tantivy::TantivyDocument::default();
        doc.add_text(fields.id, "broken");
        doc.add_text(fields.record, "{\"secret_internal_detail\": ");
        writer.add_document(doc).expect("add");
        writer.commit().expect("commit");
    }
    store.add(&SEEDS[0]).expect("add reloads the reader");
    let state = AppState::new(store, None);
    let answer = get(&state, "/api/reports/broken").await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    let body = answer.json();
    assert_eq!(body["code"], "internal");
    let text = body.to_string();
    for internal in ["secret_internal_detail", "unreadable", "DocAddress", "EOF"] {
        assert!(!text.contains(internal), "{internal} leaks: {text}");
    }
}

#[test]
fn serve_listens_on_loopback_by_default() {
    let output = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["serve", "--help"])
        .output()
        .expect("run nianbao serve --help");
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{help}");
    assert!(help.contains("[default: 127.0.0.1:"), "{help}");
}
