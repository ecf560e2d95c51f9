//! Recurring stated problems: grouping the problem statements of many reports into themes, and finding the bodies
//! that state the same problems year after year.
//!
//! The method (explained at length in `docs/problems.md`) is deterministic, explainable and offline:
//! 1. each statement becomes a weighted vector of **concepts** from a small domain thesaurus (业务水平/业务素质/业务能力
//!    → `staff_skills`; 及时/时效/更新 → `update_timeliness`, or `reply_timeliness` when the clause speaks of
//!    applications; …) and **content words** (jieba, minus stop words and boilerplate), weighted by TF-IDF;
//! 2. statements are grouped greedily: each joins the theme whose centroid is nearest (cosine) if it is near enough,
//!    else opens a new theme; candidates come from an inverted index of features, so nothing is all-pairs;
//! 3. every statement is then moved to its nearest final centroid once, and each theme is labelled by its heaviest
//!    terms.
//!
//! The CLI (`nianbao problems`), the HTTP API and the web page all call [`themes`] and [`repeats`].

mod cluster;
mod features;
mod repeats;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use repeats::{
    repeats, BodyRepeat, RepeatOptions, RepeatedProblem, YearOverlap, YearReport, YearRun,
};

use crate::Report;
use cluster::{group, vectorize, Corpus, Grouping};
use features::Feature;

/// One problem (or improvement) statement with the report it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRef {
    /// The report's id.
    pub report_id: String,
    /// The report's file name.
    pub file: String,
    /// The issuing body as named.
    pub agency: Option<String>,
    /// The enclosing county/city.
    pub region: Option<String>,
    /// Administrative level (`township`, `county`, …).
    pub level: Option<String>,
    /// The year reported on.
    pub year: Option<i32>,
    /// The statement.
    pub text: String,
}

/// How themes are formed and which are returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThemeOptions {
    /// Only themes stated by at least this many distinct reports are returned.
    pub min_reports: usize,
    /// At most this many themes are returned (the most widespread first).
    pub limit: usize,
    /// The least cosine similarity between a statement and a theme's centroid for the statement to join it
    /// (0 to 1; higher gives more, narrower themes).
    pub threshold: f32,
    /// How many example statements each theme shows (each from a different report when possible).
    pub examples: usize,
    /// Whether each theme lists all its statements with their reports (`reports`).
    pub include_reports: bool,
    /// Whether a statement's short first sentence (its title) weighs most: right for improvements, which open with
    /// their gist (`提高认识。加强宣传教育力度…`); off for problems, whose explanation may name the problem itself
    /// (`…整合水平有待加强。…个别政务新媒体仍存在信息更新不及时的现象`).
    pub focus_title: bool,
}

impl Default for ThemeOptions {
    fn default() -> Self {
        ThemeOptions {
            min_reports: 2,
            limit: 20,
            threshold: 0.4,
            examples: 3,
            include_reports: true,
            focus_title: false,
        }
    }
}

/// The themes found among a set of statements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemesResult {
    /// How many statements were grouped.
    pub statement_count: usize,
    /// How many distinct reports they come from.
    pub report_count: usize,
    /// How many themes were formed in all (before `min_reports` and `limit`).
    pub theme_count: usize,
    /// The themes returned, most widespread first (by reports, then statements).
    pub themes: Vec<Theme>,
}

