//! The full-text query syntax: words, `"phrases"`, `-exclusions`, `OR`, and `field:` scopes, compiled to tantivy.
//!
//! # Syntax
//!
//! ```text
//! query       = { clause } ;                       (* every clause must match *)
//! clause      = "-" term                           (* must not match *)
//!             | term { "OR" term } ;               (* one of them must match *)
//! term        = [ field ":" ] ( word | phrase ) ;
//! phrase      = '"' { any character but '"' } [ '"' [ "~" digits ] ] ;   (* an unclosed quote runs to the end *)
//! word        = any characters but white space and '"' ;
//! field       = "text" | "title" | "agency" | "region" | "problems" | "improvements"
//!             | "overview" | "proactive" | "applications" | "review_litigation"
//!             | "problems_and_improvements" | "other" ;
//! ```
//!
//! # Meaning
//!
//! - A word matches where its characters stand side by side, ignoring punctuation and white space: `处理` finds
//!   `待处理`, `公开` finds `政务公开`, and one character (`镇`) is a valid query. (It is a phrase of the word's
//!   atoms, see [`crate::tokenizer`]; the jieba words inside the query only raise the score.)
//! - A phrase is the same, for text that contains spaces or punctuation: `"政务 公开"` finds `政务公开` and
//!   `政务，公开`. `"信息 公开"~3` lets up to 3 characters stand between or around the parts.
//! - `-word` and `-"phrase"` exclude reports that match; a query of exclusions only starts from all reports.
//! - `a OR b` needs one of the two; `OR` joins the terms next to it (`a OR b c` = (a or b) and c). Lowercase `or` is
//!   an ordinary word.
//! - Without a `field:` a term searches the whole text, plus the title and agency with a higher weight.
//! - Case is ignored and full-width letters and digits equal half-width ones.

use tantivy::query::{
    BooleanQuery, BoostQuery, Explanation, Occur, PhraseQuery, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SeekDangerResult, Term};

use crate::index::schema::DEFAULT_SEARCH_FIELDS;
use crate::index::Fields;
use crate::report::Sections;
use crate::tokenizer::{atoms, query_words};
use crate::{Error, Result};

/// The most terms (words and phrases) a query may have.
pub const MAX_TERMS: usize = 64;
/// The most characters (atoms) one word or phrase may have.
pub const MAX_TERM_ATOMS: usize = 256;
/// The largest slop accepted after a phrase.
pub const MAX_SLOP: u32 = 1000;

/// One word or phrase of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The text field it is scoped to (`title`, `sections.overview`…), or `None` for the default fields.
    pub field: Option<String>,
    /// The text as typed (without quotes).
    pub text: String,
    /// True for a quoted phrase.
    pub phrase: bool,
    /// Characters allowed between the parts of a phrase (`~N`).
    pub slop: u32,
}

/// One clause of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// One of the terms must match (a single term when there is no `OR`).
    AnyOf(Vec<QueryTerm>),
    /// The term must not match.
    Not(QueryTerm),
}

/// A parsed query: every clause must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    /// The clauses, in the order typed.
    pub clauses: Vec<Clause>,
}

impl ParsedQuery {
    /// The terms that must or may match (not the excluded ones): what highlights mark.
    pub fn positive_terms(&self) -> impl Iterator<Item = &QueryTerm> {
        self.clauses.iter().flat_map(|clause| match clause {
            Clause::AnyOf(terms) => terms.as_slice(),
            Clause::Not(_) => &[],
        })
    }
}

/// A lexical item of the query string.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Or,
    Term { negated: bool, term: QueryTerm },
}

/// The text field a `field:` prefix names, by its full or short name.
fn scoped_field(name: &str) -> Option<String> {
    match name {
        "text" | "title" | "agency" | "region" | "problems" | "improvements" => {
            Some(name.to_string())
        }
        _ => {
            let key = name.strip_prefix("sections.").unwrap_or(name);
            Sections::KEYS
                .contains(&key)
                .then(|| format!("sections.{key}"))
        }
    }
}

