//! `nianbao export --format FORMAT [--index DIR] [--filter EXPR] [--index-name NAME]`: the selected reports written
//! to stdout for other tools — a spreadsheet (`csv`), data tools (`ndjson`), an Elasticsearch/OpenSearch cluster
//! (`es-bulk`, with `es-template` for the index template, which needs no index).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

/// What `nianbao export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The figure table, one row per report (UTF-8 with BOM, bilingual header).
    Csv,
    /// The figure table, one flat JSON object per report.
    Ndjson,
    /// An Elasticsearch/OpenSearch `_bulk` body: an action line and a document line per report, `_id` = record id.
    EsBulk,
    /// An Elasticsearch/OpenSearch index template (IK analyzers, numeric figure fields, keyword facets).
    EsTemplate,
}

/// Flags of `nianbao export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// Only reports matching this filter expression (e.g. `year >= 2021 AND level = township`).
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// The cluster index the bulk body writes to (`es-bulk`), or whose name the template's pattern starts with
    /// (`es-template`).
    #[arg(long, value_name = "NAME", default_value = nianbao::cluster::DEFAULT_INDEX_NAME)]
    pub index_name: String,
}

/// Loads the selected reports (unless only the template is asked for) and writes them in the chosen format.
pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.format == ExportFormat::EsTemplate {
        nianbao::cluster::write_template(&args.index_name, &mut out)
            .context("cannot write the template")?;
        return Ok(ExitCode::SUCCESS);
    }
    let store = nianbao::index::Store::open_or_create(&args.index)
        .with_context(|| format!("cannot open the index in {}", args.index.display()))?;
    let reports = store
        .reports_matching(args.filter.as_deref())
        .context("cannot select the reports")?;
    tracing::info!(reports = reports.len(), format = ?args.format, "exporting");
    match args.format {
        ExportFormat::Csv => nianbao::export::write_csv(&reports, &mut out),
        ExportFormat::Ndjson => nianbao::export::write_ndjson(&reports, &mut out),
        ExportFormat::EsBulk => nianbao::cluster::write_bulk(&reports, &args.index_name, &mut out),
        ExportFormat::EsTemplate => Ok(()),
    }
    .context("cannot write the export")?;
    out.flush().context("cannot write the export")?;
    Ok(ExitCode::SUCCESS)
}
