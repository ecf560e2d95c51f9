//! The API's error: `{"code", "type", "message"}` with an HTTP status, for the library's errors, the extractors'
//! rejections and the server's own limits alike.
//!
//! User mistakes get a 4xx and a message that says what to fix (a bad filter names the column of the mistake).
//! Internal failures get a 500 whose message says nothing of the internals; the detail goes to the log.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::ParseError;

/// The `type` of an API error, as in Meilisearch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorType {
    /// The request is wrong: fix it and retry.
    InvalidRequest,
    /// Missing or wrong credentials, or an admin route that is switched off.
    Auth,
    /// The thing asked for does not exist.
    NotFound,
    /// Our fault (or a timeout): retrying later may help.
    Internal,
}

/// An error answered by the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable machine-readable code, e.g. `invalid_filter`.
    pub code: &'static str,
    /// The error's type.
    pub kind: ErrorType,
    /// What happened, for a person.
    pub message: String,
}

/// The JSON body of an error.
#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    #[serde(rename = "type")]
    kind: ErrorType,
    message: &'a str,
}

impl ApiError {
    /// An error with every part given.
    pub fn new(
        status: StatusCode,
        code: &'static str,
        kind: ErrorType,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            code,
            kind,
            message: message.into(),
        }
    }

    /// A 400 `invalid_request` error with a specific code.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            code,
            ErrorType::InvalidRequest,
            message,
        )
    }

    /// A 500 that tells the client nothing of the cause; `detail` is logged.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            ErrorType::Internal,
            "internal error; the server log has the details",
        )
    }

    /// 404 for a report id that is not in the index.
    pub fn report_not_found(id: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "report_not_found",
            ErrorType::NotFound,
            format!("no report with id `{id}`"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code,
            kind: self.kind,
            message: &self.message,
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

impl From<crate::Error> for ApiError {
    fn from(error: crate::Error) -> Self {
        use crate::Error;
        match error {
            Error::Parse(ParseError::TooLarge { .. }) => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                ErrorType::InvalidRequest,
                error.to_string(),
            ),
            // The file may be fine; this machine lacks a tool to read it (e.g. pdftotext). Say so: it is no secret,
            // and the client can retry elsewhere or later.
            Error::Parse(ParseError::Unavailable { .. }) => {
                tracing::error!(%error, "cannot read an upload on this machine");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "reader_unavailable",
                    ErrorType::Internal,
                    error.to_string(),
                )
            }
            Error::Parse(_) => ApiError::bad_request("invalid_document", error.to_string()),
            Error::Filter(_) => ApiError::bad_request("invalid_filter", error.to_string()),
            Error::Query(_) => ApiError::bad_request("invalid_query", error.to_string()),
            Error::InvalidRequest(_) => ApiError::bad_request("invalid_request", error.to_string()),
            Error::NotFound(id) => ApiError::report_not_found(&id),
            other if other.is_user_error() => {
                ApiError::bad_request("invalid_request", other.to_string())
            }
            other => ApiError::internal(other),
        }
    }
}

impl From<ParseError> for ApiError {
    fn from(error: ParseError) -> Self {
        ApiError::from(crate::Error::from(error))
    }
}

impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::JsonRejection) -> Self {
        use axum::extract::rejection::JsonRejection;
        let code = match &rejection {
            JsonRejection::JsonSyntaxError(_) => "malformed_json",
            JsonRejection::JsonDataError(_) => "invalid_request_body",
            JsonRejection::MissingJsonContentType(_) => "missing_content_type",
            JsonRejection::BytesRejection(_) => "invalid_request_body",
            _ => "invalid_request_body",
        };
        from_rejection(rejection.status(), code, rejection.body_text())
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        from_rejection(
            rejection.status(),
            "invalid_query_string",
            rejection.body_text(),
        )
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::PathRejection) -> Self {
        from_rejection(rejection.status(), "invalid_path", rejection.body_text())
    }
}

impl From<axum::extract::rejection::BytesRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::BytesRejection) -> Self {
        from_rejection(
            rejection.status(),
            "invalid_request_body",
            rejection.body_text(),
        )
    }
}

impl From<axum::extract::multipart::MultipartRejection> for ApiError {
    fn from(rejection: axum::extract::multipart::MultipartRejection) -> Self {
        from_rejection(
            rejection.status(),
            "invalid_multipart",
            rejection.body_text(),
        )
    }
}

impl From<axum::extract::multipart::MultipartError> for ApiError {
    fn from(error: axum::extract::multipart::MultipartError) -> Self {
        from_rejection(error.status(), "invalid_multipart", error.body_text())
    }
}

/// An extractor's rejection in the API's shape. Rejections are the client's mistakes, except a body over the size
/// limit (413) which keeps its own code.
fn from_rejection(status: StatusCode, code: &'static str, text: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(
            status,
            "payload_too_large",
            ErrorType::InvalidRequest,
            "the request body is larger than this route accepts",
        );
    }
    if status.is_server_error() {
        return ApiError::internal(text);
    }
    // axum answers some data errors with 422 and others with 400; this API uses 400 for every malformed request,
    // except a missing JSON content type (415).
    let status = if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
        status
    } else {
        StatusCode::BAD_REQUEST
    };
    ApiError::new(status, code, ErrorType::InvalidRequest, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let error = ApiError::from(crate::Error::Internal("secret path /var/lib/x".to_string()));
        assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.message.contains("/var/lib"));
    }

    #[test]
    fn a_missing_pdf_reader_is_a_503_that_says_what_is_missing() {
        let error = ApiError::from(ParseError::Unavailable {
            file: "report.pdf".to_string(),
            reason: "pdftotext (poppler-utils) is not installed".to_string(),
        });
        assert_eq!(error.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(error.code, "reader_unavailable");
        assert_eq!(error.kind, ErrorType::Internal);
        assert_eq!(
            error.message,
            "report.pdf: cannot be read on this machine: pdftotext (poppler-utils) is not installed"
        );
        // A scan stays the user's problem.
        let error = ApiError::from(ParseError::NotAReport {
            file: "scan.pdf".to_string(),
            reason: "PDF has no text layer (scanned image?)".to_string(),
        });
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
        assert_eq!(error.code, "invalid_document");
    }

    #[test]
    fn user_errors_are_4xx_with_their_message() {
        let error = ApiError::from(crate::Error::Filter(
            "unknown field `yaer` at column 1".to_string(),
        ));
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
        assert_eq!(error.code, "invalid_filter");
        assert!(error.message.contains("column 1"));
        let error = ApiError::from(crate::Error::NotFound("abc".to_string()));
        assert_eq!(error.status, StatusCode::NOT_FOUND);
        assert_eq!(error.kind, ErrorType::NotFound);
    }
}
