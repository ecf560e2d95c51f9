//! The `/api` handlers: each turns an HTTP request into one library call (on a blocking thread) and its result into
//! JSON. No search, parsing or indexing logic lives here.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::error::{ApiError, ErrorType};
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::{AppState, MAX_LIMIT, MAX_OFFSET};
use crate::search::{SearchRequest, SearchResponse};

/// Runs a blocking library call on tokio's blocking pool and maps its error into the API's shape.
async fn blocking<T, F>(work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> crate::Result<T> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(ApiError::from),
        Err(join_error) => Err(ApiError::internal(format!(
            "blocking task failed: {join_error}"
        ))),
    }
}

/// The default number of hits per page.
const DEFAULT_LIMIT: usize = 20;

/// `GET /api/search` parameters. `facets` is comma-separated.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// Words to search for (the query language of [`crate::search`]); empty or absent matches every report.
    q: Option<String>,
    /// A filter expression, e.g. `year = 2021 AND applications.new_received.total > 0`.
    filter: Option<String>,
    /// Comma-separated facet names, e.g. `year,region,level`.
    facets: Option<String>,
    /// Sort order, e.g. `year:desc`.
    sort: Option<String>,
    /// Hits per page (default 20, at most 1000).
    limit: Option<usize>,
    /// Hits to skip (default 0).
    offset: Option<usize>,
    /// Whether hits carry highlighted snippets (default true).
    highlight: Option<bool>,
}

/// `POST /api/search` body: the same parameters, `facets` as a list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchBody {
    /// Words to search for; empty or absent matches every report.
    #[serde(default)]
    q: Option<String>,
    /// A filter expression.
    #[serde(default)]
    filter: Option<String>,
    /// Facet names.
    #[serde(default)]
    facets: Vec<String>,
    /// Sort order, e.g. `year:desc`.
    #[serde(default)]
    sort: Option<String>,
    /// Hits per page (default 20, at most 1000).
    #[serde(default)]
    limit: Option<usize>,
    /// Hits to skip (default 0).
    #[serde(default)]
    offset: Option<usize>,
    /// Whether hits carry highlighted snippets (default true).
    #[serde(default)]
    highlight: Option<bool>,
}

impl TryFrom<SearchParams> for SearchRequest {
    type Error = ApiError;

