//! The report generator: deterministic output, figures that satisfy the checks except where a break was planted,
//! bodies that carry their figures from one year to the next, and the variety the benchmarks rely on.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use nianbao::gen::{generate, CheckRef, GenOptions, GeneratedReport, Layout};
use nianbao::report::{Applications, ReviewLitigation, Template, APPLICANT_COLUMNS};

fn corpus(count: usize, seed: u64) -> Vec<GeneratedReport> {
    generate(&GenOptions {
        count,
        seed,
        ..Default::default()
    })
    .collect()
}

/// The checks of domain.md, written out again here (independently of the generator) over the printed figures,
/// blank cells counted as zero.
fn failing(applications: &Applications, review: &ReviewLitigation) -> BTreeSet<(String, String)> {
    let value = |row: &str, column: &str| applications.cell(row, column).unwrap_or(0);
    let head_rows = [
        "new_received",
        "carried_over",
        "closed_total",
        "carried_to_next",
    ];
    let mut out = BTreeSet::new();
    for (column, _) in APPLICANT_COLUMNS {
        let balance_left = value("new_received", column) + value("carried_over", column);
        let balance_right = value("closed_total", column) + value("carried_to_next", column);
        if balance_left != balance_right {
            out.insert(("balance".to_string(), column.to_string()));
        }
        let outcomes: i64 = applications
            .rows
            .keys()
            .filter(|key| !head_rows.contains(&key.as_str()))
            .map(|key| value(key, column))
            .sum();
        if outcomes != value("closed_total", column) {
            out.insert(("outcome_sum".to_string(), column.to_string()));
        }
    }
    for (key, row) in &applications.rows {
        let cells = row.cells();
        let persons: i64 = cells[..6].iter().map(|cell| cell.unwrap_or(0)).sum();
        if persons != cells[6].unwrap_or(0) {
            out.insert(("row_sum".to_string(), key.clone()));
        }
    }
    for part in ReviewLitigation::PARTS {
        let cells = review
            .part(part)
            .map(|outcomes| outcomes.cells())
            .unwrap_or_default();
        let four: i64 = cells[..4].iter().map(|cell| cell.unwrap_or(0)).sum();
        if four != cells[4].unwrap_or(0) {
            out.insert(("review_total".to_string(), part.to_string()));
        }
    }
    out
}

fn as_pairs(checks: &[CheckRef]) -> BTreeSet<(String, String)> {
    checks
        .iter()
        .map(|check| (check.rule.to_string(), check.scope.clone()))
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let first = corpus(300, 42);
    let second = corpus(300, 42);
    assert_eq!(first.len(), 300);
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.file_name, b.file_name);
        assert_eq!(a.bytes, b.bytes, "{} differs between two runs", a.file_name);
    }
    let other = corpus(300, 43);
    let same = first
        .iter()
        .zip(&other)
        .filter(|(a, b)| a.bytes == b.bytes)
        .count();
    assert!(
        same < 3,
        "{same} of 300 reports identical under another seed"
    );
    // A larger run starts with the smaller one, so benchmarks at different sizes share their first reports.
    let longer = corpus(350, 42);
    assert!(first.iter().zip(&longer).all(|(a, b)| a.bytes == b.bytes));
}

#[test]
fn figures_satisfy_every_check_except_where_a_break_was_planted() {
    let reports = corpus(3000, 7);
    let mut with_tables = 0;
    let mut planted = 0;
    for report in &reports {
        let truth = &report.truth;
        let (Some(applications), Some(review)) = (&truth.applications, &truth.review_litigation)
        else {
            assert_eq!(
                truth.template,
                Template::Pre2019,
                "{}: tables missing",
                report.file_name
            );
            assert!(truth.planted_breaks.is_empty());
            continue;
        };
        with_tables += 1;
        let broken = failing(applications, review);
        assert_eq!(
            broken,
            as_pairs(&truth.broken_checks),
            "{}: the truth lists other broken checks than the figures break",
            report.file_name
        );
        if truth.planted_breaks.is_empty() {
            assert!(
                broken.is_empty(),
                "{}: unplanted breaks {broken:?}",
                report.file_name
            );
        } else {
            planted += 1;
            for aimed in as_pairs(&truth.planted_breaks) {
                assert!(
                    broken.contains(&aimed),
                    "{}: planted {aimed:?} holds",
                    report.file_name
                );
            }
        }
    }
    let share = planted as f64 / with_tables as f64;
    assert!(
        (0.03..0.08).contains(&share),
        "{planted} of {with_tables} reports broken"
    );
}