/// One recurring problem: the statements that say it, in whatever words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theme {
    /// The theme's number in this result (`t1` is the most widespread).
    pub id: String,
    /// Its most telling terms, joined by ` / `, e.g. `业务能力 / 工作人员 / 培训`.
    pub label: String,
    /// The thesaurus concepts it is about, heaviest first (e.g. `staff_skills`); empty for a theme of words only.
    pub concepts: Vec<String>,
    /// Its heaviest terms (concepts shown by the word the statements use most), heaviest first.
    pub terms: Vec<String>,
    /// How many distinct reports state it.
    pub report_count: usize,
    /// How many statements say it.
    pub statement_count: usize,
    /// A few statements nearest the theme's centre, from different reports.
    pub examples: Vec<ThemeStatement>,
    /// Distinct reports per year reported on.
    pub by_year: BTreeMap<i32, usize>,
    /// Distinct reports per region (`unknown` when the report names none).
    pub by_region: BTreeMap<String, usize>,
    /// Distinct reports per administrative level (`unknown` when not known).
    pub by_level: BTreeMap<String, usize>,
    /// Every statement of the theme with its report (empty unless [`ThemeOptions::include_reports`]).
    pub reports: Vec<ThemeStatement>,
}

/// A statement of a theme with the report it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeStatement {
    /// The report's id.
    pub report_id: String,
    /// The report's file name.
    pub file: String,
    /// The year reported on.
    pub year: Option<i32>,
    /// The issuing body as named.
    pub agency: Option<String>,
    /// The statement.
    pub statement: String,
    /// Cosine similarity to the theme's centre (1 = typical of the theme).
    pub similarity: f32,
}

/// The problem statements of the reports, one [`StatementRef`] each, in report order.
pub fn statements_of(reports: &[Report]) -> Vec<StatementRef> {
    collect_statements(reports, |report| &report.problems)
}

/// The improvement statements of the reports (they group into themes the same way as problems).
pub fn improvement_statements_of(reports: &[Report]) -> Vec<StatementRef> {
    collect_statements(reports, |report| &report.improvements)
}

pub(crate) fn collect_statements<'a>(
    reports: impl IntoIterator<Item = &'a Report>,
    pick: impl Fn(&Report) -> &Vec<String>,
) -> Vec<StatementRef> {
    reports
        .into_iter()
        .flat_map(|report| {
            pick(report)
                .iter()
                .filter(|text| !text.trim().is_empty())
                .map(move |text| StatementRef {
                    report_id: report.id.clone(),
                    file: report.file.clone(),
                    agency: report.agency.clone(),
                    region: report.region.clone(),
                    level: report.level.map(|level| level.as_str().to_string()),
                    year: report.year,
                    text: text.clone(),
                })
        })
        .collect()
}

/// Groups statements into themes. Deterministic: the same statements and options give the same themes.
pub fn themes(statements: &[StatementRef], options: &ThemeOptions) -> ThemesResult {
    let assignment = assign(statements, options);
    let report_count = statements
        .iter()
        .map(|statement| statement.report_id.as_str())
        .collect::<BTreeSet<_>>()
        .len();

    let mut members: Vec<Vec<usize>> = vec![Vec::new(); assignment.grouping.theme_count];
    for (index, theme) in assignment.theme_of_statement.iter().enumerate() {
        members[*theme].push(index);
    }
    let mut ranked: Vec<(usize, usize, usize)> = members
        .iter()
        .enumerate()
        .map(|(theme, indices)| {
            let reports = indices
                .iter()
                .map(|index| statements[*index].report_id.as_str())
                .collect::<BTreeSet<_>>()
                .len();
            (theme, reports, indices.len())
        })
        .filter(|(_, reports, _)| *reports >= options.min_reports.max(1))
        .collect();
    let labels: Vec<(usize, Label)> = ranked
        .iter()
        .map(|(theme, _, _)| (*theme, assignment.label(*theme, &members[*theme])))
        .collect();
    let label_of: BTreeMap<usize, &Label> = labels
        .iter()
        .map(|(theme, label)| (*theme, label))
        .collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(b.2.cmp(&a.2))
            .then_with(|| label_of[&a.0].text.cmp(&label_of[&b.0].text))
            .then(a.0.cmp(&b.0))
    });
    ranked.truncate(options.limit);

    let themes = ranked
        .iter()
        .enumerate()
        .map(|(rank, (theme, report_count, statement_count))| {
            let indices = &members[*theme];
            let label = label_of[theme];
            build_theme(
                format!("t{}", rank + 1),
                label,
                *report_count,
                *statement_count,
                indices,
                statements,
                &assignment,
                options,
            )
        })
        .collect();
    ThemesResult {
        statement_count: statements.len(),
        report_count,
        theme_count: assignment.grouping.theme_count,
        themes,
    }
}