    fn try_from(params: SearchParams) -> Result<Self, ApiError> {
        let facets = params
            .facets
            .as_deref()
            .map(|list| {
                list.split(',')
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        SearchRequest::try_from(SearchBody {
            q: params.q,
            filter: params.filter,
            facets,
            sort: params.sort,
            limit: params.limit,
            offset: params.offset,
            highlight: params.highlight,
        })
    }
}

impl TryFrom<SearchBody> for SearchRequest {
    type Error = ApiError;

    fn try_from(body: SearchBody) -> Result<Self, ApiError> {
        let limit = body.limit.unwrap_or(DEFAULT_LIMIT);
        if limit > MAX_LIMIT {
            return Err(ApiError::bad_request(
                "invalid_search_limit",
                format!("limit must be at most {MAX_LIMIT}, got {limit}"),
            ));
        }
        let offset = body.offset.unwrap_or(0);
        if offset > MAX_OFFSET {
            return Err(ApiError::bad_request(
                "invalid_search_offset",
                format!("offset must be at most {MAX_OFFSET}, got {offset}; narrow the search with a filter"),
            ));
        }
        Ok(SearchRequest {
            q: non_blank(body.q),
            filter: non_blank(body.filter),
            facets: body.facets,
            sort: non_blank(body.sort),
            limit,
            offset,
            highlight: body.highlight.unwrap_or(true),
        })
    }
}

/// `None` for an absent, empty or all-blank parameter.
fn non_blank(value: Option<String>) -> Option<String> {
    value.filter(|text| !text.trim().is_empty())
}

/// A search answer: the engine's response plus the page asked for.
#[derive(Debug, Serialize)]
pub struct SearchReply {
    /// The engine's response (`total`, `hits`, `facets`).
    #[serde(flatten)]
    response: SearchResponse,
    /// Hits per page.
    limit: usize,
    /// Hits skipped.
    offset: usize,
}

async fn run_search(
    state: AppState,
    request: SearchRequest,
) -> Result<Json<SearchReply>, ApiError> {
    let (limit, offset) = (request.limit, request.offset);
    let store = state.store.clone();
    let response = blocking(move || crate::search::search(&store, &request)).await?;
    Ok(Json(SearchReply {
        response,
        limit,
        offset,
    }))
}

/// `GET /api/search`.
pub async fn search_get(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchReply>, ApiError> {
    run_search(state, SearchRequest::try_from(params)?).await
}

/// `POST /api/search`.
pub async fn search_post(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SearchBody>,
) -> Result<Json<SearchReply>, ApiError> {
    run_search(state, SearchRequest::try_from(body)?).await
}

/// `GET /api/reports/{id}`: the full record.
pub async fn report(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<crate::Report>, ApiError> {
    let store = state.store.clone();
    let lookup = id.clone();
    match blocking(move || store.get(&lookup)).await? {
        Some(report) => Ok(Json(report)),
        None => Err(ApiError::report_not_found(&id)),
    }
}

/// What `GET /api/reports/{id}/history` answers.
#[derive(Debug, Serialize)]
pub struct HistoryReply {
    /// The report asked about.
    id: String,
    /// Its body across the years in the index: the reports year by year, the cross-year checks (continuity of
    /// carried-over applications, table-2 stocks), timeliness and year-over-year changes of the main figures; null
    /// when the report names no body or no year.
    history: Option<crate::crossyear::BodyHistory>,
}

/// The names a body's reports may print, for an indexed lookup: the normalised name with each varying suffix, with
/// and without the region (see [`crate::crossyear::normalise_agency`]).
fn name_variants(report: &crate::Report) -> Vec<String> {
    let Some(agency) = report.agency.as_deref() else {
        return Vec::new();
    };
    let name = crate::crossyear::normalise_agency(agency, report.region.as_deref());
    let suffixes = [
        "",
        "人民政府",
        "政府",
        "人民政府办公室",
        "人民政府办公厅",
        "政府办公室",
        "政府办公厅",
        "办公室",
    ];
    let mut names: Vec<String> = suffixes
        .iter()
        .map(|suffix| format!("{name}{suffix}"))
        .collect();
    if let Some(region) = report.region.as_deref() {
        let prefixed: Vec<String> = names.iter().map(|name| format!("{region}{name}")).collect();
        names.extend(prefixed);
    }
    names.push(agency.to_string());
    names.sort();
    names.dedup();
    names
}

/// `GET /api/reports/{id}/history`: the report's body across years.
pub async fn report_history(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<HistoryReply>, ApiError> {
    let store = state.store.clone();
    let lookup = id.clone();
    let reply = blocking(move || {
        let Some(report) = store.get(&lookup)? else {
            return Ok(None);
        };
        let names = name_variants(&report);
        let history = if names.is_empty() {
            None
        } else {
            let quoted: Vec<String> = names
                .iter()
                .map(|name| format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\"")))
                .collect();
            let filter = format!("agency IN [{}]", quoted.join(", "));
            let mut candidates = store.reports_matching(Some(&filter))?;
            // history_for adds the report itself.
            candidates.retain(|candidate| candidate.id != report.id);
            crate::crossyear::history_for(&candidates, &report)
        };
        Ok(Some(HistoryReply {
            id: lookup,
            history,
        }))
    })
    .await?;
    reply
        .map(Json)
        .ok_or_else(|| ApiError::report_not_found(&id))
}

/// `GET /api/reports/{id}/source`: the decoded text the record was read from.
pub async fn report_source(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let store = state.store.clone();
    let lookup = id.clone();
    match blocking(move || store.source(&lookup)).await? {
        Some(text) => Ok((
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            text,
        )
            .into_response()),
        None => Err(ApiError::report_not_found(&id)),
    }
}

/// `GET /api/problems` parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemsParams {
    /// A filter expression selecting the reports whose problems are grouped; absent selects every report.
    filter: Option<String>,
    /// Only themes stated by at least this many reports (default 2, at least 1).
    min_reports: Option<usize>,
    /// At most this many themes (default 20, at most 1000).
    limit: Option<usize>,
}

/// What `GET /api/problems` answers.
#[derive(Debug, Serialize)]
pub struct ProblemsReply {
    /// The recurring themes among the selected reports' problem statements.
    themes: crate::problems::ThemesResult,
    /// The bodies that state the same problems in several years.
    repeats: Vec<crate::problems::BodyRepeat>,
}

/// `GET /api/problems`: the recurring problems of the selected reports.
pub async fn problems(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ProblemsParams>,
) -> Result<Json<ProblemsReply>, ApiError> {
    use crate::problems::{RepeatOptions, ThemeOptions};
    let defaults = ThemeOptions::default();
    let limit = params.limit.unwrap_or(defaults.limit);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::bad_request(
            "invalid_problems_limit",
            format!("limit must be between 1 and {MAX_LIMIT}, got {limit}"),
        ));
    }
    let min_reports = params.min_reports.unwrap_or(defaults.min_reports);
    if min_reports == 0 {
        return Err(ApiError::bad_request(
            "invalid_problems_min_reports",
            "min_reports must be at least 1",
        ));
    }
    let options = ThemeOptions {
        min_reports,
        limit,
        include_reports: false,
        ..defaults
    };
    let store = state.store.clone();
    let filter = non_blank(params.filter);
    let reply = blocking(move || {
        let reports = store.reports_matching(filter.as_deref())?;
        let statements = crate::problems::statements_of(&reports);
        let themes = crate::problems::themes(&statements, &options);
        let repeat_options = RepeatOptions {
            themes: options,
            ..RepeatOptions::default()
        };
        let repeats = crate::problems::repeats(&reports, &repeat_options);
        Ok(ProblemsReply { themes, repeats })
    })
    .await?;
    Ok(Json(reply))
}

