//! A deterministic mutation fuzzer for the three parsers that read untrusted input: the report parser
//! ([`nianbao::parse::parse_bytes`]), the filter parser ([`nianbao::search::filter`]) and the query parser
//! ([`nianbao::search::query`]). It runs on the stable toolchain (cargo-fuzz needs nightly).
//!
//! ```text
//! cargo run --release --example fuzz_parsers -- [--count N] [--seed S] [--budget-ms MS] [--no-huge] [--out DIR]
//! cargo run --release --example fuzz_parsers -- --replay parse|filter|query FILE
//! ```
//!
//! What it does, in order:
//!
//! 1. Unless `--no-huge`: a fixed list of pathological inputs — a 50 MB report, a 10 MB single line, 100,000 nested
//!    `<div>`s, 100,000 `（一）` enumerators, runs of a million digits or tabs, a filter of 100,000 `(`, a
//!    10,000-term query… — each timed against a larger budget (`--huge-budget-ms`, default 120 s).
//! 2. `--count` generated inputs (default 20,000), rotating over the targets: one in four is a report (a seed report,
//!    a fixture variant or a generated report, mutated by byte flips, insertions of tokens that mean something to
//!    the parser, deletions, repeats and splices; or plain random bytes), the others alternate between a filter and a
//!    query (valid expressions mutated at the character and token level, or random text). Every 16th filter or query
//!    also runs as a real search over an in-RAM index of the seeds.
//!
//! Every input runs under `catch_unwind` on a thread with a 2 MiB stack (the size of tokio's blocking threads, where
//! the server runs the parsers), so a deep recursion shows up here as it would in the server. An input that panics or
//! runs over its time budget is written to `--out` (default `target/fuzz`) and counted as a failure; the slowest
//! input of each target is written there too. The run prints a summary (inputs, inputs/s, slowest input per target,
//! peak memory) and exits with 1 when anything failed. The same seed and count give the same inputs.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use nianbao::index::{Fields, Store};
use nianbao::search::{filter, query, search, SearchRequest};

/// The stack of the fuzzing thread: tokio's default for blocking threads, where the server parses.
const STACK_BYTES: usize = 2 * 1024 * 1024;
/// Mutated reports are cut to this size so that the random phase stays fast (huge inputs have their own phase).
const MAX_MUTATED_REPORT_BYTES: usize = 256 * 1024;

/// Command-line options.
#[derive(Debug, Clone)]
struct Options {
    count: u64,
    seed: u64,
    budget: Duration,
    huge_budget: Duration,
    huge: bool,
    out: PathBuf,
    /// Re-run one saved input (a target and a file) ten times and print its times, instead of fuzzing.
    replay: Option<(Target, PathBuf)>,
}

fn parse_options() -> anyhow::Result<Options> {
    let mut options = Options {
        count: 20_000,
        seed: 1,
        budget: Duration::from_millis(2_000),
        huge_budget: Duration::from_secs(120),
        huge: true,
        out: PathBuf::from("target/fuzz"),
        replay: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--count" => options.count = value()?.parse().context("--count")?,
            "--seed" => options.seed = value()?.parse().context("--seed")?,
            "--budget-ms" => {
                options.budget = Duration::from_millis(value()?.parse().context("--budget-ms")?)
            }
            "--huge-budget-ms" => {
                options.huge_budget =
                    Duration::from_millis(value()?.parse().context("--huge-budget-ms")?)
            }
            "--no-huge" => options.huge = false,
            "--out" => options.out = PathBuf::from(value()?),
            "--replay" => {
                let target = match value()?.as_str() {
                    "parse" => Target::Parse,
                    "filter" => Target::Filter,
                    "query" => Target::Query,
                    other => anyhow::bail!("--replay takes parse, filter or query, not {other}"),
                };
                options.replay = Some((target, PathBuf::from(value()?)));
            }
            other => anyhow::bail!(
                "unknown flag {other}; flags: --count N --seed S --budget-ms MS --huge-budget-ms MS --no-huge --out DIR --replay TARGET FILE"
            ),
        }
    }
    Ok(options)
}

