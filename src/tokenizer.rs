//! A tantivy tokenizer over jieba-rs: jieba words for relevance, single characters for recall and phrases.
//!
//! # Two layers of tokens at character positions
//!
//! Every text is indexed twice over, in one token stream:
//!
//! - **atoms**: each CJK character on its own (`待`, `处`, `理`), and each run of other letters or digits as one
//!   token (`2021`, `pdf`). Punctuation and white space are dropped.
//! - **words**: the words jieba's search mode finds (`cut_for_search`), at least two characters long, e.g.
//!   `政务`, `公开`, `政务公开` for `政务公开`. A domain dictionary ([`USER_WORDS`]) keeps the terms of the trade whole.
//!
//! The position of a token is the index of its first atom, so punctuation and white space take no position, and a
//! word sits at the position of its first character. Atoms are never overlapping, which makes every phrase query
//! expressible as a phrase of atoms: `"政务公开"` is `政`@0 `务`@1 `公`@2 `开`@3, and matches wherever those
//! characters stand side by side, however jieba cut the surrounding sentence. That is also how `处理` finds `待处理`
//! and why one-character queries work. The jieba words overlap each other, but they only serve single-term queries
//! (they sharpen the ranking), never phrases, so the overlap does no harm. Slop is counted in atoms (characters).
//!
//! Token texts are lowercased and full-width ASCII (`ＡＢＣ１２３`) is folded to half-width; offsets are byte offsets
//! into the original text, as tantivy wants.

use std::sync::LazyLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// The name the tokenizer is registered under in every index.
pub const TOKENIZER_NAME: &str = "jieba";

/// Tokens longer than this many bytes are dropped (URLs, base64 blobs); tantivy itself rejects terms over 65,530.
pub const MAX_TOKEN_BYTES: usize = 255;

/// Domain terms jieba must keep whole (and also emits the dictionary words inside them, in search mode).
pub const USER_WORDS: &[&str] = &[
    "政务公开",
    "政府信息公开",
    "依申请公开",
    "主动公开",
    "政务新媒体",
    "新媒体",
    "三安全一稳定",
    "行政规范性文件",
    "规范性文件",
    "行政复议",
    "行政诉讼",
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "政府集中采购",
    "政府网站",
    "政务服务",
    "年度报告",
    "信息公开",
    "公开目录",
    "公开指南",
    "政策解读",
    "不予公开",
    "部分公开",
    "予以公开",
    "过程性信息",
    "内部事务信息",
    "行政执法案卷",
    "行政查询事项",
    "信访举报投诉",
    "法律服务机构",
    "社会公益组织",
    "商业企业",
    "科研机构",
    "自然人",
    "待处理",
];

/// The process-wide jieba segmenter with the domain dictionary; built on first use (~150 ms, ~32 MB).
static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    for word in USER_WORDS {
        // A high frequency makes the DAG prefer the whole term over its parts.
        jieba.add_word(word, Some(100_000), None);
    }
    tracing::debug!(
        words = USER_WORDS.len(),
        "jieba loaded with the domain dictionary"
    );
    jieba
});

/// The shared jieba segmenter (built on first use).
pub fn jieba() -> &'static Jieba {
    &JIEBA
}

/// The tantivy tokenizer. Zero-sized: cloning it (tantivy clones per query and per snippet) costs nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct JiebaTokenizer;

/// The token stream of [`JiebaTokenizer`]: tokens computed up front, sorted by position.
pub struct JiebaTokenStream {
    tokens: Vec<Token>,
    /// One past the current token (0 before the first `advance`).
    index: usize,
    /// Returned by `token()` before the first `advance` or on an empty text, instead of panicking.
    fallback: Token,
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = JiebaTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JiebaTokenStream {
        JiebaTokenStream {
            tokens: tokenize(text),
            index: 0,
            fallback: Token::default(),
        }
    }
}

impl TokenStream for JiebaTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        match self.index.checked_sub(1) {
            Some(current) => &self.tokens[current],
            None => &self.fallback,
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.index.checked_sub(1) {
            Some(current) => &mut self.tokens[current],
            None => &mut self.fallback,
        }
    }
}

/// The analyzer to register under [`TOKENIZER_NAME`].
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(JiebaTokenizer)
}

/// True for characters that are atoms on their own: CJK ideographs, kana, hangul, CJK compatibility ideographs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // hiragana, katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x3134F  // CJK extensions B–G
    )
}

