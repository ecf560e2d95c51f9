//! `nianbao problems [--index DIR] [--filter EXPR] [--min-reports N] [--limit N] [--json]`: the recurring stated
//! problems of the indexed reports (or of those a filter selects), then the bodies that state problems again.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use nianbao::problems::{self, BodyRepeat, RepeatOptions, ThemeOptions, ThemesResult};

/// Flags of `nianbao problems`.
#[derive(Debug, clap::Args)]
pub struct ProblemsArgs {
    /// The index folder.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Only reports matching this filter expression (e.g. `year >= 2021 AND level = township`).
    #[arg(long)]
    pub filter: Option<String>,
    /// Only themes stated by at least this many reports.
    #[arg(long, default_value_t = 2)]
    pub min_reports: usize,
    /// At most this many themes (and as many bodies with repeats).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// How similar a statement must be to a theme to join it (0 to 1; higher gives narrower themes).
    #[arg(long, default_value_t = 0.4)]
    pub threshold: f32,
    /// Group the improvements instead of the problems (repeats still concern problems).
    #[arg(long)]
    pub improvements: bool,
    /// Print one JSON object `{themes, repeats}`; each theme lists all its statements with their reports.
    #[arg(long)]
    pub json: bool,
}

/// Output of `--json`.
#[derive(serde::Serialize)]
struct Output<'a> {
    themes: &'a ThemesResult,
    repeats: &'a [BodyRepeat],
}

/// Loads the reports, groups their statements and prints the themes and the repeats.
pub fn run(args: ProblemsArgs) -> anyhow::Result<ExitCode> {
    if !(0.0..=1.0).contains(&args.threshold) {
        anyhow::bail!(
            "--threshold must be between 0 and 1, not {}",
            args.threshold
        );
    }
    let store = nianbao::index::Store::open_or_create(&args.index)
        .with_context(|| format!("cannot open the index in {}", args.index.display()))?;
    let reports = store
        .reports_matching(args.filter.as_deref())
        .context("cannot select the reports")?;
    let statements = if args.improvements {
        problems::improvement_statements_of(&reports)
    } else {
        problems::statements_of(&reports)
    };
    let theme_options = ThemeOptions {
        min_reports: args.min_reports,
        limit: args.limit,
        threshold: args.threshold,
        include_reports: args.json,
        focus_title: args.improvements,
        ..ThemeOptions::default()
    };
    let themes = problems::themes(&statements, &theme_options);
    let repeat_options = RepeatOptions {
        themes: ThemeOptions {
            focus_title: false,
            ..theme_options.clone()
        },
        ..RepeatOptions::default()
    };
    let mut repeats = problems::repeats(&reports, &repeat_options);
    repeats.retain(|body| !body.repeated.is_empty());
    repeats.truncate(args.limit);

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        let output = Output {
            themes: &themes,
            repeats: &repeats,
        };
        serde_json::to_writer(&mut out, &output).context("cannot write the themes")?;
        writeln!(out).context("cannot write the themes")?;
    } else {
        print_human(
            &mut out,
            &themes,
            &repeats,
            reports.len(),
            args.improvements,
        )
        .context("cannot write the themes")?;
    }
    out.flush().context("cannot write the themes")?;
    Ok(ExitCode::SUCCESS)
}

/// How many examples the human output shows per theme.
const SHOWN_EXAMPLES: usize = 3;

fn print_human(
    out: &mut impl Write,
    themes: &ThemesResult,
    repeats: &[BodyRepeat],
    report_count: usize,
    improvements: bool,
) -> std::io::Result<()> {
    let kind = if improvements {
        "improvement"
    } else {
        "problem"
    };
    writeln!(
        out,
        "{} {kind} statements from {} of {report_count} reports, {} themes; showing {}",
        themes.statement_count,
        themes.report_count,
        themes.theme_count,
        themes.themes.len()
    )?;
    for theme in &themes.themes {
        writeln!(out)?;
        writeln!(
            out,
            "{}  {}  — {} reports, {} statements",
            theme.id, theme.label, theme.report_count, theme.statement_count
        )?;
        if !theme.concepts.is_empty() {
            writeln!(out, "    concepts: {}", theme.concepts.join(", "))?;
        }
        let years: Vec<String> = theme
            .by_year
            .iter()
            .map(|(year, count)| format!("{year}: {count}"))
            .collect();
        if !years.is_empty() {
            writeln!(out, "    years: {}", years.join(", "))?;
        }
        for example in theme.examples.iter().take(SHOWN_EXAMPLES) {
            let year = example
                .year
                .map(|year| year.to_string())
                .unwrap_or_else(|| "?".to_string());
            writeln!(
                out,
                "    - {} ({}, {year}, {})",
                example.statement, example.file, example.report_id
            )?;
        }
    }
    if improvements {
        return Ok(());
    }
    writeln!(out)?;
    if repeats.is_empty() {
        writeln!(out, "No body states a problem again in a later year.")?;
        return Ok(());
    }
    writeln!(out, "Bodies stating the same problems again:")?;
    for body in repeats {
        writeln!(out)?;
        let years: Vec<String> = body.years.iter().map(i32::to_string).collect();
        writeln!(out, "{}  (reports {})", body.body, years.join(", "))?;
        for problem in &body.repeated {
            let run = problem.longest_run;
            let verbatim = if problem.near_verbatim {
                ", near-verbatim"
            } else {
                ""
            };
            let years: Vec<String> = problem.years.iter().map(i32::to_string).collect();
            let run_text = if run.years >= 2 {
                format!("{} years in a row ({}–{})", run.years, run.from, run.to)
            } else {
                "never two years in a row".to_string()
            };
            writeln!(
                out,
                "    {}: stated in {}; {run_text}{verbatim}",
                problem.label,
                years.join(", ")
            )?;
        }
        for overlap in &body.overlaps {
            writeln!(
                out,
                "    {} reuses {:.0}% of the {} report's text",
                overlap.year,
                overlap.reused_share * 100.0,
                overlap.previous_year
            )?;
        }
    }
    Ok(())
}
