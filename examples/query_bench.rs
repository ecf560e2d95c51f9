//! Query latency of an index on disk, in-process through `nianbao::search::search` (no HTTP).
//!
//! Measures the cold open of the index (open + first query), then the latency of four kinds of request, each
//! repeated `--iterations` times over rotating words and filters:
//! 1. `keyword`: a word of the problems sections (`业务培训`, `政策解读`, …), 20 hits with highlights;
//! 2. `keyword_filter`: the same words and a figure filter (`applications.new_received.total > 5`, …);
//! 3. `keyword_filter_facets`: the same and facets on year, region, level, check and template;
//! 4. `problems_view`: the recurring problems of the reports a filter selects (`problems::themes` over their
//!    statements), fewer repetitions since it reads every selected report; with `--problems-all`, once more over
//!    every report of the index.
//!
//! ```text
//! cargo run --release --example query_bench -- --index DIR [--iterations N] [--problems-iterations N] [--problems-all]
//! ```
//!
//! Prints one JSON object per measurement (p50, p99, mean in milliseconds).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use nianbao::index::Store;
use nianbao::search::{search, SearchRequest};

const WORDS: &[&str] = &[
    "业务培训",
    "更新不及时",
    "政策解读",
    "新媒体",
    "依申请公开",
    "工作机制",
    "公开内容",
    "队伍建设",
    "行政复议",
    "信息处理费",
    "重点领域",
    "标准化",
    "宣传",
    "审核",
    "平台建设",
    "便民",
];

const FILTERS: &[&str] = &[
    "applications.new_received.total > 5",
    "applications.new_received.total >= 1 AND year >= 2021",
    "review_litigation.reconsideration.total > 0",
    "applications.granted.total > 2 AND level = county",
    "proactive.licensing.decisions > 100",
];

const FACETS: &[&str] = &["year", "region", "level", "check", "template"];

const PROBLEM_FILTERS: &[&str] = &[
    "year = 2023 AND level = county",
    "year = 2022 AND level = city",
    "year = 2024 AND level = department AND applications.new_received.total > 10",
];

/// Builds the i-th request of a kind.
type MakeRequest = fn(usize) -> SearchRequest;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e3
}

fn report(name: &str, mut times: Vec<Duration>, hits: u64) {
    times.sort();
    let mean =
        times.iter().map(Duration::as_secs_f64).sum::<f64>() / times.len().max(1) as f64 * 1e3;
    let line = serde_json::json!({
        "name": name,
        "n": times.len(),
        "p50_ms": percentile(&times, 0.50),
        "p99_ms": percentile(&times, 0.99),
        "max_ms": times.last().map(|last| last.as_secs_f64() * 1e3).unwrap_or(0.0),
        "mean_ms": mean,
        "mean_hits": hits as f64 / times.len().max(1) as f64,
    });
    println!("{line}");
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut index: Option<PathBuf> = None;
    let mut iterations = 300usize;
    let mut problems_iterations = 3usize;
    let mut problems_all = false;
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| anyhow::anyhow!("{arg} needs a value"))
        };
        match arg.as_str() {
            "--index" => index = Some(PathBuf::from(value()?)),
            "--iterations" => iterations = value()?.parse()?,
            "--problems-iterations" => problems_iterations = value()?.parse()?,
            "--problems-all" => problems_all = true,
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let index =
        index.ok_or_else(|| anyhow::anyhow!("usage: query_bench --index DIR [--iterations N]"))?;

    // Cold open: open the index and answer one query.
    let started = Instant::now();
    let store = Store::open_or_create(&index)?;
    let opened = started.elapsed();
    let first = search(
        &store,
        &SearchRequest {
            q: Some(WORDS[0].to_string()),
            ..Default::default()
        },
    )?;
    let first_query = started.elapsed();
    println!(
        "{}",
        serde_json::json!({
            "name": "cold_open",
            "docs": store.num_docs()?,
            "open_ms": opened.as_secs_f64() * 1e3,
            "open_and_first_query_ms": first_query.as_secs_f64() * 1e3,
            "first_query_hits": first.total,
        })
    );

    let kinds: [(&str, MakeRequest); 3] = [
        ("keyword", |i| SearchRequest {
            q: Some(WORDS[i % WORDS.len()].to_string()),
            ..Default::default()
        }),
        ("keyword_filter", |i| SearchRequest {
            q: Some(WORDS[i % WORDS.len()].to_string()),
            filter: Some(FILTERS[i % FILTERS.len()].to_string()),
            ..Default::default()
        }),
        ("keyword_filter_facets", |i| SearchRequest {
            q: Some(WORDS[i % WORDS.len()].to_string()),
            filter: Some(FILTERS[i % FILTERS.len()].to_string()),
            facets: FACETS.iter().map(|facet| facet.to_string()).collect(),
            ..Default::default()
        }),
    ];
    for (name, make) in kinds {
        // A short warm-up so that the first pages read from disk are not counted against every kind.
        for i in 0..10 {
            search(&store, &make(i))?;
        }
        let mut times = Vec::with_capacity(iterations);
        let mut hits = 0u64;
        for i in 0..iterations {
            let request = make(i);
            let started = Instant::now();
            let response = search(&store, &request)?;
            times.push(started.elapsed());
            hits += response.total;
        }
        report(name, times, hits);
    }

    let mut times = Vec::new();
    let mut statements = 0u64;
    for i in 0..problems_iterations {
        let filter = PROBLEM_FILTERS[i % PROBLEM_FILTERS.len()];
        let started = Instant::now();
        let reports = store.reports_matching(Some(filter))?;
        let refs = nianbao::problems::statements_of(&reports);
        let themes = nianbao::problems::themes(&refs, &Default::default());
        times.push(started.elapsed());
        statements += themes.statement_count as u64;
    }
    report("problems_view", times, statements);

    if problems_all {
        // The whole corpus once: every stated problem grouped into themes.
        let started = Instant::now();
        let reports = store.reports_matching(None)?;
        let refs = nianbao::problems::statements_of(&reports);
        let themes = nianbao::problems::themes(&refs, &Default::default());
        report(
            "problems_view_all",
            vec![started.elapsed()],
            themes.statement_count as u64,
        );
    }
    Ok(())
}