fn main() -> anyhow::Result<()> {
    let options = parse_options()?;
    std::fs::create_dir_all(&options.out)
        .with_context(|| format!("cannot create {}", options.out.display()))?;
    // A panic's message is kept for the report instead of being printed for each caught panic.
    let last_panic: Arc<Mutex<String>> = Arc::default();
    let hook_panic = Arc::clone(&last_panic);
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut slot) = hook_panic.lock() {
            *slot = info.to_string();
        }
    }));
    let worker = std::thread::Builder::new()
        .name("fuzz".to_string())
        .stack_size(STACK_BYTES)
        .spawn(move || run(&options, &last_panic))
        .context("cannot start the fuzzing thread")?;
    let failures = worker
        .join()
        .map_err(|_| anyhow::anyhow!("the fuzzing thread died"))??;
    if failures > 0 {
        eprintln!("fuzz: {failures} failures; inputs are in the --out folder");
        std::process::exit(1);
    }
    Ok(())
}

/// SplitMix64: small, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// The fuzzed parsers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Parse,
    Filter,
    Query,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Parse => "parse",
            Target::Filter => "filter",
            Target::Query => "query",
        }
    }
}

/// Per-target counts and the slowest input.
#[derive(Debug, Default)]
struct Stats {
    runs: u64,
    accepted: u64,
    rejected: u64,
    searches: u64,
    bytes: u64,
    time: Duration,
    slowest: Duration,
    slowest_label: String,
    slowest_input: Vec<u8>,
}

/// One report seed: a file name (its extension guides the parser) and bytes.
struct SeedReport {
    name: String,
    bytes: Vec<u8>,
}

/// Everything a run needs.
struct Harness<'a> {
    options: &'a Options,
    last_panic: &'a Mutex<String>,
    fields: Fields,
    store: Store,
    stats: [Stats; 3],
    failures: u64,
    /// Per target: filters and queries seen, so that every 16th of each also runs as a search.
    searches_due: [u64; 3],
}

