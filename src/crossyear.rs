//! Across years: the same body's reports linked year by year, with the checks, deadlines and changes that only show
//! when one year is read against the one before.
//!
//! A body is recognised by [`body_key`]: its name with the suffixes that vary from year to year (人民政府, 政府,
//! 办公室…) and white space removed and full-width forms folded, together with its region. [`bodies`] groups reports
//! by that key and, for each body, reports:
//! - cross-year checks, in the shape of the in-report checks ([`Check`]): `carried_over_continuity` (this year's
//!   `applications.carried_over.<column>` = last year's `applications.carried_to_next.<column>`), and
//!   `regulations_stock` / `normative_documents_stock` (last year's `in_force` + this year's `issued` − `repealed` =
//!   this year's `in_force`). Cells are named `<year>:<record path>`, so a check says which year's figure it read.
//!   Blank cells count as 0 and a check none of whose cells is printed is not made, as in [`crate::parse::checks`];
//! - timeliness: the publication date against the legal deadline of the 2019 regulations (articles 49–50): 31 January
//!   of the following year for a government department, 31 March for a government;
//! - year-over-year changes of the main figures ([`MAIN_FIGURES`]).
//!
//! Checks compare consecutive years only: when a year is missing nothing is inferred across the gap (the missing years
//! are listed instead). Changes compare each year with the previous year the body published.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::report::{Check, Level, Report, APPLICANT_COLUMNS};

/// Suffixes removed from a body's name before comparing, longest first: the same body prints `尚店镇人民政府` one year
/// and `尚店镇` or `尚店镇政府` the next, and a government's report is often issued by its 办公室.
const NAME_SUFFIXES: [&str; 7] = [
    "人民政府办公室",
    "人民政府办公厅",
    "政府办公室",
    "政府办公厅",
    "人民政府",
    "办公室",
    "政府",
];

/// One year of a body: the report that stands for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearEntry {
    /// The year reported on.
    pub year: i32,
    /// The report's id.
    pub id: String,
    /// The report's file name.
    pub file: String,
    /// The body's name as printed that year.
    pub agency: Option<String>,
    /// Publication date `YYYY-MM-DD`, when printed.
    pub published: Option<String>,
    /// Whether the report's in-report checks hold.
    pub consistent: Option<bool>,
    /// Ids of further reports of the same body and year (re-publications, other containers); the checks read the
    /// first report only.
    pub duplicates: Vec<String>,
}

/// A cross-year check: a [`Check`] with the two years it compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrossYearCheck {
    /// The later year (whose printed figure is checked).
    pub year: i32,
    /// The earlier year (whose figures give the expected value).
    pub previous_year: i32,
    /// The check; `cells` and `blank_as_zero` are `<year>:<record path>`.
    #[serde(flatten)]
    pub check: Check,
}

/// Whether a report came out by its legal deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelinessStatus {
    /// Published on or before the deadline.
    OnTime,
    /// Published after the deadline.
    Late,
    /// The report prints no publication date.
    Undated,
    /// The body's level is unknown, so the deadline is.
    UnknownDeadline,
}

/// The timeliness of one year's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeliness {
    /// The year reported on.
    pub year: i32,
    /// The report's id.
    pub id: String,
    /// The publication date `YYYY-MM-DD`, when printed.
    pub published: Option<String>,
    /// The legal deadline `YYYY-MM-DD`: 31 January of the following year for a department, 31 March for a
    /// government; null when the level is unknown.
    pub deadline: Option<String>,
    /// On time, late, undated, or unknown deadline.
    pub status: TimelinessStatus,
    /// Days after the deadline (only when late).
    pub days_late: Option<i64>,
}

/// The main figures compared year over year: a name (a record path, or a sum named like one) and how to read it.
pub const MAIN_FIGURES: [&str; 7] = [
    "applications.new_received.total",
    "applications.granted.total",
    "applications.denied.total",
    "review_litigation.reconsideration.total",
    "review_litigation.litigation_direct.total",
    "review_litigation.litigation_after_reconsideration.total",
    "review_litigation.total",
];

