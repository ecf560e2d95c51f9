//! # Indexing and searching annual reports
//!
//! This example walks through nianbao's data path, from report files to search results:
//!
//! 1. parse the five seed reports into records,
//! 2. index them in a tantivy index held in memory,
//! 3. search with words, a phrase and an exclusion,
//! 4. filter on what the tables say, and count facets,
//! 5. read a highlighted snippet and a stored record back.
//!
//! Run it with `cargo run --example index_and_search`.

use std::path::PathBuf;

use nianbao::index::Store;
use nianbao::search::{search, SearchRequest, SearchResponse};

fn main() -> nianbao::Result<()> {
    // # Parsing
    //
    // `parse_file` reads one file (any supported encoding, text, Markdown or HTML) and returns the structured
    // record together with the decoded text. The parser knows nothing of the index.
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .map_err(|source| nianbao::Error::Io {
            path: fixtures.clone(),
            source,
        })?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    let parsed = paths
        .iter()
        .map(|path| nianbao::parse::parse_file(path).map_err(nianbao::Error::from))
        .collect::<nianbao::Result<Vec<_>>>()?;

    // # Indexing
    //
    // A `Store` wraps the tantivy index. `create_in_ram` is for tests and examples; the CLI and the server use
    // `Store::open_or_create(dir)`. `add_batch` upserts every report by its id (agency + region + year) and commits
    // once, so running it twice leaves the same number of documents.
    let store = Store::create_in_ram()?;
    store.add_batch(&parsed)?;
    store.add_batch(&parsed)?;
    println!("indexed {} reports", store.num_docs()?);

    // # Full-text search
    //
    // Words must all match; a word matches wherever its characters stand side by side, so `处理` also finds
    // `待处理`. Quotes make a phrase that ignores punctuation in between; a leading `-` excludes.
    for q in [
        "新媒体",
        "\"政务公开\"",
        "政务公开 -政府网站",
        "培训 OR 新媒体",
    ] {
        let response = search(
            &store,
            &SearchRequest {
                q: Some(q.to_string()),
                ..SearchRequest::default()
            },
        )?;
        println!("{q:<24} → {}", describe(&response));
    }

    // # Filters and facets
    //
    // Filters speak of the record: the year, names, facets and every figure of tables 2–4 by its path. Seed 002
    // prints 商业企业 2 and 总计 0 in its first row; the index counts that total as 2, so it is found here, while its
    // record keeps the printed 0 and the broken check.
    let received = search(
        &store,
        &SearchRequest {
            filter: Some("applications.new_received.total > 0".to_string()),
            facets: vec!["year".to_string(), "check".to_string()],
            ..SearchRequest::default()
        },
    )?;
    println!("received applications → {}", describe(&received));
    println!("facets → {:?}", received.facets);

    // A mistake in a filter is a user error whose message points at the column.
    let mistake = search(
        &store,
        &SearchRequest {
            filter: Some("year >= 2021 AND (level = township".to_string()),
            ..SearchRequest::default()
        },
    );
    if let Err(error) = mistake {
        println!("{error}");
    }

    // # Highlights and records
    //
    // Each hit carries snippets of the fields that matched, HTML-escaped, with the matches in <mark>…</mark>.
    // `Store::get` returns the whole stored record.
    let response = search(
        &store,
        &SearchRequest {
            q: Some("新媒体".to_string()),
            limit: 1,
            ..SearchRequest::default()
        },
    )?;
    if let Some(hit) = response.hits.first() {
        for (field, snippet) in &hit.highlights {
            println!("{field}: {snippet}");
        }
        if let Some(report) = store.get(&hit.id)? {
            println!(
                "{} reports on {:?} with {} stated problems",
                hit.id,
                report.year,
                report.problems.len()
            );
        }
    }
    Ok(())
}

/// The seed numbers of the hits, e.g. `2 hits: 000 003`.
fn describe(response: &SearchResponse) -> String {
    let seeds: Vec<&str> = response
        .hits
        .iter()
        .map(|hit| hit.file.get(..3).unwrap_or(&hit.file))
        .collect();
    format!("{} hits: {}", response.total, seeds.join(" "))
}
