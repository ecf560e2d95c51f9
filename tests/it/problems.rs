//! Recurring problems end to end: the seeds parsed from their files, then a generated corpus whose true problem
//! themes and repeated years are known.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use nianbao::gen::{generate, GenOptions, GeneratedReport};
use nianbao::problems::{
    improvement_statements_of, repeats, statements_of, themes, RepeatOptions, ThemeOptions,
};
use nianbao::Report;

use crate::util::seed_paths;

fn seed_reports() -> Vec<Report> {
    seed_paths()
        .iter()
        .map(|path| {
            nianbao::parse::parse_file(path)
                .expect("a seed parses")
                .report
        })
        .collect()
}

fn every_theme() -> ThemeOptions {
    ThemeOptions {
        min_reports: 1,
        limit: usize::MAX,
        ..ThemeOptions::default()
    }
}

/// The seed file name prefix (`000`) of a theme entry's file.
fn seed_of(file: &str) -> &str {
    file.get(..3).unwrap_or(file)
}

#[test]
fn seeds_state_the_expected_number_of_problems() {
    let counts: Vec<usize> = seed_reports()
        .iter()
        .map(|report| report.problems.len())
        .collect();
    assert_eq!(counts, [2, 3, 2, 4, 3]);
}

#[test]
fn seeds_staff_skills_and_timeliness_themes() {
    let reports = seed_reports();
    let result = themes(&statements_of(&reports), &every_theme());
    let theme_with = |needle: &str| {
        result
            .themes
            .iter()
            .find(|theme| {
                theme
                    .reports
                    .iter()
                    .any(|entry| entry.statement.contains(needle))
            })
            .unwrap_or_else(|| panic!("no theme holds {needle}"))
    };

    let skills = theme_with("政务公开业务水平有待提高");
    for needle in [
        "信息公开工作人员自身业务素质需进一步加强",
        "信息公开工作人员的服务意识仍需增强，业务能力有待提高",
    ] {
        assert!(
            skills.reports.iter().any(|entry| entry.statement == needle),
            "{needle} not in {}",
            skills.label
        );
    }
    let skill_seeds: BTreeSet<&str> = skills
        .reports
        .iter()
        .map(|entry| seed_of(&entry.file))
        .collect();
    assert_eq!(skill_seeds, BTreeSet::from(["000", "002", "003"]));
    assert!(skills.concepts.contains(&"staff_skills".to_string()));

    let timeliness = theme_with("信息的更新不够及时");
    assert!(timeliness.reports.iter().any(|entry| entry
        .statement
        .contains("个别政务新媒体仍存在信息更新不及时")));
    let timeliness_seeds: BTreeSet<&str> = timeliness
        .reports
        .iter()
        .map(|entry| seed_of(&entry.file))
        .collect();
    assert_eq!(timeliness_seeds, BTreeSet::from(["000", "001", "004"]));
    assert!(timeliness
        .concepts
        .contains(&"update_timeliness".to_string()));
    // Neither theme takes in a problem of another kind.
    for theme in [skills, timeliness] {
        for entry in &theme.reports {
            for unrelated in ["机制", "分类", "力度需进一步加强", "不够多样"] {
                assert!(
                    !entry.statement.contains(unrelated) || entry.statement.contains("及时"),
                    "{} in {}",
                    entry.statement,
                    theme.label
                );
            }
        }
    }
}

fn generated(count: usize) -> (Vec<GeneratedReport>, Vec<Report>) {
    let generated: Vec<GeneratedReport> = generate(&GenOptions {
        count,
        seed: 7,
        ..GenOptions::default()
    })
    .collect();
    let reports = generated
        .iter()
        .filter_map(|report| nianbao::parse::parse_bytes(&report.file_name, &report.bytes).ok())
        .map(|parsed| parsed.report)
        .collect();
    (generated, reports)
}