/// The change of one main figure from one published year to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The figure, see [`MAIN_FIGURES`]. `applications.denied.total` is the sum of the eight 不予公开 rows' totals,
    /// `review_litigation.total` the sum of the three parts' totals.
    pub figure: String,
    /// The earlier year.
    pub from_year: i32,
    /// The later year.
    pub to_year: i32,
    /// The figure in the earlier year.
    pub from: i64,
    /// The figure in the later year.
    pub to: i64,
    /// `to − from`.
    pub delta: i64,
    /// The change in percent of `from` (null when `from` is 0).
    pub percent: Option<f64>,
}

/// Everything known about one body across its years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BodyHistory {
    /// The normalised key the reports were grouped by, see [`body_key`].
    pub key: String,
    /// The body's name as printed in its latest report.
    pub agency: String,
    /// Its region, when a report names one.
    pub region: Option<String>,
    /// Its level, from its latest report that gives one.
    pub level: Option<Level>,
    /// One entry per year, oldest first.
    pub years: Vec<YearEntry>,
    /// Years between the first and the last without a report.
    pub missing_years: Vec<i32>,
    /// Every cross-year check that was evaluated, held or broken.
    pub checks: Vec<CrossYearCheck>,
    /// True when every cross-year check holds, false when one breaks, null when none could be made.
    pub consistent: Option<bool>,
    /// The timeliness of each year's report.
    pub timeliness: Vec<Timeliness>,
    /// Year-over-year changes of the main figures.
    pub changes: Vec<Change>,
}

/// Folds full-width ASCII forms to half-width and drops white space (including the ideographic space).
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

/// A body's name as compared across years: folded, without a region prefix, without a varying suffix.
pub fn normalise_agency(agency: &str, region: Option<&str>) -> String {
    let mut name = fold(agency);
    if let Some(region) = region.map(fold).filter(|region| !region.is_empty()) {
        if name.len() > region.len() {
            if let Some(rest) = name.strip_prefix(&region) {
                name = rest.to_string();
            }
        }
    }
    // The longest suffix that matches is removed, unless it is the whole name.
    if let Some(suffix) = NAME_SUFFIXES.iter().find(|suffix| name.ends_with(*suffix)) {
        if name.len() > suffix.len() {
            name.truncate(name.len() - suffix.len());
        }
    }
    name
}

/// The key that identifies a body across years: `<region>|<normalised name>` (region empty when not printed);
/// `None` when the report names no body.
pub fn body_key(report: &Report) -> Option<String> {
    let agency = report.agency.as_deref()?.trim();
    if agency.is_empty() {
        return None;
    }
    let region = report.region.as_deref();
    let name = normalise_agency(agency, region);
    Some(format!("{}|{}", region.map(fold).unwrap_or_default(), name))
}

/// Groups reports by body and year and evaluates the cross-year checks, timeliness and changes of each body.
/// Reports without a body or a year are left out. A body that prints its region only in some years is one body when
/// exactly one body with that name has a region; bodies come out ordered by key.
pub fn bodies(reports: &[Report]) -> Vec<BodyHistory> {
    let mut groups: BTreeMap<String, Vec<&Report>> = BTreeMap::new();
    for report in reports {
        if report.year.is_none() {
            continue;
        }
        if let Some(key) = body_key(report) {
            groups.entry(key).or_default().push(report);
        }
    }
    merge_regionless(&mut groups);
    groups
        .into_iter()
        .map(|(key, reports)| history(key, reports))
        .collect()
}

/// The history of the body that published `report`, built from `reports` (which may hold every body's reports: only
/// those with the same normalised name are looked at). For the record view and the API. `None` when the report names
/// no body or has no year.
pub fn history_for(reports: &[Report], report: &Report) -> Option<BodyHistory> {
    let key = body_key(report)?;
    report.year?;
    let name = key.split_once('|').map(|(_, name)| name.to_string())?;
    let same_name: Vec<Report> = reports
        .iter()
        .filter(|other| {
            body_key(other)
                .is_some_and(|other_key| other_key.split_once('|').is_some_and(|(_, n)| n == name))
        })
        .chain(std::iter::once(report))
        .cloned()
        .collect();
    bodies(&same_name).into_iter().find(|history| {
        history
            .years
            .iter()
            .any(|entry| entry.id == report.id || entry.duplicates.contains(&report.id))
    })
}

