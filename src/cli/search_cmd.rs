//! `nianbao search [--index DIR] [--filter EXPR] [--facets …] [--sort FIELD:asc|desc] [--limit N] [--offset N]
//! [--json] [QUERY]`: query the index from the terminal.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use nianbao::index::Store;
use nianbao::search::{SearchHit, SearchRequest, SearchResponse};

/// Flags of `nianbao search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// A filter expression, e.g. 'applications.new_received.total > 0 AND year = 2021' (see docs/query.md).
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// Facets to count, comma-separated: year, region, level, check, template.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub facets: Vec<String>,
    /// Order of the hits: score (default), year or a figure path, with :asc or :desc (default desc).
    #[arg(long, value_name = "FIELD[:asc|:desc]")]
    pub sort: Option<String>,
    /// Hits to show (at most 1000).
    #[arg(long, value_name = "N", default_value_t = nianbao::search::DEFAULT_LIMIT)]
    pub limit: usize,
    /// Hits to skip.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Print the response as JSON (total, hits, facets) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Leave out highlighted snippets.
    #[arg(long)]
    pub no_highlight: bool,
    /// The query: words (all must match), "phrases", -excluded, a OR b (see docs/query.md). A query that starts
    /// with an exclusion goes after `--`: `nianbao search -- -培训 政务`.
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Vec<String>,
}

/// Runs one search and prints it.
pub fn run(args: SearchArgs) -> anyhow::Result<ExitCode> {
    if !args.index.join("meta.json").is_file() {
        anyhow::bail!(
            "no index in {}; build one with `nianbao index --index {} PATH...`",
            args.index.display(),
            args.index.display()
        );
    }
    let store = Store::open_or_create(&args.index)?;
    let query = args.query.join(" ");
    let request = SearchRequest {
        q: (!query.trim().is_empty()).then_some(query),
        filter: args.filter,
        facets: args.facets,
        sort: args.sort,
        limit: args.limit,
        offset: args.offset,
        highlight: !args.no_highlight,
    };
    let response = nianbao::search::search(&store, &request)?;
    let stdout = std::io::stdout();
    let color = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &response).context("cannot write the response")?;
        writeln!(out).context("cannot write the response")?;
    } else {
        print_human(&mut out, &request, &response, color).context("cannot write the response")?;
    }
    out.flush().context("cannot write the response")?;
    Ok(ExitCode::SUCCESS)
}

fn print_human(
    out: &mut impl Write,
    request: &SearchRequest,
    response: &SearchResponse,
    color: bool,
) -> std::io::Result<()> {
    let shown = response.hits.len();
    if shown == 0 {
        writeln!(out, "{} reports match", response.total)?;
    } else {
        writeln!(
            out,
            "{} reports match; showing {}–{}",
            response.total,
            request.offset + 1,
            request.offset + shown
        )?;
    }
    for (rank, hit) in response.hits.iter().enumerate() {
        writeln!(out)?;
        print_hit(out, request.offset + rank + 1, hit, color)?;
    }
    for (name, values) in &response.facets {
        let counts: Vec<String> = values
            .iter()
            .map(|(value, count)| format!("{value}: {count}"))
            .collect();
        writeln!(out, "\n{name}: {}", counts.join(", "))?;
    }
    Ok(())
}

fn print_hit(
    out: &mut impl Write,
    rank: usize,
    hit: &SearchHit,
    color: bool,
) -> std::io::Result<()> {
    let unknown = || "?".to_string();
    let details = [
        hit.region.clone(),
        hit.year.map(|year| year.to_string()),
        hit.level.clone(),
        hit.consistent
            .map(|ok| if ok { "consistent" } else { "inconsistent" }.to_string()),
    ];
    let details: Vec<String> = details.into_iter().flatten().collect();
    let score = if hit.score > 0.0 {
        format!("  score {:.2}", hit.score)
    } else {
        String::new()
    };
    writeln!(
        out,
        "{rank}. {}  [{}]{score}",
        hit.agency.clone().unwrap_or_else(unknown),
        details.join(" · "),
    )?;
    writeln!(out, "   {}  id {}", hit.file, hit.id)?;
    if let Some(title) = &hit.title {
        writeln!(out, "   {title}")?;
    }
    for (field, snippet) in &hit.highlights {
        writeln!(out, "   {field}: {}", render_snippet(snippet, color))?;
    }
    Ok(())
}

/// Turns an HTML snippet into terminal text: marks in bold yellow on a terminal, in 【】 otherwise.
fn render_snippet(snippet: &str, color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("【", "】")
    };
    snippet
        .replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
