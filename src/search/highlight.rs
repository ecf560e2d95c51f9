//! Highlighted snippets: the best window of a field's text around what the query matched, HTML-escaped, matches in
//! `<mark>…</mark>`.
//!
//! tantivy's `SnippetGenerator` marks each query term on its own (so every `公` of a document would light up for
//! `公开`) and measures its window in bytes. Here a match is what the query matches (see [`crate::search::query`]):
//! the atoms of a word or phrase side by side, ignoring punctuation between them. Windows are measured in
//! characters and always cut between characters.

use crate::tokenizer::{atoms, query_words, Atom};

use super::query::QueryTerm;

/// The longest snippet, in characters (without the ellipses).
pub const SNIPPET_CHARS: usize = 100;
/// Characters of context kept before the first match of a snippet.
const LEADING_CONTEXT_CHARS: usize = 20;

/// What to look for: each needle is a sequence of atom texts that must stand side by side.
#[derive(Debug, Clone, Default)]
pub struct Needles(Vec<Vec<String>>);

impl Needles {
    /// The needles of the positive terms of a query. A phrase with slop is marked word by word.
    pub fn from_terms<'a>(terms: impl IntoIterator<Item = &'a QueryTerm>) -> Needles {
        let mut needles = Vec::new();
        for term in terms {
            let atom_texts = |text: &str| {
                atoms(text)
                    .into_iter()
                    .map(|atom| atom.text)
                    .collect::<Vec<_>>()
            };
            if term.phrase && term.slop > 0 {
                let words = query_words(&term.text);
                if words.is_empty() {
                    needles.extend(atom_texts(&term.text).into_iter().map(|atom| vec![atom]));
                } else {
                    needles.extend(words.iter().map(|word| atom_texts(word)));
                }
            } else {
                needles.push(atom_texts(&term.text));
            }
        }
        needles.retain(|needle| !needle.is_empty());
        needles.sort();
        needles.dedup();
        Needles(needles)
    }

    /// True when there is nothing to mark.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Byte ranges of every match of the needles in the text, sorted and merged where they overlap.
pub fn match_ranges(text: &str, needles: &Needles) -> Vec<(usize, usize)> {
    let text_atoms: Vec<Atom> = atoms(text);
    let mut ranges = Vec::new();
    for needle in &needles.0 {
        if needle.len() > text_atoms.len() {
            continue;
        }
        for start in 0..=text_atoms.len() - needle.len() {
            let window = &text_atoms[start..start + needle.len()];
            if window
                .iter()
                .zip(needle)
                .all(|(atom, wanted)| &atom.text == wanted)
            {
                ranges.push((window[0].byte_start, window[needle.len() - 1].byte_end));
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The best snippet of `text` for the needles, or `None` when nothing matches. The window of at most
/// `max_chars` characters holding the most matches wins (the earliest among equals).
pub fn snippet(text: &str, needles: &Needles, max_chars: usize) -> Option<String> {
    if needles.is_empty() {
        return None;
    }
    let ranges = match_ranges(text, needles);
    if ranges.is_empty() {
        return None;
    }
    // Byte offset of every character, plus the end.
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .collect();
    let char_at = |byte: usize| boundaries.partition_point(|&boundary| boundary < byte);
    let char_count = boundaries.len() - 1;
    let max_chars = max_chars.max(1);

    let mut best: Option<(usize, usize, usize)> = None; // (matches, start char, end char)
    for &(first_start, _) in &ranges {
        let start_char = char_at(first_start).saturating_sub(LEADING_CONTEXT_CHARS);
        let end_char = (start_char + max_chars).min(char_count);
        let (window_start, window_end) = (boundaries[start_char], boundaries[end_char]);
        let inside = ranges
            .iter()
            .filter(|(start, end)| *start >= window_start && *end <= window_end)
            .count();
        if best.is_none_or(|(count, _, _)| inside > count) {
            best = Some((inside, start_char, end_char));
        }
    }
    let (_, start_char, end_char) = best?;
    let (window_start, window_end) = (boundaries[start_char], boundaries[end_char]);

    let mut out = String::new();
    if start_char > 0 {
        out.push('…');
    }
    let mut cursor = window_start;
    for &(start, end) in &ranges {
        let (start, end) = (start.max(window_start), end.min(window_end));
        if start >= end || start < cursor {
            continue;
        }
        push_escaped(&mut out, &text[cursor..start]);
        out.push_str("<mark>");
        push_escaped(&mut out, &text[start..end]);
        out.push_str("</mark>");
        cursor = end;
    }
    push_escaped(&mut out, &text[cursor..window_end]);
    if end_char < char_count {
        out.push('…');
    }
    Some(out.trim().to_string())
}

/// Appends text HTML-escaped, with each run of white space collapsed to one space.
fn push_escaped(out: &mut String, text: &str) {
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn needles(query: &str) -> Needles {
        Needles::from_terms(parse(query).unwrap().positive_terms())
    }

    #[test]
    fn a_word_is_marked_where_its_characters_stand_together_only() {
        let text = "公开栏里，政务公开工作和公示";
        assert_eq!(
            snippet(text, &needles("政务公开"), 100).as_deref(),
            Some("公开栏里，<mark>政务公开</mark>工作和公示")
        );
        // `公` alone elsewhere is not marked for the word 公开, but both 公开 are.
        assert_eq!(
            snippet(text, &needles("公开"), 100).as_deref(),
            Some("<mark>公开</mark>栏里，政务<mark>公开</mark>工作和公示")
        );
    }

    #[test]
    fn a_phrase_matches_across_punctuation_and_the_mark_spans_it() {
        assert_eq!(
            snippet("加强政务，公开工作", &needles("\"政务 公开\""), 100).as_deref(),
            Some("加强<mark>政务，公开</mark>工作")
        );
    }

    #[test]
    fn text_is_html_escaped_and_whitespace_collapsed() {
        assert_eq!(
            snippet("a<b>&\n\n\t新媒体\"x\"", &needles("新媒体"), 100).as_deref(),
            Some("a&lt;b&gt;&amp; <mark>新媒体</mark>&quot;x&quot;")
        );
    }

    #[test]
    fn long_texts_are_cut_between_characters_around_the_densest_window() {
        let filler = "的".repeat(300);
        let text = format!("{filler}新媒体{filler}新媒体和新媒体{filler}");
        let snippet = snippet(&text, &needles("新媒体"), 30).unwrap();
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        assert_eq!(
            snippet.matches("<mark>新媒体</mark>").count(),
            2,
            "{snippet}"
        );
        let visible = snippet.replace("<mark>", "").replace("</mark>", "");
        assert_eq!(visible.chars().count(), 30 + 2, "{snippet}");
    }

    #[test]
    fn nothing_matched_gives_none() {
        assert_eq!(snippet("政务公开", &needles("培训"), 100), None);
        assert_eq!(snippet("政务公开", &needles("-政务"), 100), None);
    }
}