/// The kind of a character for segmentation into atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharKind {
    /// An atom on its own.
    Cjk,
    /// Part of a run of letters or digits.
    Alnum,
    /// Punctuation, white space, symbols: no token, no position.
    Separator,
}

fn char_kind(c: char) -> CharKind {
    if is_cjk(c) {
        CharKind::Cjk
    } else if c.is_alphanumeric() {
        CharKind::Alnum
    } else {
        CharKind::Separator
    }
}

/// Lowercases and folds full-width ASCII forms (U+FF01–U+FF5E) to ASCII.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let code @ 0xFF01..=0xFF5E = c as u32 {
            let folded = char::from_u32(code - 0xFF01 + 0x21).unwrap_or(c);
            out.push(folded.to_ascii_lowercase());
        } else if is_cjk(c) || !c.is_uppercase() {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// One atom: a CJK character or a run of letters/digits, with its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// The normalized text (see [`normalize`]).
    pub text: String,
    /// Byte offset of the first character.
    pub byte_start: usize,
    /// Byte offset after the last character.
    pub byte_end: usize,
}

/// Splits a text into atoms, in order; atom `i` has position `i`.
pub fn atoms(text: &str) -> Vec<Atom> {
    atom_spans(text)
        .into_iter()
        .map(|(byte_start, byte_end)| Atom {
            text: normalize(&text[byte_start..byte_end]),
            byte_start,
            byte_end,
        })
        .collect()
}

/// The byte ranges of the atoms of a text, in order.
fn atom_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut run_start: Option<usize> = None;
    for (byte, c) in text.char_indices() {
        let kind = char_kind(c);
        if kind != CharKind::Alnum {
            if let Some(start) = run_start.take() {
                out.push((start, byte));
            }
        }
        match kind {
            CharKind::Cjk => out.push((byte, byte + c.len_utf8())),
            CharKind::Alnum if run_start.is_none() => run_start = Some(byte),
            _ => {}
        }
    }
    if let Some(start) = run_start {
        out.push((start, text.len()));
    }
    out
}

/// Tokenizes a text as it is indexed: atoms and jieba search-mode words, by position then byte offset.
pub fn tokenize(text: &str) -> Vec<Token> {
    let spans = atom_spans(text);
    // For each byte inside an atom: the atom's index. Separators map to u32::MAX.
    let mut atom_at_byte = vec![u32::MAX; text.len() + 1];
    for (index, &(start, end)) in spans.iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        atom_at_byte[start..end].fill(index);
    }
    let mut tokens: Vec<Token> = Vec::with_capacity(spans.len() * 2);
    for (position, &(start, end)) in spans.iter().enumerate() {
        if end - start > MAX_TOKEN_BYTES {
            continue;
        }
        tokens.push(Token {
            offset_from: start,
            offset_to: end,
            position,
            text: normalize(&text[start..end]),
            position_length: 1,
        });
    }
    for word in JIEBA.cut_for_search(text, true) {
        // Trim punctuation jieba keeps inside tokens such as `-5` or `c++`, then keep multi-atom words only.
        let raw = &text[word.byte_start..word.byte_end];
        let trimmed_start = raw.trim_start_matches(|c: char| char_kind(c) == CharKind::Separator);
        let trimmed = trimmed_start.trim_end_matches(|c: char| char_kind(c) == CharKind::Separator);
        if trimmed.is_empty() {
            continue;
        }
        let byte_start = word.byte_start + (raw.len() - trimmed_start.len());
        let byte_end = byte_start + trimmed.len();
        let (first_atom, last_atom) = (atom_at_byte[byte_start], atom_at_byte[byte_end - 1]);
        if first_atom == u32::MAX || last_atom == u32::MAX || last_atom <= first_atom {
            continue;
        }
        let (first_atom, last_atom) = (first_atom as usize, last_atom as usize);
        let text = normalize(trimmed);
        if text.len() > MAX_TOKEN_BYTES {
            continue;
        }
        tokens.push(Token {
            offset_from: byte_start,
            offset_to: byte_end,
            position: first_atom,
            text,
            position_length: last_atom - first_atom + 1,
        });
    }
    tokens.sort_by(|a, b| {
        (a.position, a.offset_from, a.offset_to, &a.text).cmp(&(
            b.position,
            b.offset_from,
            b.offset_to,
            &b.text,
        ))
    });
    tokens.dedup_by(|later, earlier| {
        later.position == earlier.position && later.text == earlier.text
    });
    tokens
}

