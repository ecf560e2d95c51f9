//! Deterministic generator of realistic annual reports, for benchmarks and large-corpus tests.
//!
//! [`generate`] yields [`GeneratedReport`]s: the file's bytes as a body would publish them, and the [`Truth`] the bytes
//! were made from (agency, region, year, every table figure, the checks that were planted broken, the stated problems
//! with their theme). It mimics the five seeds and `domain.md`: tables flattened one cell per line, tab-separated rows
//! under Markdown headings, HTML tables with merged cells, the 2019 template, pre-2019 narrative reports, blank cells,
//! non-breaking spaces before digits, labels broken across lines, short rows, and GB18030-encoded files. A body
//! publishes one report a year over a run of years, carries its pending applications over, and sometimes repeats last
//! year's problems word for word.
//!
//! The output depends only on [`GenOptions`]: the random numbers come from SplitMix64 (a fixed, documented algorithm
//! written out below) rather than a crate whose stream may change between versions. Generation is sequential, and the
//! first N reports of a larger run are the N reports of a smaller one.

mod phrases;
mod render;

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;

use crate::report::{
    AppRow, Applications, Level, Num, Outcomes, ReviewLitigation, Template, APPLICATION_ROWS_2021,
    OTHER_COMBINED_ROW,
};

/// The share of reports in the 2021 template following one in the same template whose table-2 stock breaks across
/// the two years (see [`Truth::stock_breaks`]).
const STOCK_BREAK_SHARE: f64 = 0.04;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// How many reports.
    pub count: usize,
    /// The seed; the same options give the same bytes.
    pub seed: u64,
    /// The share of reports with tables whose figures break a consistency check (default 0.05).
    pub broken_share: f64,
    /// The last report year (default 2024); bodies publish up to this year.
    pub last_year: i32,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            count: 1000,
            seed: 1,
            broken_share: 0.05,
            last_year: 2024,
        }
    }
}

/// How the report's text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Plain text, tables flattened one cell per line with a leading tab, rows separated by blank lines (seeds 000,
    /// 002, 003, 004).
    CellPerLine,
    /// Markdown headings, tables as tab-separated rows (seed 001).
    TabRows,
    /// An HTML page with `<table>`s using rowspan/colspan.
    Html,
    /// A pre-2019 narrative report without standard tables.
    Narrative,
}

/// A statement of section 5 and the theme it was drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// The theme key, e.g. `staff_training` (see `gen/phrases.rs`).
    pub theme: &'static str,
    /// The statement as printed, without enumerator or closing punctuation.
    pub text: String,
}

/// A consistency check (rule and scope, as in [`crate::report::Check`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CheckRef {
    /// `balance`, `row_sum`, `outcome_sum` or `review_total`.
    pub rule: &'static str,
    /// A column key (`balance`, `outcome_sum`), a row key (`row_sum`) or a part key (`review_total`).
    pub scope: String,
}

/// What a generated report says, field by field: the answer key for parser tests and evaluations.
#[derive(Debug, Clone, Serialize)]
pub struct Truth {
    /// The generated body's number; the same body publishes over several years.
    pub body_id: u64,
    /// The issuing body as printed (`尚店镇人民政府`, `平安镇`, `教育局`).
    pub agency: String,
    /// The enclosing county/city/province when the report prints it with the body, else null.
    pub region: Option<String>,
    /// The body's administrative level.
    pub level: Level,
    /// The year reported on.
    pub year: i32,
    /// The publication date printed at the end (`YYYY-MM-DD`), if any.
    pub published: Option<String>,
    /// Whether the report was published after its legal deadline (2019 regulations, articles 49–50): 31 January of
    /// the following year for a department (部门), 31 March for a government (人民政府 of any level, and a township's
    /// 街道办事处).
    pub late: bool,
    /// The table template.
    pub template: Template,
    /// The text layout.
    pub layout: Layout,
    /// The encoding of the bytes: `utf-8`, `utf-8-bom` or `gb18030`.
    pub encoding: &'static str,
    /// Table 2 as printed (blank cells null), keyed like [`crate::report::Report::proactive`].
    pub proactive: BTreeMap<String, BTreeMap<String, Option<Num>>>,
    /// Table 3 as printed (blank cells null); null for narrative reports.
    pub applications: Option<Applications>,
    /// Table 4 as printed; null for narrative reports.
    pub review_litigation: Option<ReviewLitigation>,
    /// Applications received as stated in a narrative report's sentence, if it is one.
    pub narrative_applications: Option<i64>,
    /// The checks a planted error was aimed at (empty for most reports).
    pub planted_breaks: Vec<CheckRef>,
    /// Every check the printed figures fail (a planted error can break more than the one it aimed at).
    pub broken_checks: Vec<CheckRef>,
    /// True when this year's 上年结转 differs from last year's 结转下年度 in some column (a cross-year break).
    pub carried_over_break: bool,
    /// Table-2 rows (`regulations`, `normative_documents`) whose stock breaks across years: last year's 现行有效件数 +
    /// this year's 本年制发件数 − 本年废止件数 ≠ this year's 现行有效件数. Planted only where both years print the stock
    /// (the 2021 template, consecutive years); everywhere else the identity holds.
    pub stock_breaks: Vec<String>,
    /// Table-3 rows printed with one cell too few (the dropped cell is null in `applications`).
    pub short_rows: Vec<String>,
    /// The stated problems.
    pub problems: Vec<Statement>,
    /// The stated improvements.
    pub improvements: Vec<Statement>,
    /// True when the problems and improvements repeat last year's word for word.
    pub repeats_last_year: bool,
}

