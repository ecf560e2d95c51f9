//! Command-line flags and dispatch. Each subcommand lives in its own file and only adapts flags to library calls.

mod export_cmd;
mod gen_cmd;
mod index_cmd;
mod parse_cmd;
mod problems_cmd;
mod search_cmd;
mod serve_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// nianbao (年报): read, index and search government information disclosure annual reports.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version, about)]
pub struct Cli {
    /// The subcommand; without one, `serve` on the default index (building it from `fixtures/` if empty).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse report files and print one JSON record per file (JSON Lines).
    Parse(parse_cmd::ParseArgs),
    /// Index report files and folders (parsed in parallel), or remove a report with --delete.
    Index(index_cmd::IndexArgs),
    /// Search the index: words, "phrases", -exclusions, OR; --filter on figures; --facets; --json.
    Search(search_cmd::SearchArgs),
    /// Serve the HTTP API and the web page (`nianbao` with no subcommand serves the default index).
    Serve(serve_cmd::ServeArgs),
    /// Write a deterministic corpus of realistic generated reports (for benchmarks and tests).
    Gen(gen_cmd::GenArgs),
    /// Group the stated problems into recurring themes; list the bodies that state them again year after year.
    Problems(problems_cmd::ProblemsArgs),
    /// Export the selected reports: csv, ndjson, or es-bulk / es-template for an Elasticsearch/OpenSearch cluster.
    Export(export_cmd::ExportArgs),
}

/// Parses the command line, runs the subcommand and turns its outcome into an exit code
/// (0 success, 1 some inputs failed, 2 usage or fatal error).
pub fn main() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Some(Command::Parse(args)) => parse_cmd::run(args),
        Some(Command::Index(args)) => index_cmd::run(args),
        Some(Command::Search(args)) => search_cmd::run(args),
        Some(Command::Gen(args)) => gen_cmd::run(args),
        Some(Command::Problems(args)) => problems_cmd::run(args),
        Some(Command::Export(args)) => export_cmd::run(args),
        Some(Command::Serve(args)) => serve_cmd::run(args),
        None => serve_cmd::run_default(),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("nianbao: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Logs go to stderr, filtered by `RUST_LOG` (default `info`).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// A closed stdout (`nianbao parse … | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
