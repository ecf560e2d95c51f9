//! The six standard sections: recognising their headings (numbered `一、`, `2、`, `## 二、`, `#### 四、`, or bare
//! `总体情况`; older names of 2008–2018 reports mapped to the same keys) and cutting the text between them.

use super::layout::{parse_number, Item};
use super::normalize::{char_bloom, chinese_number, compact_label, normalize_cow};
use crate::report::{Section, Sections};

/// A pseudo-key for the pre-2019 section 政府信息公开的收费及减免情况: it ends the section before it but has no slot.
pub const FEES_KEY: &str = "fees";

/// Canonical keys with their rank (report order) and the number they carry in the 2021 template.
const ORDER: [(&str, u32, u32); 7] = [
    ("overview", 0, 1),
    ("proactive", 2, 2),
    ("applications", 4, 3),
    (FEES_KEY, 5, 0),
    ("review_litigation", 6, 4),
    ("problems_and_improvements", 8, 5),
    ("other", 10, 6),
];

/// Distinctive phrases of each section's heading (compacted), checked in this order.
const PHRASES: [(&str, &[&str]); 7] = [
    (
        "other",
        &["其他需要报告", "其他需报告", "其他需要说明", "其他事项"],
    ),
    (
        "problems_and_improvements",
        &[
            "存在的主要问题",
            "存在问题",
            "主要问题",
            "问题及改进",
            "问题和改进",
            "不足及改进",
            "不足和改进",
            "存在的不足",
        ],
    ),
    ("review_litigation", &["行政复议", "行政诉讼", "复议诉讼"]),
    (FEES_KEY, &["收费及减免", "收费和减免", "收费与减免"]),
    (
        "applications",
        &["收到和处理", "依申请公开", "申请情况", "申请公开"],
    ),
    ("proactive", &["主动公开"]),
    (
        "overview",
        &["总体情况", "概述", "基本情况", "工作概况", "概况"],
    ),
];

/// Longer lines are never headings (60 characters of up to 4 bytes, plus markup and spaces).
const MAX_HEADING_BYTES: usize = 400;

/// A line recognised as a section heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    /// Canonical key (or [`FEES_KEY`]).
    pub key: &'static str,
    /// The number printed before it (`二、` → 2), if any.
    pub number: Option<u32>,
    /// True when written as a Markdown heading.
    pub markdown: bool,
}

/// Recognises a section heading line. Parenthesised enumerators (`（一）`) are sub-headings and never match.
pub fn heading_of(line: &str) -> Option<Heading> {
    // A heading is short; do not normalise a long paragraph (or a 40 MB line) to find that out.
    if line.len() > MAX_HEADING_BYTES {
        return None;
    }
    heading_of_normalized(&normalize_cow(line))
}

/// [`heading_of`] for a line already in matching form (normalising it again would change nothing).
pub fn heading_of_normalized(norm: &str) -> Option<Heading> {
    if norm.len() > MAX_HEADING_BYTES {
        return None;
    }
    let mut s = norm.trim();
    if s.chars().count() > 60 {
        return None;
    }
    let markdown = s.starts_with('#');
    s = s.trim_start_matches('#').trim();
    s = s.trim_matches('*').trim();
    if s.starts_with('(') || s.starts_with('[') {
        return None;
    }
    // A PDF table row (label followed by figures) is not a heading.
    if s.split_whitespace()
        .rev()
        .take_while(|t| parse_number(t).is_some())
        .count()
        >= 2
    {
        return None;
    }
    let (number, rest) = split_enumerator(s);
    if number.is_none()
        && !markdown
        && (rest.ends_with('。') || rest.contains('，') || rest.contains(','))
    {
        return None;
    }
    let compact = compact_label(rest, 80);
    let length = compact.chars().count();
    if length == 0 || length > 30 {
        return None;
    }
    let present = char_bloom(&compact);
    for (key, phrases) in PHRASES {
        for phrase in phrases {
            if char_bloom(phrase) & !present != 0 {
                // A character of the phrase is missing from the line.
                continue;
            }
            let found = if number.is_some() || markdown {
                contains_short(&compact, phrase)
            } else {
                // Unnumbered: the line must be the heading and little else.
                compact.starts_with(phrase) && length <= phrase.chars().count() + 8
            };
            if found {
                return Some(Heading {
                    key,
                    number,
                    markdown,
                });
            }
        }
    }
    None
}