/// One generated report file.
#[derive(Debug, Clone)]
pub struct GeneratedReport {
    /// The file name (`0000042_b000017_2022.txt`, `.html` for HTML).
    pub file_name: String,
    /// The file's bytes, in the encoding named by the truth.
    pub bytes: Vec<u8>,
    /// What the report says.
    pub truth: Truth,
}

/// Generates `options.count` reports, lazily.
pub fn generate(options: &GenOptions) -> Generator {
    Generator {
        options: options.clone(),
        rng: Rng::new(options.seed),
        produced: 0,
        next_body: 0,
        provinces_used: 0,
        pending: VecDeque::new(),
    }
}

/// The iterator returned by [`generate`].
#[derive(Debug)]
pub struct Generator {
    options: GenOptions,
    rng: Rng,
    produced: usize,
    next_body: u64,
    provinces_used: usize,
    pending: VecDeque<GeneratedReport>,
}

impl Iterator for Generator {
    type Item = GeneratedReport;

    fn next(&mut self) -> Option<GeneratedReport> {
        if self.produced >= self.options.count {
            return None;
        }
        if self.pending.is_empty() {
            self.generate_body();
        }
        let mut report = self.pending.pop_front()?;
        report.file_name = format!(
            "{:07}_b{:06}_{}.{}",
            self.produced,
            report.truth.body_id,
            report.truth.year,
            if report.truth.layout == Layout::Html {
                "html"
            } else {
                "txt"
            }
        );
        self.produced += 1;
        Some(report)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.options.count - self.produced;
        (left, Some(left))
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Random numbers

/// SplitMix64 (Steele, Lea & Flood 2014): a fixed algorithm, so a seed gives the same corpus in every version.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed ^ 0x6E69_616E_6261_6F00)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (0 when n is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// A uniform float in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub(crate) fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    /// A count with an exponential distribution of the given mean, rounded down.
    pub(crate) fn count(&mut self, mean: f64) -> i64 {
        if mean <= 0.0 {
            return 0;
        }
        let u = 1.0 - self.unit();
        (-mean * u.ln()).floor() as i64
    }

    /// A child generator for one body, so bodies do not depend on how much text the previous body consumed.
    fn fork(&mut self) -> Rng {
        Rng(self.next_u64())
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies

/// A body that publishes reports, with its fixed habits (real offices reuse last year's file).
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub(crate) id: u64,
    pub(crate) level: Level,
    /// The agency as printed in the title.
    pub(crate) agency: String,
    /// The enclosing unit, printed or not.
    pub(crate) region: String,
    /// Whether the title/signature prints the region with the agency.
    pub(crate) region_printed: bool,
    /// `{N}`: how the text names the body.
    pub(crate) short: String,
    /// `{W}`: how the body names itself.
    pub(crate) we: &'static str,
    /// `{U}`: the level above (`区`, `市`, `省`).
    pub(crate) upper: &'static str,
    /// Title and signature style, 0..=5 (see `render::title`).
    pub(crate) title_style: u8,
    /// Layout of reports with tables.
    pub(crate) layout: Layout,
    pub(crate) gb18030: bool,
    /// Multiplier of the application volume.
    pub(crate) scale: f64,
}

impl Generator {
    fn generate_body(&mut self) {
        let mut rng = self.rng.fork();
        let id = self.next_body;
        self.next_body += 1;
        let body = self.make_body(id, &mut rng);

        let last = self.options.last_year;
        let years: Vec<i32> = if rng.chance(0.1) {
            // An older body with a run of narrative reports (2008–2018).
            let span = 1 + rng.below(4) as i32;
            let end = 2011 + rng.below(8) as i32;
            (end - span + 1..=end).collect()
        } else {
            let span = 1 + rng.below(6) as i32;
            let end = last - rng.below(2) as i32;
            (end - span + 1..=end)
                .filter(|year| *year >= 2019)
                .collect()
        };
        let mut state = BodyState::default();
        for year in years {
            let report = make_report(&body, year, &mut state, &self.options, &mut rng);
            self.pending.push_back(report);
        }
    }

    fn make_body(&mut self, id: u64, rng: &mut Rng) -> Body {
        let roll = rng.unit();
        let mut level = if roll < 0.56 {
            Level::Township
        } else if roll < 0.80 {
            Level::Department
        } else if roll < 0.93 {
            Level::County
        } else if roll < 0.995 {
            Level::City
        } else {
            Level::Province
        };
        if level == Level::Province && self.provinces_used >= phrases::PROVINCES.len() {
            level = Level::City;
        }
        let title_style = rng.below(6) as u8;
        let layout = {
            let roll = rng.unit();
            if roll < 0.5 {
                Layout::CellPerLine
            } else if roll < 0.75 {
                Layout::TabRows
            } else {
                Layout::Html
            }
        };
        let gb18030 = layout != Layout::Html && rng.chance(0.03);
        let scale = (rng.unit() * 3.0 - 1.2).exp();
        // Names come from the body's number, so no two bodies share agency and region.
        let county_of = |n: u64| {
            let suffix = ["县", "区", "市", "县", "区"][(n % 5) as usize];
            format!("{}{}", place_name(n + 7_919), suffix)
        };
        let (agency, region, short, we, upper, region_printed) = match level {
            Level::Township => {
                let stem = place_name(id);
                let (kind, we) = *rng.pick(&[
                    ("镇", "我镇"),
                    ("镇", "我镇"),
                    ("乡", "我乡"),
                    ("街道", "我街道"),
                ]);
                let region = county_of(rng.below(20_000) as u64);
                let upper = if region.ends_with('区') {
                    "区"
                } else {
                    "县"
                };
                let upper = if region.ends_with('市') {
                    "市"
                } else {
                    upper
                };
                let short = format!("{stem}{kind}");
                let full = if kind == "街道" {
                    format!("{short}办事处")
                } else {
                    format!("{short}人民政府")
                };
                // Styles 3 and 4 print the short name (seeds 003, 004).
                let agency = if title_style == 3 || title_style == 4 {
                    short.clone()
                } else {
                    full
                };
                let region_printed = !matches!(title_style, 4 | 5);
                (agency, region, short, we, upper, region_printed)
            }
            Level::Department => {
                let (dept, we) =
                    phrases::DEPARTMENTS[(id % phrases::DEPARTMENTS.len() as u64) as usize];
                let region_index = id / phrases::DEPARTMENTS.len() as u64;
                let region = if region_index % 4 == 3 {
                    format!("{}市", place_name(region_index + 400_000))
                } else {
                    county_of(region_index)
                };
                let upper = if region.ends_with('区') {
                    "区"
                } else {
                    "县"
                };
                let upper = if region.ends_with('市') {
                    "市"
                } else {
                    upper
                };
                let short = format!("{region}{dept}");
                (dept.to_string(), region, short, we, upper, true)
            }
            Level::County => {
                let suffix = *rng.pick(&["县", "区", "市"]);
                let name = format!("{}{}", place_name(id + 1_000_000), suffix);
                let we = match suffix {
                    "县" => "我县",
                    "区" => "我区",
                    _ => "我市",
                };
                let city = format!("{}市", place_name(rng.below(3_000) as u64 + 400_000));
                (format!("{name}人民政府"), city, name, we, "市", false)
            }
            Level::City => {
                let name = format!("{}市", place_name(id + 2_000_000));
                let province = rng.pick(phrases::PROVINCES).to_string();
                (
                    format!("{name}人民政府"),
                    province,
                    name,
                    "我市",
                    "省",
                    false,
                )
            }
            Level::Province => {
                let name = phrases::PROVINCES[self.provinces_used].to_string();
                self.provinces_used += 1;
                let we = if name.ends_with('省') {
                    "我省"
                } else if name.ends_with("自治区") {
                    "我区"
                } else {
                    "我市"
                };
                (
                    format!("{name}人民政府"),
                    String::new(),
                    name,
                    we,
                    "国务院",
                    false,
                )
            }
        };
        Body {
            id,
            level,
            agency,
            region,
            region_printed,
            short,
            we,
            upper,
            title_style,
            layout,
            gb18030,
            scale,
        }
    }
}

/// A place-name stem unique to `n`: two characters for small numbers, three for larger ones (a bijection, shuffled
/// so neighbouring numbers do not share their first character).
fn place_name(n: u64) -> String {
    let base = phrases::NAME_CHARS.len() as u64;
    let two = base * base;
    let (value, digits) = if n < two {
        ((n * 7_919) % two, 2)
    } else {
        let three = two * base;
        (((n - two) % three) * 104_729 % three, 3)
    };
    let mut out = String::with_capacity(digits * 3);
    let mut rest = value;
    for _ in 0..digits {
        out.push_str(phrases::NAME_CHARS[(rest % base) as usize]);
        rest /= base;
    }
    out
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

/// Table 3 as an array: rows in [`APPLICATION_ROWS_2021`] order, then `other_combined` (index 25).
pub(crate) type Grid = [[i64; 7]; 26];

pub(crate) const NEW: usize = 0;
pub(crate) const CARRIED: usize = 1;
pub(crate) const CLOSED: usize = 23;
pub(crate) const TO_NEXT: usize = 24;
pub(crate) const OTHER_COMBINED: usize = 25;
pub(crate) const TOTAL: usize = 6;

/// The outcome rows (一)…(六) of a template, by index into [`Grid`].
pub(crate) fn outcome_rows(template: Template) -> &'static [usize] {
    const T2021: [usize; 21] = [
        2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
    ];
    const T2019: [usize; 19] = [
        2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 25,
    ];
    match template {
        Template::T2019 => &T2019,
        _ => &T2021,
    }
}

/// The rows a template prints, in order.
pub(crate) fn printed_rows(template: Template) -> &'static [usize] {
    const T2021: [usize; 25] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
    ];
    const T2019: [usize; 23] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 25, 23, 24,
    ];
    match template {
        Template::T2019 => &T2019,
        _ => &T2021,
    }
}

