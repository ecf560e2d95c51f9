//! Criterion benchmark of `parse::parse_bytes`: the five seed reports, and generated reports of each layout.
//!
//! Run with `cargo bench --bench parse`. Throughput is reported in bytes, so criterion prints MB/s.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use nianbao::gen::{generate, GenOptions, Layout};
use nianbao::parse::parse_bytes;

fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
                .filter_map(|path| {
                    let name = path.file_name()?.to_string_lossy().into_owned();
                    Some((name, std::fs::read(&path).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn bench_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_bytes");
    group.sample_size(20);

    let seeds = seeds();
    let seed_bytes: usize = seeds.iter().map(|(_, bytes)| bytes.len()).sum();
    group.throughput(Throughput::Bytes(seed_bytes as u64));
    group.bench_function("seeds", |b| {
        b.iter(|| {
            for (name, bytes) in &seeds {
                let _ = std::hint::black_box(parse_bytes(name, bytes));
            }
        })
    });

    let generated: Vec<_> = generate(&GenOptions {
        count: 400,
        seed: 1,
        ..Default::default()
    })
    .collect();
    for layout in [
        Layout::CellPerLine,
        Layout::TabRows,
        Layout::Html,
        Layout::Narrative,
    ] {
        let reports: Vec<_> = generated
            .iter()
            .filter(|report| report.truth.layout == layout)
            .collect();
        let bytes: usize = reports.iter().map(|report| report.bytes.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(
            BenchmarkId::new("generated", format!("{layout:?}")),
            &reports,
            |b, reports| {
                b.iter(|| {
                    for report in reports.iter() {
                        let _ = std::hint::black_box(parse_bytes(&report.file_name, &report.bytes));
                    }
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
