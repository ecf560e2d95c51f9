//! The consistency checks of tables 3 and 4 (`balance`, `row_sum`, `outcome_sum`, `review_total`), as documented on
//! [`crate::report::Check`]. A check only reports: printed figures are never changed. Blank cells count as 0 and
//! are listed in `blank_as_zero`; a check none of whose cells is printed is not made.

use crate::report::{AppRow, Applications, Check, Outcomes, ReviewLitigation, APPLICANT_COLUMNS};

/// The outcome rows (一)…(六) whose sum is (七) 总计, in both templates.
const OUTCOME_ROWS: [&str; 23] = [
    "granted",
    "partly_granted",
    "denied.state_secret",
    "denied.prohibited_by_law",
    "denied.security_stability",
    "denied.third_party",
    "denied.internal_affairs",
    "denied.process_info",
    "denied.enforcement_file",
    "denied.query_matter",
    "unable.not_held",
    "unable.needs_creation",
    "unable.unclear",
    "not_processed.complaint",
    "not_processed.duplicate",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.reconfirm",
    "other.no_correction",
    "other.unpaid_fee",
    "other.other",
    "other_combined",
    // Kept last so the list reads like the table; see `outcome_rows`.
    "closed_total",
];

/// A term of a check: a record path (`<table>.<row>.<column>`, built only when the check is made) and its printed
/// value.
struct Term<'a> {
    table: &'static str,
    row: &'a str,
    column: &'a str,
    value: Option<i64>,
}

impl Term<'_> {
    /// The record path of the term.
    fn path(&self) -> String {
        let mut path =
            String::with_capacity(self.table.len() + self.row.len() + self.column.len() + 2);
        path.push_str(self.table);
        path.push('.');
        path.push_str(self.row);
        path.push('.');
        path.push_str(self.column);
        path
    }
}

/// Builds one check from the terms that add up to `expected` and the printed cell. `None` when nothing is printed.
fn check(
    rule: &str,
    scope: &str,
    sum_of: &[Term<'_>],
    subtract: &[Term<'_>],
    printed: Term<'_>,
) -> Option<Check> {
    let all = || {
        sum_of
            .iter()
            .chain(subtract.iter())
            .chain(std::iter::once(&printed))
    };
    if all().all(|t| t.value.is_none()) {
        return None;
    }
    let mut blank_as_zero: Vec<String> = Vec::new();
    let mut cells: Vec<String> = Vec::with_capacity(sum_of.len() + subtract.len() + 1);
    for term in all() {
        let path = term.path();
        if term.value.is_none() {
            blank_as_zero.push(path.clone());
        }
        cells.push(path);
    }
    let expected = sum_of.iter().filter_map(|t| t.value).sum::<i64>()
        - subtract.iter().filter_map(|t| t.value).sum::<i64>();
    Some(Check {
        rule: rule.to_string(),
        scope: scope.to_string(),
        ok: printed.value.unwrap_or(0) == expected,
        expected,
        printed: printed.value,
        cells,
        blank_as_zero,
    })
}

/// The term of a table-3 cell: `row` is the row (if the table has it), `column` the index of the column in
/// [`APPLICANT_COLUMNS`].
fn term<'a>(key: &'a str, row: Option<&AppRow>, column: usize) -> Term<'a> {
    Term {
        table: "applications",
        row: key,
        column: APPLICANT_COLUMNS[column].0,
        value: row.and_then(|row| row.cells()[column]),
    }
}