/// The record key of a grid row.
pub(crate) fn row_key(row: usize) -> &'static str {
    if row == OTHER_COMBINED {
        OTHER_COMBINED_ROW.0
    } else {
        APPLICATION_ROWS_2021[row].0
    }
}

/// Relative frequency of each outcome row (indices 2..=22).
const OUTCOME_WEIGHTS: [f64; 21] = [
    45.0, 8.0, 0.5, 1.0, 0.5, 2.0, 2.0, 2.0, 1.0, 1.0, 20.0, 3.0, 3.0, 3.0, 2.0, 0.5, 0.5, 1.0,
    3.0, 0.3, 2.0,
];

/// What a body remembers from one year to the next.
#[derive(Debug, Clone, Default)]
pub(crate) struct BodyState {
    pub(crate) previous_year: Option<i32>,
    pub(crate) carried_to_next: Option<[i64; 7]>,
    pub(crate) normative_in_force: i64,
    pub(crate) regulations_in_force: i64,
    /// The template of the last year's report (for the stock check, which needs the 2021 template both years).
    pub(crate) previous_template: Option<Template>,
    pub(crate) problems: Vec<Statement>,
    pub(crate) improvements: Vec<Statement>,
    pub(crate) section5: Option<String>,
}

/// Mean applications from natural persons per year, by level.
fn application_mean(level: Level) -> f64 {
    match level {
        Level::Township => 0.7,
        Level::County => 8.0,
        Level::City => 60.0,
        Level::Province => 250.0,
        Level::Department => 9.0,
    }
}

