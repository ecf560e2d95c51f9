//! Tests of the query engine over a small in-RAM index of hand-built reports.

use std::collections::BTreeMap;

use super::*;
use crate::parse::Parsed;
use crate::report::{AppRow, Applications, Level, Section, Template};

/// A report with an agency, a year, an overview text and a new_received row.
fn report(
    id: &str,
    agency: &str,
    year: i32,
    overview: &str,
    new_received: [Option<i64>; 7],
) -> Parsed {
    let mut rows = BTreeMap::new();
    rows.insert("new_received".to_string(), AppRow::from_cells(new_received));
    let text = format!("{agency}{year}年政府信息公开工作年度报告\n一、总体情况\n{overview}\n");
    Parsed {
        report: Report {
            id: id.to_string(),
            file: format!("{id}.txt"),
            title: Some(format!("{agency}{year}年政府信息公开工作年度报告")),
            agency: Some(agency.to_string()),
            region: Some("铁西区".to_string()),
            level: Some(Level::Township),
            year: Some(year),
            template: Template::T2021,
            consistent: Some(
                new_received[6] == Some(new_received[..6].iter().map(|c| c.unwrap_or(0)).sum()),
            ),
            sections: crate::report::Sections {
                overview: Some(Section {
                    heading: "一、总体情况".to_string(),
                    text: overview.to_string(),
                }),
                ..Default::default()
            },
            applications: Some(Applications { rows }),
            ..Report::default()
        },
        text,
    }
}

const ZEROS: [Option<i64>; 7] = [Some(0); 7];

fn store() -> Store {
    let store = Store::create_in_ram().unwrap();
    let mut broken_total = ZEROS;
    broken_total[1] = Some(2); // 商业企业 2, 总计 0
    let mut three = [None; 7];
    three[0] = Some(3);
    three[6] = Some(3);
    store
        .add_batch(&[
            report(
                "a",
                "新民屯镇人民政府",
                2021,
                "加强政务新媒体建设，做好依申请公开的待处理事项。",
                ZEROS,
            ),
            report(
                "b",
                "尚店镇人民政府",
                2021,
                "政务公开工作人员业务能力有待提高。",
                broken_total,
            ),
            report(
                "c",
                "大石桥市人民政府",
                2023,
                "政务，公开栏目更新及时；培训不足。",
                three,
            ),
        ])
        .unwrap();
    store
}

fn ids(response: &SearchResponse) -> Vec<&str> {
    response.hits.iter().map(|hit| hit.id.as_str()).collect()
}

fn sorted_ids(response: &SearchResponse) -> Vec<&str> {
    let mut ids = ids(response);
    ids.sort_unstable();
    ids
}

fn query(store: &Store, q: &str) -> SearchResponse {
    search(
        store,
        &SearchRequest {
            q: Some(q.to_string()),
            ..SearchRequest::default()
        },
    )
    .unwrap()
}

fn filtered(store: &Store, filter: &str) -> SearchResponse {
    search(
        store,
        &SearchRequest {
            filter: Some(filter.to_string()),
            ..SearchRequest::default()
        },
    )
    .unwrap()
}

#[test]
fn a_word_inside_a_longer_word_is_found() {
    let store = store();
    assert_eq!(ids(&query(&store, "处理")), vec!["a"]); // 待处理
    assert_eq!(ids(&query(&store, "新媒体")), vec!["a"]); // 政务新媒体
    assert_eq!(ids(&query(&store, "媒")), vec!["a"]); // one character
}

#[test]
fn all_words_must_match() {
    let store = store();
    assert_eq!(sorted_ids(&query(&store, "政务 公开")), vec!["a", "b", "c"]);
    assert_eq!(ids(&query(&store, "政务 培训")), vec!["c"]);
    assert_eq!(query(&store, "政务 不存在的词").total, 0);
    // A multi-word literal is not a phrase: 能力 and 提高 are apart in b.
    assert_eq!(ids(&query(&store, "能力提高")), Vec::<&str>::new());
    assert_eq!(ids(&query(&store, "能力 提高")), vec!["b"]);
}

#[test]
fn phrases_ignore_punctuation_and_respect_slop() {
    let store = store();
    // 政务公开 stands together in b, across a comma in c; in a, 政务 is followed by 新媒体.
    assert_eq!(sorted_ids(&query(&store, "\"政务公开\"")), vec!["b", "c"]);
    assert_eq!(sorted_ids(&query(&store, "\"政务 公开\"")), vec!["b", "c"]);
    // 业务能力有待提高: 能力 … 提高 are two characters apart.
    assert_eq!(query(&store, "\"能力提高\"").total, 0);
    assert_eq!(query(&store, "\"能力提高\"~1").total, 0);
    assert_eq!(ids(&query(&store, "\"能力提高\"~2")), vec!["b"]);
}