#[test]
fn a_body_carries_its_pending_applications_into_the_next_year() {
    let reports = corpus(3000, 11);
    let mut last: HashMap<u64, (i32, [i64; 6])> = HashMap::new();
    let (mut continuing, mut breaks) = (0, 0);
    for report in &reports {
        let truth = &report.truth;
        let Some(applications) = &truth.applications else {
            continue;
        };
        let row = |key: &str| -> [i64; 6] {
            std::array::from_fn(|column| {
                applications
                    .cell(key, APPLICANT_COLUMNS[column].0)
                    .unwrap_or(0)
            })
        };
        if let Some((year, carried_to_next)) = last.get(&truth.body_id) {
            if *year + 1 == truth.year {
                continuing += 1;
                let matches = row("carried_over") == *carried_to_next;
                assert_eq!(
                    matches,
                    !truth.carried_over_break,
                    "{}: carried_over_break says {} but the figures {}",
                    report.file_name,
                    truth.carried_over_break,
                    if matches { "match" } else { "differ" }
                );
                breaks += usize::from(truth.carried_over_break);
            }
        }
        last.insert(truth.body_id, (truth.year, row("carried_to_next")));
    }
    assert!(
        continuing > 1000,
        "only {continuing} reports follow a report of the same body"
    );
    assert!(
        breaks > 0 && breaks * 10 < continuing,
        "{breaks} cross-year breaks in {continuing}"
    );
}

#[test]
fn late_means_after_31_january_for_departments_and_31_march_for_governments() {
    use nianbao::report::Level;
    let reports = corpus(3000, 5);
    let mut seen: BTreeMap<(bool, bool, u32), usize> = BTreeMap::new();
    for report in &reports {
        let truth = &report.truth;
        let Some(published) = &truth.published else {
            assert!(!truth.late, "{}: undated yet late", report.file_name);
            continue;
        };
        let (year, month): (i32, u32) = (
            published[..4].parse().unwrap(),
            published[5..7].parse().unwrap(),
        );
        assert_eq!(year, truth.year + 1, "{}", report.file_name);
        let department = truth.level == Level::Department;
        let deadline_month = if department { 1 } else { 3 };
        assert_eq!(
            truth.late,
            month > deadline_month,
            "{}: {:?} published {published}",
            report.file_name,
            truth.level
        );
        *seen.entry((department, truth.late, month)).or_insert(0) += 1;
    }
    let count = |department: bool, late: bool, months: &[u32]| -> usize {
        months
            .iter()
            .map(|month| seen.get(&(department, late, *month)).copied().unwrap_or(0))
            .sum()
    };
    // Both sides of both deadlines occur, including governments publishing on time in February and March.
    assert!(count(true, true, &[2, 3, 4]) > 0, "{seen:?}");
    assert!(count(true, false, &[1]) > 0, "{seen:?}");
    assert!(count(false, true, &[4, 5, 6]) > 0, "{seen:?}");
    assert!(count(false, false, &[2, 3]) > 0, "{seen:?}");
}

#[test]
fn table_2_stocks_carry_over_except_where_a_break_was_planted() {
    let reports = corpus(5000, 11);
    let figure = |truth: &nianbao::gen::Truth, row: &str, column: &str| -> Option<i64> {
        let cell = truth.proactive.get(row)?.get(column)?;
        Some(cell.map_or(0, |number| number.as_f64() as i64))
    };
    let mut last: HashMap<u64, &nianbao::gen::Truth> = HashMap::new();
    let (mut compared, mut planted) = (0, 0);
    for report in &reports {
        let truth = &report.truth;
        if let Some(previous) = last.get(&truth.body_id) {
            for row in ["regulations", "normative_documents"] {
                let (Some(before), Some(now)) = (
                    figure(previous, row, "in_force"),
                    figure(truth, row, "in_force"),
                ) else {
                    assert!(!truth.stock_breaks.iter().any(|r| r == row));
                    continue;
                };
                assert_eq!(previous.year + 1, truth.year, "{}", report.file_name);
                // A table 2 printed with every cell blank (3% of reports) hides the stock: blank counts as 0, so the
                // check breaks whatever was planted. The documented exception.
                let blank = |truth: &nianbao::gen::Truth| {
                    truth.proactive[row].values().all(Option::is_none)
                };
                if blank(previous) || blank(truth) {
                    continue;
                }
                compared += 1;
                let issued = figure(truth, row, "issued").unwrap_or(0);
                let repealed = figure(truth, row, "repealed").unwrap_or(0);
                let holds = before + issued - repealed == now;
                let is_planted = truth.stock_breaks.iter().any(|r| r == row);
                assert_eq!(
                    holds, !is_planted,
                    "{} {row}: {before} + {issued} - {repealed} vs {now}, planted {is_planted}",
                    report.file_name
                );
                planted += usize::from(is_planted);
            }
        }
        if truth.template == Template::T2021 {
            last.insert(truth.body_id, truth);
        } else {
            last.remove(&truth.body_id);
        }
    }
    assert!(compared > 1000, "{compared} stocks compared");
    assert!(
        planted > 10 && planted * 10 < compared,
        "{planted} stock breaks planted in {compared}"
    );
}