/// Splits a query string into items. Never fails: odd input degrades to words.
fn lex(input: &str) -> Vec<Item> {
    let chars: Vec<char> = input.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let negated = chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
        if negated {
            i += 1;
        }
        // An optional `field:` scope, only for known field names.
        let mut field = None;
        let word_end = (i..chars.len())
            .find(|&j| chars[j].is_whitespace() || chars[j] == '"')
            .unwrap_or(chars.len());
        if let Some(colon) = (i..word_end).find(|&j| chars[j] == ':') {
            let name: String = chars[i..colon].iter().collect();
            if let Some(scoped) = scoped_field(&name) {
                field = Some(scoped);
                i = colon + 1;
            }
        }
        if chars.get(i) == Some(&'"') {
            let start = i + 1;
            let end = (start..chars.len())
                .find(|&j| chars[j] == '"')
                .unwrap_or(chars.len());
            let text: String = chars[start..end].iter().collect();
            i = (end + 1).min(chars.len());
            let mut slop = 0u32;
            if chars.get(i) == Some(&'~') {
                let digits_end = (i + 1..chars.len())
                    .find(|&j| !chars[j].is_ascii_digit())
                    .unwrap_or(chars.len());
                let digits: String = chars[i + 1..digits_end].iter().collect();
                slop = digits
                    .parse::<u64>()
                    .map_or(0, |slop| slop.min(u64::from(MAX_SLOP)) as u32);
                i = digits_end;
            }
            items.push(Item::Term {
                negated,
                term: QueryTerm {
                    field,
                    text,
                    phrase: true,
                    slop,
                },
            });
            continue;
        }
        let end = (i..chars.len())
            .find(|&j| chars[j].is_whitespace() || chars[j] == '"')
            .unwrap_or(chars.len());
        let text: String = chars[i..end].iter().collect();
        i = end;
        if text.is_empty() {
            continue;
        }
        if text == "OR" && !negated && field.is_none() {
            items.push(Item::Or);
            continue;
        }
        items.push(Item::Term {
            negated,
            term: QueryTerm {
                field,
                text,
                phrase: false,
                slop: 0,
            },
        });
    }
    items
}

/// Parses a query string. Errors only for `OR` next to an exclusion and for queries over the size limits.
pub fn parse(input: &str) -> Result<ParsedQuery> {
    let items = lex(input);
    let term_count = items
        .iter()
        .filter(|item| matches!(item, Item::Term { .. }))
        .count();
    if term_count > MAX_TERMS {
        return Err(Error::Query(format!(
            "too many words ({term_count}); a query has at most {MAX_TERMS}"
        )));
    }
    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending_or = false;
    for item in items {
        match item {
            Item::Or => pending_or = true,
            Item::Term {
                negated: true,
                term,
            } => {
                if pending_or {
                    return Err(Error::Query(format!(
                        "OR cannot join an excluded term (-{}); exclusions always apply",
                        term.text
                    )));
                }
                clauses.push(Clause::Not(term));
            }
            Item::Term {
                negated: false,
                term,
            } => {
                if atoms(&term.text).len() > MAX_TERM_ATOMS {
                    return Err(Error::Query(format!(
                        "a word or phrase has at most {MAX_TERM_ATOMS} characters: {}…",
                        term.text.chars().take(20).collect::<String>()
                    )));
                }
                match clauses.last_mut() {
                    Some(Clause::AnyOf(terms)) if pending_or => terms.push(term),
                    Some(Clause::Not(excluded)) if pending_or => {
                        return Err(Error::Query(format!(
                            "OR cannot join an excluded term (-{}); exclusions always apply",
                            excluded.text
                        )))
                    }
                    _ => clauses.push(Clause::AnyOf(vec![term])),
                }
                pending_or = false;
            }
        }
    }
    // A leading or trailing OR joins nothing and is ignored.
    Ok(ParsedQuery { clauses })
}

