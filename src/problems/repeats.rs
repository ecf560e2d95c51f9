//! Bodies that state the same problems year after year, and how much of last year's report they reuse.
//!
//! A body is the issuing agency together with its region, keyed as the cross-year checks key it
//! ([`crate::crossyear::body_key`]: white space and the suffixes that vary between years, such as `人民政府`,
//! dropped). For each body with reports in several years, a problem counts as stated again when statements of
//! different years fall into the same theme (see [`super::themes`]); near-verbatim repeats are flagged by their
//! character-bigram similarity. The report-level overlap is the share of the previous report's narrative text (its
//! overview, problems-and-improvements and other sections, digits folded so that changed years and figures still
//! count as reused) whose character shingles reappear in the later report.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use super::{assign, collect_statements, ThemeOptions};
use crate::Report;

/// How repeats are found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RepeatOptions {
    /// A problem is a repeat when the body states it in at least this many distinct years.
    pub min_years: usize,
    /// Two statements are near-verbatim when their character-bigram similarity (Dice) is at least this.
    pub near_verbatim: f64,
    /// Characters per shingle for the report-level text overlap.
    pub shingle_chars: usize,
    /// How themes are formed (only `threshold` matters here).
    pub themes: ThemeOptions,
}

impl Default for RepeatOptions {
    fn default() -> Self {
        RepeatOptions {
            min_years: 2,
            near_verbatim: 0.8,
            shingle_chars: 5,
            themes: ThemeOptions::default(),
        }
    }
}

/// One body with reports in several years: the problems it states again and how much text it reuses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BodyRepeat {
    /// The body as shown: region and agency as named in its latest report.
    pub body: String,
    /// The agency as named in its latest report.
    pub agency: Option<String>,
    /// The region as named in its latest report.
    pub region: Option<String>,
    /// The administrative level.
    pub level: Option<String>,
    /// The years it reported on, ascending.
    pub years: Vec<i32>,
    /// Its reports, one per year (the first by id when a year has several).
    pub reports: Vec<YearReport>,
    /// The problems it states in at least `min_years` years, longest run first.
    pub repeated: Vec<RepeatedProblem>,
    /// For each report after the first, the overlap with the body's previous report.
    pub overlaps: Vec<YearOverlap>,
    /// The longest run of consecutive years any problem is stated in.
    pub longest_run: usize,
    /// The largest share of a previous report reused by the next one (0 to 1).
    pub max_reused_share: f64,
}

/// A body's report of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearReport {
    /// The year reported on.
    pub year: i32,
    /// The report's id.
    pub report_id: String,
    /// The report's file name.
    pub file: String,
}

/// A problem a body states in several years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepeatedProblem {
    /// The theme's label (its most telling terms).
    pub label: String,
    /// The theme's concepts.
    pub concepts: Vec<String>,
    /// The years it is stated in, ascending.
    pub years: Vec<i32>,
    /// Its longest run of consecutive years.
    pub longest_run: YearRun,
    /// Whether the statements of two consecutive reports are near-verbatim.
    pub near_verbatim: bool,
    /// The highest similarity between statements of two consecutive reports (0 to 1).
    pub best_similarity: f64,
    /// The statements, by year.
    pub statements: Vec<YearStatement>,
}

/// A run of consecutive years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearRun {
    /// First year of the run.
    pub from: i32,
    /// Last year of the run.
    pub to: i32,
    /// Number of years (`to - from + 1`).
    pub years: usize,
}

/// One statement of a repeated problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearStatement {
    /// The year reported on.
    pub year: i32,
    /// The report's id.
    pub report_id: String,
    /// The statement.
    pub statement: String,
}

/// How much of the previous report a report reuses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearOverlap {
    /// The year of the later report.
    pub year: i32,
    /// The year of the body's previous report.
    pub previous_year: i32,
    /// Share of the previous report's shingles found again (containment, 0 to 1).
    pub reused_share: f64,
    /// Jaccard similarity of the two reports' shingle sets (0 to 1).
    pub jaccard: f64,
}

