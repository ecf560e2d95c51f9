//! The crate's error type: one enum, user mistakes kept apart from internal failures.

use std::path::PathBuf;

/// Why a file could not be read as a report. Always shown together with the file's name.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is empty (or only white space).
    #[error("{file}: empty file")]
    Empty {
        /// The file.
        file: String,
    },
    /// The bytes are not text in any supported encoding (e.g. an image).
    #[error("{file}: not a text file ({reason})")]
    NotText {
        /// The file.
        file: String,
        /// What gave it away.
        reason: String,
    },
    /// Text, but not an annual report.
    #[error("{file}: not an annual report ({reason})")]
    NotAReport {
        /// The file.
        file: String,
        /// What is missing.
        reason: String,
    },
    /// Larger than the parser accepts.
    #[error("{file}: too large ({size} bytes, limit {limit})")]
    TooLarge {
        /// The file.
        file: String,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

/// Every error nianbao reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A report file could not be parsed.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// The filter expression is invalid (a user mistake; the message points at the column).
    #[error("invalid filter: {0}")]
    Filter(String),
    /// The query is invalid (a user mistake).
    #[error("invalid query: {0}")]
    Query(String),
    /// Another invalid request parameter (a user mistake).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// No report with this id.
    #[error("no report with id {0}")]
    NotFound(String),
    /// The index failed.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// A file-system operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Anything else that is not the user's fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// True when the error is the user's mistake (a 4xx), false when it is ours (a 5xx).
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::Parse(_)
                | Error::Filter(_)
                | Error::Query(_)
                | Error::InvalidRequest(_)
                | Error::NotFound(_)
        )
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