/// Moves the reports of `|name` (no region printed) into `region|name` when exactly one such region exists.
fn merge_regionless(groups: &mut BTreeMap<String, Vec<&Report>>) {
    let regionless: Vec<String> = groups
        .keys()
        .filter(|key| key.starts_with('|'))
        .cloned()
        .collect();
    for key in regionless {
        let name = &key[1..];
        let mut with_region = groups.keys().filter(|other| {
            !other.starts_with('|') && other.split_once('|').is_some_and(|(_, n)| n == name)
        });
        let (Some(target), None) = (with_region.next().cloned(), with_region.next()) else {
            continue;
        };
        if let Some(moved) = groups.remove(&key) {
            groups.entry(target).or_default().extend(moved);
        }
    }
}

fn history(key: String, mut reports: Vec<&Report>) -> BodyHistory {
    reports.sort_by(|a, b| a.year.cmp(&b.year).then_with(|| a.id.cmp(&b.id)));
    let mut by_year: BTreeMap<i32, Vec<&Report>> = BTreeMap::new();
    for report in &reports {
        if let Some(year) = report.year {
            by_year.entry(year).or_default().push(report);
        }
    }
    let firsts: Vec<(i32, &Report)> = by_year
        .iter()
        .map(|(year, group)| (*year, group[0]))
        .collect();
    let years: Vec<YearEntry> = by_year
        .iter()
        .map(|(year, group)| YearEntry {
            year: *year,
            id: group[0].id.clone(),
            file: group[0].file.clone(),
            agency: group[0].agency.clone(),
            published: group[0].published.clone(),
            consistent: group[0].consistent,
            duplicates: group[1..].iter().map(|report| report.id.clone()).collect(),
        })
        .collect();
    let missing_years = match (firsts.first(), firsts.last()) {
        (Some((first, _)), Some((last, _))) => (*first..*last)
            .filter(|year| !by_year.contains_key(year))
            .collect(),
        _ => Vec::new(),
    };
    let latest = firsts.last().map(|(_, report)| *report);
    let level = firsts.iter().rev().find_map(|(_, report)| report.level);

    let mut checks = Vec::new();
    let mut changes = Vec::new();
    for pair in firsts.windows(2) {
        let (previous_year, previous) = pair[0];
        let (year, current) = pair[1];
        if year == previous_year + 1 {
            checks.extend(cross_year_checks(previous, current, previous_year, year));
        }
        changes.extend(figure_changes(previous, current, previous_year, year));
    }
    let consistent = if checks.is_empty() {
        None
    } else {
        Some(checks.iter().all(|check| check.check.ok))
    };
    let timeliness = firsts
        .iter()
        .map(|(year, report)| timeliness(*year, report, report.level.or(level)))
        .collect();

    BodyHistory {
        key,
        agency: latest
            .and_then(|report| report.agency.clone())
            .unwrap_or_default(),
        region: firsts
            .iter()
            .rev()
            .find_map(|(_, report)| report.region.clone()),
        level,
        years,
        missing_years,
        checks,
        consistent,
        timeliness,
        changes,
    }
}

/// A cell of a check: `<year>:<path>` and its printed value.
struct Term {
    path: String,
    value: Option<i64>,
}

fn make_check(
    rule: &str,
    scope: &str,
    sum_of: Vec<Term>,
    subtract: Vec<Term>,
    printed: Term,
) -> Option<Check> {
    let all: Vec<&Term> = sum_of
        .iter()
        .chain(&subtract)
        .chain(std::iter::once(&printed))
        .collect();
    if all.iter().all(|term| term.value.is_none()) {
        return None;
    }
    let expected = sum_of.iter().filter_map(|term| term.value).sum::<i64>()
        - subtract.iter().filter_map(|term| term.value).sum::<i64>();
    Some(Check {
        rule: rule.to_string(),
        scope: scope.to_string(),
        ok: printed.value.unwrap_or(0) == expected,
        expected,
        printed: printed.value,
        cells: all.iter().map(|term| term.path.clone()).collect(),
        blank_as_zero: all
            .iter()
            .filter(|term| term.value.is_none())
            .map(|term| term.path.clone())
            .collect(),
    })
}

