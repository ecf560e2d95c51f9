//! The physical limit of indexing: raw jieba-rs `cut_for_search` over the text of every report in a folder.
//!
//! Indexing a report means at least segmenting its text once, so this is the throughput nianbao's indexer is measured
//! against (`bench/run.sh`). The reports are read and parsed first (not timed) so that exactly the text the indexer
//! sees is segmented; then the texts are cut on `--threads` threads (default: all cores) with a plain
//! `jieba_rs::Jieba::new()` and HMM on, as tantivy-jieba and nianbao's tokenizer do.
//!
//! ```text
//! cargo run --release --example segment_limit -- DIR [--threads N]
//! ```
//!
//! Prints one JSON object: reports, text bytes, tokens, seconds, MB/s and reports/s.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--threads" => {
                let value = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--threads needs a number"))?;
                threads = value.parse()?;
            }
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let dir = dir.ok_or_else(|| anyhow::anyhow!("usage: segment_limit DIR [--threads N]"))?;

    // Read and parse every report: the text to segment (not timed).
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .par_iter()
        .filter_map(|path| {
            nianbao::parse::parse_file(path)
                .ok()
                .map(|parsed| parsed.text)
        })
        .collect();
    let text_bytes: usize = texts.iter().map(String::len).sum();

    let jieba = jieba_rs::Jieba::new();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let started = Instant::now();
    let tokens: usize = pool.install(|| {
        texts
            .par_iter()
            .map(|text| jieba.cut_for_search(text, true).len())
            .sum()
    });
    let seconds = started.elapsed().as_secs_f64();

    let summary = serde_json::json!({
        "reports": texts.len(),
        "files": paths.len(),
        "text_bytes": text_bytes,
        "tokens": tokens,
        "threads": threads,
        "seconds": seconds,
        "mb_per_s": text_bytes as f64 / 1e6 / seconds,
        "reports_per_s": texts.len() as f64 / seconds,
    });
    println!("{summary}");
    Ok(())
}
