//! The HTTP API through the router, without a socket (`app(state).oneshot(request)`): results, every error's full
//! JSON, the admin routes, the exports and the OpenAPI document.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use nianbao::index::Store;
use nianbao::parse::Parsed;
use nianbao::search::SearchRequest;
use nianbao::server::{api_paths, app, AppState};
use serde_json::{json, Value};
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

/// A fresh in-RAM index holding the five seeds.
fn seeded_store() -> Store {
    let store = Store::create_in_ram().expect("in-RAM index");
    store.add_batch(&SEEDS).expect("seeds index");
    store
}

/// The id of the seed read from a file name.
fn seed_id(file: &str) -> String {
    SEEDS
        .iter()
        .find(|parsed| parsed.report.file == file)
        .map(|parsed| {
            let report = &parsed.report;
            if report.id.is_empty() {
                nianbao::Report::compute_id(
                    report.agency.as_deref(),
                    report.region.as_deref(),
                    report.year,
                    &parsed.text,
                )
            } else {
                report.id.clone()
            }
        })
        .expect("seed present")
}

struct Answer {
    status: StatusCode,
    content_type: String,
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

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

async fn send(state: &AppState, request: Request<Body>) -> Answer {
    let response = app(state.clone())
        .oneshot(request)
        .await
        .expect("the router answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        content_type,
        body,
    }
}

async fn get(state: &AppState, uri: &str) -> Answer {
    send(state, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post_json(state: &AppState, uri: &str, body: &str) -> Answer {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(state, request).await
}

fn upload_request(token: Option<&str>, body: Vec<u8>) -> Request<Body> {
    let mut request = Request::post("/api/reports?file=%E6%B5%8B%E8%AF%95.txt");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::from(body)).unwrap()
}

fn state(token: Option<&str>) -> AppState {
    AppState::new(seeded_store(), token.map(str::to_string))
}

/// The response the engine itself gives, as the API shows it (plus the page asked for).
fn engine_json(store: &Store, request: &SearchRequest) -> Value {
    let response = nianbao::search::search(store, request).expect("engine answers");
    let mut value = as_sent(&response);
    value["limit"] = json!(request.limit);
    value["offset"] = json!(request.offset);
    value
}

/// A new report: seed 000 renamed to another township, with a word no seed contains.
fn new_report_text() -> Vec<u8> {
    let seed = std::fs::read_to_string(&seed_paths()[0]).unwrap();
    seed.replace("新民屯镇", "测试屯镇")
        .replace("政务新媒体整合水平", "政务新媒体与量子纠缠整合水平")
        .into_bytes()
}

async fn hits_for(state: &AppState, q: &str) -> u64 {
    let answer = post_json(state, "/api/search", &json!({ "q": q }).to_string()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()["total"].as_u64().unwrap()
}

#[tokio::test]
async fn search_returns_the_engines_hits_with_highlights() {
    let state = state(None);
    let answer = get(
        &state,
        "/api/search?q=%E6%96%B0%E5%AA%92%E4%BD%93&facets=year,region",
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let body = answer.json();

    let request = SearchRequest {
        q: Some("新媒体".to_string()),
        facets: vec!["year".to_string(), "region".to_string()],
        ..SearchRequest::default()
    };
    assert_eq!(body, engine_json(&state.store, &request));

    // What a user looks for: report 000 is the hit and shows the word marked.
    assert_eq!(body["total"], 1);
    assert_eq!(body["hits"][0]["file"], "000_1c57cddd851b3817.txt");
    assert_eq!(body["hits"][0]["id"], seed_id("000_1c57cddd851b3817.txt"));
    let highlights = body["hits"][0]["highlights"].as_object().unwrap();
    assert!(
        highlights
            .values()
            .any(|snippet| snippet.as_str().unwrap().contains("<mark>新媒体</mark>")),
        "{highlights:?}"
    );
    assert_eq!(body["facets"]["region"], json!({ "铁西区": 1 }));
}

#[tokio::test]
async fn post_search_is_the_same_engine_call_as_get() {
    let state = state(None);
    let from_get = get(
        &state,
        "/api/search?q=%E5%9F%B9%E8%AE%AD&filter=year%3D2021&facets=level&limit=2&offset=1&highlight=false",
    )
    .await;
    let from_post = post_json(
        &state,
        "/api/search",
        r#"{"q":"培训","filter":"year=2021","facets":["level"],"limit":2,"offset":1,"highlight":false}"#,
    )
    .await;
    assert_eq!(from_get.status, StatusCode::OK, "{}", from_get.text());
    assert_eq!(from_post.status, StatusCode::OK, "{}", from_post.text());
    assert_eq!(from_get.json(), from_post.json());
    let body = from_post.json();
    assert_eq!(body["limit"], 2);
    assert_eq!(body["offset"], 1);
    for hit in body["hits"].as_array().unwrap() {
        assert_eq!(hit["year"], 2021);
        assert_eq!(hit["highlights"], json!({}));
    }
}

#[tokio::test]
async fn the_received_applications_filter_finds_the_three_seeds_that_received_some() {
    let state = state(None);
    let filter = "applications.new_received.total > 0";
    let answer = post_json(
        &state,
        "/api/search",
        &json!({ "filter": filter, "limit": 10 }).to_string(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let files: BTreeSet<String> = answer.json()["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["file"].as_str().unwrap().to_string())
        .collect();
    // 001 received 1, 003 received 3, 002 received 2 from a company while its printed total says 0.
    let expected: BTreeSet<String> = [
        "001_ab0a76f0713d54a4.txt",
        "002_fc5dc72e36efd908.txt",
        "003_bd5d810af7c26391.txt",
    ]
    .map(String::from)
    .into();
    assert_eq!(files, expected);
}

#[tokio::test]
async fn a_bad_filter_is_a_400_that_points_at_the_column() {
    let state = state(None);
    let answer = get(
        &state,
        "/api/search?filter=year%20%3D%202021%20AND%20yaer%20%3D%201",
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let engine_error = nianbao::search::search(
        &state.store,
        &SearchRequest {
            filter: Some("year = 2021 AND yaer = 1".to_string()),
            ..SearchRequest::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        answer.json(),
        json!({ "code": "invalid_filter", "type": "invalid_request", "message": engine_error.to_string() })
    );
    assert!(
        answer.json()["message"]
            .as_str()
            .unwrap()
            .contains("column 17"),
        "{}",
        answer.text()
    );
}

#[tokio::test]
async fn an_unknown_report_is_a_404() {
    let state = state(None);
    let expected = json!({
        "code": "report_not_found",
        "type": "not_found",
        "message": "no report with id `ffffffffffffffff`",
    });
    for uri in [
        "/api/reports/ffffffffffffffff",
        "/api/reports/ffffffffffffffff/source",
    ] {
        let answer = get(&state, uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(answer.json(), expected, "{uri}");
    }
}

#[tokio::test]
async fn a_report_and_its_source_are_served() {
    let state = state(None);
    let id = seed_id("000_1c57cddd851b3817.txt");
    let answer = get(&state, &format!("/api/reports/{id}")).await;
    assert_eq!(answer.status, StatusCode::OK);
    let stored = state.store.get(&id).unwrap().unwrap();
    assert_eq!(answer.json(), serde_json::to_value(&stored).unwrap());
    assert_eq!(answer.json()["agency"], "新民屯镇人民政府");

    let source = get(&state, &format!("/api/reports/{id}/source")).await;
    assert_eq!(source.status, StatusCode::OK);
    assert_eq!(source.content_type, "text/plain; charset=utf-8");
    assert_eq!(source.text(), state.store.source(&id).unwrap().unwrap());
    assert!(source.text().contains("铁西区新民屯镇人民政府"));
}

#[tokio::test]
async fn limits_are_enforced_in_the_error_shape() {
    let state = state(None);
    let answer = get(&state, "/api/search?limit=1000000000").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.json(),
        json!({
            "code": "invalid_search_limit",
            "type": "invalid_request",
            "message": "limit must be at most 1000, got 1000000000",
        })
    );

    let answer = post_json(&state, "/api/search", r#"{"offset": 100001}"#).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["code"], "invalid_search_offset");

    let long = format!("/api/search?q={}", "a".repeat(9000));
    let answer = get(&state, &long).await;
    assert_eq!(answer.status, StatusCode::URI_TOO_LONG);
    assert_eq!(
        answer.json(),
        json!({
            "code": "query_too_long",
            "type": "invalid_request",
            "message": "the query string has 9002 bytes, at most 8192 are accepted; use POST /api/search",
        })
    );

    let big = json!({ "q": "a".repeat(70 * 1024) }).to_string();
    let answer = post_json(&state, "/api/search", &big).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        answer.json(),
        json!({
            "code": "payload_too_large",
            "type": "invalid_request",
            "message": "the request body is larger than this route accepts",
        })
    );
}

#[tokio::test]
async fn malformed_requests_answer_in_the_error_shape() {
    let state = state(None);

    let answer = post_json(&state, "/api/search", r#"{"q": "培训""#).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let body = answer.json();
    assert_eq!(body["code"], "malformed_json");
    assert_eq!(body["type"], "invalid_request");
    assert_eq!(body.as_object().unwrap().len(), 3, "{body}");

    let answer = post_json(
        &state,
        "/api/search",
        r#"{"q": "培训", "fliter": "year = 2021"}"#,
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let body = answer.json();
    assert_eq!(body["code"], "invalid_request_body");
    assert_eq!(body["type"], "invalid_request");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `fliter`"),
        "{body}"
    );

    let answer = post_json(&state, "/api/search", r#"{"limit": "ten"}"#).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["code"], "invalid_request_body");

    let answer = get(&state, "/api/search?limit=ten").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["code"], "invalid_query_string");

    let answer = get(&state, "/api/search?qq=1").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.json()["message"]
        .as_str()
        .unwrap()
        .contains("unknown field `qq`"));

    let request = Request::post("/api/search").body(Body::from("{}")).unwrap();
    let answer = send(&state, request).await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(answer.json()["code"], "missing_content_type");

    let answer = get(&state, "/api/nothing-here").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(
        answer.json(),
        json!({
            "code": "route_not_found",
            "type": "not_found",
            "message": "no route GET /api/nothing-here; the API is described at /api/openapi.json",
        })
    );

    let request = Request::put("/api/search").body(Body::empty()).unwrap();
    let answer = send(&state, request).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        answer.json(),
        json!({
            "code": "method_not_allowed",
            "type": "invalid_request",
            "message": "PUT is not allowed on /api/search",
        })
    );
}

#[tokio::test]
async fn uploads_need_the_admin_token_and_index_nothing_without_it() {
    let state = state(Some(TOKEN));
    let before = state.store.num_docs().unwrap();

    let answer = send(&state, upload_request(None, new_report_text())).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.json(),
        json!({
            "code": "missing_authorization_header",
            "type": "auth",
            "message": "this route needs the header `Authorization: Bearer <admin token>`",
        })
    );

    let answer = send(&state, upload_request(Some("wrong"), new_report_text())).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.json(),
        json!({ "code": "invalid_api_key", "type": "auth", "message": "the admin token is not valid" })
    );

    assert_eq!(state.store.num_docs().unwrap(), before);
    assert_eq!(hits_for(&state, "量子纠缠").await, 0);

    // Deleting needs the token too, and deletes nothing without it.
    let id = seed_id("000_1c57cddd851b3817.txt");
    let request = Request::delete(format!("/api/reports/{id}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&state, request).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(state.store.num_docs().unwrap(), before);
}

#[tokio::test]
async fn without_a_configured_token_the_admin_routes_are_off() {
    let state = state(None);
    let expected = json!({
        "code": "admin_disabled",
        "type": "auth",
        "message": "uploads and deletions are disabled on this server; start it with --admin-token or NIANBAO_ADMIN_TOKEN",
    });
    let answer = send(&state, upload_request(Some(TOKEN), new_report_text())).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.json(), expected);
    let id = seed_id("000_1c57cddd851b3817.txt");
    let request = Request::delete(format!("/api/reports/{id}"))
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    let answer = send(&state, request).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.json(), expected);
    assert_eq!(state.store.num_docs().unwrap(), 5);
    assert_eq!(hits_for(&state, "量子纠缠").await, 0);
}

#[tokio::test]
async fn an_upload_with_the_token_is_searchable_and_can_be_deleted() {
    let state = state(Some(TOKEN));
    let answer = send(&state, upload_request(Some(TOKEN), new_report_text())).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let body = answer.json();
    let id = body["id"].as_str().unwrap().to_string();
    assert_eq!(body["file"], "测试.txt");
    assert!(body["warnings"].is_array());
    assert_eq!(state.store.num_docs().unwrap(), 6);

    let search = post_json(&state, "/api/search", r#"{"q": "量子纠缠"}"#)
        .await
        .json();
    assert_eq!(search["total"], 1);
    assert_eq!(search["hits"][0]["id"], id.as_str());
    assert_eq!(search["hits"][0]["agency"], "测试屯镇人民政府");

    let report = get(&state, &format!("/api/reports/{id}")).await;
    assert_eq!(report.json()["file"], "测试.txt");

    let request = Request::delete(format!("/api/reports/{id}"))
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    let answer = send(&state, request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json(), json!({ "id": id, "deleted": true }));
    assert_eq!(hits_for(&state, "量子纠缠").await, 0);
    assert_eq!(
        get(&state, &format!("/api/reports/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_upload_can_be_a_multipart_form_and_a_non_report_is_a_400() {
    let state = state(Some(TOKEN));
    let boundary = "XnianbaoBoundaryX";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dir/上传.txt\"\r\n\
             Content-Type: text/plain\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(&new_report_text());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::post("/api/reports")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    let answer = send(&state, request).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["file"], "上传.txt");
    assert_eq!(hits_for(&state, "量子纠缠").await, 1);

    let answer = send(
        &state,
        upload_request(Some(TOKEN), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text());
    let body = answer.json();
    assert_eq!(body["code"], "invalid_document");
    assert_eq!(body["type"], "invalid_request");
    assert!(
        body["message"].as_str().unwrap().starts_with("测试.txt: "),
        "{body}"
    );
    assert_eq!(state.store.num_docs().unwrap(), 6);
}

#[tokio::test]
async fn the_csv_export_has_a_bilingual_header_and_one_row_per_selected_report() {
    let state = state(None);
    let answer = get(
        &state,
        "/api/export.csv?filter=applications.new_received.total%20%3E%200",
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.content_type, "text/csv; charset=utf-8");
    let text = answer.text();
    assert!(
        text.starts_with('\u{feff}'),
        "Excel needs the BOM to read UTF-8"
    );
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..3], ["编号 id", "文件 file", "机关 agency"]);
    let total_at = header
        .iter()
        .position(|cell| {
            cell == "本年新收政府信息公开申请数量-总计 applications.new_received.total"
        })
        .expect("bilingual figure column");
    let commercial_at = header
        .iter()
        .position(|cell| cell.ends_with(" applications.new_received.commercial"))
        .unwrap();
    let rows: BTreeMap<String, (String, String)> = reader
        .records()
        .map(|row| {
            let row = row.unwrap();
            (
                row[1].to_string(),
                (row[total_at].to_string(), row[commercial_at].to_string()),
            )
        })
        .collect();
    // The figures as printed: 002's total says 0 although a company applied twice.
    let expected: BTreeMap<String, (String, String)> = [
        ("001_ab0a76f0713d54a4.txt", ("1", "0")),
        ("002_fc5dc72e36efd908.txt", ("0", "2")),
        ("003_bd5d810af7c26391.txt", ("3", "")),
    ]
    .into_iter()
    .map(|(file, (total, commercial))| {
        (
            file.to_string(),
            (total.to_string(), commercial.to_string()),
        )
    })
    .collect();
    assert_eq!(rows, expected);
}

#[tokio::test]
async fn the_ndjson_export_has_one_object_per_report() {
    let state = state(None);
    let answer = get(&state, "/api/export.ndjson").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type, "application/x-ndjson");
    let rows: Vec<Value> = answer
        .text()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), 5);
    let row_003 = rows
        .iter()
        .find(|row| row["file"] == "003_bd5d810af7c26391.txt")
        .unwrap();
    assert_eq!(row_003["applications.new_received.total"], 3);
    assert_eq!(row_003["region"], "大洼区");

    let answer = get(&state, "/api/export.ndjson?filter=yaer%3D1").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["code"], "invalid_filter");
}

#[tokio::test]
async fn problems_are_the_library_themes_and_repeats() {
    let state = state(None);
    let answer = get(&state, "/api/problems?min_reports=2&limit=10").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let body = answer.json();

    let reports = state.store.reports_matching(None).unwrap();
    let options = nianbao::problems::ThemeOptions {
        min_reports: 2,
        limit: 10,
        include_reports: false,
        ..Default::default()
    };
    let themes = nianbao::problems::themes(&nianbao::problems::statements_of(&reports), &options);
    let repeats = nianbao::problems::repeats(
        &reports,
        &nianbao::problems::RepeatOptions {
            themes: options,
            ..Default::default()
        },
    );
    assert_eq!(body["themes"], as_sent(&themes));
    assert_eq!(body["repeats"], as_sent(&repeats));
    // Every seed states problems; the seeds come from five different bodies, so none repeats across years.
    assert_eq!(body["themes"]["report_count"], 5);
    assert_eq!(body["repeats"], json!([]));

    let answer = get(&state, "/api/problems?min_reports=0").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.json(),
        json!({
            "code": "invalid_problems_min_reports",
            "type": "invalid_request",
            "message": "min_reports must be at least 1",
        })
    );
}

#[tokio::test]
async fn health_reports_the_number_of_reports() {
    let state = state(None);
    let answer = get(&state, "/api/health").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        json!({ "status": "available", "reports": 5, "version": env!("CARGO_PKG_VERSION") })
    );
}

#[tokio::test]
async fn the_page_is_served_from_the_binary() {
    let state = state(None);
    let page = get(&state, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert!(page.text().contains("<html lang=\"zh-CN\">"));
    for asset in ["/assets/app.js", "/assets/style.css"] {
        let answer = get(&state, asset).await;
        assert_eq!(answer.status, StatusCode::OK, "{asset}");
        assert!(!answer.body.is_empty());
    }
    let page_text = page.text();
    for external in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(
            !page_text.contains(external),
            "the page loads nothing from elsewhere"
        );
    }
}

/// A value as the API sends it: through JSON text, where f32 numbers print shortest.
fn as_sent<T: serde::Serialize>(value: &T) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

/// Every method the router answers on an API path (anything but 405), the path's `{id}` filled in.
async fn routed_methods(state: &AppState, path: &str) -> BTreeSet<String> {
    let uri = path.replace("{id}", "0000000000000000");
    let mut methods = BTreeSet::new();
    for method in [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ] {
        let request = Request::builder()
            .method(method.clone())
            .uri(&uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap();
        let answer = send(state, request).await;
        let code = serde_json::from_slice::<Value>(&answer.body)
            .ok()
            .map(|body| body["code"].clone());
        assert_ne!(code, Some(json!("route_not_found")), "{method} {uri}");
        if answer.status != StatusCode::METHOD_NOT_ALLOWED {
            methods.insert(method.as_str().to_ascii_lowercase());
        }
    }
    methods
}

#[tokio::test]
async fn every_route_is_in_the_openapi_document_and_every_documented_route_exists() {
    let state = state(Some(TOKEN));
    let answer = get(&state, "/api/openapi.json").await;
    assert_eq!(answer.status, StatusCode::OK);
    let document = answer.json();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let documented: BTreeMap<String, BTreeSet<String>> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(path, item)| {
            (
                path.clone(),
                item.as_object().unwrap().keys().cloned().collect(),
            )
        })
        .collect();

    let mut routed = BTreeMap::new();
    for path in api_paths() {
        routed.insert(path.to_string(), routed_methods(&state, path).await);
    }
    assert_eq!(routed, documented);

    // Every `$ref` points at a schema that exists.
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let text = document.to_string();
    for (index, _) in text.match_indices("#/components/schemas/") {
        let name: String = text[index + "#/components/schemas/".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(schemas.contains_key(&name), "missing schema {name}");
    }
}

#[tokio::test]
async fn uploads_may_be_large_but_not_over_16_mib() {
    let state = state(Some(TOKEN));
    // 250 KB: far over the 64 KiB of other bodies, well under the upload limit.
    let mut large = new_report_text();
    for line in 0..3000 {
        large.extend_from_slice(
            format!("补充说明第{line}行：持续推进政务公开标准化规范化建设。\n").as_bytes(),
        );
    }
    assert!(large.len() > 200 * 1024);
    let answer = send(&state, upload_request(Some(TOKEN), large)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());

    let too_large = vec![b'a'; 16 * 1024 * 1024 + 1];
    let answer = send(&state, upload_request(Some(TOKEN), too_large)).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        answer.json(),
        json!({
            "code": "payload_too_large",
            "type": "invalid_request",
            "message": "the request body is larger than this route accepts",
        })
    );
    assert_eq!(state.store.num_docs().unwrap(), 6);
}

/// Seed 001 (尚店镇, 2021) and a 2022 report of the same body made from it: 5 new applications instead of 1, 2
/// carried over although 2021 carried none to the next year, 行政规范性文件 2 issued and 3 in force although none were in
/// force in 2021; 2021 signed on 20 January 2022 (on time), 2022 on 10 April 2023 (after the 31 March deadline).
fn two_years_of_one_body() -> (Parsed, Parsed) {
    let seed = std::fs::read_to_string(&seed_paths()[1]).unwrap();
    assert!(seed.contains("舞钢市尚店镇人民政府2021年"));
    let first = format!("{seed}\n舞钢市尚店镇人民政府\n2022年1月20日\n");
    let second = seed
        .replace("2021", "2022")
        .replace(
            "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1",
            "一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t0\t5",
        )
        .replace(
            "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
            "二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2",
        )
        .replace("行政规范性文件\t0\t0\t0", "行政规范性文件\t2\t0\t3");
    let second = format!("{second}\n舞钢市尚店镇人民政府\n2023年4月10日\n");
    let parse =
        |name: &str, text: &str| nianbao::parse::parse_bytes(name, text.as_bytes()).unwrap();
    (parse("2021.txt", &first), parse("2022.txt", &second))
}

#[tokio::test]
async fn the_history_route_gives_a_bodys_years_checks_timeliness_and_changes() {
    let (first, second) = two_years_of_one_body();
    assert_eq!(
        (first.report.year, second.report.year),
        (Some(2021), Some(2022))
    );
    let store = seeded_store();
    store
        .add_batch(&[first.clone(), second.clone()])
        .expect("the two years index");
    let state = AppState::new(store, None);
    let answer = get(
        &state,
        &format!("/api/reports/{}/history", second.report.id),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let body = answer.json();
    assert_eq!(body["id"], second.report.id.as_str());
    let history = &body["history"];
    // The seed 001 indexed from its own file is the 2021 report of the same body (same id, replaced).
    let years: Vec<(i64, &str)> = history["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["year"].as_i64().unwrap(),
                entry["id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        years,
        vec![
            (2021, first.report.id.as_str()),
            (2022, second.report.id.as_str())
        ]
    );
    assert_eq!(history["region"], "舞钢市");
    assert_eq!(history["consistent"], false);
    let broken: BTreeSet<(String, String, i64, i64)> = history["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|check| check["ok"] == false)
        .map(|check| {
            (
                check["rule"].as_str().unwrap().to_string(),
                check["scope"].as_str().unwrap().to_string(),
                check["expected"].as_i64().unwrap(),
                check["printed"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, i64, i64)> = [
        ("carried_over_continuity", "natural_person", 0, 2),
        ("carried_over_continuity", "total", 0, 2),
        ("normative_documents_stock", "normative_documents", 2, 3),
    ]
    .into_iter()
    .map(|(rule, scope, expected, printed)| {
        (rule.to_string(), scope.to_string(), expected, printed)
    })
    .collect();
    assert_eq!(broken, expected);
    let timeliness: Vec<(&str, &str, &str, Value)> = history["timeliness"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["published"].as_str().unwrap(),
                entry["deadline"].as_str().unwrap(),
                entry["status"].as_str().unwrap(),
                entry["days_late"].clone(),
            )
        })
        .collect();
    assert_eq!(
        timeliness,
        vec![
            ("2022-01-20", "2022-03-31", "on_time", Value::Null),
            ("2023-04-10", "2023-03-31", "late", json!(10)),
        ]
    );
    let received = history["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|change| change["figure"] == "applications.new_received.total")
        .expect("the change of applications received");
    assert_eq!(
        (
            &received["from"],
            &received["to"],
            &received["delta"],
            &received["percent"]
        ),
        (&json!(1), &json!(5), &json!(4), &json!(400.0))
    );
    // The same history from the other year's id; an unknown id is a 404.
    let from_first = get(&state, &format!("/api/reports/{}/history", first.report.id)).await;
    assert_eq!(from_first.json()["history"], *history);
    let missing = get(&state, "/api/reports/0000000000000000/history").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["code"], "report_not_found");
}
