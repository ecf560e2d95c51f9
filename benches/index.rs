//! Criterion benchmark of indexing: a few hundred generated reports, parsed beforehand, added with
//! `Store::add_batch` into a fresh in-RAM index (segmentation, postings, fast fields, stored record, one commit).
//!
//! Run with `cargo bench --bench index`. Throughput is reported in bytes of report text.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use nianbao::gen::{generate, GenOptions};
use nianbao::index::Store;
use nianbao::parse::{parse_bytes, Parsed};

fn bench_index(c: &mut Criterion) {
    let parsed: Vec<Parsed> = generate(&GenOptions {
        count: 300,
        seed: 2,
        ..Default::default()
    })
    .filter_map(|report| parse_bytes(&report.file_name, &report.bytes).ok())
    .collect();
    let bytes: usize = parsed.iter().map(|one| one.text.len()).sum();

    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("add_batch_{}_reports", parsed.len()), |b| {
        b.iter(|| {
            let store = Store::create_in_ram().expect("an in-RAM index");
            store
                .add_batch(&parsed)
                .expect("indexing generated reports");
            std::hint::black_box(store.num_docs().expect("a count"))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
