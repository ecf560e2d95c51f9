//! The query engine: a [`SearchRequest`] (query, filter, facets, sort, page) in, a [`SearchResponse`] out.
//! Knows nothing of HTTP or the terminal; the server and the CLI adapt their inputs to [`SearchRequest`].
//!
//! The query syntax is in [`query`], the filter language in [`filter`], snippets in [`highlight`]; all three are
//! described for users in `docs/query.md`.

pub mod filter;
pub mod highlight;
pub mod query;

use std::collections::BTreeMap;

use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::schema::Facet;
use tantivy::{DocAddress, Order, Searcher};

use crate::index::schema::FACET_NAMES;
use crate::index::{record_at, Store};
use crate::report::Sections;
use crate::{Error, Report, Result};

/// The default page size.
pub const DEFAULT_LIMIT: usize = 20;
/// The largest page size.
pub const MAX_LIMIT: usize = 1000;
/// The deepest page: `offset + limit` may not exceed this.
pub const MAX_WINDOW: usize = 100_000;

/// What to search for. Every field has a default, so `{}` is a valid request (all reports, by score, 20 per page).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchRequest {
    /// Full-text query (syntax in [`query`]); `None` or blank matches every report.
    pub q: Option<String>,
    /// Filter expression (grammar in [`filter`]).
    pub filter: Option<String>,
    /// Facets to count over the matching reports: `year`, `region`, `level`, `check` (alias `consistent`),
    /// `template`. An entry may hold several names separated by commas.
    pub facets: Vec<String>,
    /// `FIELD[:asc|:desc]` with FIELD `score`, `year` or a figure path; default `score:desc`. Without a direction,
    /// descending. Reports without a value for the field come last.
    pub sort: Option<String>,
    /// Hits per page (default 20, at most 1000; 0 returns only the total and the facets).
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Whether hits carry highlighted snippets (default true).
    pub highlight: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            q: None,
            filter: None,
            facets: Vec::new(),
            sort: None,
            limit: DEFAULT_LIMIT,
            offset: 0,
            highlight: true,
        }
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchResponse {
    /// How many reports match (not only this page).
    pub total: u64,
    /// This page of hits, best first (or in the requested order).
    pub hits: Vec<SearchHit>,
    /// Facet name → value → number of matching reports; only the facets asked for.
    pub facets: BTreeMap<String, BTreeMap<String, u64>>,
}

/// One matching report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchHit {
    /// The report's id.
    pub id: String,
    /// The file it was read from.
    pub file: String,
    /// Its title.
    pub title: Option<String>,
    /// The issuing body.
    pub agency: Option<String>,
    /// The enclosing region.
    pub region: Option<String>,
    /// The year reported on.
    pub year: Option<i32>,
    /// The administrative level (`township` …).
    pub level: Option<String>,
    /// Whether every consistency check holds.
    pub consistent: Option<bool>,
    /// The relevance score (BM25); 0 when the hits are sorted by a field.
    pub score: f32,
    /// Field → snippet, HTML-escaped, matches in `<mark>…</mark>`: `title`, `agency`, `region`,
    /// `sections.<key>`, `problems`, `improvements`, or `text` when the match is in none of those.
    pub highlights: BTreeMap<String, String>,
}

/// What the hits are ordered by.
#[derive(Debug, Clone, PartialEq)]
enum SortKey {
    Score,
    Year(Order),
    Figure(String, Order),
}

