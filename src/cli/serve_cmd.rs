//! `nianbao serve [--index DIR] [--addr ADDR] [--admin-token T]`: the HTTP API and the web page. Running `nianbao`
//! with no subcommand serves with the defaults and first indexes the bundled `fixtures/` when the index is empty.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use nianbao::index::Store;
use nianbao::server::{self, AppState};

/// The address served by default.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7700";
/// The index directory used by default.
pub const DEFAULT_INDEX: &str = "index";
/// How long requests in flight may take to finish after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Flags of `nianbao serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The index directory (created when missing).
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// The address to listen on; port 0 picks a free port.
    #[arg(long, default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// The bearer token that enables `POST /api/reports` and `DELETE /api/reports/{id}` (default: env
    /// `NIANBAO_ADMIN_TOKEN`; without one those routes are off).
    #[arg(long)]
    pub admin_token: Option<String>,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            index: PathBuf::from(DEFAULT_INDEX),
            addr: DEFAULT_ADDR
                .parse()
                .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 7700))),
            admin_token: None,
        }
    }
}

/// `nianbao` with no subcommand: the default index, filled from `fixtures/` when empty, then served.
pub fn run_default() -> anyhow::Result<ExitCode> {
    let args = ServeArgs::default();
    let store = open_store(&args.index)?;
    if store.num_docs().context("cannot read the index")? == 0 {
        seed_from_fixtures(&store)?;
    }
    serve(store, args)
}

/// `nianbao serve`.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.index)?;
    serve(store, args)
}

fn open_store(dir: &Path) -> anyhow::Result<Store> {
    Store::open_or_create(dir)
        .with_context(|| format!("cannot open the index at {}", dir.display()))
}

/// The bundled fixtures: `fixtures/` under the working directory, else under the source tree the binary was built
/// from (so `cargo run` works from any directory of a clone).
fn fixtures_dir() -> Option<PathBuf> {
    [
        PathBuf::from("fixtures"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
    ]
    .into_iter()
    .find(|dir| dir.is_dir())
}

/// Parses every `fixtures/*.txt` and indexes them in one commit. A fixture that fails to parse is named and skipped.
fn seed_from_fixtures(store: &Store) -> anyhow::Result<()> {
    let Some(dir) = fixtures_dir() else {
        tracing::warn!(
            "the index is empty and no fixtures/ folder was found; serving an empty index"
        );
        return Ok(());
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    let mut parsed = Vec::with_capacity(paths.len());
    for path in &paths {
        match nianbao::parse::parse_file(path) {
            Ok(report) => parsed.push(report),
            Err(error) => tracing::warn!(%error, "fixture skipped"),
        }
    }
    store
        .add_batch(&parsed)
        .context("cannot index the fixtures")?;
    eprintln!(
        "nianbao: indexed {} reports from {}",
        parsed.len(),
        dir.display()
    );
    Ok(())
}

fn serve(store: Store, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let admin_token = args
        .admin_token
        .or_else(|| std::env::var("NIANBAO_ADMIN_TOKEN").ok());
    let state = AppState::new(store.clone(), admin_token);
    let admin_enabled = state.admin_token.is_some();
    let reports = store.num_docs().unwrap_or(0);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener.local_addr().context("cannot read the listening address")?;
        eprintln!("nianbao: serving {reports} reports on http://{local}/ (API: http://{local}/api/openapi.json)");
        if admin_enabled {
            eprintln!("nianbao: uploads and deletions enabled (admin token set)");
        }
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let mut server = tokio::spawn(server::serve(listener, state, async move {
            let _ = stop_rx.await;
        }));
        tokio::select! {
            () = server::shutdown_signal() => {}
            ended = &mut server => return server_outcome(ended),
        }
        let _ = stop_tx.send(());
        match tokio::time::timeout(SHUTDOWN_GRACE, server).await {
            Ok(ended) => server_outcome(ended),
            Err(_) => {
                tracing::warn!("requests still running after {SHUTDOWN_GRACE:?}; stopping anyway");
                Ok(())
            }
        }
    })?;
    store.close_writer().context("cannot close the index")?;
    Ok(ExitCode::SUCCESS)
}

fn server_outcome(
    ended: Result<std::io::Result<()>, tokio::task::JoinError>,
) -> anyhow::Result<()> {
    match ended {
        Ok(result) => result.context("the server failed"),
        Err(join_error) => anyhow::bail!("the server task failed: {join_error}"),
    }
}