/// Fills table 3 so that every check holds: rows sum to their total, outcomes to (七), and
/// new + carried = closed + carried to next, per column.
fn make_grid(body: &Body, template: Template, carried: Option<[i64; 7]>, rng: &mut Rng) -> Grid {
    let mut grid: Grid = [[0; 7]; 26];
    let natural_mean = application_mean(body.level) * body.scale;
    let org_means = [0.15, 0.01, 0.02, 0.05, 0.05];
    for column in 0..6 {
        let mean = if column == 0 {
            natural_mean
        } else {
            natural_mean * org_means[column - 1]
        };
        let new = if column == 0 || rng.chance(0.5) {
            rng.count(mean)
        } else {
            0
        };
        let carried = match carried {
            Some(previous) => previous[column],
            None => {
                if rng.chance(0.1) {
                    rng.count(mean * 0.1)
                } else {
                    0
                }
            }
        };
        let available = new + carried;
        let to_next = if available > 0 && rng.chance(0.15) {
            rng.below((available / 4 + 1) as usize) as i64
        } else {
            0
        };
        let closed = available - to_next;
        grid[NEW][column] = new;
        grid[CARRIED][column] = carried;
        grid[TO_NEXT][column] = to_next;
        distribute(closed, column, &mut grid, rng);
    }
    if template == Template::T2019 {
        // The 2019 template prints （六）其他处理 as one row.
        grid[OTHER_COMBINED] =
            std::array::from_fn(|column| grid[20][column] + grid[21][column] + grid[22][column]);
        grid[20] = [0; 7];
        grid[21] = [0; 7];
        grid[22] = [0; 7];
    }
    grid[CLOSED] = std::array::from_fn(|column| {
        outcome_rows(template)
            .iter()
            .map(|&row| grid[row][column])
            .sum()
    });
    for row in grid.iter_mut() {
        row[TOTAL] = row[..TOTAL].iter().sum();
    }
    grid
}