/// Compiles a parsed query. `None` when no clause has anything searchable (only punctuation, for instance).
pub fn to_query(fields: &Fields, parsed: &ParsedQuery) -> Option<Box<dyn Query>> {
    let mut subqueries: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut has_positive = false;
    for clause in &parsed.clauses {
        match clause {
            Clause::AnyOf(terms) => {
                let alternatives: Vec<Box<dyn Query>> = terms
                    .iter()
                    .filter_map(|term| term_query(fields, term))
                    .collect();
                match alternatives.len() {
                    0 => {}
                    1 => {
                        has_positive = true;
                        subqueries
                            .extend(alternatives.into_iter().map(|query| (Occur::Must, query)));
                    }
                    _ => {
                        has_positive = true;
                        let any = BooleanQuery::new(
                            alternatives
                                .into_iter()
                                .map(|query| (Occur::Should, query))
                                .collect(),
                        );
                        subqueries.push((Occur::Must, Box::new(any)));
                    }
                }
            }
            Clause::Not(term) => {
                if let Some(query) = term_query(fields, term) {
                    subqueries.push((Occur::MustNot, query));
                }
            }
        }
    }
    if subqueries.is_empty() {
        return None;
    }
    if !has_positive {
        subqueries.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
    }
    Some(Box::new(BooleanQuery::new(subqueries)))
}

/// The query of one term over its fields: a union over fields of [`field_query`], boosted per field.
fn term_query(fields: &Fields, term: &QueryTerm) -> Option<Box<dyn Query>> {
    let targets: Vec<(String, f32)> = match &term.field {
        Some(field) => vec![(field.clone(), 1.0)],
        None => DEFAULT_SEARCH_FIELDS
            .iter()
            .map(|(name, boost)| (name.to_string(), *boost))
            .collect(),
    };
    let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (name, boost) in targets {
        let Some(field) = fields.text_fields.get(&name) else {
            continue;
        };
        let query = field_query(*field, term)?;
        let boosted: Box<dyn Query> = if (boost - 1.0).abs() > f32::EPSILON {
            Box::new(BoostQuery::new(query, boost))
        } else {
            query
        };
        per_field.push((Occur::Should, boosted));
    }
    match per_field.len() {
        0 => None,
        1 => per_field.pop().map(|(_, query)| query),
        _ => Some(Box::new(BooleanQuery::new(per_field))),
    }
}

/// The query of one term in one field: the atoms side by side (a term query for one atom), with the term's jieba
/// words as optional clauses that only add to the score. `None` when the term has no atoms.
pub fn field_query(field: tantivy::schema::Field, term: &QueryTerm) -> Option<Box<dyn Query>> {
    let atoms = atoms(&term.text);
    let core: Box<dyn Query> = match atoms.as_slice() {
        [] => return None,
        [only] => Box::new(TermQuery::new(
            Term::from_field_text(field, &only.text),
            IndexRecordOption::WithFreqs,
        )),
        many => {
            let terms = many
                .iter()
                .enumerate()
                .map(|(position, atom)| (position, Term::from_field_text(field, &atom.text)))
                .collect();
            Box::new(ForwardSeekQuery(Box::new(
                PhraseQuery::new_with_offset_and_slop(terms, term.slop),
            )))
        }
    };
    let words = query_words(&term.text);
    if words.is_empty() {
        return Some(core);
    }
    let mut clauses = vec![(Occur::Must, core)];
    clauses.extend(words.iter().map(|word| {
        let query: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(field, word),
            IndexRecordOption::WithFreqs,
        ));
        (Occur::Should, query)
    }));
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// Wraps a phrase query so that its scorer is never asked to seek behind its current document.
///
/// tantivy 0.27's `PhraseScorer::seek_danger` asserts `target >= doc()` (a `debug_assert!`), but an exclusion
/// (`-"…"`, `MustNot`) probes its scorer with every candidate of the including side, which may lie behind the
/// phrase's current document (tantivy#2811). The current document of a phrase scorer is a document of its rarest
/// term at or after every earlier target, so it is a valid lower bound to answer such a probe with.
#[derive(Debug)]
struct ForwardSeekQuery(Box<dyn Query>);