fn run(options: &Options, last_panic: &Mutex<String>) -> anyhow::Result<u64> {
    let reports = seed_reports()?;
    let store = Store::create_in_ram()?;
    for seed in reports.iter().filter(|seed| seed.name.starts_with("seed:")) {
        let parsed = nianbao::parse::parse_bytes(&seed.name, &seed.bytes)?;
        store.add(&parsed)?;
    }
    let mut harness = Harness {
        options,
        last_panic,
        fields: store.fields().clone(),
        store,
        stats: Default::default(),
        failures: 0,
        searches_due: [0; 3],
    };
    if let Some((target, path)) = &options.replay {
        let input =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let label = format!("replay:{}", path.display());
        let mut times = Vec::new();
        for _ in 0..10 {
            let started = Instant::now();
            harness.run_one(*target, &label, &input, options.huge_budget);
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "replay {} {} ({} bytes): fastest {:.2} ms, median {:.2} ms, slowest {:.2} ms of 10",
            target.name(),
            path.display(),
            input.len(),
            times[0].as_secs_f64() * 1e3,
            times[5].as_secs_f64() * 1e3,
            times[9].as_secs_f64() * 1e3
        );
        return Ok(harness.failures);
    }
    eprintln!(
        "fuzz: {} report seeds, {} filter seeds, {} query seeds; seed {}, {} inputs",
        reports.len(),
        FILTER_SEEDS.len(),
        QUERY_SEEDS.len(),
        options.seed,
        options.count
    );
    if options.huge {
        for (target, label, input) in huge_inputs(&reports) {
            let started = Instant::now();
            harness.run_one(target, &label, &input, options.huge_budget);
            eprintln!(
                "fuzz: huge {:<6} {label}: {} bytes in {:.2} s",
                target.name(),
                input.len(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    let mut rng = Rng(options.seed);
    let started = Instant::now();
    let mut last_report = Instant::now();
    for i in 0..options.count {
        let target = match i % 8 {
            0 | 4 => Target::Parse,
            1 | 3 | 6 => Target::Filter,
            _ => Target::Query,
        };
        let (label, input) = match target {
            Target::Parse => mutated_report(&mut rng, &reports),
            Target::Filter => mutated_expression(&mut rng, FILTER_SEEDS, FILTER_TOKENS),
            Target::Query => mutated_expression(&mut rng, QUERY_SEEDS, QUERY_TOKENS),
        };
        harness.run_one(target, &label, &input, options.budget);
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            eprintln!(
                "fuzz: {} inputs, {:.0}/s, {} failures",
                i + 1,
                (i + 1) as f64 / started.elapsed().as_secs_f64(),
                harness.failures
            );
        }
    }
    let elapsed = started.elapsed();
    harness.summary(elapsed)?;
    Ok(harness.failures)
}

impl Harness<'_> {
    /// Runs one input under `catch_unwind`, times it and records a failure when it panics or runs over `budget`.
    fn run_one(&mut self, target: Target, label: &str, input: &[u8], budget: Duration) {
        let run_search = target != Target::Parse && {
            self.searches_due[target as usize] += 1;
            self.searches_due[target as usize].is_multiple_of(16)
        };
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| -> bool {
            match target {
                Target::Parse => nianbao::parse::parse_bytes(label_file_name(label), input).is_ok(),
                Target::Filter => {
                    let text = String::from_utf8_lossy(input);
                    let ok = filter::compile(&self.fields, &text).is_ok();
                    if run_search {
                        let request = SearchRequest {
                            filter: Some(text.to_string()),
                            sort: Some(text.to_string()),
                            ..SearchRequest::default()
                        };
                        let _ = search(&self.store, &request);
                    }
                    ok
                }
                Target::Query => {
                    let text = String::from_utf8_lossy(input);
                    let ok = match query::parse(&text) {
                        Ok(parsed) => {
                            let _ = query::to_query(&self.fields, &parsed);
                            true
                        }
                        Err(_) => false,
                    };
                    if run_search {
                        let request = SearchRequest {
                            q: Some(text.to_string()),
                            facets: vec![text.to_string(), "year".to_string()],
                            ..SearchRequest::default()
                        };
                        let _ = search(&self.store, &request);
                    }
                    ok
                }
            }
        }));
        let elapsed = started.elapsed();
        let stats = &mut self.stats[target as usize];
        stats.runs += 1;
        stats.bytes += input.len() as u64;
        stats.time += elapsed;
        if run_search {
            stats.searches += 1;
        }
        if elapsed > stats.slowest {
            stats.slowest = elapsed;
            stats.slowest_label = label.to_string();
            stats.slowest_input = input.to_vec();
        }
        let failure = match outcome {
            Ok(true) => {
                stats.accepted += 1;
                None
            }
            Ok(false) => {
                stats.rejected += 1;
                None
            }
            Err(_) => Some(format!(
                "panic: {}",
                self.last_panic
                    .lock()
                    .map(|message| message.clone())
                    .unwrap_or_default()
            )),
        };
        let failure = failure.or_else(|| {
            (elapsed > budget).then(|| {
                format!(
                    "over budget: {:.3} s > {:.3} s",
                    elapsed.as_secs_f64(),
                    budget.as_secs_f64()
                )
            })
        });
        if let Some(reason) = failure {
            self.failures += 1;
            let path =
                self.options
                    .out
                    .join(format!("failure-{}-{}.bin", target.name(), self.failures));
            eprintln!(
                "fuzz: FAILURE {} {label} ({} bytes): {reason}; input written to {}",
                target.name(),
                input.len(),
                path.display()
            );
            if let Err(error) = std::fs::write(&path, input) {
                eprintln!("fuzz: cannot write {}: {error}", path.display());
            }
        }
    }

    fn summary(&self, elapsed: Duration) -> anyhow::Result<()> {
        let total: u64 = self.stats.iter().map(|stats| stats.runs).sum();
        println!(
            "fuzz summary: seed {} — {total} inputs in {:.1} s ({:.0} inputs/s overall), {} failures, peak RSS {} MiB",
            self.options.seed,
            elapsed.as_secs_f64(),
            total as f64 / elapsed.as_secs_f64().max(1e-9),
            self.failures,
            peak_rss_kib().map_or_else(|| "?".to_string(), |kib| (kib / 1024).to_string()),
        );
        for target in [Target::Parse, Target::Filter, Target::Query] {
            let stats = &self.stats[target as usize];
            println!(
                "  {:<6} {:>9} inputs ({} accepted, {} rejected, {} also searched), {:.1} MB, {:.0} inputs/s; slowest {:.1} ms: {}",
                target.name(),
                stats.runs,
                stats.accepted,
                stats.rejected,
                stats.searches,
                stats.bytes as f64 / 1e6,
                stats.runs as f64 / stats.time.as_secs_f64().max(1e-9),
                stats.slowest.as_secs_f64() * 1e3,
                stats.slowest_label,
            );
            let path = self
                .options
                .out
                .join(format!("slowest-{}.bin", target.name()));
            std::fs::write(&path, &stats.slowest_input)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }
}

/// The file name part of a label (`mutated 3 of variant:002_merged.html` → `002_merged.html`).
fn label_file_name(label: &str) -> &str {
    label.rsplit(':').next().unwrap_or("fuzz.txt")
}

/// The process's peak resident memory, from `/proc/self/status` (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The seed reports: the five real ones, the fixture variants, the DOCX and GBK HTML containers (not the PDFs, whose
/// parsing runs an external program), and 40 generated reports of every layout.
fn seed_reports() -> anyhow::Result<Vec<SeedReport>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut seeds = Vec::new();
    for (folder, prefix) in [
        ("", "seed"),
        ("variants", "variant"),
        ("containers", "container"),
    ] {
        let dir = root.join(folder);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| {
                path.extension().is_some_and(|ext| {
                    ["txt", "md", "html", "docx"].contains(&ext.to_string_lossy().as_ref())
                })
            })
            .collect();
        paths.sort();
        for path in paths {
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().to_string())
                .unwrap_or_default();
            seeds.push(SeedReport {
                name: format!("{prefix}:{name}"),
                bytes,
            });
        }
    }
    let options = nianbao::gen::GenOptions {
        count: 40,
        seed: 7,
        ..Default::default()
    };
    for report in nianbao::gen::generate(&options) {
        seeds.push(SeedReport {
            name: format!("gen:{}", report.file_name),
            bytes: report.bytes,
        });
    }
    Ok(seeds)
}