#[test]
fn bodies_publish_over_several_years_and_no_two_reports_share_agency_region_and_year() {
    let reports = corpus(5000, 3);
    let mut identity: HashSet<(String, Option<String>, i32)> = HashSet::new();
    let mut names: HashMap<u64, (String, Option<String>)> = HashMap::new();
    let mut years: HashMap<u64, Vec<i32>> = HashMap::new();
    let mut repeats = 0;
    for report in &reports {
        let truth = &report.truth;
        let key = (truth.agency.clone(), truth.region.clone(), truth.year);
        assert!(
            identity.insert(key.clone()),
            "{}: {key:?} published twice",
            report.file_name
        );
        let name = names
            .entry(truth.body_id)
            .or_insert((truth.agency.clone(), truth.region.clone()));
        assert_eq!(
            *name,
            (truth.agency.clone(), truth.region.clone()),
            "{}",
            report.file_name
        );
        years.entry(truth.body_id).or_default().push(truth.year);
        if truth.repeats_last_year {
            repeats += 1;
            assert!(
                years[&truth.body_id].contains(&(truth.year - 1)),
                "{}",
                report.file_name
            );
        }
    }
    let multi_year = years.values().filter(|years| years.len() >= 3).count();
    assert!(
        multi_year * 4 > years.len(),
        "{multi_year} of {} bodies publish 3+ years",
        years.len()
    );
    assert!(
        repeats > 100,
        "{repeats} reports repeat last year's problems"
    );
}

#[test]
fn the_corpus_has_every_layout_template_encoding_and_level_at_realistic_sizes() {
    let reports = corpus(3000, 5);
    let mut layouts = BTreeMap::new();
    let mut templates = BTreeMap::new();
    let mut encodings = BTreeMap::new();
    let mut levels = BTreeMap::new();
    let mut themes = BTreeSet::new();
    let mut phrasings = BTreeSet::new();
    let mut in_range = 0;
    for report in &reports {
        let truth = &report.truth;
        *layouts.entry(format!("{:?}", truth.layout)).or_insert(0) += 1;
        *templates.entry(truth.template.as_str()).or_insert(0) += 1;
        *encodings.entry(truth.encoding).or_insert(0) += 1;
        *levels.entry(truth.level.as_str()).or_insert(0) += 1;
        for problem in &truth.problems {
            themes.insert(problem.theme);
            phrasings.insert(problem.text.clone());
        }
        if (3_000..=12_000).contains(&report.bytes.len()) {
            in_range += 1;
        }
        let text = match truth.encoding {
            "gb18030" => {
                let (text, _, errors) = encoding_rs::GB18030.decode(&report.bytes);
                assert!(!errors, "{}: not valid GB18030", report.file_name);
                text.into_owned()
            }
            _ => String::from_utf8(report.bytes.clone()).expect("generated UTF-8"),
        };
        assert!(
            text.contains(&truth.agency),
            "{}: agency not printed",
            report.file_name
        );
        if truth.layout == Layout::Html {
            assert!(
                text.contains("rowspan") && text.contains("colspan"),
                "{}",
                report.file_name
            );
        }
        for problem in &truth.problems {
            assert!(
                text.contains(&problem.text),
                "{}: problem not printed",
                report.file_name
            );
        }
    }
    assert_eq!(layouts.len(), 4, "{layouts:?}");
    assert_eq!(templates.len(), 3, "{templates:?}");
    assert_eq!(encodings.len(), 3, "{encodings:?}");
    assert_eq!(levels.len(), 5, "{levels:?}");
    assert!(themes.len() >= 20, "{} themes", themes.len());
    assert!(phrasings.len() >= 120, "{} phrasings", phrasings.len());
    assert!(
        in_range * 10 >= reports.len() * 9,
        "{in_range} of {} reports 3–12 KB",
        reports.len()
    );
}

