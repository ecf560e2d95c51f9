//! The web page and the OpenAPI document, embedded in the binary (the machines that run nianbao may have no
//! internet: no CDN, no external fonts).

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{ApiError, ErrorType};
use super::extract::ApiPath;

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");
const OPENAPI_JSON: &str = include_str!("assets/openapi.json");

/// The page's content security policy: everything from this server, nothing inline but styles set by script.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'";

fn text(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

/// `GET /`: the single-page application (search, report and problems views under hash routes).
pub async fn index() -> Response {
    text("text/html; charset=utf-8", INDEX_HTML)
}

/// `GET /assets/{name}`: the page's script and style sheet.
pub async fn asset(ApiPath(name): ApiPath<String>) -> Result<Response, ApiError> {
    match name.as_str() {
        "app.js" => Ok(text("text/javascript; charset=utf-8", APP_JS)),
        "style.css" => Ok(text("text/css; charset=utf-8", STYLE_CSS)),
        _ => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "route_not_found",
            ErrorType::NotFound,
            format!("no asset `{name}`"),
        )),
    }
}

/// `GET /api/openapi.json`: the OpenAPI 3 document of the API.
pub async fn openapi() -> Response {
    text("application/json", OPENAPI_JSON)
}

/// Adds `nosniff` to every answer and the content security policy to HTML.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if is_html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    response
}
