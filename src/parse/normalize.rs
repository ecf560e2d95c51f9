//! Character normalisation for MATCHING: full-width forms, odd spaces and zero-width characters folded to plain
//! ASCII/space. Display text is never normalised; only the copies used to recognise labels and numbers are.

use std::borrow::Cow;

/// Folds one character for matching: `None` drops it (zero-width characters), otherwise its plain form.
///
/// - NBSP, U+3000 ideographic space and the other Unicode spaces become an ASCII space;
/// - full-width ASCII (`０-９`, `Ａ-Ｚ`, `（）`, `：`, `．`…) becomes ASCII;
/// - `、` and `，` are kept (they are meaningful in labels), `。` is kept.
#[inline]
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => None,
        '\u{00A0}' | '\u{3000}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => Some(' '),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21),
        '\u{2018}' | '\u{2019}' => Some('\''),
        '\u{201C}' | '\u{201D}' => Some('"'),
        '\u{3010}' => Some('['),
        '\u{3011}' => Some(']'),
        '\u{2014}' | '\u{2015}' | '\u{2212}' => Some('-'),
        _ => Some(simplified(c)),
    }
}

/// True when [`fold_char`] leaves the character as it is (the common case, checked without building anything).
#[inline]
fn is_plain(c: char) -> bool {
    match c as u32 {
        0..=0x7F => true,
        // CJK unified ideographs: plain unless one of the traditional characters below.
        0x4E00..=0x9FFF => !is_traditional(c),
        // `、`, `。`, `《》`, `“”` and the other punctuation that folds or stays.
        _ => fold_char(c) == Some(c),
    }
}

/// The traditional characters used in the template's labels and headings, with their simplified forms.
const TRADITIONAL: [(char, char); 64] = [
    ('開', '开'),
    ('請', '请'),
    ('數', '数'),
    ('總', '总'),
    ('計', '计'),
    ('處', '处'),
    ('結', '结'),
    ('轉', '转'),
    ('務', '务'),
    ('關', '关'),
    ('機', '机'),
    ('報', '报'),
    ('與', '与'),
    ('況', '况'),
    ('體', '体'),
    ('國', '国'),
    ('規', '规'),
    ('範', '范'),
    ('許', '许'),
    ('費', '费'),
    ('強', '强'),
    ('執', '执'),
    ('護', '护'),
    ('權', '权'),
    ('險', '险'),
    ('穩', '稳'),
    ('內', '内'),
    ('類', '类'),
    ('過', '过'),
    ('檔', '档'),
    ('詢', '询'),
    ('項', '项'),
    ('現', '现'),
    ('製', '制'),
    ('補', '补'),
    ('確', '确'),
    ('訪', '访'),
    ('舉', '举'),
    ('訴', '诉'),
    ('複', '复'),
    ('議', '议'),
    ('維', '维'),
    ('糾', '纠'),
    ('審', '审'),
    ('鎮', '镇'),
    ('鄉', '乡'),
    ('區', '区'),
    ('縣', '县'),
    ('辦', '办'),
    ('問', '问'),
    ('題', '题'),
    ('進', '进'),
    ('應', '应'),
    ('發', '发'),
    ('廢', '废'),
    ('條', '条'),
    ('會', '会'),
    ('業', '业'),
    ('組', '组'),
    ('織', '织'),
    ('構', '构'),
    ('產', '产'),
    ('門', '门'),
    ('無', '无'),
];

/// First code point covered by [`TRADITIONAL_BITS`].
const CJK_START: u32 = 0x4E00;

/// One bit per CJK unified ideograph (U+4E00..=U+9FFF): set for the characters of [`TRADITIONAL`].
static TRADITIONAL_BITS: [u64; 0x5200 / 64] = {
    let mut bits = [0u64; 0x5200 / 64];
    let mut i = 0;
    while i < TRADITIONAL.len() {
        let offset = (TRADITIONAL[i].0 as u32 - CJK_START) as usize;
        bits[offset / 64] |= 1 << (offset % 64);
        i += 1;
    }
    bits
};

/// True for a character of [`TRADITIONAL`].
#[inline]
fn is_traditional(c: char) -> bool {
    let Some(offset) = (c as u32).checked_sub(CJK_START) else {
        return false;
    };
    let offset = offset as usize;
    TRADITIONAL_BITS
        .get(offset / 64)
        .is_some_and(|word| word & (1 << (offset % 64)) != 0)
}

/// The simplified form of the traditional characters used in the template's labels and headings, so that a report
/// in traditional characters matches the same rows and sections; other characters are returned unchanged.
#[inline]
fn simplified(c: char) -> char {
    if !is_traditional(c) {
        return c;
    }
    TRADITIONAL
        .iter()
        .find(|(traditional, _)| *traditional == c)
        .map_or(c, |(_, simple)| *simple)
}