#[allow(clippy::too_many_arguments)]
fn build_theme(
    id: String,
    label: &Label,
    report_count: usize,
    statement_count: usize,
    indices: &[usize],
    statements: &[StatementRef],
    assignment: &Assignment,
    options: &ThemeOptions,
) -> Theme {
    let to_entry = |index: usize| {
        let statement = &statements[index];
        ThemeStatement {
            report_id: statement.report_id.clone(),
            file: statement.file.clone(),
            year: statement.year,
            agency: statement.agency.clone(),
            statement: statement.text.clone(),
            similarity: assignment.similarity(index),
        }
    };
    let mut by_similarity = indices.to_vec();
    by_similarity.sort_by(|a, b| {
        assignment
            .similarity(*b)
            .total_cmp(&assignment.similarity(*a))
            .then_with(|| statements[*a].text.cmp(&statements[*b].text))
            .then(a.cmp(b))
    });
    // Examples: nearest the centre first, each from another report and, while there are enough, in other words.
    let mut examples: Vec<ThemeStatement> = Vec::new();
    let mut shown_reports = BTreeSet::new();
    let mut shown_texts = BTreeSet::new();
    for distinct_words in [true, false] {
        for index in &by_similarity {
            if examples.len() >= options.examples {
                break;
            }
            let statement = &statements[*index];
            if shown_reports.contains(statement.report_id.as_str())
                || (distinct_words && shown_texts.contains(statement.text.as_str()))
            {
                continue;
            }
            shown_reports.insert(statement.report_id.as_str());
            shown_texts.insert(statement.text.as_str());
            examples.push(to_entry(*index));
        }
    }

    let mut by_year: BTreeMap<i32, BTreeSet<&str>> = BTreeMap::new();
    let mut by_region: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut by_level: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for index in indices {
        let statement = &statements[*index];
        let report = statement.report_id.as_str();
        if let Some(year) = statement.year {
            by_year.entry(year).or_default().insert(report);
        }
        let region = statement
            .region
            .clone()
            .unwrap_or_else(|| "unknown".to_string());
        by_region.entry(region).or_default().insert(report);
        let level = statement
            .level
            .clone()
            .unwrap_or_else(|| "unknown".to_string());
        by_level.entry(level).or_default().insert(report);
    }
    let reports = if options.include_reports {
        let mut listed = indices.to_vec();
        listed.sort_by(|a, b| {
            statements[*a]
                .year
                .cmp(&statements[*b].year)
                .then_with(|| statements[*a].report_id.cmp(&statements[*b].report_id))
                .then(a.cmp(b))
        });
        listed.into_iter().map(to_entry).collect()
    } else {
        Vec::new()
    };
    Theme {
        id,
        label: label.text.clone(),
        concepts: label.concepts.clone(),
        terms: label.terms.clone(),
        report_count,
        statement_count,
        examples,
        by_year: count_sets(by_year),
        by_region: count_sets(by_region),
        by_level: count_sets(by_level),
        reports,
    }
}

fn count_sets<K: Ord>(sets: BTreeMap<K, BTreeSet<&str>>) -> BTreeMap<K, usize> {
    sets.into_iter()
        .map(|(key, set)| (key, set.len()))
        .collect()
}

/// The theme of every statement, with what is needed to label and rank themes.
pub(crate) struct Assignment {
    corpus: Corpus,
    grouping: Grouping,
    /// Theme (dense index) of each input statement.
    theme_of_statement: Vec<usize>,
}

/// A theme's label, concepts and terms.
pub(crate) struct Label {
    text: String,
    concepts: Vec<String>,
    terms: Vec<String>,
}