fn parse_sort(sort: Option<&str>) -> Result<SortKey> {
    let Some(sort) = sort.map(str::trim).filter(|sort| !sort.is_empty()) else {
        return Ok(SortKey::Score);
    };
    let (field, direction) = match sort.rsplit_once(':') {
        Some((field, direction)) => (field.trim(), direction.trim()),
        None => (sort, "desc"),
    };
    let order = match direction.to_ascii_lowercase().as_str() {
        "desc" => Order::Desc,
        "asc" => Order::Asc,
        other => {
            return Err(Error::InvalidRequest(format!(
                "sort direction must be asc or desc, not '{other}' (in '{sort}')"
            )))
        }
    };
    match field {
        "score" if order == Order::Desc => Ok(SortKey::Score),
        "score" => Err(Error::InvalidRequest(
            "sorting by score is descending only".to_string(),
        )),
        "year" => Ok(SortKey::Year(order)),
        _ if filter::is_figure_path(field) => Ok(SortKey::Figure(field.to_string(), order)),
        _ => {
            let close = filter::close_names(field);
            let hint = if close.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", close.join(", "))
            };
            Err(Error::InvalidRequest(format!(
                "cannot sort by '{field}': sort by score, year or a figure path{hint}"
            )))
        }
    }
}

fn parse_facets(requested: &[String]) -> Result<Vec<&'static str>> {
    let mut names: Vec<&'static str> = Vec::new();
    for name in requested.iter().flat_map(|entry| entry.split(',')) {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let canonical = if name == "consistent" { "check" } else { name };
        let Some(known) = FACET_NAMES.iter().find(|known| **known == canonical) else {
            return Err(Error::InvalidRequest(format!(
                "unknown facet '{name}'; facets are {}",
                FACET_NAMES.join(", ")
            )));
        };
        if !names.contains(known) {
            names.push(known);
        }
    }
    Ok(names)
}

/// Runs a search.
pub fn search(store: &Store, request: &SearchRequest) -> Result<SearchResponse> {
    if request.limit > MAX_LIMIT {
        return Err(Error::InvalidRequest(format!(
            "limit is at most {MAX_LIMIT}, not {}",
            request.limit
        )));
    }
    if request.offset.saturating_add(request.limit) > MAX_WINDOW {
        return Err(Error::InvalidRequest(format!(
            "offset + limit is at most {MAX_WINDOW}; narrow the search with a filter instead of paging that deep"
        )));
    }
    let sort = parse_sort(request.sort.as_deref())?;
    let facet_names = parse_facets(&request.facets)?;
    let fields = store.fields();

    let parsed_query = query::parse(request.q.as_deref().unwrap_or(""))?;
    let text_query = query::to_query(fields, &parsed_query);
    if text_query.is_none() && request.q.as_deref().is_some_and(|q| !q.trim().is_empty()) {
        return Err(Error::Query(format!(
            "'{}' has no words to search for (only punctuation or symbols)",
            request.q.as_deref().unwrap_or_default().trim()
        )));
    }
    let filter_query = match request
        .filter
        .as_deref()
        .map(str::trim)
        .filter(|filter| !filter.is_empty())
    {
        Some(expression) => Some(filter::compile(fields, expression)?),
        None => None,
    };
    let query: Box<dyn Query> = match (text_query, filter_query) {
        (Some(text), Some(filter)) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, text),
            (Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))),
        ])),
        (Some(text), None) => text,
        (None, Some(filter)) => Box::new(ConstScoreQuery::new(filter, 0.0)),
        (None, None) => Box::new(AllQuery),
    };

    let searcher = store.searcher();
    let (total, page) = collect_page(
        &searcher,
        query.as_ref(),
        &sort,
        request.limit,
        request.offset,
    )?;
    let facets = count_facets(&searcher, query.as_ref(), &facet_names)?;

    let needles = highlight::Needles::from_terms(parsed_query.positive_terms());
    let mut hits = Vec::with_capacity(page.len());
    for (score, address) in page {
        let report = record_at(&searcher, fields, address)?;
        let highlights = if request.highlight && !needles.is_empty() {
            highlights_of(store, &searcher, address, &report, &needles)?
        } else {
            BTreeMap::new()
        };
        hits.push(hit(report, score, highlights));
    }
    Ok(SearchResponse {
        total,
        hits,
        facets,
    })
}