/// `GET /api/export.csv` and `GET /api/export.ndjson` parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    /// A filter expression selecting the reports; absent selects every report.
    filter: Option<String>,
}

/// The export formats.
#[derive(Debug, Clone, Copy)]
enum ExportFormat {
    Csv,
    Ndjson,
}

async fn export(
    state: AppState,
    params: ExportParams,
    format: ExportFormat,
) -> Result<Response, ApiError> {
    let store = state.store.clone();
    let filter = non_blank(params.filter);
    let bytes = blocking(move || {
        let reports = store.reports_matching(filter.as_deref())?;
        let mut out = Vec::new();
        let written = match format {
            ExportFormat::Csv => crate::export::write_csv(&reports, &mut out),
            ExportFormat::Ndjson => crate::export::write_ndjson(&reports, &mut out),
        };
        written
            .map_err(|error| crate::Error::Internal(format!("cannot write the export: {error}")))?;
        Ok(out)
    })
    .await?;
    let (content_type, file_name) = match format {
        ExportFormat::Csv => ("text/csv; charset=utf-8", "nianbao-figures.csv"),
        ExportFormat::Ndjson => ("application/x-ndjson", "nianbao-figures.ndjson"),
    };
    let disposition = format!("attachment; filename=\"{file_name}\"");
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `GET /api/export.csv`.
pub async fn export_csv(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ExportParams>,
) -> Result<Response, ApiError> {
    export(state, params, ExportFormat::Csv).await
}

/// `GET /api/export.ndjson`.
pub async fn export_ndjson(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ExportParams>,
) -> Result<Response, ApiError> {
    export(state, params, ExportFormat::Ndjson).await
}

/// `GET /api/health`.
#[derive(Debug, Serialize)]
pub struct Health {
    /// Always `available` when the server answers and the index can be read.
    status: &'static str,
    /// Reports in the index.
    reports: u64,
    /// The server's version.
    version: &'static str,
}

/// `GET /api/health`.
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let store = state.store.clone();
    let reports = blocking(move || store.num_docs()).await?;
    Ok(Json(Health {
        status: "available",
        reports,
        version: env!("CARGO_PKG_VERSION"),
    }))
}

/// Checks `Authorization: Bearer <token>` against the configured admin token.
///
/// Without a configured token the admin routes are off: 401 `admin_disabled` (no credentials can be valid), whatever
/// the request says. A missing or wrong token is a 401 too, with its own code. Tokens are compared through their BLAKE3 hashes, whose equality is
/// constant-time, so neither the content nor the length of the token leaks through timing.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = state.admin_token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "admin_disabled",
            ErrorType::Auth,
            "uploads and deletions are disabled on this server; start it with --admin-token or NIANBAO_ADMIN_TOKEN",
        ));
    };
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing_authorization_header",
            ErrorType::Auth,
            "this route needs the header `Authorization: Bearer <admin token>`",
        ));
    };
    let given = value
        .to_str()
        .ok()
        .and_then(|text| text.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    if blake3::hash(given.as_bytes()) != blake3::hash(expected.as_bytes()) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            ErrorType::Auth,
            "the admin token is not valid",
        ));
    }
    Ok(())
}