/// `haystack.contains(needle)` for a short haystack, without setting up a substring searcher.
fn contains_short(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

/// Characters that end a heading written on the same line as its first sentence (`一、总体情况。2021年，…`).
const INLINE_HEADING_ENDS: [char; 8] = ['。', '：', ':', ' ', '\u{3000}', '\u{a0}', '\t', '．'];

/// A numbered heading followed on the same line by the section's first words: the heading and the byte offset
/// where the rest starts. `None` when the line is not such a heading (a heading alone on its line included).
pub fn inline_heading(line: &str) -> Option<(Heading, usize)> {
    let trimmed_start = line.len() - line.trim_start().len();
    let scan_end = line.floor_char_boundary_compat(trimmed_start + MAX_HEADING_BYTES);
    // Skip the enumerator's own separator (`1．`, `一、`) by starting after the first two characters.
    let from = line[trimmed_start..scan_end]
        .char_indices()
        .nth(2)
        .map_or(scan_end, |(i, _)| trimmed_start + i);
    let split = line[from..scan_end].find(INLINE_HEADING_ENDS)? + from;
    let head = &line[..split];
    let heading = heading_of(head)?;
    heading.number?;
    let delimiter = line[split..].chars().next()?;
    let rest_start = split + delimiter.len_utf8();
    if line[rest_start..].trim().is_empty() {
        return None;
    }
    Some((heading, rest_start))
}

/// `str::floor_char_boundary` for the stable toolchain.
trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, index: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, index: usize) -> usize {
        let mut index = index.min(self.len());
        while !self.is_char_boundary(index) {
            index -= 1;
        }
        index
    }
}

/// Splits a leading enumerator (`一、`, `2、`, `3.`, `第一部分`) from a heading.
fn split_enumerator(s: &str) -> (Option<u32>, &str) {
    if let Some(rest) = s.strip_prefix('第') {
        if let Some(end) = rest.find(['部', '章']) {
            if let Some(n) = chinese_number(&rest[..end]) {
                let after = &rest[end..];
                let after = after
                    .strip_prefix("部分")
                    .or_else(|| after.strip_prefix('章'))
                    .unwrap_or(after);
                return (Some(n), after.trim_start_matches([' ', '、', ':', '.']));
            }
        }
    }
    let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if (1..=2).contains(&digits_end) {
        let after = &s[digits_end..];
        if let Some(rest) = after.strip_prefix(['、', '.', ',', '，', ' ']) {
            return (s[..digits_end].parse().ok(), rest.trim_start());
        }
    }
    let numeral_end = s
        .char_indices()
        .find(|(_, c)| !"一二三四五六七八九十".contains(*c))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    if numeral_end > 0 {
        let after = &s[numeral_end..];
        if let Some(rest) = after.strip_prefix(['、', '.', ',', '，', ' ']) {
            if let Some(n) = chinese_number(&s[..numeral_end]) {
                return (Some(n), rest.trim_start());
            }
        }
    }
    (None, s)
}

/// A heading chosen as a section boundary: where it stands and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boundary {
    /// The canonical key (or [`FEES_KEY`]).
    pub key: &'static str,
    /// 0-based line number of the heading.
    pub line: usize,
}

/// At most this many heading candidates are considered (bounds the quadratic selection).
const MAX_CANDIDATES: usize = 600;

