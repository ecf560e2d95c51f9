//! Bytes → text: BOM sniffing (UTF-8, UTF-16), UTF-8, else GB18030 (a superset of GBK); binary files refused.

use crate::error::ParseError;

/// Decoded text and the name of the encoding that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a BOM.
    pub text: String,
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` or `gb18030`.
    pub encoding: &'static str,
}

/// Magic numbers of common binary formats a user may pass by mistake.
const MAGIC: [(&[u8], &str); 9] = [
    (b"\x89PNG", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document (extract its text first)"),
    (
        b"PK\x03\x04",
        "ZIP archive or DOCX/XLSX document (extract its text first)",
    ),
    (
        b"\xD0\xCF\x11\xE0",
        "legacy Office document (extract its text first)",
    ),
    (b"\x1F\x8B", "gzip archive"),
    (b"\x7FELF", "executable"),
    (b"Rar!", "RAR archive"),
];

/// The share of control characters (other than tab, newline, carriage return, form feed) above which text is
/// taken for binary.
const MAX_CONTROL_RATIO: f64 = 0.01;

/// Decodes the bytes of one file. `file` is only used in errors.
pub fn decode(file: &str, bytes: &[u8]) -> Result<Decoded, ParseError> {
    let not_text = |reason: String| ParseError::NotText {
        file: file.to_string(),
        reason,
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ParseError::Empty {
            file: file.to_string(),
        });
    }
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Err(not_text(format!("looks like a {what}")));
        }
    }
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|e| {
            not_text(format!(
                "invalid UTF-8 after a UTF-8 BOM at byte {}",
                e.valid_up_to() + 3
            ))
        })?;
        Decoded {
            text: text.to_string(),
            encoding: "utf-8-bom",
        }
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (encoding, name) = if bytes.starts_with(b"\xFF\xFE") {
            (encoding_rs::UTF_16LE, "utf-16le")
        } else {
            (encoding_rs::UTF_16BE, "utf-16be")
        };
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(not_text(format!("invalid {name} after a UTF-16 BOM")));
        }
        Decoded {
            text: text.into_owned(),
            encoding: name,
        }
    } else {
        if let Some(position) = bytes.iter().position(|b| *b == 0) {
            return Err(not_text(format!("NUL byte at offset {position}")));
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Decoded {
                text: text.to_string(),
                encoding: "utf-8",
            },
            Err(_) => decode_legacy(bytes).map_err(not_text)?,
        }
    };
    check_control_chars(&decoded.text).map_err(not_text)?;
    if decoded.text.trim().is_empty() {
        return Err(ParseError::Empty {
            file: file.to_string(),
        });
    }
    Ok(decoded)
}

/// The share of undecodable characters tolerated in a file that is otherwise valid (a truncated last character, a
/// stray byte): 1 in 1000.
const MAX_BAD_RATIO: f64 = 0.001;

/// Bytes that are not valid UTF-8: UTF-8 with a few stray bytes (kept, with U+FFFD), else GB18030/GBK, strictly or
/// with a few undecodable bytes. Checking UTF-8 first matters: GB18030 maps almost any byte sequence to something,
/// so UTF-8 text with one bad byte would otherwise come out as mojibake.
fn decode_legacy(bytes: &[u8]) -> Result<Decoded, String> {
    let bad_share = |text: &str| {
        let (bad, total) = text.chars().fold((0usize, 0usize), |(bad, total), c| {
            (bad + usize::from(c == '\u{FFFD}'), total + 1)
        });
        bad as f64 / total.max(1) as f64
    };
    let utf8 = String::from_utf8_lossy(bytes);
    if bad_share(&utf8) <= MAX_BAD_RATIO {
        return Ok(Decoded {
            text: utf8.into_owned(),
            encoding: "utf-8",
        });
    }
    if let Some(text) =
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: "gb18030",
        });
    }
    let (gb, _, _) = encoding_rs::GB18030.decode(bytes);
    if bad_share(&gb) <= MAX_BAD_RATIO {
        return Ok(Decoded {
            text: gb.into_owned(),
            encoding: "gb18030",
        });
    }
    Err("invalid in UTF-8 and in GB18030".to_string())
}

/// Refuses text with too many control characters (binary data that happens to decode).
fn check_control_chars(text: &str) -> Result<(), String> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}') {
            control += 1;
        }
    }
    if control > 0 && control as f64 > total as f64 * MAX_CONTROL_RATIO {
        return Err(format!("{control} control characters in {total}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("a", "一、总体情况".as_bytes()).unwrap();
        assert_eq!(
            (plain.text.as_str(), plain.encoding),
            ("一、总体情况", "utf-8")
        );
        let with_bom = decode("a", "\u{FEFF}一、总体情况".as_bytes()).unwrap();
        assert_eq!(
            (with_bom.text.as_str(), with_bom.encoding),
            ("一、总体情况", "utf-8-bom")
        );
    }

    #[test]
    fn gbk_bytes_decode_as_gb18030() {
        let (bytes, _, _) = encoding_rs::GBK.encode("屯里镇人民政府2023年");
        let decoded = decode("a", &bytes).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            ("屯里镇人民政府2023年", "gb18030")
        );
    }

    #[test]
    fn utf8_with_a_stray_byte_stays_utf8() {
        let mut bytes = "政府信息公开工作年度报告".repeat(200).into_bytes();
        bytes.push(0xE4); // a truncated last character
        let decoded = decode("a", &bytes).unwrap();
        assert_eq!(decoded.encoding, "utf-8");
        assert!(decoded.text.starts_with("政府信息公开"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "总体情况".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode("a", &bytes).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            ("总体情况", "utf-16le")
        );
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert!(matches!(
            decode("x.png", b"\x89PNG\r\n\x1a\n\0\0"),
            Err(ParseError::NotText { .. })
        ));
        assert!(matches!(
            decode("x", b"ab\0cd"),
            Err(ParseError::NotText { .. })
        ));
        assert!(matches!(
            decode("x", b"  \n\t "),
            Err(ParseError::Empty { .. })
        ));
        assert!(matches!(decode("x", b""), Err(ParseError::Empty { .. })));
        let controls: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 1 } else { b'a' })
            .collect();
        assert!(matches!(
            decode("x", &controls),
            Err(ParseError::NotText { .. })
        ));
    }
}
