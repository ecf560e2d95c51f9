//! The filter language: conditions on a report's year, names, facets and figures, compiled to a tantivy query.
//!
//! # Grammar
//!
//! ```text
//! filter     = or_expr ;
//! or_expr    = and_expr { "OR" and_expr } ;
//! and_expr   = not_expr { "AND" not_expr } ;
//! not_expr   = "NOT" not_expr | primary ;
//! primary    = "(" or_expr ")" | condition ;
//! condition  = field compare value
//!            | field value "TO" value                      (* both ends included *)
//!            | field "IN" "[" value { "," value } "]"
//!            | field [ "NOT" ] "EXISTS" ;
//! compare    = "=" | "!=" | ">" | ">=" | "<" | "<=" ;
//! value      = number | word | quoted ;
//! quoted     = '"' { any character, \" and \\ escaped } '"' | "'" { … } "'" ;
//! word       = any characters but white space and ( ) [ ] , = ! < > " ' ;
//! field      = "year" | "agency" | "region" | "level" | "consistent" | "check" | "template" | figure path ;
//! ```
//!
//! Keywords (`AND OR NOT TO IN EXISTS`) are case-insensitive. `AND` binds tighter than `OR`; `NOT` tighter than
//! both. A figure path is any record path of tables 2–4 (`applications.new_received.total`,
//! `review_litigation.reconsideration.total`, `proactive.fees.fee_amount`, …; see
//! [`crate::report::all_figure_paths`]).
//!
//! # Meaning
//!
//! - `year` and figures are numbers: every operator applies. Figures are the values described in
//!   [`crate::index::schema::effective_figures`] (a total is never below the sum of its parts).
//! - `agency` is compared whole (`agency = 新民屯镇人民政府`); `region`, `level` (`township`, `county`, `city`,
//!   `province`, `department`), `template` (`2021`, `2019`, `pre-2019`), `consistent` (`true`, `false`,
//!   `unchecked`) and `check` (`consistent`, `inconsistent`, `unchecked`) take `=`, `!=`, `IN` and `EXISTS`.
//! - `field != value` is `NOT field = value`: it includes the reports where the field is absent.
//! - `field EXISTS` holds when the report has a value for the field (a printed figure, a known region…).
//!
//! Every error names the column (1-based, in characters) of the mistake and repeats the expression with a caret.

use std::ops::Bound;

use tantivy::query::{AllQuery, BooleanQuery, ExistsQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

use crate::index::Fields;
use crate::report::{all_figure_paths, Level};
use crate::{Error, Result};

/// How deeply parentheses and `NOT`s may nest.
const MAX_DEPTH: usize = 64;
/// The longest filter accepted, in bytes.
const MAX_FILTER_BYTES: usize = 16 * 1024;

/// Parses a filter expression and compiles it against the index's fields.
pub fn compile(fields: &Fields, expression: &str) -> Result<Box<dyn Query>> {
    let expr = parse(expression)?;
    Ok(to_query(fields, &expr))
}

/// Checks a filter expression without an index (for early validation of requests).
pub fn validate(expression: &str) -> Result<()> {
    parse(expression).map(|_| ())
}

/// The fields a filter may name (besides figure paths).
pub const NAMED_FIELDS: [&str; 7] = [
    "year",
    "agency",
    "region",
    "level",
    "consistent",
    "check",
    "template",
];

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// All must hold.
    And(Vec<Expr>),
    /// One must hold.
    Or(Vec<Expr>),
    /// Must not hold.
    Not(Box<Expr>),
    /// One condition on a field.
    Condition(Condition),
}

/// One condition on a field.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// What the condition is about.
    pub target: Target,
    /// The test.
    pub test: Test,
}

/// The field a condition is about, resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// The report year (i64).
    Year,
    /// A figure by record path (f64).
    Figure(String),
    /// The agency's name, whole.
    Agency,
    /// A facet dimension (`region`, `level`, `check`, `template`); `consistent` maps to `check`.
    Facet(&'static str),
}

/// The test a condition applies. Values are already validated for the target.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// Compare with a number.
    Compare(CompareOp, f64),
    /// Between two numbers, both included.
    Between(f64, f64),
    /// One of numbers.
    InNumbers(Vec<f64>),
    /// Equal to one of these texts (one text for `=`).
    InTexts(Vec<String>),
    /// Not equal to this text (`!=`; includes reports without a value).
    NotText(String),
    /// Has a value.
    Exists,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