/// Byte strings that mean something to the report parser.
const REPORT_TOKENS: &[&str] = &[
    "（一）",
    "（二）",
    "一、",
    "二、",
    "三、",
    "四、",
    "五、",
    "六、",
    "1.",
    "2.",
    "（1）",
    "表",
    "合计",
    "总计",
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "政府信息公开工作年度报告",
    "人民政府",
    "2021年",
    "二〇二一年",
    "\t",
    "\t\t\t",
    "\n",
    "\r\n",
    "\r",
    "\n\n\n",
    "\u{a0}",
    "\u{3000}",
    "\u{feff}",
    "\u{200b}",
    "<div>",
    "</div>",
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "</td>",
    "<td rowspan=\"99999\">",
    "<td colspan=\"4294967296\">",
    "<th colspan=\"-1\">",
    "<br>",
    "<p>",
    "<!--",
    "-->",
    "<script>",
    "&nbsp;",
    "&#x10FFFF;",
    "&#0;",
    "&amp;",
    "<meta charset=\"gbk\">",
    "<html>",
    "|",
    "| --- |",
    "#",
    "## 三、",
    "0",
    "9",
    "-1",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "１２３",
    "—",
    "/",
    "万",
    "亿",
    "%",
    "．",
    "。",
    "，",
];

