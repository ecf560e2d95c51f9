//! Report parsing: bytes of one file → one [`Report`]. Knows nothing of the index.

use std::path::Path;

use crate::error::ParseError;
use crate::report::Report;

/// A parsed report together with the decoded text it came from.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The structured record.
    pub report: Report,
    /// The decoded text (HTML reduced to text), as the report printed it; kept for full-text search and `/source`.
    pub text: String,
}

/// The largest file the parser accepts (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Parses the bytes of one report file. `file_name` is used for the record's `file` and in errors.
pub fn parse_bytes(file_name: &str, bytes: &[u8]) -> Result<Parsed, ParseError> {
    let _ = bytes;
    Err(ParseError::NotAReport {
        file: file_name.to_string(),
        reason: "parser not written yet".to_string(),
    })
}

/// Reads and parses one report file.
pub fn parse_file(path: &Path) -> Result<Parsed, ParseError> {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let size = std::fs::metadata(path)
        .map_err(|source| ParseError::Io {
            file: file_name.clone(),
            source,
        })?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(ParseError::TooLarge {
            file: file_name,
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| ParseError::Io {
        file: file_name.clone(),
        source,
    })?;
    parse_bytes(&file_name, &bytes)
}
