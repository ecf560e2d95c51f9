//! `nianbao gen --count N --seed S --out DIR [--truth FILE]`: writes a deterministic corpus of realistic reports.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

/// Flags of `nianbao gen`.
#[derive(Debug, clap::Args)]
pub struct GenArgs {
    /// How many reports to write.
    #[arg(long, default_value_t = 1000)]
    pub count: usize,
    /// The seed: the same seed and count give the same files, byte for byte.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The folder to write the reports into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Also write the truth of every report as JSON Lines to this file (file name, then what the report says).
    #[arg(long)]
    pub truth: Option<PathBuf>,
    /// The share of reports whose figures break a consistency check.
    #[arg(long, default_value_t = 0.05)]
    pub broken_share: f64,
}

/// Generates the corpus and writes one file per report.
pub fn run(args: GenArgs) -> anyhow::Result<ExitCode> {
    if !(0.0..=1.0).contains(&args.broken_share) {
        anyhow::bail!(
            "--broken-share must be between 0 and 1, not {}",
            args.broken_share
        );
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut truth_out = match &args.truth {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => None,
    };
    let options = nianbao::gen::GenOptions {
        count: args.count,
        seed: args.seed,
        broken_share: args.broken_share,
        ..Default::default()
    };
    let started = Instant::now();
    let mut bytes = 0u64;
    for report in nianbao::gen::generate(&options) {
        let path = args.out.join(&report.file_name);
        std::fs::write(&path, &report.bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        bytes += report.bytes.len() as u64;
        if let Some(out) = truth_out.as_mut() {
            let line = serde_json::json!({ "file": report.file_name, "truth": report.truth });
            serde_json::to_writer(&mut *out, &line).context("cannot write the truth")?;
            writeln!(out).context("cannot write the truth")?;
        }
    }
    if let Some(mut out) = truth_out {
        out.flush().context("cannot write the truth")?;
    }
    tracing::info!(
        count = args.count,
        megabytes = bytes as f64 / 1e6,
        seconds = started.elapsed().as_secs_f64(),
        out = %args.out.display(),
        "corpus written"
    );
    Ok(ExitCode::SUCCESS)
}