impl CompareOp {
    fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "!=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Op(CompareOp),
    Word(String),
    Quoted(String),
    End,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    /// 0-based character index of the first character.
    start: usize,
    /// Length in characters (at least 1, for the caret).
    len: usize,
}

impl Token {
    fn describe(&self) -> String {
        match &self.kind {
            Kind::LParen => "'('".to_string(),
            Kind::RParen => "')'".to_string(),
            Kind::LBracket => "'['".to_string(),
            Kind::RBracket => "']'".to_string(),
            Kind::Comma => "','".to_string(),
            Kind::Op(op) => format!("'{}'", op.symbol()),
            Kind::Word(word) => format!("'{word}'"),
            Kind::Quoted(text) => format!("\"{text}\""),
            Kind::End => "the end of the filter".to_string(),
        }
    }

    fn keyword(&self) -> Option<&'static str> {
        let Kind::Word(word) = &self.kind else {
            return None;
        };
        ["AND", "OR", "NOT", "TO", "IN", "EXISTS"]
            .into_iter()
            .find(|keyword| word.eq_ignore_ascii_case(keyword))
    }

    fn is_keyword(&self, keyword: &str) -> bool {
        self.keyword() == Some(keyword)
    }
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !"()[],=!<>\"'".contains(c)
}

fn lex(input: &str) -> Result<Vec<Token>> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let single = |kind: Kind| Token {
            kind,
            start,
            len: 1,
        };
        match c {
            _ if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => tokens.push(single(Kind::LParen)),
            ')' => tokens.push(single(Kind::RParen)),
            '[' => tokens.push(single(Kind::LBracket)),
            ']' => tokens.push(single(Kind::RBracket)),
            ',' => tokens.push(single(Kind::Comma)),
            '=' => tokens.push(single(Kind::Op(CompareOp::Eq))),
            '!' | '>' | '<' => {
                let followed_by_eq = chars.get(i + 1) == Some(&'=');
                let op = match (c, followed_by_eq) {
                    ('!', true) => CompareOp::Ne,
                    ('>', true) => CompareOp::Ge,
                    ('>', false) => CompareOp::Gt,
                    ('<', true) => CompareOp::Le,
                    ('<', false) => CompareOp::Lt,
                    _ => {
                        return Err(error_at(
                            input,
                            start,
                            1,
                            "'!' must be followed by '=' (use NOT to negate a condition)"
                                .to_string(),
                        ))
                    }
                };
                let len = if followed_by_eq { 2 } else { 1 };
                tokens.push(Token {
                    kind: Kind::Op(op),
                    start,
                    len,
                });
                i += len;
                continue;
            }
            '"' | '\'' => {
                let quote = c;
                let mut text = String::new();
                let mut j = i + 1;
                let mut closed = false;
                while j < chars.len() {
                    match chars[j] {
                        '\\' if j + 1 < chars.len() => {
                            text.push(chars[j + 1]);
                            j += 2;
                        }
                        ch if ch == quote => {
                            closed = true;
                            j += 1;
                            break;
                        }
                        ch => {
                            text.push(ch);
                            j += 1;
                        }
                    }
                }
                if !closed {
                    return Err(error_at(
                        input,
                        start,
                        1,
                        format!("this quote {quote} is never closed"),
                    ));
                }
                tokens.push(Token {
                    kind: Kind::Quoted(text),
                    start,
                    len: j - start,
                });
                i = j;
                continue;
            }
            _ => {
                let mut j = i;
                while j < chars.len() && is_word_char(chars[j]) {
                    j += 1;
                }
                let word: String = chars[i..j].iter().collect();
                tokens.push(Token {
                    kind: Kind::Word(word),
                    start,
                    len: j - start,
                });
                i = j;
                continue;
            }
        }
        i += 1;
    }
    tokens.push(Token {
        kind: Kind::End,
        start: chars.len(),
        len: 1,
    });
    Ok(tokens)
}

// ---------------------------------------------------------------------------------------------------------------
// Parser

