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
/// Exit code 1 when any file failed. A closed stdout (`nianbao parse … | head`) ends the run quietly.
pub fn run(args: ParseArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failures = 0usize;
    let exit_code = |failures: usize| {
        if failures == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    };
    for path in &args.files {
        let written = match nianbao::parse::parse_file(path) {
            Ok(parsed) => write_record(&mut out, &parsed.report, args.pretty),
            Err(error) => {
                failures += 1;
                tracing::debug!(file = %path.display(), %error, "file not parsed");
                let flushed = out.flush();
                eprintln!("nianbao: {error}");
                flushed
            }
        };
        match written {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                return Ok(exit_code(failures))
            }
            Err(error) => return Err(error).context("cannot write the record"),
        }
    }
    match out.flush() {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(error).context("cannot write the record")
        }
        _ => {}
    }
    Ok(exit_code(failures))
}

/// Writes one record as a JSON line (or pretty JSON).
fn write_record(
    out: &mut impl Write,
    report: &nianbao::Report,
    pretty: bool,
) -> std::io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, report)
    } else {
        serde_json::to_writer(&mut *out, report)
    }
    .map_err(std::io::Error::from)?;
    writeln!(out)
}
