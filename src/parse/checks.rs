//! The consistency checks of tables 3 and 4 (`balance`, `row_sum`, `outcome_sum`, `review_total`), as documented on
//! [`crate::report::Check`]. A check only reports: printed figures are never changed. Blank cells count as 0 and
//! are listed in `blank_as_zero`; a check none of whose cells is printed is not made.

use crate::report::{Applications, Check, Outcomes, ReviewLitigation, APPLICANT_COLUMNS};

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

/// A term of a check: a record path and its printed value.
struct Term {
    path: String,
    value: Option<i64>,
}

/// Builds one check from the terms that add up to `expected` and the printed cell. `None` when nothing is printed.
fn check(
    rule: &str,
    scope: &str,
    sum_of: Vec<Term>,
    subtract: Vec<Term>,
    printed: Term,
) -> Option<Check> {
    let all = sum_of
        .iter()
        .chain(subtract.iter())
        .chain(std::iter::once(&printed));
    if all.clone().all(|t| t.value.is_none()) {
        return None;
    }
    let blank_as_zero: Vec<String> = all
        .clone()
        .filter(|t| t.value.is_none())
        .map(|t| t.path.clone())
        .collect();
    let cells: Vec<String> = all.map(|t| t.path.clone()).collect();
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

fn term(applications: &Applications, row: &str, column: &str) -> Term {
    Term {
        path: format!("applications.{row}.{column}"),
        value: applications.cell(row, column),
    }
}

/// Every check of table 3: `balance` and `outcome_sum` per column, `row_sum` per row.
///
/// `balance`: expected = new_received + carried_over − carried_to_next, printed = closed_total.
/// `outcome_sum`: expected = the sum of the outcome rows (一)…(六), printed = closed_total.
/// `row_sum`: expected = the six applicant columns, printed = total.
pub fn application_checks(applications: &Applications) -> Vec<Check> {
    let mut checks = Vec::new();
    let has = |row: &str| applications.rows.contains_key(row);
    for (column, _) in APPLICANT_COLUMNS {
        if has("new_received") && has("closed_total") {
            let sum_of = vec![
                term(applications, "new_received", column),
                term(applications, "carried_over", column),
            ];
            let subtract = vec![term(applications, "carried_to_next", column)];
            checks.extend(check(
                "balance",
                column,
                sum_of,
                subtract,
                term(applications, "closed_total", column),
            ));
        }
    }
    for (column, _) in APPLICANT_COLUMNS {
        if has("closed_total") {
            let sum_of: Vec<Term> = OUTCOME_ROWS
                .iter()
                .filter(|row| **row != "closed_total" && has(row))
                .map(|row| term(applications, row, column))
                .collect();
            if !sum_of.is_empty() {
                checks.extend(check(
                    "outcome_sum",
                    column,
                    sum_of,
                    Vec::new(),
                    term(applications, "closed_total", column),
                ));
            }
        }
    }
    let ordered = crate::report::application_row_keys().filter(|key| has(key));
    for row in ordered {
        let sum_of: Vec<Term> = APPLICANT_COLUMNS[..6]
            .iter()
            .map(|(column, _)| term(applications, row, column))
            .collect();
        checks.extend(check(
            "row_sum",
            row,
            sum_of,
            Vec::new(),
            term(applications, row, "total"),
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
                path: format!("review_litigation.{part}.{column}"),
                value,
            })
            .collect();
        let printed = Term {
            path: format!("review_litigation.{part}.total"),
            value: cells[4],
        };
        checks.extend(check("review_total", part, sum_of, Vec::new(), printed));
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
    use crate::report::AppRow;

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