/// Chooses the section headings among the narrative lines: the sequence in report order with the best score
/// (a heading whose number matches its section's place weighs most), so a sub-heading like `1.主动公开情况` inside
/// the overview does not steal the real `二、主动公开政府信息情况`.
pub fn find_boundaries(items: &[Item]) -> Vec<Boundary> {
    let mut candidates: Vec<(usize, &'static str, u32, f64)> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Item::Text { line, text } = item else {
            continue;
        };
        let Some(heading) =
            heading_of_normalized(text).or_else(|| inline_heading(text).map(|(h, _)| h))
        else {
            continue;
        };
        let Some((_, rank, expected_number)) = ORDER.iter().find(|(key, _, _)| *key == heading.key)
        else {
            continue;
        };
        let mut score = match heading.number {
            Some(n) if n == *expected_number => 3.0,
            Some(_) => 1.0,
            None => 2.0,
        };
        if heading.markdown {
            score += 0.5;
        }
        // A heading followed at once by another heading is a table of contents' entry, not a section.
        let followed_by_heading = matches!(
            items.get(index + 1),
            Some(Item::Text { text: next, .. }) if heading_of_normalized(next).is_some()
        );
        if followed_by_heading {
            score *= 0.5;
        }
        candidates.push((*line, heading.key, *rank, score));
        if candidates.len() >= MAX_CANDIDATES {
            break;
        }
    }
    // Weighted longest strictly increasing subsequence by rank.
    let n = candidates.len();
    let mut best = vec![0.0f64; n];
    let mut previous = vec![usize::MAX; n];
    for i in 0..n {
        best[i] = candidates[i].3;
        for j in 0..i {
            if candidates[j].2 < candidates[i].2 && best[j] + candidates[i].3 > best[i] {
                best[i] = best[j] + candidates[i].3;
                previous[i] = j;
            }
        }
    }
    let mut chosen = Vec::new();
    let mut at = (0..n).max_by(|a, b| best[*a].total_cmp(&best[*b]).then(b.cmp(a)));
    while let Some(i) = at {
        chosen.push(Boundary {
            key: candidates[i].1,
            line: candidates[i].0,
        });
        at = (previous[i] != usize::MAX).then_some(previous[i]);
    }
    chosen.reverse();
    chosen
}

/// Cuts the sections out of the original lines. `end` is the line where the body ends (the signature begins).
pub fn build_sections(lines: &[&str], boundaries: &[Boundary], end: usize) -> Sections {
    let mut sections = Sections::default();
    for (i, boundary) in boundaries.iter().enumerate() {
        let next = boundaries
            .get(i + 1)
            .map_or(end.max(boundary.line + 1), |b| b.line);
        let Some(slot) = sections.slot_mut(boundary.key) else {
            continue;
        };
        let line = lines.get(boundary.line).copied().unwrap_or("");
        // A heading followed by the section's first words on its own line keeps those words in the text.
        let (heading, first_words) = match inline_heading(line) {
            Some((_, rest)) => (line[..rest].trim(), &line[rest..]),
            None => (line.trim(), ""),
        };
        let heading = heading.to_string();
        let body = lines
            .get(boundary.line + 1..next.min(lines.len()))
            .unwrap_or(&[]);
        let mut text = first_words.trim().to_string();
        if !body.is_empty() {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&body.join("\n"));
        }
        let text = text.trim_matches(|c: char| c.is_whitespace()).to_string();
        *slot = Some(Section { heading, text });
    }
    sections
}