/// Every check of table 3: `balance` and `outcome_sum` per column, `row_sum` per row.
///
/// `balance`: expected = new_received + carried_over − carried_to_next, printed = closed_total.
/// `outcome_sum`: expected = the sum of the outcome rows (一)…(六), printed = closed_total.
/// `row_sum`: expected = the six applicant columns, printed = total.
pub fn application_checks(applications: &Applications) -> Vec<Check> {
    let mut checks = Vec::new();
    let row = |key: &str| applications.rows.get(key);
    let (new_received, carried_over, carried_to_next, closed_total) = (
        row("new_received"),
        row("carried_over"),
        row("carried_to_next"),
        row("closed_total"),
    );
    if new_received.is_some() && closed_total.is_some() {
        for (column, (key, _)) in APPLICANT_COLUMNS.iter().enumerate() {
            let sum_of = [
                term("new_received", new_received, column),
                term("carried_over", carried_over, column),
            ];
            let subtract = [term("carried_to_next", carried_to_next, column)];
            checks.extend(check(
                "balance",
                key,
                &sum_of,
                &subtract,
                term("closed_total", closed_total, column),
            ));
        }
    }
    if closed_total.is_some() {
        let outcomes: Vec<(&str, &AppRow)> = OUTCOME_ROWS
            .iter()
            .filter(|key| **key != "closed_total")
            .filter_map(|key| Some((*key, row(key)?)))
            .collect();
        if !outcomes.is_empty() {
            for (column, (key, _)) in APPLICANT_COLUMNS.iter().enumerate() {
                let sum_of: Vec<Term> = outcomes
                    .iter()
                    .map(|(row_key, row)| term(row_key, Some(row), column))
                    .collect();
                checks.extend(check(
                    "outcome_sum",
                    key,
                    &sum_of,
                    &[],
                    term("closed_total", closed_total, column),
                ));
            }
        }
    }
    let total = APPLICANT_COLUMNS.len() - 1;
    for key in crate::report::application_row_keys() {
        let Some(app_row) = row(key) else {
            continue;
        };
        let sum_of: Vec<Term> = (0..6)
            .map(|column| term(key, Some(app_row), column))
            .collect();
        checks.extend(check(
            "row_sum",
            key,
            &sum_of,
            &[],
            term(key, Some(app_row), total),
        ));
    }
    checks
}

/// The `review_total` check of each part of table 4: the four outcomes add up to 总计.
pub fn review_checks(review: &ReviewLitigation) -> Vec<Check> {
    let mut checks = Vec::new();
    for part in ReviewLitigation::PARTS {
        let Some(outcomes) = review.part(part) else {
            continue;
        };
        let cells = outcomes.cells();
        let sum_of: Vec<Term> = Outcomes::KEYS[..4]
            .iter()
            .zip(cells)
            .map(|(column, value)| Term {
                table: "review_litigation",
                row: part,
                column,
                value,
            })
            .collect();
        let printed = Term {
            table: "review_litigation",
            row: part,
            column: "total",
            value: cells[4],
        };
        checks.extend(check("review_total", part, &sum_of, &[], printed));
    }
    checks
}

/// True when every check holds, false when one breaks, `None` when there is none.
pub fn consistent(checks: &[Check]) -> Option<bool> {
    (!checks.is_empty()).then(|| checks.iter().all(|c| c.ok))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: [Option<i64>; 7]) -> AppRow {
        AppRow::from_cells(cells)
    }

    #[test]
    fn broken_row_sum_and_balance_are_reported() {
        let zero = row([Some(0); 7]);
        let mut applications = Applications::default();
        applications.rows.insert(
            "new_received".into(),
            row([
                Some(0),
                Some(2),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
            ]),
        );
        for key in ["carried_over", "granted", "closed_total", "carried_to_next"] {
            applications.rows.insert(key.into(), zero);
        }
        let checks = application_checks(&applications);
        let broken: Vec<(&str, &str)> = checks
            .iter()
            .filter(|c| !c.ok)
            .map(|c| (c.rule.as_str(), c.scope.as_str()))
            .collect();
        assert_eq!(
            broken,
            vec![("balance", "commercial"), ("row_sum", "new_received")]
        );
        let row_sum = checks
            .iter()
            .find(|c| c.rule == "row_sum" && c.scope == "new_received")
            .unwrap();
        assert_eq!((row_sum.expected, row_sum.printed), (2, Some(0)));
        assert_eq!(consistent(&checks), Some(false));
    }

    #[test]
    fn blanks_count_as_zero_and_are_listed() {
        let mut applications = Applications::default();
        applications.rows.insert(
            "new_received".into(),
            row([Some(3), None, None, None, None, None, Some(3)]),
        );
        let checks = application_checks(&applications);
        assert_eq!(checks.len(), 1);
        assert!(checks[0].ok);
        assert_eq!(checks[0].blank_as_zero.len(), 5);
        assert_eq!(
            checks[0].blank_as_zero[0],
            "applications.new_received.commercial"
        );
        assert_eq!(consistent(&[]), None);
    }

    #[test]
    fn review_totals() {
        let review = ReviewLitigation {
            reconsideration: Outcomes::from_cells([Some(1), Some(1), None, Some(0), Some(3)]),
            ..Default::default()
        };
        let checks = review_checks(&review);
        assert_eq!(checks.len(), 1);
        assert!(!checks[0].ok);
        assert_eq!(checks[0].expected, 2);
    }
}