/// How many of the generated reports the parser reads back as the truth says, field by field.
#[derive(Debug, Default)]
struct Recovery {
    reports: usize,
    year: usize,
    agency: usize,
    checks: usize,
    /// (reports compared, reports whose table 3 matches) per layout.
    table3: BTreeMap<&'static str, (usize, usize)>,
    mismatches: Vec<String>,
}

fn table3_matches(truth: &nianbao::gen::Truth, parsed: Option<&Applications>) -> bool {
    let Some(expected) = &truth.applications else {
        // A narrative report states its applications in a sentence, if at all.
        return match parsed {
            None => true,
            Some(parsed) => parsed.rows.iter().all(|(key, row)| {
                let total = (key == "new_received")
                    .then_some(truth.narrative_applications)
                    .flatten();
                row.cells()[..6].iter().all(Option::is_none)
                    && (row.total.is_none() || row.total == total)
            }),
        };
    };
    let Some(parsed) = parsed else {
        return false;
    };
    expected.rows.iter().all(|(key, row)| {
        let short = truth.short_rows.contains(key);
        APPLICANT_COLUMNS
            .iter()
            .enumerate()
            .all(|(index, (column, _))| {
                // A short row's cells cannot be placed for sure; only its total is compared.
                (short && *column != "total") || parsed.cell(key, column) == row.cells()[index]
            })
    })
}

fn recovery(count: usize, seed: u64) -> Recovery {
    let mut out = Recovery::default();
    for report in corpus(count, seed) {
        let truth = &report.truth;
        let layout = match truth.layout {
            Layout::CellPerLine => "cell_per_line",
            Layout::TabRows => "tab_rows",
            Layout::Html => "html",
            Layout::Narrative => "narrative",
        };
        out.reports += 1;
        let parsed = match nianbao::parse::parse_bytes(&report.file_name, &report.bytes) {
            Ok(parsed) => parsed.report,
            Err(error) => {
                out.mismatches
                    .push(format!("{}: not parsed: {error}", report.file_name));
                continue;
            }
        };
        out.year += usize::from(parsed.year == Some(truth.year));
        if parsed.agency.as_deref() == Some(truth.agency.as_str()) {
            out.agency += 1;
        } else {
            out.mismatches.push(format!(
                "{}: agency {:?}, printed {:?}",
                report.file_name, parsed.agency, truth.agency
            ));
        }
        let broken: BTreeSet<(String, String)> = parsed
            .checks
            .iter()
            .filter(|check| !check.ok)
            .map(|check| (check.rule.clone(), check.scope.clone()))
            .collect();
        out.checks += usize::from(broken == as_pairs(&truth.broken_checks));
        let entry = out.table3.entry(layout).or_default();
        entry.0 += 1;
        if table3_matches(truth, parsed.applications.as_ref()) {
            entry.1 += 1;
        } else {
            out.mismatches
                .push(format!("{}: table 3 differs", report.file_name));
        }
    }
    out
}

/// The parser reads the year, the broken checks, and table 3 of the text layouts back from generated reports.
#[test]
fn parsing_generated_reports_recovers_year_checks_and_table_3_of_text_reports() {
    let result = recovery(400, 21);
    let share = |hits: usize, of: usize| hits as f64 / of.max(1) as f64;
    assert!(
        share(result.year, result.reports) >= 0.99,
        "year: {} of {}",
        result.year,
        result.reports
    );
    assert!(
        share(result.checks, result.reports) >= 0.99,
        "checks: {} of {}",
        result.checks,
        result.reports
    );
    for layout in ["cell_per_line", "tab_rows", "narrative"] {
        let (compared, matched) = result.table3.get(layout).copied().unwrap_or_default();
        assert!(compared > 20, "only {compared} {layout} reports");
        assert!(
            share(matched, compared) >= 0.99,
            "{layout}: table 3 recovered in {matched} of {compared}: {:?}",
            &result.mismatches[..result.mismatches.len().min(8)]
        );
    }
}

/// The full bar of issue 6: the agency and table 3 of every layout (HTML included) in ≥ 99% of reports.
#[test]
fn parsing_generated_reports_recovers_agency_and_table_3_of_every_layout() {
    let result = recovery(400, 21);
    let share = |hits: usize, of: usize| hits as f64 / of.max(1) as f64;
    let table3: usize = result.table3.values().map(|(_, matched)| matched).sum();
    assert!(
        share(result.agency, result.reports) >= 0.99 && share(table3, result.reports) >= 0.99,
        "agency {} and table 3 {} of {}; by layout {:?}; e.g. {:?}",
        result.agency,
        table3,
        result.reports,
        result.table3,
        &result.mismatches[..result.mismatches.len().min(12)]
    );
}
