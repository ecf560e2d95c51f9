//! `nianbao parse [--pretty] FILE...`: one JSON record per file, in the order given; failures named on stderr.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

/// Flags of `nianbao parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// Pretty-print each record (multi-line JSON) instead of JSON Lines.
    #[arg(long)]
    pub pretty: bool,
    /// The report files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Parses every file; prints the records; names each failed file and its reason on stderr.
/// Exit code 1 when any file failed.
pub fn run(args: ParseArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failures = 0usize;
    for path in &args.files {
        match nianbao::parse::parse_file(path) {
            Ok(parsed) => {
                if args.pretty {
                    serde_json::to_writer_pretty(&mut out, &parsed.report)
                } else {
                    serde_json::to_writer(&mut out, &parsed.report)
                }
                .context("cannot write the record")?;
                writeln!(out).context("cannot write the record")?;
            }
            Err(error) => {
                failures += 1;
                out.flush().context("cannot write the record")?;
                eprintln!("nianbao: {error}");
            }
        }
    }
    out.flush().context("cannot write the record")?;
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