/// The cross-year checks between two consecutive years of one body.
fn cross_year_checks(
    previous: &Report,
    current: &Report,
    previous_year: i32,
    year: i32,
) -> Vec<CrossYearCheck> {
    let mut checks = Vec::new();
    let wrap = |check: Check| CrossYearCheck {
        year,
        previous_year,
        check,
    };
    if let (Some(last), Some(this)) = (&previous.applications, &current.applications) {
        if last.rows.contains_key("carried_to_next") && this.rows.contains_key("carried_over") {
            for (column, _) in APPLICANT_COLUMNS {
                let expected = Term {
                    path: format!("{previous_year}:applications.carried_to_next.{column}"),
                    value: last.cell("carried_to_next", column),
                };
                let printed = Term {
                    path: format!("{year}:applications.carried_over.{column}"),
                    value: this.cell("carried_over", column),
                };
                if let Some(check) = make_check(
                    "carried_over_continuity",
                    column,
                    vec![expected],
                    vec![],
                    printed,
                ) {
                    checks.push(wrap(check));
                }
            }
        }
    }
    for row in ["regulations", "normative_documents"] {
        let cell = |report: &Report, column: &str| -> Option<Option<i64>> {
            let value = report.proactive.get(row)?.get(column)?;
            Some(value.map(|number| number.as_f64().round() as i64))
        };
        // Both years must print the stock row of the 2021 template (the 2019 template counts other things).
        let (Some(last_in_force), Some(in_force)) =
            (cell(previous, "in_force"), cell(current, "in_force"))
        else {
            continue;
        };
        let term = |year: i32, column: &str, value: Option<i64>| Term {
            path: format!("{year}:proactive.{row}.{column}"),
            value,
        };
        let sum_of = vec![
            term(previous_year, "in_force", last_in_force),
            term(year, "issued", cell(current, "issued").flatten()),
        ];
        let subtract = vec![term(year, "repealed", cell(current, "repealed").flatten())];
        let printed = term(year, "in_force", in_force);
        if let Some(check) = make_check(&format!("{row}_stock"), row, sum_of, subtract, printed) {
            checks.push(wrap(check));
        }
    }
    checks
}

/// The legal deadline of a year's report for a body of a level: 31 January of the following year for a department,
/// 31 March for a government (2019 regulations, articles 49–50).
pub fn deadline(year: i32, level: Level) -> (i32, u32, u32) {
    match level {
        Level::Department => (year + 1, 1, 31),
        Level::Township | Level::County | Level::City | Level::Province => (year + 1, 3, 31),
    }
}

fn timeliness(year: i32, report: &Report, level: Option<Level>) -> Timeliness {
    let deadline = level.map(|level| deadline(year, level));
    let published = report.published.as_deref().and_then(parse_date);
    let (status, days_late) = match (published, deadline) {
        (None, _) => (TimelinessStatus::Undated, None),
        (Some(_), None) => (TimelinessStatus::UnknownDeadline, None),
        (Some(published), Some(deadline)) => {
            let late_by = days_from_civil(published) - days_from_civil(deadline);
            if late_by > 0 {
                (TimelinessStatus::Late, Some(late_by))
            } else {
                (TimelinessStatus::OnTime, None)
            }
        }
    };
    Timeliness {
        year,
        id: report.id.clone(),
        published: report.published.clone(),
        deadline: deadline.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        status,
        days_late,
    }
}

/// Parses `YYYY-MM-DD`; `None` for anything else or an impossible date.
fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse::<i32>().ok()?;
    let month = parts.next()?.parse::<u32>().ok()?;
    let day = parts.next()?.parse::<u32>().ok()?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in_month)
        .contains(&day)
        .then_some((year, month, day))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil((year, month, day): (i32, u32, u32)) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The value of a main figure in a report, when printed (a sum when at least one of its terms is printed).