/// The total and one page of (score, address); the score is 0 when sorting by a field.
fn collect_page(
    searcher: &Searcher,
    query: &dyn Query,
    sort: &SortKey,
    limit: usize,
    offset: usize,
) -> Result<(u64, Vec<(f32, DocAddress)>)> {
    if limit == 0 {
        return Ok((searcher.search(query, &Count)? as u64, Vec::new()));
    }
    let top = TopDocs::with_limit(limit).and_offset(offset);
    let (total, page) = match sort {
        SortKey::Score => searcher.search(query, &(Count, top.order_by_score()))?,
        SortKey::Year(order) => {
            let (total, page) = searcher.search(
                query,
                &(Count, top.order_by_fast_field::<i64>("year", *order)),
            )?;
            (
                total,
                page.into_iter()
                    .map(|(_, address)| (0.0, address))
                    .collect(),
            )
        }
        SortKey::Figure(path, order) => {
            let (total, page) = searcher.search(
                query,
                &(Count, top.order_by_fast_field::<f64>(path.as_str(), *order)),
            )?;
            (
                total,
                page.into_iter()
                    .map(|(_, address)| (0.0, address))
                    .collect(),
            )
        }
    };
    Ok((total as u64, page))
}

fn count_facets(
    searcher: &Searcher,
    query: &dyn Query,
    names: &[&'static str],
) -> Result<BTreeMap<String, BTreeMap<String, u64>>> {
    let mut out = BTreeMap::new();
    if names.is_empty() {
        return Ok(out);
    }
    let mut collector = FacetCollector::for_field("facets");
    for name in names {
        collector.add_facet(Facet::from_path([*name]));
    }
    let counts = searcher.search(query, &collector)?;
    for name in names {
        let values: BTreeMap<String, u64> = counts
            .get(Facet::from_path([*name]))
            .filter_map(|(facet, count)| {
                facet
                    .to_path()
                    .last()
                    .map(|value| (value.to_string(), count))
            })
            .collect();
        out.insert(name.to_string(), values);
    }
    Ok(out)
}

/// Snippets from the fields that matched; the whole text only when no other field did.
fn highlights_of(
    store: &Store,
    searcher: &Searcher,
    address: DocAddress,
    report: &Report,
    needles: &highlight::Needles,
) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut add = |name: String, text: &str| {
        if let Some(snippet) = highlight::snippet(text, needles, highlight::SNIPPET_CHARS) {
            out.insert(name, snippet);
        }
    };
    for (name, value) in [
        ("title", &report.title),
        ("agency", &report.agency),
        ("region", &report.region),
    ] {
        if let Some(value) = value {
            add(name.to_string(), value);
        }
    }
    for key in Sections::KEYS {
        if let Some(section) = report.sections.get(key) {
            add(format!("sections.{key}"), &section.text);
        }
    }
    for (name, statements) in [
        ("problems", &report.problems),
        ("improvements", &report.improvements),
    ] {
        // One statement: the one with the most matches (the first among equals).
        let best = statements
            .iter()
            .filter_map(|statement| {
                highlight::snippet(statement, needles, highlight::SNIPPET_CHARS)
            })
            .enumerate()
            .max_by_key(|(index, snippet)| {
                (snippet.matches("<mark>").count(), std::cmp::Reverse(*index))
            });
        if let Some((_, snippet)) = best {
            out.insert(name.to_string(), snippet);
        }
    }
    if out.is_empty() {
        use tantivy::schema::Value;
        let doc: tantivy::TantivyDocument = searcher.doc(address)?;
        if let Some(text) = doc
            .get_first(store.fields().text)
            .and_then(|value| value.as_str())
        {
            if let Some(snippet) = highlight::snippet(text, needles, highlight::SNIPPET_CHARS) {
                out.insert("text".to_string(), snippet);
            }
        }
    }
    Ok(out)
}

fn hit(report: Report, score: f32, highlights: BTreeMap<String, String>) -> SearchHit {
    SearchHit {
        id: report.id,
        file: report.file,
        title: report.title,
        agency: report.agency,
        region: report.region,
        year: report.year,
        level: report.level.map(|level| level.as_str().to_string()),
        consistent: report.consistent,
        score,
        highlights,
    }
}

#[cfg(test)]
mod tests;