/// Drops zero-width characters only (for text shown as printed, such as a title).
pub fn fold_zero_width(c: char) -> Option<char> {
    match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => None,
        _ => Some(c),
    }
}

/// The matching form of a whole string (see [`fold_char`]); tabs and newlines are kept.
pub fn normalize(text: &str) -> String {
    normalize_cow(text).into_owned()
}

/// [`normalize`] without a copy when nothing folds (plain ASCII and most Chinese text).
pub fn normalize_cow(text: &str) -> Cow<'_, str> {
    let Some((at, _)) = text.char_indices().find(|(_, c)| !is_plain(*c)) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    out.extend(text[at..].chars().filter_map(fold_char));
    Cow::Owned(out)
}

/// A label reduced to its meaningful characters for fuzzy matching: CJK ideographs and ASCII letters only
/// (digits, spaces, brackets, punctuation, quotes and enumerator marks removed), at most `max_chars` of them.
pub fn compact_label(text: &str, max_chars: usize) -> String {
    compact_chars(text).take(max_chars).collect()
}

/// The characters of [`compact_label`], without the limit.
pub fn compact_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter_map(fold_char)
        .filter(|c| is_cjk(*c) || c.is_ascii_alphabetic())
}

/// The string with every whitespace character removed (after folding), for keyword search in headers.
pub fn squeeze(text: &str) -> String {
    squeeze_cow(text).into_owned()
}

/// [`squeeze`] without a copy when nothing folds and nothing is white space.
pub fn squeeze_cow(text: &str) -> Cow<'_, str> {
    let Some((at, _)) = text
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || !is_plain(*c))
    else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    out.extend(
        text[at..]
            .chars()
            .filter_map(fold_char)
            .filter(|c| !c.is_whitespace()),
    );
    Cow::Owned(out)
}

/// A 64-bit summary of the characters of a string: when a needle's summary has a bit the haystack's lacks, the
/// needle has a character the haystack does not have, so it cannot occur in it.
pub fn char_bloom(text: &str) -> u64 {
    text.chars().fold(0, |bloom, c| {
        bloom | 1 << ((c as u32).wrapping_mul(0x9E37_79B9) >> 26)
    })
}

/// True for CJK unified ideographs (the characters labels are made of).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '〇')
}

/// The value of a Chinese numeral from 0 to 99 (`一`, `十二`, `二十`, `〇`), or `None`.
pub fn chinese_number(text: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        Some(match c {
            '〇' | '零' | 'O' | 'o' | '○' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    }
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        [] => None,
        [one] if *one == '十' => Some(10),
        [one] => digit(*one),
        ['十', unit] => Some(10 + digit(*unit)?),
        [tens, '十'] => Some(digit(*tens)? * 10),
        [tens, '十', unit] => Some(digit(*tens)? * 10 + digit(*unit)?),
        _ => None,
    }
}

/// Reads a year or other digit string written with Chinese digits one by one (`二〇二一` → 2021).
pub fn chinese_digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.chars().count() > 6 {
        return None;
    }
    let mut value = 0u32;
    for c in text.chars() {
        let d = chinese_number(&c.to_string()).filter(|_| c != '十')?;
        value = value * 10 + d;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_and_spaces() {
        assert_eq!(normalize("（一）\u{00A0}０\u{3000}：Ａ"), "(一) 0 :A");
        assert_eq!(normalize("a\u{200B}b\u{FEFF}"), "ab");
        assert_eq!(normalize("\t0\n"), "\t0\n");
    }

    #[test]
    fn folds_traditional_characters_of_labels() {
        assert_eq!(
            normalize("本年新收政府信息公開申請數量"),
            "本年新收政府信息公开申请数量"
        );
        assert_eq!(normalize("（七）總計"), "(七)总计");
    }

    #[test]
    fn plain_characters_are_exactly_those_that_do_not_fold() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_plain(c), fold_char(c) == Some(c), "{c:?}");
        }
        for (traditional, simple) in TRADITIONAL {
            assert_eq!(fold_char(traditional), Some(simple));
            assert!(is_plain(simple));
        }
        assert!(matches!(normalize_cow("规章\t0"), Cow::Borrowed(_)));
        assert!(matches!(squeeze_cow("规章 0"), Cow::Owned(s) if s == "规章0"));
    }

    #[test]
    fn compacts_labels() {
        assert_eq!(
            compact_label("3.危及“三安全一稳定”", 100),
            "危及三安全一稳定"
        );
        assert_eq!(compact_label("（三）不\n予公开", 100), "三不予公开");
        assert_eq!(compact_label("abc定义", 2), "ab");
    }

    #[test]
    fn reads_chinese_numbers() {
        assert_eq!(chinese_number("一"), Some(1));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十三"), Some(13));
        assert_eq!(chinese_number("二十一"), Some(21));
        assert_eq!(chinese_number("甲"), None);
        assert_eq!(chinese_digits("二〇二二"), Some(2022));
        assert_eq!(chinese_digits("二十"), None);
    }
}