/// Spreads `closed` applications of one column over the outcome rows.
fn distribute(closed: i64, column: usize, grid: &mut Grid, rng: &mut Rng) {
    let total_weight: f64 = OUTCOME_WEIGHTS.iter().sum();
    if closed <= 24 {
        for _ in 0..closed {
            let mut target = rng.unit() * total_weight;
            let mut row = 2;
            for (index, weight) in OUTCOME_WEIGHTS.iter().enumerate() {
                if target < *weight {
                    row = 2 + index;
                    break;
                }
                target -= weight;
            }
            grid[row][column] += 1;
        }
        return;
    }
    let mut left = closed;
    for (index, weight) in OUTCOME_WEIGHTS.iter().enumerate().skip(1) {
        let share = (closed as f64 * weight / total_weight * (0.5 + rng.unit())).floor() as i64;
        let share = share.min(left);
        grid[2 + index][column] += share;
        left -= share;
    }
    grid[2][column] += left;
}

/// Table 4: mostly zeros; a few cases for larger bodies. Every total is the sum of its four outcomes.
fn make_review(body: &Body, rng: &mut Rng) -> ReviewLitigation {
    let mean = match body.level {
        Level::Township => 0.03,
        Level::County => 0.6,
        Level::City => 3.0,
        Level::Province => 8.0,
        Level::Department => 0.8,
    } * body.scale;
    let mut part = |mean: f64| {
        let upheld = rng.count(mean * 0.6);
        let corrected = rng.count(mean * 0.15);
        let other = rng.count(mean * 0.1);
        let pending = rng.count(mean * 0.15);
        Outcomes::from_cells([
            Some(upheld),
            Some(corrected),
            Some(other),
            Some(pending),
            Some(upheld + corrected + other + pending),
        ])
    };
    ReviewLitigation {
        reconsideration: part(mean),
        litigation_direct: part(mean * 0.5),
        litigation_after_reconsideration: part(mean * 0.2),
    }
}

/// A printed figure of table 2: the value and how it is written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Figure {
    pub(crate) value: Num,
    /// Printed blank.
    pub(crate) blank: bool,
}

/// Table 2 rows as printed: (row key, [(column key, figure)]).
pub(crate) type Proactive = Vec<(&'static str, Vec<(&'static str, Figure)>)>;

fn int(value: i64) -> Figure {
    Figure {
        value: Num::Int(value),
        blank: false,
    }
}

fn money(rng: &mut Rng, mean: f64) -> Figure {
    let cents = rng.count(mean * 100.0);
    if cents == 0 {
        int(0)
    } else {
        Figure {
            value: Num::Dec(cents as f64 / 100.0),
            blank: false,
        }
    }
}

/// Table 2. The stocks follow last year's: 现行有效件数 = last year's + 制发 − 废止 (废止 never exceeds what is in
/// force), except in the rows of `stock_breaks`, where the printed stock is off by a few documents (planted by the
/// caller) and the following year continues from the printed figure.
/// Only cities and provinces make 规章.
fn body_makes_regulations(body: &Body) -> bool {
    matches!(body.level, Level::City | Level::Province)
}