/// Finds the bodies with reports in several years, the problems they state again, and their text reuse; the bodies
/// with the longest runs, then the most reuse, come first.
pub fn repeats(reports: &[Report], options: &RepeatOptions) -> Vec<BodyRepeat> {
    // One report per body and year.
    let mut bodies: BTreeMap<String, BTreeMap<i32, &Report>> = BTreeMap::new();
    for report in reports {
        let (Some(key), Some(year)) = (body_key(report), report.year) else {
            continue;
        };
        let slot = bodies.entry(key).or_default().entry(year).or_insert(report);
        if report.id < slot.id {
            *slot = report;
        }
    }
    bodies.retain(|_, years| years.len() >= 2);
    let chosen = bodies.values().flat_map(|years| years.values().copied());
    let statements = collect_statements(chosen, |report| &report.problems);
    let assignment = assign(&statements, &options.themes);
    let labels = assignment.all_labels();
    let mut statements_of_report: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, statement) in statements.iter().enumerate() {
        statements_of_report
            .entry(statement.report_id.as_str())
            .or_default()
            .push(index);
    }

    let mut found: Vec<BodyRepeat> = bodies
        .values()
        .map(|years| {
            let latest = years.values().next_back().copied();
            let mut by_theme: BTreeMap<usize, Vec<(i32, usize)>> = BTreeMap::new();
            for (year, report) in years {
                for index in statements_of_report
                    .get(report.id.as_str())
                    .into_iter()
                    .flatten()
                {
                    by_theme
                        .entry(assignment.theme_of(*index))
                        .or_default()
                        .push((*year, *index));
                }
            }
            let mut repeated: Vec<RepeatedProblem> = by_theme
                .into_iter()
                .filter_map(|(theme, members)| {
                    let years: Vec<i32> = members
                        .iter()
                        .map(|(year, _)| *year)
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect();
                    if years.len() < options.min_years.max(2) {
                        return None;
                    }
                    let (label, concepts) = labels[theme].clone();
                    let best_similarity = best_consecutive_similarity(&members, &statements);
                    Some(RepeatedProblem {
                        label,
                        concepts,
                        longest_run: longest_run(&years),
                        years,
                        near_verbatim: best_similarity >= options.near_verbatim,
                        best_similarity,
                        statements: members
                            .iter()
                            .map(|(year, index)| YearStatement {
                                year: *year,
                                report_id: statements[*index].report_id.clone(),
                                statement: statements[*index].text.clone(),
                            })
                            .collect(),
                    })
                })
                .collect();
            repeated.sort_by(|a, b| {
                b.longest_run
                    .years
                    .cmp(&a.longest_run.years)
                    .then(b.years.len().cmp(&a.years.len()))
                    .then_with(|| a.label.cmp(&b.label))
            });

            let shingles: Vec<(i32, HashSet<u64>)> = years
                .iter()
                .map(|(year, report)| {
                    (
                        *year,
                        shingles_of(&narrative_text(report), options.shingle_chars),
                    )
                })
                .collect();
            let overlaps: Vec<YearOverlap> = shingles
                .windows(2)
                .map(|pair| {
                    let (previous_year, previous) = &pair[0];
                    let (year, current) = &pair[1];
                    let shared = previous.intersection(current).count() as f64;
                    let union = (previous.len() + current.len()) as f64 - shared;
                    YearOverlap {
                        year: *year,
                        previous_year: *previous_year,
                        reused_share: if previous.is_empty() {
                            0.0
                        } else {
                            shared / previous.len() as f64
                        },
                        jaccard: if union <= 0.0 { 0.0 } else { shared / union },
                    }
                })
                .collect();
            let agency = latest.and_then(|report| report.agency.clone());
            let region = latest.and_then(|report| report.region.clone());
            BodyRepeat {
                body: format!(
                    "{}{}",
                    region.as_deref().unwrap_or(""),
                    agency.as_deref().unwrap_or("")
                ),
                agency,
                region,
                level: latest
                    .and_then(|report| report.level.map(|level| level.as_str().to_string())),
                years: years.keys().copied().collect(),
                reports: years
                    .iter()
                    .map(|(year, report)| YearReport {
                        year: *year,
                        report_id: report.id.clone(),
                        file: report.file.clone(),
                    })
                    .collect(),
                longest_run: repeated
                    .iter()
                    .map(|problem| problem.longest_run.years)
                    .max()
                    .unwrap_or(0),
                max_reused_share: overlaps
                    .iter()
                    .map(|overlap| overlap.reused_share)
                    .fold(0.0, f64::max),
                repeated,
                overlaps,
            }
        })
        .collect();
    found.sort_by(|a, b| {
        b.longest_run
            .cmp(&a.longest_run)
            .then(b.max_reused_share.total_cmp(&a.max_reused_share))
            .then_with(|| a.body.cmp(&b.body))
    });
    found
}