#[test]
fn exclusions_and_or() {
    let store = store();
    assert_eq!(sorted_ids(&query(&store, "政务 -培训")), vec!["a", "b"]);
    assert_eq!(sorted_ids(&query(&store, "-培训")), vec!["a", "b"]);
    assert_eq!(sorted_ids(&query(&store, "培训 OR 新媒体")), vec!["a", "c"]);
    assert_eq!(ids(&query(&store, "培训 OR 新媒体 -大石桥")), vec!["a"]);
    assert_eq!(ids(&query(&store, "title:新民屯")), vec!["a"]);
}

#[test]
fn odd_queries_never_panic() {
    let store = store();
    for q in [
        "\"",
        "\"\"",
        "-",
        "--",
        "OR",
        "\"政务",
        "~3",
        "\"a\"~99999999999",
        "title:",
        "-\"\"",
        "　",
    ] {
        let request = SearchRequest {
            q: Some(q.to_string()),
            ..SearchRequest::default()
        };
        let _ = search(&store, &request);
    }
    let punctuation = SearchRequest {
        q: Some("，。！".to_string()),
        ..SearchRequest::default()
    };
    assert!(
        matches!(search(&store, &punctuation), Err(Error::Query(message)) if message.contains("no words"))
    );
    let many = SearchRequest {
        q: Some(vec!["政务"; 10_000].join(" ")),
        ..SearchRequest::default()
    };
    assert!(matches!(search(&store, &many), Err(Error::Query(_))));
}

#[test]
fn a_total_below_its_columns_counts_as_received() {
    let store = store();
    assert_eq!(
        sorted_ids(&filtered(&store, "applications.new_received.total > 0")),
        vec!["b", "c"]
    );
    assert_eq!(
        ids(&filtered(&store, "applications.new_received.total = 0")),
        vec!["a"]
    );
    // The stored record keeps the printed total.
    let record = store.get("b").unwrap().unwrap();
    assert_eq!(
        record.applications.unwrap().cell("new_received", "total"),
        Some(0)
    );
}

#[test]
fn filters_on_year_names_facets_and_existence() {
    let store = store();
    assert_eq!(sorted_ids(&filtered(&store, "year = 2021")), vec!["a", "b"]);
    assert_eq!(ids(&filtered(&store, "year 2022 TO 2030")), vec!["c"]);
    assert_eq!(
        ids(&filtered(&store, "year >= 2023 OR agency = 尚店镇人民政府")).len(),
        2
    );
    assert_eq!(
        ids(&filtered(&store, "agency = '新民屯镇人民政府'")),
        vec!["a"]
    );
    assert_eq!(
        sorted_ids(&filtered(&store, "agency != 新民屯镇人民政府")),
        vec!["b", "c"]
    );
    assert_eq!(
        filtered(&store, "region = 铁西区 AND level = township").total,
        3
    );
    assert_eq!(filtered(&store, "level IN [county, city]").total, 0);
    assert_eq!(ids(&filtered(&store, "consistent = false")), vec!["b"]);
    assert_eq!(filtered(&store, "region EXISTS AND agency EXISTS").total, 3);
    // c prints no commercial cell: the figure does not exist there.
    assert_eq!(
        sorted_ids(&filtered(
            &store,
            "applications.new_received.commercial EXISTS"
        )),
        vec!["a", "b"]
    );
    assert_eq!(
        ids(&filtered(
            &store,
            "NOT applications.new_received.commercial EXISTS"
        )),
        vec!["c"]
    );
    assert_eq!(ids(&filtered(&store, "NOT (year = 2021)")), vec!["c"]);
}

#[test]
fn query_and_filter_combine() {
    let store = store();
    let request = SearchRequest {
        q: Some("政务".to_string()),
        filter: Some("year = 2021".to_string()),
        ..SearchRequest::default()
    };
    assert_eq!(
        sorted_ids(&search(&store, &request).unwrap()),
        vec!["a", "b"]
    );
}

#[test]
fn facets_count_the_matching_reports() {
    let store = store();
    let request = SearchRequest {
        facets: vec!["year,check".to_string(), "consistent".to_string()],
        ..SearchRequest::default()
    };
    let response = search(&store, &request).unwrap();
    let years: Vec<(&str, u64)> = response.facets["year"]
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(years, vec![("2021", 2), ("2023", 1)]);
    assert_eq!(response.facets["check"]["inconsistent"], 1);
    assert_eq!(response.facets["check"]["consistent"], 2);
    assert_eq!(response.facets.len(), 2);
    let unknown = SearchRequest {
        facets: vec!["colour".to_string()],
        ..SearchRequest::default()
    };
    assert!(
        matches!(search(&store, &unknown), Err(Error::InvalidRequest(message)) if message.contains("colour"))
    );
}