/// A report input: a seed mutated 1–8 times (cut to [`MAX_MUTATED_REPORT_BYTES`]), or random bytes.
fn mutated_report(rng: &mut Rng, seeds: &[SeedReport]) -> (String, Vec<u8>) {
    if rng.chance(16) {
        let len = rng.below(4096);
        let bytes = (0..len).map(|_| rng.next() as u8).collect();
        let name = *rng.pick(&["random.txt", "random.html", "random.docx"]);
        return (format!("random bytes:{name}"), bytes);
    }
    let seed = rng.pick(seeds);
    let mut bytes = seed.bytes.clone();
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        mutate_bytes(rng, &mut bytes, seeds);
    }
    bytes.truncate(MAX_MUTATED_REPORT_BYTES);
    // Most byte-level damage makes UTF-8 invalid and the decoder refuses the file early; three times in four, the
    // damage is repaired (U+FFFD) so that the mutated text reaches the layout, section and table readers.
    let was_text = std::str::from_utf8(&seed.bytes).is_ok();
    if was_text && !rng.chance(4) {
        bytes = String::from_utf8_lossy(&bytes).into_owned().into_bytes();
    }
    (format!("{rounds} mutations of {}", seed.name), bytes)
}

fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>, seeds: &[SeedReport]) {
    let len = bytes.len();
    let at = rng.below(len + 1);
    match rng.below(10) {
        0 if len > 0 => {
            let i = rng.below(len);
            bytes[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            bytes[i] = rng.next() as u8;
        }
        2 | 3 => {
            let token = rng.pick(REPORT_TOKENS).as_bytes();
            let times = if rng.chance(8) { 1 + rng.below(200) } else { 1 };
            let insert: Vec<u8> = token.repeat(times);
            bytes.splice(at..at, insert);
        }
        4 => {
            let end = (at + rng.below(2048)).min(len);
            bytes.drain(at..end);
        }
        5 => {
            // Repeat a slice (a table row, a line) several times.
            let end = (at + 1 + rng.below(512)).min(len);
            let slice = bytes[at.min(end)..end].to_vec();
            let times = 1 + rng.below(50);
            bytes.splice(end..end, slice.repeat(times));
        }
        6 => {
            // Splice the tail of another seed.
            let other = &rng.pick(seeds).bytes;
            let from = rng.below(other.len() + 1);
            bytes.truncate(at);
            bytes.extend_from_slice(&other[from..]);
        }
        7 => bytes.truncate(at),
        8 => {
            let count = 1 + rng.below(64);
            let insert: Vec<u8> = (0..count).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, insert);
        }
        _ => {
            // Replace a digit run with a long number.
            let digits = "9".repeat(1 + rng.below(40));
            bytes.splice(at..at, digits.into_bytes());
        }
    }
}

/// Valid filters to mutate.
const FILTER_SEEDS: &[&str] = &[
    "year = 2021",
    "year >= 2019 AND applications.new_received.total > 0",
    "region IN [北京市, 上海市, \"广东省\"]",
    "NOT (level = township OR template = 2019)",
    "agency = \"新民屯镇人民政府\"",
    "year 2019 TO 2021",
    "proactive.fees.fee_amount EXISTS",
    "review_litigation.reconsideration.total NOT EXISTS",
    "check != consistent AND consistent = false",
    "(year = 2020 OR year = 2021) AND NOT region = '辽宁省'",
    "applications.outcomes.granted.total <= 10.5",
    "agency = \"a \\\" b \\\\ c\"",
];

