//! Bytes → text: BOM sniffing (UTF-8, UTF-16), UTF-8, else the charset an HTML page declares in a `<meta>` tag
//! (Big5, GBK, GB2312, …), else GB18030 (a superset of GBK); binary files refused.

use std::sync::LazyLock;

use encoding_rs::Encoding;
use regex::bytes::Regex;

use crate::error::ParseError;

/// Decoded text and the name of the encoding that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a BOM.
    pub text: String,
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `gb18030`, or the encoding a page's `<meta>` declared in
    /// lower case (`big5`, `shift_jis`, …; a declared GBK or GB2312 decodes as `gb18030`, their superset).
    pub encoding: &'static str,
}

/// How far into the bytes a `<meta>` charset declaration is looked for (HTML requires it in the first 1024 bytes;
/// saved pages put scripts and styles first, so allow more).
const META_PRESCAN_BYTES: usize = 8192;

/// `<meta charset="big5">` or `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`.
static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)"#)
        .expect("the meta charset pattern is valid")
});

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
            // Valid UTF-8 wins even over a page that declares another charset: a legacy-encoded Chinese text is
            // practically never valid UTF-8, while pages re-encoded to UTF-8 with their old <meta> are common.
            Ok(text) => Decoded {
                text: text.to_string(),
                encoding: "utf-8",
            },
            Err(_) => match decode_declared(bytes) {
                Some(decoded) => decoded,
                None => decode_legacy(bytes).map_err(not_text)?,
            },
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

/// The share of U+FFFD in a decoded text.
fn bad_share(text: &str) -> f64 {
    let (bad, total) = text.chars().fold((0usize, 0usize), |(bad, total), c| {
        (bad + usize::from(c == '\u{FFFD}'), total + 1)
    });
    bad as f64 / total.max(1) as f64
}

/// The encoding an HTML page declares in a `<meta>` tag near its start, if any and if encoding_rs knows the label
/// (WHATWG labels: `gb2312` and `gbk` are GBK, `big5` is Big5-HKSCS, …).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let label = META_CHARSET.captures(head)?.get(1)?.as_bytes();
    Encoding::for_label(label)
}

/// Bytes that are not valid UTF-8 decoded with the charset their `<meta>` declares, when that gives a text with at
/// most [`MAX_BAD_RATIO`] undecodable characters; `None` (go on detecting) when nothing is declared, the declaration
/// is UTF-8 or UTF-16 (the caller's own paths decide those), or it does not fit the bytes.
fn decode_declared(bytes: &[u8]) -> Option<Decoded> {
    let encoding = declared_charset(bytes)?;
    if encoding == encoding_rs::UTF_8
        || encoding == encoding_rs::UTF_16LE
        || encoding == encoding_rs::UTF_16BE
        || encoding == encoding_rs::REPLACEMENT
    {
        return None;
    }
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    if bad_share(&text) > MAX_BAD_RATIO {
        tracing::debug!(
            declared = encoding.name(),
            "the declared charset does not fit the bytes"
        );
        return None;
    }
    let name = match encoding.name() {
        "GBK" | "gb18030" => "gb18030",
        "Big5" => "big5",
        "Shift_JIS" => "shift_jis",
        "EUC-JP" => "euc-jp",
        "EUC-KR" => "euc-kr",
        other => other,
    };
    Some(Decoded {
        text: text.into_owned(),
        encoding: name,
    })
}

/// Bytes that are not valid UTF-8: UTF-8 with a few stray bytes (kept, with U+FFFD), else GB18030/GBK, strictly or
/// with a few undecodable bytes. Checking UTF-8 first matters: GB18030 maps almost any byte sequence to something,
/// so UTF-8 text with one bad byte would otherwise come out as mojibake.
fn decode_legacy(bytes: &[u8]) -> Result<Decoded, String> {
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

    /// A page as a Taiwanese or Hong Kong site serves it, in Big5, declaring its charset one way or the other.
    fn big5_page(meta: &str) -> Vec<u8> {
        let page = format!(
            "<!DOCTYPE html><html><head>{meta}<title>年度報告</title></head><body>\
             <h1>臺北市政府2021年政府資訊公開工作年度報告</h1><p>一、總體情況</p></body></html>"
        );
        let (bytes, _, had_errors) = encoding_rs::BIG5.encode(&page);
        assert!(!had_errors, "the fixture is all Big5");
        bytes.into_owned()
    }

    #[test]
    fn html_meta_charset_big5_is_honoured() {
        for meta in [
            r#"<meta charset="big5">"#,
            "<META CHARSET=Big5>",
            r#"<meta http-equiv="Content-Type" content="text/html; charset=big5" />"#,
        ] {
            let decoded = decode("page.html", &big5_page(meta)).unwrap();
            assert_eq!(decoded.encoding, "big5", "{meta}");
            assert!(
                decoded
                    .text
                    .contains("臺北市政府2021年政府資訊公開工作年度報告"),
                "{meta}: {}",
                decoded.text
            );
            // Detection alone would have read the Big5 bytes as GB18030 mojibake.
            assert!(!decoded.text.contains('\u{FFFD}'), "{meta}");
        }
        let undeclared = decode("page.html", &big5_page("")).unwrap();
        assert_ne!(undeclared.encoding, "big5");
    }

    #[test]
    fn html_meta_charset_gb2312_gbk_gb18030_decode_as_gb18030() {
        for label in ["gb2312", "GBK", "gb18030"] {
            let page = format!(
                "<html><head><meta http-equiv='content-type' content='text/html;charset={label}'></head>\
                 <body>舞钢市尚店镇人民政府2021年政府信息公开工作年度报告</body></html>"
            );
            let (bytes, _, _) = encoding_rs::GBK.encode(&page);
            let decoded = decode("page.htm", &bytes).unwrap();
            assert_eq!(decoded.encoding, "gb18030", "{label}");
            assert!(decoded.text.contains("尚店镇人民政府"), "{label}");
        }
    }

    #[test]
    fn a_wrong_meta_charset_does_not_beat_valid_utf8_or_bytes_it_cannot_decode() {
        // Re-encoded to UTF-8 but still declaring gb2312.
        let page = r#"<html><head><meta charset="gb2312"></head><body>一、总体情况</body></html>"#;
        let decoded = decode("page.html", page.as_bytes()).unwrap();
        assert_eq!((decoded.encoding, decoded.text.as_str()), ("utf-8", page));
        // Declares Shift_JIS, is GBK: the declaration does not fit, detection decides.
        let (bytes, _, _) = encoding_rs::GBK.encode(
            "<html><head><meta charset=shift_jis></head><body>屯里镇人民政府2023年政府信息公开工作年度报告</body></html>",
        );
        let decoded = decode("page.html", &bytes).unwrap();
        assert_eq!(decoded.encoding, "gb18030");
        assert!(decoded.text.contains("屯里镇人民政府"));
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