/// `POST /api/reports` parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadParams {
    /// The file name to record when the body is raw bytes (default `upload.txt`).
    file: Option<String>,
}

/// What `POST /api/reports` answers.
#[derive(Debug, Serialize)]
pub struct Uploaded {
    /// The id the report is stored under (an upload of the same body and year replaces the earlier one).
    id: String,
    /// The file name recorded.
    file: String,
    /// What the parser was unsure of.
    warnings: Vec<crate::report::Warning>,
}

/// The file name to record: the last path component, without control characters, at most 200 characters.
fn clean_file_name(name: Option<&str>) -> String {
    let name = name.unwrap_or_default();
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "upload.txt".to_string()
    } else {
        cleaned.to_string()
    }
}

/// `POST /api/reports`: the body is the report file itself, or a `multipart/form-data` form whose first file field
/// is. Parses, indexes and commits; answers the id and the parser's warnings.
pub async fn upload(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<UploadParams>,
    request: Request,
) -> Result<Json<Uploaded>, ApiError> {
    authorize(&state, request.headers())?;
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        });
    let (name, bytes) = if is_multipart {
        let mut multipart = Multipart::from_request(request, &state).await?;
        let mut found = None;
        while let Some(field) = multipart.next_field().await? {
            let is_file = field.file_name().is_some() || field.name() == Some("file");
            if is_file {
                let name = field.file_name().map(str::to_string);
                found = Some((name, field.bytes().await?));
                break;
            }
        }
        found.ok_or_else(|| {
            ApiError::bad_request(
                "missing_file",
                "the multipart form has no file field (name it `file`)",
            )
        })?
    } else {
        let bytes = axum::body::Bytes::from_request(request, &state).await?;
        (params.file, bytes)
    };
    let file = clean_file_name(name.as_deref());
    let store = state.store.clone();
    let parse_name = file.clone();
    let (id, warnings) = blocking(move || {
        let parsed = crate::parse::parse_bytes(&parse_name, &bytes)?;
        let id = store.add(&parsed)?;
        Ok((id, parsed.report.warnings))
    })
    .await?;
    tracing::info!(%id, %file, "report uploaded");
    Ok(Json(Uploaded { id, file, warnings }))
}

/// What `DELETE /api/reports/{id}` answers.
#[derive(Debug, Serialize)]
pub struct Deleted {
    /// The id removed.
    id: String,
    /// Always true (an unknown id is a 404).
    deleted: bool,
}

/// `DELETE /api/reports/{id}`.
pub async fn delete_report(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Deleted>, ApiError> {
    authorize(&state, &headers)?;
    let store = state.store.clone();
    let target = id.clone();
    if blocking(move || store.delete(&target)).await? {
        tracing::info!(%id, "report deleted");
        Ok(Json(Deleted { id, deleted: true }))
    } else {
        Err(ApiError::report_not_found(&id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_parameters_become_the_engine_request() {
        let params = SearchParams {
            q: Some("  ".to_string()),
            filter: Some("year = 2021".to_string()),
            facets: Some("year, region,,level".to_string()),
            sort: None,
            limit: None,
            offset: Some(40),
            highlight: None,
        };
        let request = SearchRequest::try_from(params).unwrap();
        assert_eq!(request.q, None, "a blank query matches every report");
        assert_eq!(request.filter.as_deref(), Some("year = 2021"));
        assert_eq!(request.facets, ["year", "region", "level"]);
        assert_eq!(
            (request.limit, request.offset, request.highlight),
            (DEFAULT_LIMIT, 40, true)
        );
    }

    #[test]
    fn uploaded_file_names_lose_their_directories() {
        assert_eq!(clean_file_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(clean_file_name(Some("C:\\报告\\年报.txt")), "年报.txt");
        assert_eq!(clean_file_name(Some("..")), "upload.txt");
        assert_eq!(clean_file_name(None), "upload.txt");
    }
}
