//! The HTTP server: the JSON API under `/api`, the web page at `/`, both served from the binary.
//!
//! [`app`] builds the router without opening a socket, so tests call `app(state).oneshot(request)`; [`serve`] runs
//! it on a listener until a shutdown signal. The handlers are thin adapters: each makes one library call on a blocking
//! thread ([`crate::search::search`], [`crate::index::Store`], [`crate::problems`], [`crate::export`]) and returns
//! JSON. Every error, including axum's own rejections, answers `{"code", "type", "message"}` (see [`ApiError`]).
//! The routes are documented in `docs/api.md` and in the OpenAPI document served at `/api/openapi.json`.

mod api;
mod error;
mod extract;
mod page;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;

pub use error::{ApiError, ErrorType};

use crate::index::Store;

/// The largest `limit` a search accepts.
pub const MAX_LIMIT: usize = 1000;
/// The largest `offset` a search accepts (deeper pages are better reached with a filter).
pub const MAX_OFFSET: usize = 100_000;
/// The largest upload (`POST /api/reports`): 16 MiB.
pub const MAX_UPLOAD_BYTES: usize = 16 * 1024 * 1024;
/// The largest body of any other request (a search body): 64 KiB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The longest query string: 8 KiB.
pub const MAX_QUERY_BYTES: usize = 8 * 1024;
/// How long a request may take before it is answered 503 `request_timeout`.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler shares: the index and the admin token.
#[derive(Clone)]
pub struct AppState {
    /// The report index.
    pub store: Store,
    /// The token that `POST /api/reports` and `DELETE /api/reports/{id}` require; `None` turns those routes off.
    pub admin_token: Option<Arc<str>>,
}

impl AppState {
    /// State over a store; an empty or blank admin token counts as none (admin routes off).
    pub fn new(store: Store, admin_token: Option<String>) -> Self {
        let admin_token = admin_token
            .map(|token| token.trim().to_string())
            .filter(|token| !token.is_empty())
            .map(Arc::from);
        AppState { store, admin_token }
    }
}

/// The API's routes: path and method router. [`app`] mounts exactly these, and the OpenAPI document
/// (`/api/openapi.json`) lists exactly these paths (a test holds them together).
fn api_routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/health", get(api::health)),
        ("/api/search", get(api::search_get).post(api::search_post)),
        (
            "/api/reports",
            post(api::upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        ),
        (
            "/api/reports/{id}",
            get(api::report).delete(api::delete_report),
        ),
        ("/api/reports/{id}/source", get(api::report_source)),
        ("/api/reports/{id}/history", get(api::report_history)),
        ("/api/problems", get(api::problems)),
        ("/api/export.csv", get(api::export_csv)),
        ("/api/export.ndjson", get(api::export_ndjson)),
        ("/api/openapi.json", get(page::openapi)),
    ]
}

/// The paths of the API, as routed (templates such as `/api/reports/{id}` as written).
pub fn api_paths() -> Vec<&'static str> {
    api_routes().into_iter().map(|(path, _)| path).collect()
}

/// The whole application: API, web page, limits, timeouts and request logs.
pub fn app(state: AppState) -> Router {
    let router = api_routes()
        .into_iter()
        .fold(Router::new(), |router, (path, route)| {
            router.route(path, route)
        })
        .route("/", get(page::index))
        .route("/assets/{name}", get(page::asset))
        .fallback(route_not_found)
        .method_not_allowed_fallback(method_not_allowed);
    let timeout = tower::ServiceBuilder::new()
        .layer(HandleErrorLayer::new(timeout_error))
        .timeout(REQUEST_TIMEOUT);
    router
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(limit_query_length))
        .layer(axum::middleware::from_fn(page::security_headers))
        .layer(timeout)
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves [`app`] on a listener until `shutdown` resolves, then lets the requests in flight finish.
pub async fn serve<F>(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

async fn route_not_found(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "route_not_found",
        ErrorType::NotFound,
        format!(
            "no route {} {}; the API is described at /api/openapi.json",
            request.method(),
            request.uri().path()
        ),
    )
}

async fn method_not_allowed(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        ErrorType::InvalidRequest,
        format!(
            "{} is not allowed on {}",
            request.method(),
            request.uri().path()
        ),
    )
}

async fn timeout_error(error: tower::BoxError) -> ApiError {
    if error.is::<tower::timeout::error::Elapsed>() {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "request_timeout",
            ErrorType::Internal,
            format!(
                "the request took longer than {} s",
                REQUEST_TIMEOUT.as_secs()
            ),
        )
    } else {
        ApiError::internal(error)
    }
}

/// Rejects query strings longer than [`MAX_QUERY_BYTES`] with 414.
async fn limit_query_length(request: Request, next: Next) -> Response {
    let length = request.uri().query().map_or(0, str::len);
    if length > MAX_QUERY_BYTES {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            "query_too_long",
            ErrorType::InvalidRequest,
            format!("the query string has {length} bytes, at most {MAX_QUERY_BYTES} are accepted; use POST /api/search"),
        )
        .into_response();
    }
    next.run(request).await
}