#[test]
fn sorting_and_paging() {
    let store = store();
    let by = |sort: &str, offset: usize, limit: usize| {
        let request = SearchRequest {
            sort: Some(sort.to_string()),
            offset,
            limit,
            ..SearchRequest::default()
        };
        search(&store, &request).unwrap()
    };
    assert_eq!(ids(&by("year:desc", 0, 1)), vec!["c"]);
    assert_eq!(
        ids(&by("applications.new_received.total:desc", 0, 2)),
        vec!["c", "b"]
    );
    assert_eq!(
        ids(&by("applications.new_received.total:asc", 0, 1)),
        vec!["a"]
    );
    let page = by("applications.new_received.total:desc", 1, 1);
    assert_eq!((page.total, ids(&page)), (3, vec!["b"]));
    let count_only = by("score", 0, 0);
    assert_eq!((count_only.total, count_only.hits.len()), (3, 0));
    let bad = SearchRequest {
        sort: Some("applications.new_recieved.total".to_string()),
        ..SearchRequest::default()
    };
    assert!(
        matches!(search(&store, &bad), Err(Error::InvalidRequest(message))
        if message.contains("did you mean applications.new_received.total"))
    );
    let too_many = SearchRequest {
        limit: 1001,
        ..SearchRequest::default()
    };
    assert!(matches!(
        search(&store, &too_many),
        Err(Error::InvalidRequest(_))
    ));
}

#[test]
fn hits_carry_record_fields_and_highlights_from_the_matching_fields() {
    let store = store();
    let response = query(&store, "新媒体");
    let hit = &response.hits[0];
    assert_eq!(hit.agency.as_deref(), Some("新民屯镇人民政府"));
    assert_eq!(
        (hit.year, hit.level.as_deref(), hit.consistent),
        (Some(2021), Some("township"), Some(true))
    );
    assert!(hit.score > 0.0);
    assert_eq!(
        hit.highlights.get("sections.overview").map(String::as_str),
        Some("加强政务<mark>新媒体</mark>建设，做好依申请公开的待处理事项。")
    );
    assert!(!hit.highlights.contains_key("title"));
    let title_hit = query(&store, "新民屯");
    assert_eq!(
        title_hit.hits[0]
            .highlights
            .get("title")
            .map(String::as_str),
        Some("<mark>新民屯</mark>镇人民政府2021年政府信息公开工作年度报告")
    );
    let without = search(
        &store,
        &SearchRequest {
            q: Some("新媒体".to_string()),
            highlight: false,
            ..SearchRequest::default()
        },
    )
    .unwrap();
    assert!(without.hits[0].highlights.is_empty());
}

#[test]
fn a_bad_filter_is_a_user_error_pointing_at_the_column() {
    let store = store();
    let request = SearchRequest {
        filter: Some("year > 2020)".to_string()),
        ..SearchRequest::default()
    };
    let error = search(&store, &request).unwrap_err();
    assert!(error.is_user_error());
    assert!(error.to_string().contains("at column 12"), "{error}");
}

#[test]
fn the_request_deserialises_with_defaults_and_rejects_unknown_keys() {
    let request: SearchRequest = serde_json::from_str(r#"{"q": "政务"}"#).unwrap();
    assert_eq!(
        (request.limit, request.offset, request.highlight),
        (DEFAULT_LIMIT, 0, true)
    );
    assert!(serde_json::from_str::<SearchRequest>(r#"{"query": "政务"}"#).is_err());
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Characters that stress the query and filter syntax: quotes, operators, brackets, CJK, full-width forms.
    const ALPHABET: &[char] = &[
        '"', '\'', '-', '~', ':', '(', ')', '[', ']', ',', '=', '!', '<', '>', ' ', '\t', '\\',
        '0', '7', '.', 'a', 'O', 'R', 'N', 'T', '政', '务', '公', '开', '，', '。', '＂', 'Ａ',
        '１', '　',
    ];

    fn tricky_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(ALPHABET), 0..40)
            .prop_map(|chars| chars.into_iter().collect())
    }

    /// One index for every case.
    static STORE: std::sync::LazyLock<Store> = std::sync::LazyLock::new(store);

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn any_query_or_filter_gives_a_response_or_a_user_error(q in tricky_text(), filter in tricky_text()) {
            let store = &*STORE;
            let words = SearchRequest { q: Some(q.clone()), ..SearchRequest::default() };
            if let Err(error) = search(store, &words) {
                prop_assert!(error.is_user_error(), "{q:?}: {error}");
            }
            let filtered = SearchRequest {
                q: Some(q.clone()),
                filter: Some(filter.clone()),
                facets: vec!["year".to_string()],
                ..SearchRequest::default()
            };
            if let Err(error) = search(store, &filtered) {
                prop_assert!(error.is_user_error(), "{q:?} / {filter:?}: {error}");
            }
        }
    }
}
