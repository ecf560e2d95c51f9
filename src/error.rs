//! The crate's error type: one enum, user mistakes kept apart from internal failures.

use std::path::PathBuf;

/// Why a file could not be read as a report. Always shown together with the file's name.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The file could not be read.
    #[error("{file}: cannot read: {error}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error (printed in the message, so not also a `source()`).
        error: std::io::Error,
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
    /// The file may well be a report, but this machine lacks what reading it needs (e.g. `pdftotext` for a PDF).
    /// Not the user's mistake: the server's environment must be fixed.
    #[error("{file}: cannot be read on this machine: {reason}")]
    Unavailable {
        /// The file.
        file: String,
        /// What is missing, and how to install it.
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

impl ParseError {
    /// True when the file is at fault (a 4xx), false when the machine is ([`ParseError::Unavailable`], a 5xx).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, ParseError::Unavailable { .. })
    }
}

/// Every error nianbao reports.
///
/// Each error prints its cause once. The message of a wrapped error (tantivy's, an I/O error) is part of the
/// variant's own message, and `source()` returns `None`, so a printer that also walks the source chain (anyhow's
/// `{:#}`, as the CLI prints errors) does not repeat it. (`Display` and `Error` are written by hand because
/// `Error::Io`'s field is named `source`, which thiserror would always return from `source()`.)
#[derive(Debug)]
pub enum Error {
    /// A report file could not be parsed.
    Parse(ParseError),
    /// The filter expression is invalid (a user mistake; the message points at the column).
    Filter(String),
    /// The query is invalid (a user mistake).
    Query(String),
    /// Another invalid request parameter (a user mistake).
    InvalidRequest(String),
    /// No report with this id.
    NotFound(String),
    /// The index failed.
    Index(tantivy::TantivyError),
    /// A file-system operation failed.
    Io {
        /// The path involved.
        path: PathBuf,
        /// The I/O error (printed in the message, not returned by `source()`).
        source: std::io::Error,
    },
    /// Anything else that is not the user's fault.
    Internal(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Parse(error) => write!(f, "{error}"),
            Error::Filter(message) => write!(f, "invalid filter: {message}"),
            Error::Query(message) => write!(f, "invalid query: {message}"),
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::NotFound(id) => write!(f, "no report with id {id}"),
            Error::Index(error) => write!(f, "index error: {error}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Internal(message) => write!(f, "internal error: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // Every cause is already in the message (see the type's documentation).
        None
    }
}

impl From<ParseError> for Error {
    fn from(error: ParseError) -> Self {
        Error::Parse(error)
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(error: tantivy::TantivyError) -> Self {
        Error::Index(error)
    }
}

impl Error {
    /// True when the error is the user's mistake (a 4xx), false when it is ours (a 5xx). A file that cannot be
    /// read because this machine lacks a tool ([`ParseError::Unavailable`]) is ours.
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::Parse(error) => error.is_user_error(),
            Error::Filter(_) | Error::Query(_) | Error::InvalidRequest(_) | Error::NotFound(_) => {
                true
            }
            Error::Index(_) | Error::Io { .. } | Error::Internal(_) => false,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// What the CLI prints: anyhow's `{:#}`, the message followed by each `source()` after ": ".
    fn printed(error: impl std::error::Error + Send + Sync + 'static) -> String {
        format!("{:#}", anyhow::Error::from(error))
    }

    #[test]
    fn a_tantivy_error_prints_its_cause_once() {
        let error = Error::from(tantivy::TantivyError::InvalidArgument(
            "bad segment".to_string(),
        ));
        let expected = "index error: An invalid argument was passed: 'bad segment'";
        assert_eq!(error.to_string(), expected);
        assert_eq!(printed(error), expected);
    }

    #[test]
    fn io_errors_print_their_cause_once() {
        let error = Error::Io {
            path: PathBuf::from("/srv/index"),
            source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, "permission denied"),
        };
        assert_eq!(printed(error), "/srv/index: permission denied");
        let error = Error::from(ParseError::Io {
            file: "a.txt".to_string(),
            error: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
        assert_eq!(printed(error), "a.txt: cannot read: no such file");
    }

    #[test]
    fn a_missing_tool_is_not_the_users_fault_but_a_scan_is() {
        let missing = Error::from(ParseError::Unavailable {
            file: "a.pdf".to_string(),
            reason: "pdftotext (poppler-utils) is not installed".to_string(),
        });
        assert!(!missing.is_user_error());
        assert_eq!(
            missing.to_string(),
            "a.pdf: cannot be read on this machine: pdftotext (poppler-utils) is not installed"
        );
        let scan = Error::from(ParseError::NotAReport {
            file: "scan.pdf".to_string(),
            reason: "PDF has no text layer (scanned image?)".to_string(),
        });
        assert!(scan.is_user_error());
    }
}