/// Tokens of the filter language (and a few that are not).
const FILTER_TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    ",",
    "=",
    "!=",
    ">",
    ">=",
    "<",
    "<=",
    "!",
    "AND",
    "OR",
    "NOT",
    "TO",
    "IN",
    "EXISTS",
    "and",
    "year",
    "agency",
    "region",
    "level",
    "consistent",
    "check",
    "template",
    "applications.new_received.total",
    "proactive.fees.fee_amount",
    "applications.",
    ".",
    "\"",
    "'",
    "\\",
    "\\\"",
    " ",
    "\t",
    "\n",
    "2021",
    "-1",
    "1e308",
    "-1e309",
    "NaN",
    "inf",
    "0x10",
    "99999999999999999999999999",
    "１２３",
    "北京市",
    "镇",
    "𠀀",
    "\u{0}",
    "\u{202e}",
    "\u{301}",
    "ﬀ",
];

/// Valid queries to mutate.
const QUERY_SEEDS: &[&str] = &[
    "政务公开",
    "\"信息 公开\"~3",
    "-镇 政府",
    "title:年度报告 OR agency:人民政府",
    "problems:不足 improvements:加强",
    "依申请公开 -行政复议 \"政府信息\"",
    "镇",
    "a OR b c",
];

/// Tokens of the query language (and a few that are not).
const QUERY_TOKENS: &[&str] = &[
    "\"",
    "~",
    "~3",
    "~99999999999999999999",
    "-",
    "--",
    "OR",
    "or",
    ":",
    "title:",
    "agency:",
    "problems:",
    "text:",
    "unknown:",
    " ",
    "\t",
    "\n",
    "政务",
    "公开",
    "镇",
    "𠀀",
    "ＡＢＣ",
    "ß",
    "İ",
    "\u{0}",
    "\u{301}",
    "\u{200b}",
    "\u{fffd}",
    "*",
    "?",
    "(",
    ")",
    "+",
    "^",
    "&&",
    "||",
    "1",
    "2021年",
];

/// A filter or query input: a seed mutated 1–8 times, a run of random tokens, or random characters.
fn mutated_expression(rng: &mut Rng, seeds: &[&str], tokens: &[&str]) -> (String, Vec<u8>) {
    match rng.below(8) {
        0 => {
            let len = rng.below(200);
            let text: String = (0..len).map(|_| random_char(rng)).collect();
            ("random characters".to_string(), text.into_bytes())
        }
        1 => {
            let len = rng.below(100);
            let text: Vec<&str> = (0..len).map(|_| *rng.pick(tokens)).collect();
            let separator = if rng.chance(2) { " " } else { "" };
            (
                "random tokens".to_string(),
                text.join(separator).into_bytes(),
            )
        }
        _ => {
            let seed = *rng.pick(seeds);
            let mut chars: Vec<char> = seed.chars().collect();
            let rounds = 1 + rng.below(8);
            for _ in 0..rounds {
                let at = rng.below(chars.len() + 1);
                match rng.below(6) {
                    0 | 1 => {
                        let token: Vec<char> = rng.pick(tokens).chars().collect();
                        chars.splice(at..at, token);
                    }
                    2 => {
                        let end = (at + 1 + rng.below(8)).min(chars.len());
                        chars.drain(at.min(end)..end);
                    }
                    3 => chars.insert(at, random_char(rng)),
                    4 => {
                        let other: Vec<char> = rng.pick(seeds).chars().collect();
                        let joiner: Vec<char> =
                            rng.pick(&[" AND ", " OR ", " ", ""]).chars().collect();
                        chars.extend(joiner);
                        chars.extend(other);
                    }
                    _ => {
                        let end = (at + 1 + rng.below(16)).min(chars.len());
                        let slice = chars[at.min(end)..end].to_vec();
                        let times = 1 + rng.below(20);
                        chars.splice(end..end, slice.repeat(times));
                    }
                }
            }
            let text: String = chars.into_iter().collect();
            (format!("{rounds} mutations of {seed:?}"), text.into_bytes())
        }
    }
}