/// The body a report belongs to: the same key as the cross-year checks use ([`crate::crossyear::body_key`]), so a
/// body is one body everywhere in nianbao.
fn body_key(report: &Report) -> Option<String> {
    crate::crossyear::body_key(report)
}

/// The longest run of consecutive calendar years in an ascending list.
fn longest_run(years: &[i32]) -> YearRun {
    let mut best = YearRun {
        from: 0,
        to: 0,
        years: 0,
    };
    let mut start = 0;
    for index in 0..years.len() {
        if index > 0 && years[index] != years[index - 1] + 1 {
            start = index;
        }
        let length = index - start + 1;
        if length > best.years {
            best = YearRun {
                from: years[start],
                to: years[index],
                years: length,
            };
        }
    }
    best
}

/// The highest similarity between a statement and one of the body's next report year (statements sorted by year).
fn best_consecutive_similarity(
    members: &[(i32, usize)],
    statements: &[super::StatementRef],
) -> f64 {
    let years: Vec<i32> = members
        .iter()
        .map(|(year, _)| *year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut best: f64 = 0.0;
    for pair in years.windows(2) {
        for (year_a, a) in members.iter().filter(|(year, _)| *year == pair[0]) {
            for (_, b) in members.iter().filter(|(year, _)| *year == pair[1]) {
                debug_assert!(*year_a == pair[0]);
                best = best.max(dice(&statements[*a].text, &statements[*b].text));
            }
        }
    }
    best
}

/// Character-bigram Dice similarity of two statements, punctuation and white space ignored, digits folded.
pub(crate) fn dice(a: &str, b: &str) -> f64 {
    let bigrams = |text: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = fold(text).collect();
        let mut pairs: Vec<(char, char)> =
            chars.windows(2).map(|pair| (pair[0], pair[1])).collect();
        pairs.sort_unstable();
        pairs
    };
    let (a, b) = (bigrams(a), bigrams(b));
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    // Multiset intersection of two sorted lists.
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// Letters only (punctuation and white space dropped), every digit folded to `#`.
fn fold(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| if c.is_numeric() { '#' } else { c })
}

/// The narrative of a report: overview, problems and improvements, other matters; the statements if no section text.
fn narrative_text(report: &Report) -> String {
    let sections = &report.sections;
    let parts: Vec<&str> = [
        &sections.overview,
        &sections.problems_and_improvements,
        &sections.other,
    ]
    .into_iter()
    .flatten()
    .map(|section| section.text.as_str())
    .collect();
    if parts.iter().any(|part| !part.trim().is_empty()) {
        return parts.join("\n");
    }
    report
        .problems
        .iter()
        .chain(&report.improvements)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

/// The set of hashed character shingles of a text (folded as in [`fold`]).
fn shingles_of(text: &str, size: usize) -> HashSet<u64> {
    let chars: Vec<char> = fold(text).collect();
    let size = size.max(1);
    if chars.len() < size {
        return if chars.is_empty() {
            HashSet::new()
        } else {
            HashSet::from([hash_chars(&chars)])
        };
    }
    chars.windows(size).map(hash_chars).collect()
}

fn hash_chars(chars: &[char]) -> u64 {
    // FNV-1a: stable across runs and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        for byte in (*c as u32).to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_consecutive_years() {
        assert_eq!(
            longest_run(&[2019, 2020, 2022, 2023, 2024]),
            YearRun {
                from: 2022,
                to: 2024,
                years: 3
            }
        );
        assert_eq!(
            longest_run(&[2021]),
            YearRun {
                from: 2021,
                to: 2021,
                years: 1
            }
        );
        assert_eq!(longest_run(&[]).years, 0);
    }

    #[test]
    fn dice_ignores_punctuation_and_changed_years() {
        assert!(dice("2021年信息更新不及时。", "2022年，信息更新不及时") > 0.99);
        assert!(dice("信息更新不及时", "业务能力有待提高") < 0.1);
    }

    #[test]
    fn body_key_ignores_the_government_suffix_and_spaces() {
        let report = |agency: &str| Report {
            agency: Some(agency.to_string()),
            region: Some("铁西区".to_string()),
            ..Report::default()
        };
        assert_eq!(
            body_key(&report("新民屯镇人民政府")),
            body_key(&report("新民屯镇 政府"))
        );
        assert_ne!(
            body_key(&report("新民屯镇人民政府")),
            body_key(&report("大潮镇人民政府"))
        );
    }
}