/// B-cubed precision and recall of a grouping against true labels.
fn b_cubed(items: &[(usize, &str)]) -> (f64, f64) {
    let mut by_cluster: HashMap<usize, Vec<&str>> = HashMap::new();
    let mut by_label: HashMap<&str, usize> = HashMap::new();
    for (cluster, label) in items {
        by_cluster.entry(*cluster).or_default().push(label);
        *by_label.entry(label).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for (cluster, label) in items {
        let members = &by_cluster[cluster];
        let same = members.iter().filter(|other| *other == label).count() as f64;
        precision += same / members.len() as f64;
        recall += same / by_label[label] as f64;
    }
    (precision / items.len() as f64, recall / items.len() as f64)
}

#[test]
fn generated_corpus_themes_agree_with_the_true_themes() {
    let (generated, reports) = generated(600);
    // The true theme of every phrasing the generator used.
    let truth: HashMap<&str, &str> = generated
        .iter()
        .flat_map(|report| report.truth.problems.iter())
        .map(|statement| (statement.text.as_str(), statement.theme))
        .collect();
    let statements = statements_of(&reports);
    let result = themes(&statements, &every_theme());
    let mut items = Vec::new();
    for (cluster, theme) in result.themes.iter().enumerate() {
        for entry in &theme.reports {
            if let Some(label) = truth.get(entry.statement.as_str()) {
                items.push((cluster, *label));
            }
        }
    }
    assert!(
        items.len() * 10 >= statements.len() * 9,
        "{} of {} statements recognised",
        items.len(),
        statements.len()
    );
    let (precision, recall) = b_cubed(&items);
    eprintln!(
        "b-cubed precision {precision:.3}, recall {recall:.3}, {} themes",
        result.theme_count
    );
    assert!(precision >= 0.8, "precision {precision:.3}");
    assert!(recall >= 0.75, "recall {recall:.3}");
}

#[test]
fn generated_corpus_improvements_group_by_their_true_themes() {
    let (generated, reports) = generated(600);
    let truth: HashMap<&str, &str> = generated
        .iter()
        .flat_map(|report| report.truth.improvements.iter())
        .map(|statement| (statement.text.as_str(), statement.theme))
        .collect();
    let statements = improvement_statements_of(&reports);
    let options = ThemeOptions {
        focus_title: true,
        ..every_theme()
    };
    let result = themes(&statements, &options);
    let mut items = Vec::new();
    for (cluster, theme) in result.themes.iter().enumerate() {
        for entry in &theme.reports {
            if let Some(label) = truth.get(entry.statement.as_str()) {
                items.push((cluster, *label));
            }
        }
    }
    assert!(
        items.len() * 10 >= statements.len() * 8,
        "{} of {} statements recognised",
        items.len(),
        statements.len()
    );
    let (precision, recall) = b_cubed(&items);
    eprintln!(
        "improvements: b-cubed precision {precision:.3}, recall {recall:.3}, {} themes",
        result.theme_count
    );
    assert!(precision >= 0.75, "precision {precision:.3}");
    assert!(recall >= 0.7, "recall {recall:.3}");
}

#[test]
fn generated_corpus_repeats_are_found_with_their_years() {
    let (generated, reports) = generated(600);
    let found = repeats(&reports, &RepeatOptions::default());
    // Truth: (agency, year) of every report that repeats last year's problems word for word.
    let repeated: Vec<(&str, i32)> = generated
        .iter()
        .filter(|report| report.truth.repeats_last_year)
        .map(|report| (report.truth.agency.as_str(), report.truth.year))
        .collect();
    assert!(!repeated.is_empty(), "the generator plants repeats");
    let mut missed = Vec::new();
    for (agency, year) in &repeated {
        let hit = found.iter().any(|body| {
            body.agency.as_deref() == Some(*agency)
                && body.repeated.iter().any(|problem| {
                    problem.near_verbatim
                        && problem.years.contains(year)
                        && problem.years.contains(&(year - 1))
                        && problem.longest_run.years >= 2
                })
        });
        if !hit {
            missed.push((*agency, *year));
        }
    }
    assert!(
        missed.len() * 20 <= repeated.len(),
        "missed {} of {}: {missed:?}",
        missed.len(),
        repeated.len()
    );
    // Runs: a text a body states in consecutive years is found with at least that run.
    let mut years_of_text: BTreeMap<(&str, &str), BTreeSet<i32>> = BTreeMap::new();
    for report in &generated {
        for problem in &report.truth.problems {
            years_of_text
                .entry((report.truth.agency.as_str(), problem.text.as_str()))
                .or_default()
                .insert(report.truth.year);
        }
    }
    let mut checked = 0;
    let mut short = Vec::new();
    for ((agency, text), years) in &years_of_text {
        let years: Vec<i32> = years.iter().copied().collect();
        let true_run = years
            .windows(2)
            .fold((1, 1), |(best, current), pair| {
                let current = if pair[1] == pair[0] + 1 {
                    current + 1
                } else {
                    1
                };
                (best.max(current), current)
            })
            .0;
        if true_run < 2 {
            continue;
        }
        checked += 1;
        let found_run = found
            .iter()
            .filter(|body| body.agency.as_deref() == Some(*agency))
            .flat_map(|body| &body.repeated)
            .filter(|problem| {
                problem
                    .statements
                    .iter()
                    .any(|statement| statement.statement == *text)
            })
            .map(|problem| problem.longest_run.years)
            .max()
            .unwrap_or(0);
        if found_run < true_run {
            short.push((*agency, *text, true_run, found_run));
        }
    }
    eprintln!(
        "runs: {checked} texts stated in consecutive years, {} found short",
        short.len()
    );
    assert!(
        checked > 0,
        "the generator states some problem in consecutive years"
    );
    assert!(
        short.len() * 20 <= checked,
        "runs found too short: {} of {checked}: {short:?}",
        short.len()
    );
    // Copying last year's problems shows in the report-level overlap too.
    let by_year: BTreeMap<(&str, i32), f64> = found
        .iter()
        .flat_map(|body| {
            body.overlaps.iter().map(move |overlap| {
                (
                    (body.agency.as_deref().unwrap_or(""), overlap.year),
                    overlap.reused_share,
                )
            })
        })
        .collect();
    for (agency, year) in &repeated {
        if let Some(share) = by_year.get(&(*agency, *year)) {
            assert!(*share > 0.0, "{agency} {year}");
        }
    }
}
