//! Criterion benchmarks of the search path: tokenizer throughput over the seed texts, and queries (a word, a phrase,
//! an exclusion, a figure filter with facets) over an in-RAM index of the five seeds.
//!
//! Run with `cargo bench --bench search`. Tokenizer throughput is reported in bytes of report text.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use nianbao::index::Store;
use nianbao::parse::{parse_file, Parsed};
use nianbao::search::{search, SearchRequest};

/// The five seeds, parsed.
fn seeds() -> Vec<Parsed> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/ is readable")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| parse_file(path).expect("every seed parses"))
        .collect()
}

fn bench_tokenizer(c: &mut Criterion) {
    let texts: Vec<String> = seeds().into_iter().map(|parsed| parsed.text).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    // Build jieba outside the measurement.
    std::hint::black_box(nianbao::tokenizer::tokenize("政务公开"));
    let mut group = c.benchmark_group("tokenizer");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("tokenize_seeds", |b| {
        b.iter(|| {
            let tokens: usize = texts
                .iter()
                .map(|text| nianbao::tokenizer::tokenize(text).len())
                .sum();
            std::hint::black_box(tokens)
        })
    });
    // The parts, for comparison: jieba's search mode alone, and the atoms alone.
    group.bench_function("jieba_cut_for_search_seeds", |b| {
        let jieba = nianbao::tokenizer::jieba();
        b.iter(|| {
            let words: usize = texts
                .iter()
                .map(|text| jieba.cut_for_search(text, true).len())
                .sum();
            std::hint::black_box(words)
        })
    });
    group.bench_function("atoms_seeds", |b| {
        b.iter(|| {
            let atoms: usize = texts
                .iter()
                .map(|text| nianbao::tokenizer::atoms(text).len())
                .sum();
            std::hint::black_box(atoms)
        })
    });
    group.finish();
}

fn bench_queries(c: &mut Criterion) {
    let store = Store::create_in_ram().expect("an in-RAM index");
    store.add_batch(&seeds()).expect("the seeds index");
    let requests = [
        ("word", Some("新媒体"), None, vec![]),
        ("phrase", Some("\"政务公开工作\""), None, vec![]),
        (
            "words_and_exclusion",
            Some("政务 公开 -政府网站"),
            None,
            vec![],
        ),
        (
            "filter_and_facets",
            None,
            Some("applications.new_received.total > 0 AND year 2020 TO 2023"),
            vec!["year".to_string(), "region".to_string()],
        ),
    ];
    let mut group = c.benchmark_group("query_seeds");
    for (name, q, filter, facets) in requests {
        let request = SearchRequest {
            q: q.map(str::to_string),
            filter: filter.map(str::to_string),
            facets,
            ..SearchRequest::default()
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                std::hint::black_box(search(&store, &request).expect("search succeeds").total)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_tokenizer, bench_queries);
criterion_main!(benches);