/// A character from a mix of ASCII, CJK, full-width, combining, control and astral-plane ranges.
fn random_char(rng: &mut Rng) -> char {
    let code = match rng.below(6) {
        0 => rng.below(0x80) as u32,
        1 => 0x4E00 + rng.below(0x5200) as u32,
        2 => 0xFF00 + rng.below(0xF0) as u32,
        3 => 0x300 + rng.below(0x70) as u32,
        4 => 0x2000 + rng.below(0x70) as u32,
        _ => rng.next() as u32 % 0x11_0000,
    };
    char::from_u32(code).unwrap_or('\u{fffd}')
}

/// The pathological inputs: (target, label ending in a file name, bytes).
fn huge_inputs(seeds: &[SeedReport]) -> Vec<(Target, String, Vec<u8>)> {
    let seed_text = seeds
        .iter()
        .find(|seed| seed.name.starts_with("seed:"))
        .map(|seed| seed.bytes.clone())
        .unwrap_or_default();
    let mut fifty_mb = Vec::with_capacity(50 * 1024 * 1024 + seed_text.len());
    while fifty_mb.len() < 50 * 1024 * 1024 && !seed_text.is_empty() {
        fifty_mb.extend_from_slice(&seed_text);
    }
    let one_line: Vec<u8> = seed_text
        .iter()
        .map(|&byte| if byte == b'\n' { b' ' } else { byte })
        .collect();
    let mut ten_mb_line = Vec::with_capacity(10 * 1024 * 1024 + one_line.len());
    while ten_mb_line.len() < 10 * 1024 * 1024 && !one_line.is_empty() {
        ten_mb_line.extend_from_slice(&one_line);
    }
    let nested_divs = format!(
        "<html><body>{}政府信息公开工作年度报告{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let nested_tables = format!(
        "<html><body>{}1{}</body></html>",
        "<table><tr><td>".repeat(10_000),
        "</td></tr></table>".repeat(10_000)
    );
    let wide_row = format!(
        "<html><body><table><tr>{}</tr></table></body></html>",
        "<td colspan=\"1000\">1</td>".repeat(100_000)
    );
    let rowspans = format!(
        "<html><body><table>{}</table></body></html>",
        "<tr><td rowspan=\"100000\">本年新收政府信息公开申请数量</td><td>1</td></tr>"
            .repeat(20_000)
    );
    let unclosed_inline = format!(
        "<html><body><p>政府信息公开{}</p></body></html>",
        "<b><i><a href=\"#\">公开".repeat(30_000)
    );
    let unclosed_paragraphs = format!(
        "<html><body>{}</body></html>",
        "<p>一、总体情况<li>（一）公开".repeat(100_000)
    );
    let enumerators = format!("五、存在的主要问题及改进情况\n{}", "（一）".repeat(100_000));
    let enumerator_lines = format!(
        "五、存在的主要问题及改进情况\n{}",
        "（一）问题\n".repeat(100_000)
    );
    let table_rows = format!(
        "三、收到和处理政府信息公开申请情况\n{}",
        "本年新收政府信息公开申请数量\t1\t2\t3\t4\t5\t6\t7\n".repeat(100_000)
    );
    let mut inputs: Vec<(Target, String, Vec<u8>)> = vec![
        (
            Target::Parse,
            "50 MB of seed 000 repeated:big.txt".into(),
            fifty_mb,
        ),
        (
            Target::Parse,
            "10 MB single line:line.txt".into(),
            ten_mb_line,
        ),
        (
            Target::Parse,
            "100k nested <div>:divs.html".into(),
            nested_divs.into_bytes(),
        ),
        (
            Target::Parse,
            "10k nested <table>:tables.html".into(),
            nested_tables.into_bytes(),
        ),
        (
            Target::Parse,
            "100k colspan=1000 cells in a row:wide.html".into(),
            wide_row.into_bytes(),
        ),
        (
            Target::Parse,
            "20k rowspan=100000 rows:rowspan.html".into(),
            rowspans.into_bytes(),
        ),
        (
            Target::Parse,
            "90k unclosed <b><i><a>:inline.html".into(),
            unclosed_inline.into_bytes(),
        ),
        (
            Target::Parse,
            "100k unclosed <p><li>:paragraphs.html".into(),
            unclosed_paragraphs.into_bytes(),
        ),
        (
            Target::Parse,
            "100k （一） on one line:enum.txt".into(),
            enumerators.into_bytes(),
        ),
        (
            Target::Parse,
            "100k （一） lines:enum_lines.txt".into(),
            enumerator_lines.into_bytes(),
        ),
        (
            Target::Parse,
            "100k table-3 rows:rows.txt".into(),
            table_rows.into_bytes(),
        ),
        (
            Target::Parse,
            "1M digits:digits.txt".into(),
            "1".repeat(1_000_000).into_bytes(),
        ),
        (
            Target::Parse,
            "1M tabs:tabs.txt".into(),
            "\t".repeat(1_000_000).into_bytes(),
        ),
        (
            Target::Parse,
            "1M newlines:newlines.txt".into(),
            "\n".repeat(1_000_000).into_bytes(),
        ),
        (
            Target::Parse,
            "1M digit-tab pairs:cells.txt".into(),
            "1\t".repeat(1_000_000).into_bytes(),
        ),
        (
            Target::Parse,
            "1M invalid bytes:ff.txt".into(),
            vec![0xFF; 1_000_000],
        ),
        (
            Target::Parse,
            "1M zero bytes:zero.txt".into(),
            vec![0; 1_000_000],
        ),
        (
            Target::Parse,
            "PK header then junk:junk.docx".into(),
            [b"PK\x03\x04".as_slice(), &[0xAB; 100_000]].concat(),
        ),
    ];
    let strings: Vec<(&str, String)> = vec![
        ("100k (", format!("{}year = 2021", "(".repeat(100_000))),
        (
            "100k balanced ()",
            format!("{}year = 2021{}", "(".repeat(100_000), ")".repeat(100_000)),
        ),
        ("100k NOT", format!("{}year = 2021", "NOT ".repeat(100_000))),
        ("10k AND terms", vec!["year = 2021"; 10_000].join(" AND ")),
        ("10k OR terms", vec!["year = 2021"; 10_000].join(" OR ")),
        (
            "10k IN values",
            format!("region IN [{}]", vec!["北京市"; 10_000].join(",")),
        ),
        ("1 MB word", "字".repeat(350_000)),
        (
            "1 MB unclosed quote",
            format!("agency = \"{}", "字".repeat(350_000)),
        ),
        (
            "1 MB of digits",
            format!("year = {}", "9".repeat(1_000_000)),
        ),
        (
            "1 MB of backslashes",
            format!("agency = \"{}\"", "\\".repeat(1_000_000)),
        ),
    ];
    for (label, text) in &strings {
        inputs.push((
            Target::Filter,
            format!("filter {label}:"),
            text.clone().into_bytes(),
        ));
    }
    let queries: Vec<(&str, String)> = vec![
        ("10k terms", vec!["政务公开"; 10_000].join(" ")),
        ("10k OR terms", vec!["公开"; 10_000].join(" OR ")),
        ("10k exclusions", vec!["-镇"; 10_000].join(" ")),
        ("1 MB word", "字".repeat(350_000)),
        (
            "1 MB unclosed phrase",
            format!("\"{}", "字 ".repeat(250_000)),
        ),
        ("100k quotes", "\"".repeat(100_000)),
        ("100k dashes", "-".repeat(100_000)),
        ("10k field scopes", "title:".repeat(10_000)),
        (
            "huge slop",
            "\"政务 公开\"~99999999999999999999999".to_string(),
        ),
        ("1 MB of punctuation", "，".repeat(350_000)),
    ];
    for (label, text) in &queries {
        inputs.push((
            Target::Query,
            format!("query {label}:"),
            text.clone().into_bytes(),
        ));
    }
    inputs
}