pub fn main_figure(report: &Report, figure: &str) -> Option<i64> {
    let sum = |values: Vec<Option<i64>>| -> Option<i64> {
        values
            .iter()
            .any(Option::is_some)
            .then(|| values.iter().flatten().sum())
    };
    match figure {
        "applications.denied.total" => {
            let applications = report.applications.as_ref()?;
            sum(applications
                .rows
                .iter()
                .filter(|(key, _)| key.starts_with("denied."))
                .map(|(_, row)| row.total)
                .collect())
        }
        "review_litigation.total" => {
            let review = report.review_litigation.as_ref()?;
            sum(vec![
                review.reconsideration.total,
                review.litigation_direct.total,
                review.litigation_after_reconsideration.total,
            ])
        }
        _ => {
            let (table, rest) = figure.split_once('.')?;
            let (row, column) = rest.rsplit_once('.')?;
            match table {
                "applications" => report.applications.as_ref()?.cell(row, column),
                "review_litigation" => {
                    let part = report.review_litigation.as_ref()?;
                    let outcomes = part.part(row)?;
                    let index = crate::report::Outcomes::KEYS
                        .iter()
                        .position(|key| *key == column)?;
                    outcomes.cells()[index]
                }
                _ => None,
            }
        }
    }
}

fn figure_changes(
    previous: &Report,
    current: &Report,
    from_year: i32,
    to_year: i32,
) -> Vec<Change> {
    MAIN_FIGURES
        .iter()
        .filter_map(|figure| {
            let from = main_figure(previous, figure)?;
            let to = main_figure(current, figure)?;
            Some(Change {
                figure: (*figure).to_string(),
                from_year,
                to_year,
                from,
                to,
                delta: to - from,
                percent: (from != 0).then(|| (to - from) as f64 * 100.0 / from as f64),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(agency: &str, region: Option<&str>, year: i32) -> Report {
        Report {
            id: format!("{}{agency}-{year}", region.unwrap_or("")),
            agency: Some(agency.to_string()),
            region: region.map(str::to_string),
            year: Some(year),
            ..Report::default()
        }
    }

    #[test]
    fn the_same_body_is_recognised_whatever_suffix_spacing_and_width_it_prints() {
        let key = |agency: &str, region: Option<&str>| body_key(&report(agency, region, 2021));
        let expected = Some("舞钢市|尚店镇".to_string());
        assert_eq!(key("尚店镇人民政府", Some("舞钢市")), expected);
        assert_eq!(key("尚店镇 政府", Some("舞钢市")), expected);
        assert_eq!(key("舞钢市尚店镇人民政府办公室", Some("舞钢市")), expected);
        assert_eq!(key("尚店镇", Some(" 舞钢市")), expected);
        assert_eq!(key("ＡＢ镇人民政府", None), Some("|AB镇".to_string()));
        assert_ne!(
            key("尚店镇人民政府", Some("汝州市")),
            expected,
            "another region is another body"
        );
        assert_eq!(
            key("人民政府", None),
            Some("|人民政府".to_string()),
            "a bare suffix is kept"
        );
        assert_eq!(body_key(&Report::default()), None);
    }

    #[test]
    fn history_for_a_report_is_its_body_only() {
        let mine = [
            report("尚店镇人民政府", Some("舞钢市"), 2021),
            report("尚店镇", None, 2022),
        ];
        let other = report("尚店镇人民政府", Some("汝州市"), 2021);
        let unrelated = report("平安镇", Some("大洼区"), 2021);
        let all = [mine[0].clone(), mine[1].clone(), other.clone(), unrelated];
        let history = history_for(&all, &mine[0]).expect("a body");
        assert_eq!(history.key, "舞钢市|尚店镇");
        let ids: Vec<&str> = history
            .years
            .iter()
            .map(|entry| entry.id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["舞钢市尚店镇人民政府-2021"],
            "the region-less 2022 report is ambiguous between two 尚店镇"
        );
        let history = history_for(&all[..2], &mine[1]).expect("a body");
        assert_eq!(
            history.years.len(),
            2,
            "without the other 尚店镇 the region-less report joins its body"
        );
        assert_eq!(history_for(&all, &Report::default()), None);
    }

    #[test]
    fn dates_are_counted_across_months_and_leap_years() {
        assert_eq!(days_from_civil((1970, 1, 1)), 0);
        assert_eq!(
            days_from_civil((2024, 3, 1)) - days_from_civil((2024, 2, 28)),
            2
        );
        assert_eq!(
            days_from_civil((2023, 3, 1)) - days_from_civil((2023, 2, 28)),
            1
        );
        assert_eq!(parse_date("2022-02-30"), None);
        assert_eq!(parse_date("2022-1-13"), Some((2022, 1, 13)));
    }
}