impl Clone for ForwardSeekQuery {
    fn clone(&self) -> Self {
        ForwardSeekQuery(self.0.box_clone())
    }
}

impl Query for ForwardSeekQuery {
    fn weight(
        &self,
        enable_scoring: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ForwardSeekWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}

struct ForwardSeekWeight(Box<dyn Weight>);

impl Weight for ForwardSeekWeight {
    fn scorer(
        &self,
        reader: &tantivy::SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ForwardSeekScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &tantivy::SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct ForwardSeekScorer(Box<dyn Scorer>);

impl DocSet for ForwardSeekScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.0.doc();
        if target <= doc {
            return doc;
        }
        self.0.seek(target)
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        let doc = self.0.doc();
        if target < doc {
            return SeekDangerResult::SeekLowerBound(doc);
        }
        self.0.seek_danger(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl Scorer for ForwardSeekScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> QueryTerm {
        QueryTerm {
            field: None,
            text: text.to_string(),
            phrase: false,
            slop: 0,
        }
    }

    #[test]
    fn words_phrases_exclusions_and_or() {
        let parsed = parse(r#"政务 "信息 公开"~2 -培训 a OR b title:新民屯"#).unwrap();
        let phrase = QueryTerm {
            field: None,
            text: "信息 公开".to_string(),
            phrase: true,
            slop: 2,
        };
        let scoped = QueryTerm {
            field: Some("title".to_string()),
            ..word("新民屯")
        };
        assert_eq!(
            parsed.clauses,
            vec![
                Clause::AnyOf(vec![word("政务")]),
                Clause::AnyOf(vec![phrase]),
                Clause::Not(word("培训")),
                Clause::AnyOf(vec![word("a"), word("b")]),
                Clause::AnyOf(vec![scoped]),
            ]
        );
    }

    #[test]
    fn odd_input_degrades_gracefully() {
        // An unclosed quote runs to the end.
        let parsed = parse("\"政务公开").unwrap();
        assert!(
            matches!(&parsed.clauses[0], Clause::AnyOf(terms) if terms[0].phrase && terms[0].text == "政务公开")
        );
        // Dangling ORs, lone dashes and empty quotes are ignored.
        assert_eq!(
            parse("OR 政务 OR").unwrap().clauses,
            vec![Clause::AnyOf(vec![word("政务")])]
        );
        assert_eq!(
            parse(" - ").unwrap().clauses,
            vec![Clause::AnyOf(vec![word("-")])]
        );
        assert!(parse("").unwrap().clauses.is_empty());
        // An unknown scope is part of the word.
        assert_eq!(
            parse("foo:bar").unwrap().clauses,
            vec![Clause::AnyOf(vec![word("foo:bar")])]
        );
    }

    #[test]
    fn or_next_to_an_exclusion_and_oversized_queries_are_errors() {
        assert!(
            matches!(parse("a OR -b"), Err(Error::Query(message)) if message.contains("OR cannot join"))
        );
        assert!(
            matches!(parse("-a OR b"), Err(Error::Query(message)) if message.contains("OR cannot join"))
        );
        let many = vec!["词"; 10_000].join(" ");
        assert!(
            matches!(parse(&many), Err(Error::Query(message)) if message.contains("too many words (10000)"))
        );
        let long = "字".repeat(MAX_TERM_ATOMS + 1);
        assert!(
            matches!(parse(&long), Err(Error::Query(message)) if message.contains("at most 256 characters"))
        );
    }

    #[test]
    fn punctuation_only_compiles_to_nothing() {
        let (_, fields) = crate::index::schema::build_schema();
        assert!(to_query(&fields, &parse("，。！ ？").unwrap()).is_none());
        assert!(to_query(&fields, &parse("-，").unwrap()).is_none());
        assert!(to_query(&fields, &parse("处理").unwrap()).is_some());
    }
}
