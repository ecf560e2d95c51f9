//! `nianbao index [--index DIR] [--rebuild] PATH...` and `nianbao index --delete ID`: build or update the index.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use nianbao::index::Store;
use nianbao::parse::Parsed;
use rayon::prelude::*;

/// File extensions picked up when walking a folder (files named on the command line are always read).
const REPORT_EXTENSIONS: [&str; 8] = [
    "txt", "text", "html", "htm", "md", "markdown", "pdf", "docx",
];

/// Flags of `nianbao index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// The index folder (created when missing).
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// Remove every report from the index before indexing.
    #[arg(long, conflicts_with = "delete")]
    pub rebuild: bool,
    /// Remove the report with this id instead of indexing anything.
    #[arg(long, value_name = "ID", conflicts_with = "paths")]
    pub delete: Option<String>,
    /// Commit after this many reports (and at the end).
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_every: u64,
    /// Report files, and folders searched recursively for *.txt, *.text, *.html, *.htm, *.md, *.markdown, *.pdf, *.docx.
    #[arg(required_unless_present_any = ["delete", "rebuild"])]
    pub paths: Vec<PathBuf>,
}

/// One file that could not be indexed, and why.
struct Failure {
    path: PathBuf,
    reason: String,
}

/// Indexes the files (or deletes a report); exit code 1 when any file failed.
pub fn run(args: IndexArgs) -> anyhow::Result<ExitCode> {
    // A rebuild starts from an empty folder, so it also works over an index of an older schema.
    let store = if args.rebuild {
        Store::recreate(&args.index)?
    } else {
        Store::open_or_create(&args.index)?
    };
    if let Some(id) = &args.delete {
        let deleted = store.delete(id)?;
        store.close_writer()?;
        return Ok(if deleted {
            eprintln!("nianbao: removed report {id} from {}", args.index.display());
            ExitCode::SUCCESS
        } else {
            eprintln!(
                "nianbao: no report with id {id} in {}",
                args.index.display()
            );
            ExitCode::from(1)
        });
    }

    let (files, mut failures) = collect_files(&args.paths);

    let started = Instant::now();
    let progress = progress_bar(files.len() as u64);
    let mut indexed = 0usize;
    // Files of this run by report id, to name the ones a later file replaced (same agency, region and year).
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut replaced: Vec<(PathBuf, PathBuf)> = Vec::new();
    let chunk_size = usize::try_from(args.commit_every).unwrap_or(usize::MAX);
    for chunk in files.chunks(chunk_size) {
        let outcomes: Vec<(PathBuf, Result<Parsed, String>)> = chunk
            .par_iter()
            .map(|path| {
                let outcome = nianbao::parse::parse_file(path).map_err(|error| error.to_string());
                progress.inc(1);
                (path.clone(), outcome)
            })
            .collect();
        let mut batch = Vec::with_capacity(outcomes.len());
        for (path, outcome) in outcomes {
            match outcome {
                Ok(parsed) => {
                    if let Some(earlier) = seen.insert(parsed.report.id.clone(), path.clone()) {
                        replaced.push((earlier, path));
                    }
                    batch.push(parsed);
                }
                Err(reason) => failures.push(Failure { path, reason }),
            }
        }
        store
            .add_batch(&batch)
            .with_context(|| format!("cannot write to the index {}", args.index.display()))?;
        indexed += batch.len();
    }
    progress.finish_and_clear();
    store.close_writer()?;

    let elapsed = started.elapsed();
    eprintln!(
        "nianbao: indexed {indexed} of {} files in {} ({:.0} files/s); the index {} holds {} reports",
        files.len(),
        human_duration(elapsed),
        files.len() as f64 / elapsed.as_secs_f64().max(1e-3),
        args.index.display(),
        store.num_docs()?
    );
    if !replaced.is_empty() {
        eprintln!(
            "nianbao: {} files are the same report as an earlier file (same id) and replaced it:",
            replaced.len()
        );
        for (earlier, later) in &replaced {
            eprintln!("  {} replaced {}", later.display(), earlier.display());
        }
    }
    if failures.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("nianbao: {} files failed:", failures.len());
    for failure in &failures {
        eprintln!("  {}: {}", failure.path.display(), failure.reason);
    }
    Ok(ExitCode::from(1))
}

/// Expands folders recursively (sorted, hidden entries skipped); unreadable paths become failures.
fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut failures);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            failures.push(Failure {
                path: path.clone(),
                reason: "no such file or folder".to_string(),
            });
        }
    }
    (files, failures)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, failures: &mut Vec<Failure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            failures.push(Failure {
                path: dir.to_path_buf(),
                reason: format!("cannot read the folder: {error}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, files, failures);
        } else if has_report_extension(&path) {
            files.push(path);
        }
    }
}

fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|ext| REPORT_EXTENSIONS.contains(&ext.as_str()))
}

/// A progress bar on stderr with count, rate and ETA (hidden when stderr is not a terminal).
fn progress_bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} files ({per_sec}, eta {eta})",
    );
    match style {
        Ok(style) => bar.set_style(style),
        Err(error) => tracing::debug!(%error, "progress bar template rejected; using the default"),
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn human_duration(duration: Duration) -> String {
    if duration.as_secs() >= 60 {
        format!(
            "{}m{:02}s",
            duration.as_secs() / 60,
            duration.as_secs() % 60
        )
    } else {
        format!("{:.2}s", duration.as_secs_f64())
    }
}