/// The line range (heading excluded) of the section with a key: `[start, end)`.
pub fn section_range(boundaries: &[Boundary], key: &str, end: usize) -> Option<(usize, usize)> {
    let index = boundaries.iter().position(|b| b.key == key)?;
    let start = boundaries[index].line + 1;
    let stop = boundaries.get(index + 1).map_or(end, |b| b.line);
    Some((start, stop.max(start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(line: &str) -> Option<&'static str> {
        heading_of(line).map(|h| h.key)
    }

    #[test]
    fn recognises_heading_styles() {
        assert_eq!(key("一、总体情况"), Some("overview"));
        assert_eq!(key("## 一、总体情况"), Some("overview"));
        assert_eq!(key("2、 主动公开政府信息情况"), Some("proactive"));
        assert_eq!(
            key("#### 四、政府信息公开行政复议、行政诉讼情况"),
            Some("review_litigation")
        );
        assert_eq!(key("总体情况"), Some("overview"));
        assert_eq!(key("其他需要报告的事项"), Some("other"));
        assert_eq!(
            key("五、存在的主要问题及改进情况"),
            Some("problems_and_improvements")
        );
        assert_eq!(
            key("三、收到和处理政府信息公开申请情况"),
            Some("applications")
        );
        assert_eq!(
            key("二、依申请公开政府信息和不予公开政府信息的情况"),
            Some("applications")
        );
        assert_eq!(
            key("四、因政府信息公开申请行政复议、提起行政诉讼的情况"),
            Some("review_litigation")
        );
        assert_eq!(
            key("五、政府信息公开工作存在的主要问题及改进措施"),
            Some("problems_and_improvements")
        );
        assert_eq!(key("三、政府信息公开的收费及减免情况"), Some(FEES_KEY));
        assert_eq!(key("第一部分 概述"), Some("overview"));
    }

    #[test]
    fn rejects_sub_headings_rows_and_prose() {
        assert_eq!(key("（一）主动公开情况"), None);
        assert_eq!(key("##### (一) 存在问题"), None);
        assert_eq!(key("一、本年新收政府信息公开申请数量"), None);
        assert_eq!(key("一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0"), None);
        assert_eq!(key("2021年，我镇共接到依申请公开办件0件。"), None);
        assert_eq!(
            key("## 舞钢市尚店镇人民政府2021年政府信息公开工作年度报告"),
            None
        );
        assert_eq!(key("四、结转下年度继续办理"), None);
    }

    #[test]
    fn a_table_of_contents_does_not_take_the_sections() {
        let lines = [
            "目录",
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "一、总体情况",
            "正文一",
            "二、主动公开政府信息情况",
            "正文二",
            "三、收到和处理政府信息公开申请情况",
            "正文三",
        ];
        let items: Vec<Item> = lines
            .iter()
            .enumerate()
            .map(|(line, text)| Item::Text {
                line,
                text: text.to_string(),
            })
            .collect();
        let chosen: Vec<usize> = find_boundaries(&items).iter().map(|b| b.line).collect();
        assert_eq!(chosen, vec![4, 6, 8]);
    }

    #[test]
    fn headings_followed_by_text_on_the_same_line() {
        let (heading, rest) = inline_heading("一、总体情况。2021年，我镇扎实推进工作。").unwrap();
        assert_eq!(heading.key, "overview");
        assert_eq!(
            &"一、总体情况。2021年，我镇扎实推进工作。"[rest..],
            "2021年，我镇扎实推进工作。"
        );
        let line = "五、存在的主要问题及改进情况：一是培训不足；二是更新不及时。";
        let (heading, rest) = inline_heading(line).unwrap();
        assert_eq!(heading.key, "problems_and_improvements");
        assert!(line[rest..].starts_with("一是"));
        assert!(inline_heading("一、总体情况").is_none());
        assert!(inline_heading("（一）主动公开情况。我镇…").is_none());
        assert!(inline_heading("总体情况：我镇…").is_none());
        let lines = [
            "五、存在的主要问题及改进情况：一是培训不足。",
            "二是更新不及时。",
        ];
        let boundaries = [Boundary {
            key: "problems_and_improvements",
            line: 0,
        }];
        let sections = build_sections(&lines, &boundaries, 2);
        let section = sections.problems_and_improvements.unwrap();
        assert_eq!(section.heading, "五、存在的主要问题及改进情况：");
        assert_eq!(section.text, "一是培训不足。\n二是更新不及时。");
    }

    #[test]
    fn numbered_sections_win_over_stray_sub_headings() {
        let items: Vec<Item> = [
            "一、总体情况",
            "1.主动公开情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
        ]
        .iter()
        .enumerate()
        .map(|(line, text)| Item::Text {
            line,
            text: text.to_string(),
        })
        .collect();
        let keys: Vec<(&str, usize)> = find_boundaries(&items)
            .iter()
            .map(|b| (b.key, b.line))
            .collect();
        assert_eq!(
            keys,
            vec![("overview", 0), ("proactive", 2), ("applications", 3)]
        );
    }
}