/// The label of a theme whose statements name no concept and no content word.
const NO_TERMS_LABEL: &str = "(no telling terms)";
/// How many terms a label shows.
const LABEL_TERMS: usize = 3;
/// How many terms [`Theme::terms`] lists.
const LISTED_TERMS: usize = 6;

impl Assignment {
    fn similarity(&self, statement: usize) -> f32 {
        self.grouping.similarity[self.corpus.distinct_of[statement]]
    }

    /// Labels a theme by the heaviest features of its centroid; a concept is shown by the trigger word its members
    /// use most for it.
    fn label(&self, theme: usize, members: &[usize]) -> Label {
        let mut surface_counts: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
        let distinct: BTreeSet<usize> = members
            .iter()
            .map(|index| self.corpus.distinct_of[*index])
            .collect();
        for index in &distinct {
            let copies = self.corpus.multiplicity[*index] as usize;
            for (concept, trigger) in &self.corpus.surfaces[*index] {
                *surface_counts
                    .entry(concept)
                    .or_default()
                    .entry(trigger)
                    .or_insert(0) += copies;
            }
        }
        let mut heaviest = self.grouping.centroids[theme].clone();
        heaviest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut terms: Vec<String> = Vec::new();
        let mut concepts = Vec::new();
        for (feature, weight) in heaviest {
            if terms.len() >= LISTED_TERMS {
                break;
            }
            let term = match &self.corpus.features[feature as usize] {
                Feature::Concept(key) => {
                    if weight >= 0.2 {
                        concepts.push(key.to_string());
                    }
                    surface_counts
                        .get(key)
                        .and_then(|counts| {
                            counts
                                .iter()
                                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                                .map(|(word, _)| word.to_string())
                        })
                        .unwrap_or_else(|| key.to_string())
                }
                Feature::Word(word) => word.clone(),
            };
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        // A theme of statements made only of stop words has no telling term; its examples speak for it.
        let text = if terms.is_empty() {
            NO_TERMS_LABEL.to_string()
        } else {
            terms
                .iter()
                .take(LABEL_TERMS)
                .cloned()
                .collect::<Vec<_>>()
                .join(" / ")
        };
        Label {
            text,
            concepts,
            terms,
        }
    }
}

/// Groups statements and records the theme of each.
pub(crate) fn assign(statements: &[StatementRef], options: &ThemeOptions) -> Assignment {
    let texts: Vec<&str> = statements
        .iter()
        .map(|statement| statement.text.as_str())
        .collect();
    let corpus = vectorize(&texts, options.focus_title);
    let distinct_texts: Vec<&str> = {
        let mut distinct = vec![""; corpus.vectors.len()];
        for (index, distinct_index) in corpus.distinct_of.iter().enumerate() {
            distinct[*distinct_index] = texts[index];
        }
        distinct
    };
    let grouping = group(&corpus, &distinct_texts, options.threshold);
    let theme_of_statement = corpus
        .distinct_of
        .iter()
        .map(|distinct| grouping.theme_of[*distinct])
        .collect();
    tracing::debug!(
        statements = statements.len(),
        distinct = corpus.vectors.len(),
        themes = grouping.theme_count,
        "grouped statements into themes"
    );
    Assignment {
        corpus,
        grouping,
        theme_of_statement,
    }
}

impl Assignment {
    /// Theme (dense index) of an input statement.
    pub(crate) fn theme_of(&self, statement: usize) -> usize {
        self.theme_of_statement[statement]
    }

    /// The label text and concepts of every theme, from all its statements.
    pub(crate) fn all_labels(&self) -> Vec<(String, Vec<String>)> {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.grouping.theme_count];
        for (index, theme) in self.theme_of_statement.iter().enumerate() {
            members[*theme].push(index);
        }
        members
            .iter()
            .enumerate()
            .map(|(theme, indices)| {
                let label = self.label(theme, indices);
                (label.text, label.concepts)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