/// The jieba words of a query text (search mode, at least two atoms), normalized, in order, without duplicates:
/// the terms that sharpen the ranking of a query word.
pub fn query_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = tokenize(text)
        .into_iter()
        .filter(|token| token.position_length > 1)
        .map(|token| token.text)
        .collect();
    let mut seen = std::collections::HashSet::new();
    words.retain(|word| seen.insert(word.clone()));
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts one token the way tantivy's own tokenizer tests do: position, text, byte offsets.
    fn assert_token(token: &Token, position: usize, text: &str, from: usize, to: usize) {
        assert_eq!(
            (
                token.position,
                token.text.as_str(),
                token.offset_from,
                token.offset_to
            ),
            (position, text, from, to),
            "token {token:?}"
        );
    }

    fn find<'a>(tokens: &'a [Token], text: &str) -> Vec<&'a Token> {
        tokens.iter().filter(|token| token.text == text).collect()
    }

    #[test]
    fn atoms_are_characters_and_alphanumeric_runs_with_byte_offsets() {
        let tokens: Vec<Token> = tokenize("2021年，PDF版")
            .into_iter()
            .filter(|token| token.position_length == 1)
            .collect();
        assert_eq!(tokens.len(), 4, "{tokens:?}");
        assert_token(&tokens[0], 0, "2021", 0, 4);
        assert_token(&tokens[1], 1, "年", 4, 7);
        // The full-width comma (3 bytes) takes no position.
        assert_token(&tokens[2], 2, "pdf", 10, 13);
        assert_token(&tokens[3], 3, "版", 13, 16);
    }

    #[test]
    fn domain_words_are_kept_whole_at_the_position_of_their_first_character() {
        let text = "加强政务新媒体建设";
        let tokens = tokenize(text);
        let whole = find(&tokens, "政务新媒体");
        assert_eq!(whole.len(), 1, "{tokens:?}");
        assert_token(whole[0], 2, "政务新媒体", 6, 21);
        assert_eq!(whole[0].position_length, 5);
        // Search mode also emits the dictionary words inside it, each at its own first character.
        let inner = find(&tokens, "新媒体");
        assert_eq!(inner.len(), 1, "{tokens:?}");
        assert_token(inner[0], 4, "新媒体", 12, 21);
        assert_token(find(&tokens, "建")[0], 7, "建", 21, 24);
    }

    #[test]
    fn every_user_word_is_one_token_of_its_own_text() {
        for word in USER_WORDS {
            let tokens = tokenize(word);
            let whole = find(&tokens, word);
            assert_eq!(whole.len(), 1, "{word}: {tokens:?}");
            assert_token(whole[0], 0, word, 0, word.len());
        }
    }

    #[test]
    fn punctuation_and_whitespace_produce_no_tokens() {
        assert!(tokenize("，。、；：“”（）《》 \t\n!?…—").is_empty());
        assert!(tokenize("").is_empty());
    }

    #[test]
    fn text_is_lowercased_and_full_width_ascii_folded() {
        let tokens = tokenize("ＰＤＦ文件和Word");
        assert_token(&tokens[0], 0, "pdf", 0, 9);
        let word = find(&tokens, "word");
        assert_eq!(word.len(), 1, "{tokens:?}");
        assert_token(word[0], 4, "word", 18, 22);
    }

    #[test]
    fn byte_offsets_slice_the_original_text() {
        let text = "（一）主动公开情况\n 2021年新民屯镇政务公开工作";
        for token in tokenize(text) {
            let slice = &text[token.offset_from..token.offset_to];
            assert_eq!(normalize(slice), token.text, "{token:?}");
        }
    }

    #[test]
    fn positions_never_decrease() {
        let tokens = tokenize("中华人民共和国政府信息公开条例第二十条规定的政府信息");
        assert!(tokens
            .windows(2)
            .all(|pair| pair[0].position <= pair[1].position));
        assert!(!find(&tokens, "人民").is_empty());
    }

    #[test]
    fn query_words_are_the_multi_character_words() {
        let words = query_words("依申请公开");
        assert!(words.contains(&"依申请公开".to_string()), "{words:?}");
        assert!(words.iter().all(|word| word.chars().count() > 1));
        assert!(query_words("处").is_empty());
    }

    #[test]
    fn the_tantivy_tokenizer_streams_the_same_tokens() {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream("政务公开");
        let mut streamed = Vec::new();
        while let Some(token) = stream.next() {
            streamed.push(token.clone());
        }
        assert_eq!(streamed, tokenize("政务公开"));
    }
}