fn make_proactive(
    body: &Body,
    template: Template,
    state: &mut BodyState,
    stock_breaks: &[String],
    rng: &mut Rng,
) -> Proactive {
    let (normative_mean, decisions_mean) = match body.level {
        Level::Township => (0.3, 6.0),
        Level::County => (3.0, 300.0),
        Level::City => (8.0, 1500.0),
        Level::Province => (15.0, 4000.0),
        Level::Department => (2.0, 400.0),
    };
    let decisions_mean = decisions_mean * body.scale;
    let makes_regulations = body_makes_regulations(body);
    let regulations_issued = if makes_regulations { rng.count(1.5) } else { 0 };
    let regulations_repealed = if makes_regulations {
        rng.count(0.5)
            .min(state.regulations_in_force + regulations_issued)
    } else {
        0
    };
    state.regulations_in_force += regulations_issued - regulations_repealed;
    let normative_issued = rng.count(normative_mean);
    if state.previous_year.is_none() {
        state.normative_in_force = rng.count(normative_mean * 4.0);
    }
    let normative_repealed = rng
        .count(normative_mean * 0.3)
        .min(state.normative_in_force + normative_issued);
    state.normative_in_force += normative_issued - normative_repealed;
    for row in stock_breaks {
        let stock = if row == "regulations" {
            &mut state.regulations_in_force
        } else {
            &mut state.normative_in_force
        };
        let off = 1 + rng.below(3) as i64;
        *stock = if *stock >= off && rng.chance(0.5) {
            *stock - off
        } else {
            *stock + off
        };
    }
    let licensing = rng.count(decisions_mean);
    let punishment = rng.count(decisions_mean * 0.6);
    let coercion = rng.count(decisions_mean * 0.05);
    match template {
        Template::T2019 => {
            let items = |rng: &mut Rng, mean: f64| {
                let last = rng.count(mean);
                let change = rng.below(5) as i64 - 2;
                (last, change)
            };
            let (licensing_items, licensing_change) = items(rng, 30.0);
            let (services_items, services_change) = items(rng, 10.0);
            let (punishment_items, punishment_change) = items(rng, 40.0);
            let (coercion_items, coercion_change) = items(rng, 5.0);
            let (fee_items, fee_change) = items(rng, 2.0);
            vec![
                (
                    "regulations",
                    vec![
                        ("new_made", int(regulations_issued)),
                        ("new_published", int(regulations_issued)),
                        ("total_published", int(state.regulations_in_force)),
                    ],
                ),
                (
                    "normative_documents",
                    vec![
                        ("new_made", int(normative_issued)),
                        ("new_published", int(normative_issued)),
                        ("total_published", int(state.normative_in_force)),
                    ],
                ),
                (
                    "licensing",
                    vec![
                        ("items_last_year", int(licensing_items)),
                        ("items_change", int(licensing_change.max(-licensing_items))),
                        ("decisions", int(licensing)),
                    ],
                ),
                (
                    "other_services",
                    vec![
                        ("items_last_year", int(services_items)),
                        ("items_change", int(services_change.max(-services_items))),
                        ("decisions", int(rng.count(decisions_mean * 0.3))),
                    ],
                ),
                (
                    "punishment",
                    vec![
                        ("items_last_year", int(punishment_items)),
                        (
                            "items_change",
                            int(punishment_change.max(-punishment_items)),
                        ),
                        ("decisions", int(punishment)),
                    ],
                ),
                (
                    "coercion",
                    vec![
                        ("items_last_year", int(coercion_items)),
                        ("items_change", int(coercion_change.max(-coercion_items))),
                        ("decisions", int(coercion)),
                    ],
                ),
                (
                    "fees",
                    vec![
                        ("items_last_year", int(fee_items)),
                        ("items_change", int(fee_change.max(-fee_items))),
                    ],
                ),
                (
                    "procurement",
                    vec![
                        ("procurement_items", int(rng.count(3.0))),
                        ("procurement_amount", money(rng, 40.0)),
                    ],
                ),
            ]
        }
        _ => {
            let fee = if body.level == Level::Department && rng.chance(0.3) {
                money(rng, 30.0)
            } else {
                int(0)
            };
            vec![
                (
                    "regulations",
                    vec![
                        ("issued", int(regulations_issued)),
                        ("repealed", int(regulations_repealed)),
                        ("in_force", int(state.regulations_in_force)),
                    ],
                ),
                (
                    "normative_documents",
                    vec![
                        ("issued", int(normative_issued)),
                        ("repealed", int(normative_repealed)),
                        ("in_force", int(state.normative_in_force)),
                    ],
                ),
                ("licensing", vec![("decisions", int(licensing))]),
                ("punishment", vec![("decisions", int(punishment))]),
                ("coercion", vec![("decisions", int(coercion))]),
                ("fees", vec![("fee_amount", fee)]),
            ]
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Checks (evaluated on the printed figures, blank as zero)

/// Every check the figures of tables 3 and 4 fail. A check whose cells are all blank is not evaluated.
pub fn failing_checks(
    applications: Option<&Applications>,
    review: Option<&ReviewLitigation>,
) -> Vec<CheckRef> {
    let mut failing = Vec::new();
    if let Some(applications) = applications {
        let cell = |row: &str, column: usize| {
            applications
                .row(row)
                .map(|r| r.cells()[column])
                .unwrap_or(None)
        };
        let outcome_keys: Vec<&str> = applications
            .rows
            .keys()
            .map(String::as_str)
            .filter(|key| {
                !matches!(
                    *key,
                    "new_received" | "carried_over" | "closed_total" | "carried_to_next"
                )
            })
            .collect();
        for (column, (column_key, _)) in crate::report::APPLICANT_COLUMNS.iter().enumerate() {
            let parts = [
                cell("new_received", column),
                cell("carried_over", column),
                cell("closed_total", column),
                cell("carried_to_next", column),
            ];
            if parts.iter().any(Option::is_some) {
                let [new, carried, closed, next] = parts.map(|value| value.unwrap_or(0));
                if new + carried != closed + next {
                    failing.push(CheckRef {
                        rule: "balance",
                        scope: column_key.to_string(),
                    });
                }
            }
            let outcomes: Vec<Option<i64>> =
                outcome_keys.iter().map(|key| cell(key, column)).collect();
            let printed = cell("closed_total", column);
            if printed.is_some() || outcomes.iter().any(Option::is_some) {
                let sum: i64 = outcomes.iter().map(|value| value.unwrap_or(0)).sum();
                if sum != printed.unwrap_or(0) {
                    failing.push(CheckRef {
                        rule: "outcome_sum",
                        scope: column_key.to_string(),
                    });
                }
            }
        }
        for (key, row) in &applications.rows {
            let cells = row.cells();
            if cells.iter().any(Option::is_some) {
                let sum: i64 = cells[..TOTAL].iter().map(|value| value.unwrap_or(0)).sum();
                if sum != cells[TOTAL].unwrap_or(0) {
                    failing.push(CheckRef {
                        rule: "row_sum",
                        scope: key.clone(),
                    });
                }
            }
        }
    }
    if let Some(review) = review {
        for part in ReviewLitigation::PARTS {
            if let Some(outcomes) = review.part(part) {
                let cells = outcomes.cells();
                if cells.iter().any(Option::is_some) {
                    let sum: i64 = cells[..4].iter().map(|value| value.unwrap_or(0)).sum();
                    if sum != cells[4].unwrap_or(0) {
                        failing.push(CheckRef {
                            rule: "review_total",
                            scope: part.to_string(),
                        });
                    }
                }
            }
        }
    }
    failing.sort();
    failing
}

/// Changes one or two printed figures so that a check breaks; returns the check aimed at.
fn plant_break(
    grid: &mut Grid,
    review: &mut ReviewLitigation,
    template: Template,
    rng: &mut Rng,
) -> CheckRef {
    let delta = 1 + rng.below(3) as i64;
    let column = if rng.chance(0.5) { 0 } else { rng.below(6) };
    let column_key = crate::report::APPLICANT_COLUMNS[column].0;
    match rng.below(4) {
        0 => {
            // A mistyped 本年新收 (the row still sums): the balance of that column and of the totals breaks.
            grid[NEW][column] += delta;
            grid[NEW][TOTAL] += delta;
            CheckRef {
                rule: "balance",
                scope: column_key.to_string(),
            }
        }
        1 => {
            // A total that contradicts its row (seed 002).
            let rows = printed_rows(template);
            let row = rows[rng.below(rows.len())];
            grid[row][TOTAL] =
                (grid[row][TOTAL] + if rng.chance(0.5) { delta } else { -delta }).max(0);
            if grid[row][TOTAL] == grid[row][..TOTAL].iter().sum::<i64>() {
                grid[row][TOTAL] += delta;
            }
            CheckRef {
                rule: "row_sum",
                scope: row_key(row).to_string(),
            }
        }
        2 => {
            // An outcome counted in its row but left out of (七)总计.
            let rows = outcome_rows(template);
            let row = rows[rng.below(rows.len())];
            grid[row][column] += delta;
            grid[row][TOTAL] += delta;
            CheckRef {
                rule: "outcome_sum",
                scope: column_key.to_string(),
            }
        }
        _ => {
            let part = rng.below(3);
            let outcomes = match part {
                0 => &mut review.reconsideration,
                1 => &mut review.litigation_direct,
                _ => &mut review.litigation_after_reconsideration,
            };
            outcomes.total = Some(outcomes.total.unwrap_or(0) + delta);
            CheckRef {
                rule: "review_total",
                scope: ReviewLitigation::PARTS[part].to_string(),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Section 5

fn make_statements(state: &BodyState, rng: &mut Rng) -> (Vec<Statement>, Vec<Statement>, bool) {
    if !state.problems.is_empty() && rng.chance(0.2) {
        return (state.problems.clone(), state.improvements.clone(), true);
    }
    let count = *rng.pick(&[1, 2, 2, 2, 3, 3, 3, 4]);
    let mut themes: Vec<usize> = Vec::with_capacity(count);
    while themes.len() < count {
        let theme = rng.below(phrases::THEMES.len());
        if !themes.contains(&theme) {
            themes.push(theme);
        }
    }
    let mut problems = Vec::with_capacity(count);
    let mut improvements = Vec::with_capacity(count);
    for theme in themes {
        let (key, problem_phrasings, improvement_phrasings) = phrases::THEMES[theme];
        problems.push(Statement {
            theme: key,
            text: rng.pick(problem_phrasings).to_string(),
        });
        improvements.push(Statement {
            theme: key,
            text: rng.pick(improvement_phrasings).to_string(),
        });
    }
    (problems, improvements, false)
}

// ---------------------------------------------------------------------------------------------------------------
// One report

fn make_report(
    body: &Body,
    year: i32,
    state: &mut BodyState,
    options: &GenOptions,
    rng: &mut Rng,
) -> GeneratedReport {
    let template = if year < 2019 {
        Template::Pre2019
    } else if year < 2021 || rng.chance(0.04) {
        Template::T2019
    } else {
        Template::T2021
    };
    let layout = if template == Template::Pre2019 {
        Layout::Narrative
    } else {
        body.layout
    };
    let continuing = state.previous_year == Some(year - 1);
    if !continuing {
        state.carried_to_next = None;
    }

    let (problems, improvements, repeats) = make_statements(state, rng);
    let repeats_last_year = repeats && continuing;

    let mut truth = Truth {
        body_id: body.id,
        agency: body.agency.clone(),
        region: body.region_printed.then(|| body.region.clone()),
        level: body.level,
        year,
        published: None,
        late: false,
        template,
        layout,
        encoding: "utf-8",
        proactive: BTreeMap::new(),
        applications: None,
        review_litigation: None,
        narrative_applications: None,
        planted_breaks: Vec::new(),
        broken_checks: Vec::new(),
        carried_over_break: false,
        stock_breaks: Vec::new(),
        short_rows: Vec::new(),
        problems,
        improvements,
        repeats_last_year,
    };

    let mut tables = None;
    if template == Template::Pre2019 {
        truth.narrative_applications = Some(rng.count(application_mean(body.level) * body.scale));
        state.normative_in_force = rng.count(5.0);
    } else {
        let mut carried = state.carried_to_next;
        if let Some(previous) = carried.as_mut() {
            if rng.chance(0.05) {
                // Last year's 结转下年度 is not this year's 上年结转 (a cross-year break).
                previous[rng.below(6)] += 1 + rng.below(2) as i64;
                truth.carried_over_break = true;
            }
        }
        let mut grid = make_grid(body, template, carried, rng);
        if truth.carried_over_break {
            // Only a break if the printed figures differ from last year's.
            truth.carried_over_break = state
                .carried_to_next
                .is_some_and(|last| last[..6] != grid[CARRIED][..6]);
        }
        let mut review = make_review(body, rng);
        if rng.chance(options.broken_share) {
            truth
                .planted_breaks
                .push(plant_break(&mut grid, &mut review, template, rng));
        }
        state.carried_to_next = Some(grid[TO_NEXT]);
        // Stock breaks, where the next-year check can see them (both years in the 2021 template).
        if continuing
            && template == Template::T2021
            && state.previous_template == Some(Template::T2021)
            && rng.chance(STOCK_BREAK_SHARE)
        {
            let row = if body_makes_regulations(body) && rng.chance(0.5) {
                "regulations"
            } else {
                "normative_documents"
            };
            truth.stock_breaks.push(row.to_string());
        }
        let proactive = make_proactive(body, template, state, &truth.stock_breaks, rng);
        tables = Some(render::Tables::new(
            grid, review, proactive, template, layout, rng,
        ));
    }
    state.previous_year = Some(year);
    state.previous_template = Some(template);

    let rendered = render::render(body, &mut truth, tables.as_ref(), state, rng);
    state.problems = truth.problems.clone();
    state.improvements = truth.improvements.clone();

    if let Some(tables) = &tables {
        truth.applications = Some(tables.applications());
        truth.review_litigation = Some(tables.review_printed());
        truth.proactive = tables.proactive_printed();
        truth.short_rows = tables.short_row_keys();
    }
    truth.broken_checks = failing_checks(
        truth.applications.as_ref(),
        truth.review_litigation.as_ref(),
    );

    let bytes = if body.gb18030 {
        truth.encoding = "gb18030";
        let (encoded, _, _) = encoding_rs::GB18030.encode(&rendered);
        encoded.into_owned()
    } else if layout != Layout::Html && rng.chance(0.02) {
        truth.encoding = "utf-8-bom";
        let mut bytes = Vec::with_capacity(rendered.len() + 3);
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
        bytes.extend_from_slice(rendered.as_bytes());
        bytes
    } else {
        rendered.into_bytes()
    };

    GeneratedReport {
        file_name: String::new(),
        bytes,
        truth,
    }
}

/// Builds the record's [`Applications`] from a grid and a blank mask, for the rows a template prints.
pub(crate) fn applications_from(
    grid: &Grid,
    blank: &[[bool; 7]; 26],
    template: Template,
) -> Applications {
    let mut rows = BTreeMap::new();
    for &row in printed_rows(template) {
        let mut cells = [None; 7];
        for (column, cell) in cells.iter_mut().enumerate() {
            if !blank[row][column] {
                *cell = Some(grid[row][column]);
            }
        }
        rows.insert(row_key(row).to_string(), AppRow::from_cells(cells));
    }
    Applications { rows }
}