/// Parses a filter expression into an [`Expr`], validating field names and values.
pub fn parse(input: &str) -> Result<Expr> {
    if input.len() > MAX_FILTER_BYTES {
        return Err(Error::Filter(format!(
            "the filter is too long ({} bytes, at most {MAX_FILTER_BYTES})",
            input.len()
        )));
    }
    let tokens = lex(input)?;
    if tokens.len() == 1 {
        return Err(Error::Filter("the filter is empty".to_string()));
    }
    let mut parser = Parser {
        input,
        tokens,
        position: 0,
        depth: 0,
    };
    let expr = parser.or_expr()?;
    let next = parser.peek();
    if next.kind != Kind::End {
        let message = match next.kind {
            Kind::RParen => "unexpected ')': no '(' is open here".to_string(),
            _ => format!(
                "expected AND, OR or the end of the filter, found {}",
                next.describe()
            ),
        };
        return Err(parser.error(next.start, next.len, message));
    }
    Ok(expr)
}

struct Parser<'a> {
    input: &'a str,
    tokens: Vec<Token>,
    position: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Token {
        self.tokens[self.position.min(self.tokens.len() - 1)].clone()
    }

    fn next(&mut self) -> Token {
        let token = self.peek();
        if self.position < self.tokens.len() - 1 {
            self.position += 1;
        }
        token
    }

    fn error(&self, start: usize, len: usize, message: String) -> Error {
        error_at(self.input, start, len, message)
    }

    fn enter(&mut self, token: &Token) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(
                token.start,
                token.len,
                format!("the filter nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn or_expr(&mut self) -> Result<Expr> {
        let mut parts = vec![self.and_expr()?];
        while self.peek().is_keyword("OR") {
            self.next();
            parts.push(self.and_expr()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and_expr(&mut self) -> Result<Expr> {
        let mut parts = vec![self.not_expr()?];
        while self.peek().is_keyword("AND") {
            self.next();
            parts.push(self.not_expr()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    fn not_expr(&mut self) -> Result<Expr> {
        let token = self.peek();
        if token.is_keyword("NOT") {
            self.next();
            self.enter(&token)?;
            let inner = self.not_expr()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr> {
        let token = self.next();
        match &token.kind {
            Kind::LParen => {
                self.enter(&token)?;
                let inner = self.or_expr()?;
                self.depth -= 1;
                let close = self.next();
                if close.kind != Kind::RParen {
                    return Err(self.error(
                        close.start,
                        close.len,
                        format!(
                            "expected ')' to close the '(' at column {}, found {}",
                            token.start + 1,
                            close.describe()
                        ),
                    ));
                }
                Ok(inner)
            }
            Kind::Word(name) if token.keyword().is_none() => {
                let target = self.target(name, &token)?;
                let test = self.test(&target, &token)?;
                Ok(Expr::Condition(Condition { target, test }))
            }
            _ => Err(self.error(
                token.start,
                token.len,
                format!("expected a field name or '(', found {}", token.describe()),
            )),
        }
    }

    fn target(&self, name: &str, token: &Token) -> Result<Target> {
        let target = match name {
            "year" => Target::Year,
            "agency" => Target::Agency,
            "region" => Target::Facet("region"),
            "level" => Target::Facet("level"),
            "check" | "consistent" => Target::Facet("check"),
            "template" => Target::Facet("template"),
            _ if is_figure_path(name) => Target::Figure(name.to_string()),
            _ => {
                let close = close_names(name);
                let hint = if close.is_empty() {
                    format!(
                        "; fields are {} and the figure paths such as applications.new_received.total",
                        NAMED_FIELDS.join(", ")
                    )
                } else {
                    format!("; did you mean {}?", close.join(", "))
                };
                return Err(self.error(
                    token.start,
                    token.len,
                    format!("unknown field '{name}'{hint}"),
                ));
            }
        };
        Ok(target)
    }

    fn test(&mut self, target: &Target, field_token: &Token) -> Result<Test> {
        let token = self.next();
        match &token.kind {
            Kind::Op(op) => {
                let value = self.next();
                self.compare(target, *op, &token, &value)
            }
            _ if token.is_keyword("IN") => self.in_list(target),
            _ if token.is_keyword("EXISTS") => Ok(Test::Exists),
            _ if token.is_keyword("NOT") && self.peek().is_keyword("EXISTS") => {
                // `field NOT EXISTS` is spelled as a NOT around an EXISTS by the caller; see `not_exists`.
                self.next();
                Err(self.error(
                    token.start,
                    token.len,
                    "write `NOT field EXISTS` rather than `field NOT EXISTS`".to_string(),
                ))
            }
            Kind::Word(_) | Kind::Quoted(_) if token.keyword().is_none() => {
                let to = self.next();
                if !to.is_keyword("TO") {
                    return Err(self.error(
                        to.start,
                        to.len,
                        format!(
                            "expected TO after '{}' (as in `year 2020 TO 2022`), found {}",
                            token_text(&token),
                            to.describe()
                        ),
                    ));
                }
                let high = self.next();
                let low_value = self.number(target, &token)?;
                let high_value = self.number(target, &high)?;
                if low_value > high_value {
                    return Err(self.error(
                        token.start,
                        high.start + high.len - token.start,
                        format!("the range {low_value} TO {high_value} is empty: the lower end is above the upper end"),
                    ));
                }
                Ok(Test::Between(low_value, high_value))
            }
            _ => Err(self.error(
                token.start,
                token.len,
                format!(
                    "expected an operator (=, !=, >, >=, <, <=, TO, IN, EXISTS) after '{}', found {}",
                    token_text(field_token),
                    token.describe()
                ),
            )),
        }
    }

    fn compare(
        &self,
        target: &Target,
        op: CompareOp,
        op_token: &Token,
        value: &Token,
    ) -> Result<Test> {
        if target.is_numeric() {
            let number = self.number(target, value)?;
            return Ok(Test::Compare(op, number));
        }
        let text = self.text(target, value)?;
        match op {
            CompareOp::Eq => Ok(Test::InTexts(vec![text])),
            CompareOp::Ne => Ok(Test::NotText(text)),
            _ => Err(self.error(
                op_token.start,
                op_token.len,
                format!(
                    "'{}' compares numbers, but {} is text; use = or != (or IN [...])",
                    op.symbol(),
                    target.name()
                ),
            )),
        }
    }

    fn in_list(&mut self, target: &Target) -> Result<Test> {
        let open = self.next();
        if open.kind != Kind::LBracket {
            return Err(self.error(
                open.start,
                open.len,
                format!("expected '[' after IN, found {}", open.describe()),
            ));
        }
        let mut numbers = Vec::new();
        let mut texts = Vec::new();
        loop {
            let value = self.next();
            if target.is_numeric() {
                numbers.push(self.number(target, &value)?);
            } else {
                texts.push(self.text(target, &value)?);
            }
            let separator = self.next();
            match separator.kind {
                Kind::Comma => continue,
                Kind::RBracket => break,
                _ => {
                    return Err(self.error(
                        separator.start,
                        separator.len,
                        format!(
                            "expected ',' or ']' in the IN list, found {}",
                            separator.describe()
                        ),
                    ))
                }
            }
        }
        Ok(if target.is_numeric() {
            Test::InNumbers(numbers)
        } else {
            Test::InTexts(texts)
        })
    }

    fn number(&self, target: &Target, token: &Token) -> Result<f64> {
        let text = match &token.kind {
            Kind::Word(word) | Kind::Quoted(word)
                if token.keyword().is_none() || matches!(token.kind, Kind::Quoted(_)) =>
            {
                word.as_str()
            }
            _ => {
                return Err(self.error(
                    token.start,
                    token.len,
                    format!(
                        "expected a number for {}, found {}",
                        target.name(),
                        token.describe()
                    ),
                ))
            }
        };
        let number: f64 = text
            .trim()
            .parse()
            .ok()
            .filter(|number: &f64| number.is_finite())
            .ok_or_else(|| {
                self.error(
                    token.start,
                    token.len,
                    format!("{} is a number, but '{text}' is not one", target.name()),
                )
            })?;
        if *target == Target::Year && number.fract() != 0.0 {
            return Err(self.error(
                token.start,
                token.len,
                format!("year is a whole number, but '{text}' is not"),
            ));
        }
        Ok(number)
    }

    fn text(&self, target: &Target, token: &Token) -> Result<String> {
        let text = match &token.kind {
            Kind::Quoted(text) => text.trim().to_string(),
            Kind::Word(word) if token.keyword().is_none() => word.clone(),
            _ => {
                return Err(self.error(
                    token.start,
                    token.len,
                    format!(
                        "expected a value for {}, found {}",
                        target.name(),
                        token.describe()
                    ),
                ))
            }
        };
        let allowed: Option<Vec<&str>> = match target {
            Target::Facet("level") => Some(Level::ALL.iter().map(|level| level.as_str()).collect()),
            Target::Facet("template") => Some(vec!["2021", "2019", "pre-2019"]),
            Target::Facet("check") => Some(vec![
                "consistent",
                "inconsistent",
                "unchecked",
                "true",
                "false",
                "null",
            ]),
            _ => None,
        };
        if let Some(allowed) = allowed {
            if !allowed.contains(&text.as_str()) {
                return Err(self.error(
                    token.start,
                    token.len,
                    format!(
                        "{} is one of {}, not '{text}'",
                        target.name(),
                        allowed.join(", ")
                    ),
                ));
            }
        }
        let canonical = match (target, text.as_str()) {
            (Target::Facet("check"), "true") => "consistent".to_string(),
            (Target::Facet("check"), "false") => "inconsistent".to_string(),
            (Target::Facet("check"), "null") => "unchecked".to_string(),
            _ => text,
        };
        Ok(canonical)
    }
}

impl Target {
    fn is_numeric(&self) -> bool {
        matches!(self, Target::Year | Target::Figure(_))
    }

    fn name(&self) -> String {
        match self {
            Target::Year => "year".to_string(),
            Target::Figure(path) => path.clone(),
            Target::Agency => "agency".to_string(),
            Target::Facet(dimension) => dimension.to_string(),
        }
    }
}

fn token_text(token: &Token) -> String {
    match &token.kind {
        Kind::Word(word) | Kind::Quoted(word) => word.clone(),
        _ => token.describe(),
    }
}

/// True when a name is a figure path of the record.
pub fn is_figure_path(name: &str) -> bool {
    FIGURE_PATHS.iter().any(|path| path == name)
}

static FIGURE_PATHS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(all_figure_paths);

/// Field names close to a misspelt one, best first, at most five: the nearest by edit distance (transpositions
/// count once), and the figure paths that end with what was typed (`new_received.total`).
pub fn close_names(name: &str) -> Vec<String> {
    let candidates = NAMED_FIELDS
        .iter()
        .map(|field| field.to_string())
        .chain(FIGURE_PATHS.iter().cloned());
    let limit = (name.chars().count() / 5).max(2);
    let scored: Vec<(usize, String)> = candidates
        .map(|candidate| (strsim::damerau_levenshtein(name, &candidate), candidate))
        .collect();
    let best = scored
        .iter()
        .map(|(distance, _)| *distance)
        .min()
        .unwrap_or(usize::MAX);
    let suffix = format!(".{name}");
    let mut close: Vec<(usize, String)> = scored
        .into_iter()
        .filter(|(distance, candidate)| {
            (*distance <= limit && *distance <= best + 1)
                || (!name.is_empty() && candidate.ends_with(&suffix))
        })
        .collect();
    close.sort();
    close
        .into_iter()
        .take(5)
        .map(|(_, candidate)| candidate)
        .collect()
}

/// Formats a user error pointing at characters `start..start+len` (0-based, in characters) of the input.
fn error_at(input: &str, start: usize, len: usize, message: String) -> Error {
    let prefix_width: usize = input.chars().take(start).map(display_width).sum();
    let marked_width: usize = input
        .chars()
        .skip(start)
        .take(len.max(1))
        .map(display_width)
        .sum();
    let single_line = input.replace(['\n', '\r', '\t'], " ");
    Error::Filter(format!(
        "{message} at column {column}\n  {single_line}\n  {pad}{carets}",
        column = start + 1,
        pad = " ".repeat(prefix_width),
        carets = "^".repeat(marked_width.max(1)),
    ))
}

/// Terminal columns a character takes: 2 for CJK and full-width forms, 1 otherwise.
fn display_width(c: char) -> usize {
    let wide = crate::tokenizer::is_cjk(c)
        || matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6);
    if wide {
        2
    } else {
        1
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Compilation

/// Compiles a parsed filter into a tantivy query (scores are irrelevant: the caller wraps it in a constant score).
pub fn to_query(fields: &Fields, expr: &Expr) -> Box<dyn Query> {
    match expr {
        Expr::And(parts) => Box::new(BooleanQuery::new(
            parts
                .iter()
                .map(|part| (Occur::Must, to_query(fields, part)))
                .collect(),
        )),
        Expr::Or(parts) => Box::new(BooleanQuery::new(
            parts
                .iter()
                .map(|part| (Occur::Should, to_query(fields, part)))
                .collect(),
        )),
        Expr::Not(inner) => negate(to_query(fields, inner)),
        Expr::Condition(condition) => condition_query(fields, condition),
    }
}

fn negate(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(AllQuery)),
        (Occur::MustNot, query),
    ]))
}

fn condition_query(fields: &Fields, condition: &Condition) -> Box<dyn Query> {
    match (&condition.target, &condition.test) {
        (Target::Year | Target::Figure(_), Test::Exists) => {
            Box::new(ExistsQuery::new(condition.target.name(), false))
        }
        (Target::Year | Target::Figure(_), Test::Compare(op, value)) => {
            let range = |low: Bound<f64>, high: Bound<f64>| {
                numeric_range(fields, &condition.target, low, high)
            };
            match op {
                CompareOp::Eq => range(Bound::Included(*value), Bound::Included(*value)),
                CompareOp::Ne => negate(range(Bound::Included(*value), Bound::Included(*value))),
                CompareOp::Gt => range(Bound::Excluded(*value), Bound::Unbounded),
                CompareOp::Ge => range(Bound::Included(*value), Bound::Unbounded),
                CompareOp::Lt => range(Bound::Unbounded, Bound::Excluded(*value)),
                CompareOp::Le => range(Bound::Unbounded, Bound::Included(*value)),
            }
        }
        (Target::Year | Target::Figure(_), Test::Between(low, high)) => numeric_range(
            fields,
            &condition.target,
            Bound::Included(*low),
            Bound::Included(*high),
        ),
        (Target::Year | Target::Figure(_), Test::InNumbers(values)) => Box::new(BooleanQuery::new(
            values
                .iter()
                .map(|value| {
                    let query = numeric_range(
                        fields,
                        &condition.target,
                        Bound::Included(*value),
                        Bound::Included(*value),
                    );
                    (Occur::Should, query)
                })
                .collect(),
        )),
        (Target::Agency | Target::Facet(_), Test::Exists) => match &condition.target {
            Target::Facet(dimension) => term_query(Term::from_facet(
                fields.facets,
                &Facet::from_path([*dimension]),
            )),
            _ => Box::new(ExistsQuery::new("agency_exact".to_string(), false)),
        },
        (Target::Agency | Target::Facet(_), Test::InTexts(values)) => Box::new(BooleanQuery::new(
            values
                .iter()
                .map(|value| {
                    (
                        Occur::Should,
                        term_query(text_term(fields, &condition.target, value)),
                    )
                })
                .collect(),
        )),
        (Target::Agency | Target::Facet(_), Test::NotText(value)) => {
            negate(term_query(text_term(fields, &condition.target, value)))
        }
        // Values were validated against the target's type while parsing; nothing else can be built.
        _ => Box::new(tantivy::query::EmptyQuery),
    }
}

/// The term of a text value: a facet path for facets, the raw agency name for `agency`.
fn text_term(fields: &Fields, target: &Target, value: &str) -> Term {
    match target {
        Target::Facet(dimension) => {
            Term::from_facet(fields.facets, &Facet::from_path([*dimension, value]))
        }
        _ => Term::from_field_text(fields.agency_exact, value),
    }
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

fn numeric_range(
    fields: &Fields,
    target: &Target,
    low: Bound<f64>,
    high: Bound<f64>,
) -> Box<dyn Query> {
    match target {
        Target::Year => {
            // A year bound like `> 2020.5` cannot occur: years were checked to be whole numbers.
            let to_term = |value: f64| Term::from_field_i64(fields.year, value as i64);
            Box::new(RangeQuery::new(low.map(to_term), high.map(to_term)))
        }
        Target::Figure(path) => match fields.figures.get(path) {
            Some(field) => {
                let to_term = |value: f64| Term::from_field_f64(*field, value);
                Box::new(RangeQuery::new(low.map(to_term), high.map(to_term)))
            }
            None => Box::new(tantivy::query::EmptyQuery),
        },
        _ => Box::new(tantivy::query::EmptyQuery),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(input: &str) -> String {
        match parse(input) {
            Err(Error::Filter(message)) => message,
            other => panic!("expected a filter error for {input:?}, got {other:?}"),
        }
    }

    #[test]
    fn precedence_is_not_then_and_then_or() {
        let expr = parse("year = 2021 OR NOT level = township AND region EXISTS").unwrap();
        let Expr::Or(parts) = expr else {
            panic!("expected OR at the top")
        };
        assert_eq!(parts.len(), 2);
        let Expr::And(and_parts) = &parts[1] else {
            panic!("expected AND under OR")
        };
        assert!(matches!(and_parts[0], Expr::Not(_)));
    }

    #[test]
    fn a_stray_parenthesis_is_reported_at_its_column_with_a_caret() {
        let text = message("year > 2020)");
        assert!(text.starts_with("unexpected ')'"), "{text}");
        assert!(text.contains("at column 12"), "{text}");
        assert!(
            text.ends_with("\n  year > 2020)\n             ^"),
            "{text:?}"
        );
    }

    #[test]
    fn the_caret_accounts_for_wide_characters() {
        let text = message("agency = 新民屯镇 AND year >");
        assert!(text.contains("at column 25"), "{text}");
        // "agency = " (9) + 4 wide characters (8) + " AND year >" (11) columns before the end.
        assert!(
            text.ends_with(&format!("\n  {}^", " ".repeat(9 + 8 + 11))),
            "{text:?}"
        );
    }

    #[test]
    fn an_unknown_field_lists_close_names() {
        let text = message("applications.new_recieved.total > 0");
        assert!(
            text.contains("unknown field 'applications.new_recieved.total'"),
            "{text}"
        );
        assert!(
            text.contains("did you mean applications.new_received.total"),
            "{text}"
        );
        assert!(text.contains("at column 1"), "{text}");
        let suffix = message("new_received.total > 0");
        assert!(
            suffix.contains("applications.new_received.total"),
            "{suffix}"
        );
    }

    #[test]
    fn values_are_checked_against_the_field() {
        assert!(message("year > abc").contains("'abc' is not one"));
        assert!(message("year = 2021.5").contains("whole number"));
        assert!(message("level = village").contains("level is one of township"));
        assert!(message("agency > 3").contains("compares numbers"));
        assert!(message("year 2023 TO 2021").contains("is empty"));
    }

    #[test]
    fn incomplete_filters_say_what_was_expected() {
        assert!(message("year").contains("expected an operator"));
        assert!(
            message("year >").contains("expected a number for year, found the end of the filter")
        );
        assert!(message("(year > 1").contains("expected ')'"));
        assert!(message("year > 1 year < 3").contains("expected AND, OR"));
        assert!(message("agency = '新民屯").contains("never closed"));
        assert!(message("").contains("empty"));
        assert!(message("AND").contains("expected a field name"));
        assert!(message("year ! 3").contains("'!' must be followed by '='"));
    }

    #[test]
    fn ranges_lists_and_quotes_parse() {
        assert_eq!(
            parse("year 2020 TO 2022").unwrap(),
            Expr::Condition(Condition {
                target: Target::Year,
                test: Test::Between(2020.0, 2022.0)
            })
        );
        assert_eq!(
            parse("region IN [铁西区, \"舞钢市\"]").unwrap(),
            Expr::Condition(Condition {
                target: Target::Facet("region"),
                test: Test::InTexts(vec!["铁西区".into(), "舞钢市".into()])
            })
        );
        assert_eq!(
            parse("consistent = false").unwrap(),
            Expr::Condition(Condition {
                target: Target::Facet("check"),
                test: Test::InTexts(vec!["inconsistent".into()])
            })
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}year = 1{}", "(".repeat(5_000), ")".repeat(5_000));
        assert!(message(&deep).contains("nests deeper"));
        let nots = format!("{}year = 1", "NOT ".repeat(3_000));
        assert!(message(&nots).contains("nests deeper"));
    }
}
