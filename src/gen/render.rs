//! Rendering of one generated report: the document as blocks (title, headings, paragraphs, tables), then written out
//! in the body's layout (cell per line, tab rows under Markdown headings, HTML, or a narrative).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::phrases;
use super::{
    applications_from, printed_rows, Body, BodyState, Figure, Grid, Layout, Proactive, Rng,
    Statement, Truth, TOTAL,
};
use crate::report::{Applications, Level, Num, Outcomes, ReviewLitigation, Template};

/// How the digits of a cell are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumStyle {
    Plain,
    /// A no-break space before the digits of the first four applicant columns (seed 000).
    NbspFirstFour,
    /// An ideographic space before some digits.
    Ideographic,
    /// A no-break space after the digits (seed 004).
    TrailingNbsp,
    /// Full-width digits.
    FullWidth,
}

/// The tables of one report as printed, and how they are printed.
#[derive(Debug, Clone)]
pub(crate) struct Tables {
    grid: Grid,
    blank: [[bool; 7]; 26],
    review: ReviewLitigation,
    review_blank: bool,
    proactive: Proactive,
    template: Template,
    short_rows: Vec<usize>,
    num_style: NumStyle,
    full_brackets: bool,
    bracket_space: bool,
    dot: &'static str,
    curly_quotes: bool,
    broken_labels: bool,
    short_law_label: bool,
}

impl Tables {
    pub(crate) fn new(
        grid: Grid,
        review: ReviewLitigation,
        mut proactive: Proactive,
        template: Template,
        layout: Layout,
        rng: &mut Rng,
    ) -> Tables {
        let mut blank = [[false; 7]; 26];
        let zeros_blank = layout != Layout::TabRows && rng.chance(0.12);
        if zeros_blank {
            // Seed 003: zero cells left blank, the total column still printed.
            for &row in printed_rows(template) {
                for column in 0..TOTAL {
                    blank[row][column] = grid[row][column] == 0;
                }
            }
        }
        let review_blank = zeros_blank && rng.chance(0.5);
        if rng.chance(0.03) {
            for (_, cells) in proactive.iter_mut() {
                for (_, figure) in cells.iter_mut() {
                    figure.blank = true;
                }
            }
        }
        let mut short_rows = Vec::new();
        if layout == Layout::TabRows && !zeros_blank && rng.chance(0.3) {
            // Seed 001: rows of zeros printed with one cell too few.
            let zero_rows: Vec<usize> = printed_rows(template)
                .iter()
                .copied()
                .filter(|&row| grid[row].iter().all(|&value| value == 0))
                .collect();
            let wanted = 1 + rng.below(4);
            for _ in 0..wanted {
                if zero_rows.is_empty() {
                    break;
                }
                let row = zero_rows[rng.below(zero_rows.len())];
                if !short_rows.contains(&row) {
                    short_rows.push(row);
                    blank[row][5] = true;
                }
            }
            short_rows.sort_unstable();
        }
        let num_style = if layout == Layout::Html {
            *rng.pick(&[NumStyle::Plain, NumStyle::Plain, NumStyle::NbspFirstFour])
        } else {
            let roll = rng.unit();
            if roll < 0.55 {
                NumStyle::Plain
            } else if roll < 0.8 {
                NumStyle::NbspFirstFour
            } else if roll < 0.9 {
                NumStyle::Ideographic
            } else if roll < 0.98 {
                NumStyle::TrailingNbsp
            } else {
                NumStyle::FullWidth
            }
        };
        Tables {
            grid,
            blank,
            review,
            review_blank,
            proactive,
            template,
            short_rows,
            num_style,
            full_brackets: rng.chance(0.6),
            bracket_space: rng.chance(0.15),
            dot: if rng.chance(0.85) { "." } else { "．" },
            curly_quotes: rng.chance(0.7),
            broken_labels: layout == Layout::CellPerLine && rng.chance(0.3),
            short_law_label: rng.chance(0.1),
        }
    }

    /// Table 3 as printed.
    pub(crate) fn applications(&self) -> Applications {
        applications_from(&self.grid, &self.blank, self.template)
    }

    /// Table 4 as printed.
    pub(crate) fn review_printed(&self) -> ReviewLitigation {
        if !self.review_blank {
            return self.review;
        }
        let blank_zeros = |outcomes: Outcomes| {
            let cells = outcomes.cells();
            let mut out = [None; 5];
            for (index, value) in cells.iter().enumerate() {
                // The 总计 column is always printed.
                out[index] = if index == 4 || *value != Some(0) {
                    *value
                } else {
                    None
                };
            }
            Outcomes::from_cells(out)
        };
        ReviewLitigation {
            reconsideration: blank_zeros(self.review.reconsideration),
            litigation_direct: blank_zeros(self.review.litigation_direct),
            litigation_after_reconsideration: blank_zeros(
                self.review.litigation_after_reconsideration,
            ),
        }
    }

    /// Table 2 as printed.
    pub(crate) fn proactive_printed(&self) -> BTreeMap<String, BTreeMap<String, Option<Num>>> {
        let mut out = BTreeMap::new();
        for (row, cells) in &self.proactive {
            let columns = cells
                .iter()
                .map(|(column, figure)| {
                    (column.to_string(), (!figure.blank).then_some(figure.value))
                })
                .collect();
            out.insert(row.to_string(), columns);
        }
        out
    }

    /// The record keys of the rows printed short.
    pub(crate) fn short_row_keys(&self) -> Vec<String> {
        self.short_rows
            .iter()
            .map(|&row| super::row_key(row).to_string())
            .collect()
    }

    fn bracket(&self, ordinal: &str) -> String {
        match (self.full_brackets, self.bracket_space) {
            (true, false) => format!("（{ordinal}）"),
            (true, true) => format!("（{ordinal}） "),
            (false, false) => format!("({ordinal})"),
            (false, true) => format!("({ordinal}) "),
        }
    }

    /// The labels of a grid row: (top group, sub group, item), each printed only where the group starts.
    fn labels(&self, row: usize) -> (Option<&'static str>, Option<String>, Option<String>) {
        const DENIED: [&str; 8] = [
            "属于国家秘密",
            "其他法律行政法规禁止公开",
            "危及“三安全一稳定”",
            "保护第三方合法权益",
            "属于三类内部事务信息",
            "属于四类过程性信息",
            "属于行政执法案卷",
            "属于行政查询事项",
        ];
        const UNABLE: [&str; 3] = [
            "本机关不掌握相关政府信息",
            "没有现成信息需要另行制作",
            "补正后申请内容仍不明确",
        ];
        const NOT_PROCESSED: [&str; 5] = [
            "信访举报投诉类申请",
            "重复申请",
            "要求提供公开出版物",
            "无正当理由大量反复申请",
            "要求行政机关确认或重新出具已获取信息",
        ];
        const OTHER: [&str; 3] = [
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "其他",
        ];
        let item = |index: usize, label: &str| {
            let mut label = label.to_string();
            if label.contains('“') && !self.curly_quotes {
                label = label.replace(['“', '”'], "\"");
            }
            if self.short_law_label && label == DENIED[1] {
                label = "其他法律法规禁止公开".to_string();
            }
            Some(format!("{}{}{}", index + 1, self.dot, label))
        };
        match row {
            0 => (Some("一、本年新收政府信息公开申请数量"), None, None),
            1 => (Some("二、上年结转政府信息公开申请数量"), None, None),
            2 => (
                Some("三、本年度办理结果"),
                Some(format!("{}予以公开", self.bracket("一"))),
                None,
            ),
            3 => {
                let note = if self.full_brackets {
                    "（区分处理的，只计这一情形，不计其他情形）"
                } else {
                    "(区分处理的,只计这一情形,不计其他情形)"
                };
                (
                    None,
                    Some(format!("{}部分公开{}", self.bracket("二"), note)),
                    None,
                )
            }
            4..=11 => (
                None,
                (row == 4).then(|| format!("{}不予公开", self.bracket("三"))),
                item(row - 4, DENIED[row - 4]),
            ),
            12..=14 => (
                None,
                (row == 12).then(|| format!("{}无法提供", self.bracket("四"))),
                item(row - 12, UNABLE[row - 12]),
            ),
            15..=19 => (
                None,
                (row == 15).then(|| format!("{}不予处理", self.bracket("五"))),
                item(row - 15, NOT_PROCESSED[row - 15]),
            ),
            20..=22 => (
                None,
                (row == 20).then(|| format!("{}其他处理", self.bracket("六"))),
                item(row - 20, OTHER[row - 20]),
            ),
            super::OTHER_COMBINED => (None, Some(format!("{}其他处理", self.bracket("六"))), None),
            super::CLOSED => (None, Some(format!("{}总计", self.bracket("七"))), None),
            _ => (Some("四、结转下年度继续办理"), None, None),
        }
    }

    /// Writes one number (or nothing for a blank cell) in the report's style.
    fn push_num(
        &self,
        out: &mut String,
        value: Option<i64>,
        column: usize,
        html: bool,
        rng: &mut Rng,
    ) {
        let Some(value) = value else {
            return;
        };
        let nbsp = if html { "&nbsp;" } else { "\u{a0}" };
        match self.num_style {
            NumStyle::Plain => {
                let _ = write!(out, "{value}");
            }
            NumStyle::NbspFirstFour => {
                if column < 4 {
                    out.push_str(nbsp);
                }
                let _ = write!(out, "{value}");
            }
            NumStyle::Ideographic => {
                if rng.chance(0.3) {
                    out.push('　');
                }
                let _ = write!(out, "{value}");
            }
            NumStyle::TrailingNbsp => {
                let _ = write!(out, "{value}");
                out.push_str(nbsp);
            }
            NumStyle::FullWidth => {
                for digit in value.to_string().chars() {
                    match digit.to_digit(10) {
                        Some(d) => out.push(char::from_u32('０' as u32 + d).unwrap_or(digit)),
                        None => out.push(digit),
                    }
                }
            }
        }
    }

    fn cell(&self, row: usize, column: usize) -> Option<i64> {
        (!self.blank[row][column]).then_some(self.grid[row][column])
    }

    fn break_label(&self, label: &str, at: usize, gap: &str) -> String {
        if !self.broken_labels {
            return label.to_string();
        }
        let split = label
            .char_indices()
            .nth(at)
            .map(|(index, _)| index)
            .unwrap_or(label.len());
        format!("{}\n{}{}", &label[..split], gap, &label[split..])
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Placeholders

struct Context<'a> {
    year: i32,
    short: &'a str,
    we: &'a str,
    upper: &'a str,
    published_items: i64,
    applications: i64,
}

fn fill(template: &str, context: &Context) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        match &after[..end] {
            "Y" => {
                let _ = write!(out, "{}", context.year);
            }
            "Y1" => {
                let _ = write!(out, "{}", context.year + 1);
            }
            "N" => out.push_str(context.short),
            "W" => out.push_str(context.we),
            "U" => out.push_str(context.upper),
            "P" => {
                let _ = write!(out, "{}", context.published_items);
            }
            "Q" => {
                let _ = write!(out, "{}", context.applications);
            }
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------------------------------
// The document as blocks

enum Block {
    Title(String),
    Heading(String),
    SubHeading(String),
    Para(String),
    Table2,
    Table3,
    Table4,
}

const CHINESE_ORDINALS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "七"];

fn section_heading(index: usize, style: u8, rng: &mut Rng) -> String {
    let names = [
        "总体情况",
        if rng.chance(0.2) {
            "主动公开政府信息的情况"
        } else {
            "主动公开政府信息情况"
        },
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
    ];
    let name = names[index];
    match style {
        // Arabic numbers for the middle sections (seeds 002, 004).
        1 if (1..=3).contains(&index) => format!("{}、 {}", index + 1, name),
        // Number only from the second section on (seed 003).
        2 if index == 0 || index == 5 => name.to_string(),
        _ => format!("{}、{}", CHINESE_ORDINALS[index], name),
    }
}

/// Renders one report and records what the rendering decided (publication date) in the truth.
pub(crate) fn render(
    body: &Body,
    truth: &mut Truth,
    tables: Option<&Tables>,
    state: &mut BodyState,
    rng: &mut Rng,
) -> String {
    let year = truth.year;
    let applications = match (tables, truth.narrative_applications) {
        (Some(tables), _) => tables.grid[super::NEW][TOTAL],
        (None, Some(count)) => count,
        (None, None) => 0,
    };
    let context = Context {
        year,
        short: &body.short,
        we: body.we,
        upper: body.upper,
        published_items: 20 + rng.count(150.0 * body.scale),
        applications,
    };
    let printed_name = if body.region_printed {
        format!("{}{}", body.region, body.agency)
    } else {
        body.agency.clone()
    };
    let mut blocks = Vec::with_capacity(40);

    // Title (styles after the seeds; 0 has none and names the body only at the end).
    let report_word = if rng.chance(0.7) {
        "年政府信息公开工作年度报告"
    } else {
        "年度政府信息公开工作报告"
    };
    let narrative = truth.layout == Layout::Narrative;
    match body.title_style {
        0 => {}
        1 | 5 => blocks.push(Block::Title(format!("{printed_name}{year}{report_word}"))),
        2 | 3 => {
            blocks.push(Block::Title(printed_name.clone()));
            blocks.push(Block::Title(format!("{year}{report_word}")));
        }
        _ => {
            let tail = if rng.chance(0.3) {
                "年度报 告"
            } else {
                "年度报告"
            };
            blocks.push(Block::Title(format!(
                "{printed_name}政府信息公开工作{year}{tail}"
            )));
        }
    }

    let heading_style = rng.below(3) as u8;
    let intro = if body.title_style == 0 {
        // Without a title the year must stand in the first paragraph (seed 000).
        fill(phrases::INTROS[*rng.pick(&[0usize, 2, 3, 6])], &context)
    } else {
        fill(rng.pick_str(phrases::INTROS), &context)
    };
    if body.title_style == 2 && !narrative {
        blocks.push(Block::Para(intro.clone()));
    }

    if narrative {
        push_narrative(&mut blocks, truth, state, &context, &intro, rng);
    } else {
        blocks.push(Block::Heading(section_heading(0, heading_style, rng)));
        if body.title_style != 2 {
            blocks.push(Block::Para(intro));
        }
        let parts = 2 + rng.below(4);
        let mut chosen: Vec<usize> = (0..phrases::OVERVIEW_PARTS.len()).collect();
        while chosen.len() > parts {
            chosen.remove(rng.below(chosen.len()));
        }
        for (number, part) in chosen.iter().enumerate() {
            let (heading, paragraphs) = phrases::OVERVIEW_PARTS[*part];
            let ordinal = if rng.chance(0.9) {
                format!("（{}）", CHINESE_ORDINALS[number])
            } else {
                format!("（{}） ", number + 1)
            };
            blocks.push(Block::SubHeading(format!("{ordinal}{heading}")));
            let first = rng.below(paragraphs.len());
            blocks.push(Block::Para(fill(paragraphs[first], &context)));
            if rng.chance(0.35) {
                let second = (first + 1 + rng.below(paragraphs.len() - 1)) % paragraphs.len();
                blocks.push(Block::Para(fill(paragraphs[second], &context)));
            }
        }
        blocks.push(Block::Heading(section_heading(1, heading_style, rng)));
        blocks.push(Block::Table2);
        blocks.push(Block::Heading(section_heading(2, heading_style, rng)));
        blocks.push(Block::Table3);
        blocks.push(Block::Heading(section_heading(3, heading_style, rng)));
        blocks.push(Block::Table4);
        blocks.push(Block::Heading(section_heading(4, heading_style, rng)));
        push_problems(&mut blocks, truth, state, &context, rng);
        blocks.push(Block::Heading(section_heading(5, heading_style, rng)));
        blocks.push(Block::Para(fill(
            rng.pick_str(phrases::OTHER_NOTHING),
            &context,
        )));
    }

    // Signature and date.
    if body.title_style == 0 || rng.chance(0.6) {
        let publish_year = year + 1;
        // The deadline (2019 regulations, articles 49–50): 31 January for a department, 31 March for a government.
        let deadline_month = if body.level == Level::Department {
            1
        } else {
            3
        };
        let (month, day) = if rng.chance(0.08) {
            // Late: within three months after the deadline.
            (
                deadline_month + 1 + rng.below(3) as u32,
                1 + rng.below(28) as u32,
            )
        } else if deadline_month == 3 && rng.chance(0.15) {
            // A government on time after January.
            (2 + rng.below(2) as u32, 1 + rng.below(28) as u32)
        } else {
            (1, 5 + rng.below(27) as u32)
        };
        truth.published = Some(format!("{publish_year:04}-{month:02}-{day:02}"));
        truth.late = month > deadline_month;
        let date = match rng.below(3) {
            0 => format!("{publish_year} 年 {month} 月 {day} 日"),
            1 => format!("{publish_year}年{month}月{day}日"),
            _ => format!("{publish_year}-{month:02}-{day:02}"),
        };
        blocks.push(Block::Para(format!("{printed_name} ")));
        blocks.push(Block::Para(date));
    }

    let title = format!("{printed_name}{year}{report_word}");
    match truth.layout {
        Layout::Html => write_html(&blocks, tables, &title, rng),
        Layout::TabRows => write_markdown(&blocks, tables, rng),
        Layout::CellPerLine | Layout::Narrative => write_text(&blocks, tables, rng),
    }
}

fn push_narrative(
    blocks: &mut Vec<Block>,
    truth: &mut Truth,
    state: &mut BodyState,
    context: &Context,
    intro: &str,
    rng: &mut Rng,
) {
    blocks.push(Block::Para(intro.to_string()));
    blocks.push(Block::Heading("一、概述".to_string()));
    // Narrative reports say more in prose: two or three paragraphs on each of several topics.
    for (_, paragraphs) in phrases::OVERVIEW_PARTS {
        if rng.chance(0.25) {
            continue;
        }
        let first = rng.below(paragraphs.len());
        blocks.push(Block::Para(fill(paragraphs[first], context)));
        let second = (first + 1 + rng.below(paragraphs.len() - 1)) % paragraphs.len();
        blocks.push(Block::Para(fill(paragraphs[second], context)));
    }
    blocks.push(Block::Heading("二、主动公开政府信息的情况".to_string()));
    blocks.push(Block::Para(fill(
        rng.pick_str(phrases::PRE2019_PROACTIVE),
        context,
    )));
    blocks.push(Block::Heading(
        "三、依申请公开政府信息和不予公开政府信息的情况".to_string(),
    ));
    blocks.push(Block::Para(fill(
        rng.pick_str(phrases::PRE2019_APPLICATIONS),
        context,
    )));
    blocks.push(Block::Heading(
        "四、政府信息公开的收费及减免情况".to_string(),
    ));
    blocks.push(Block::Para(fill(
        rng.pick_str(phrases::PRE2019_FEES),
        context,
    )));
    blocks.push(Block::Heading(
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况".to_string(),
    ));
    blocks.push(Block::Para(fill(
        rng.pick_str(phrases::PRE2019_REVIEW),
        context,
    )));
    blocks.push(Block::Heading(
        "六、政府信息公开工作存在的主要问题及改进措施".to_string(),
    ));
    push_problems(blocks, truth, state, context, rng);
    if rng.chance(0.5) {
        blocks.push(Block::Heading("七、其他需要报告的事项".to_string()));
        blocks.push(Block::Para(fill(
            rng.pick_str(phrases::OTHER_NOTHING),
            context,
        )));
    }
}

fn join_enumerated(items: &[Statement], style: usize) -> String {
    let mut out = String::new();
    for (index, statement) in items.iter().enumerate() {
        let last = index + 1 == items.len();
        match style {
            0 => {
                let _ = write!(out, "{}是{}", CHINESE_ORDINALS[index], statement.text);
                out.push_str(if last { "。" } else { "；" });
            }
            1 => {
                let _ = write!(out, "{}是{}。", CHINESE_ORDINALS[index], statement.text);
            }
            _ => {
                if index == 0 {
                    out.push('如');
                }
                out.push_str(&statement.text);
                out.push_str(if last { "。" } else { "，" });
            }
        }
    }
    out
}

/// Section 5: the problems, then the improvements, in one of the seeds' arrangements.
fn push_problems(
    blocks: &mut Vec<Block>,
    truth: &Truth,
    state: &mut BodyState,
    context: &Context,
    rng: &mut Rng,
) {
    if truth.repeats_last_year {
        if let Some(previous) = &state.section5 {
            for line in previous.split('\n') {
                blocks.push(Block::Para(line.to_string()));
            }
            return;
        }
    }
    let mut lines: Vec<String> = Vec::with_capacity(8);
    let with_headings = rng.chance(0.55);
    let lead = fill(rng.pick_str(phrases::PROBLEM_LEADS), context);
    if with_headings {
        lines.push(
            (*rng.pick(&[
                "（一）主要问题",
                "（一）存在问题",
                "（一）存在的主要问题",
                "(一) 存在问题",
            ]))
            .to_string(),
        );
    }
    let style = rng.below(4);
    if style == 3 {
        // One problem per line, numbered.
        lines.push(lead.trim_end_matches(['：', '，', '。']).to_string() + "：");
        for (index, statement) in truth.problems.iter().enumerate() {
            lines.push(format!("{}.{}。", index + 1, statement.text));
        }
    } else {
        // A `如A，B，C` list only when no statement has a comma of its own.
        let listable = truth.problems.len() > 1
            && truth
                .problems
                .iter()
                .all(|problem| !problem.text.contains('，'));
        let list_style = if style == 2 && listable {
            2
        } else {
            style.min(1)
        };
        let lead = if list_style == 2 {
            lead.trim_end_matches(['：', '。']).to_string()
                + if lead.ends_with('，') { "" } else { "，" }
        } else {
            lead
        };
        lines.push(format!(
            "{lead}{}",
            join_enumerated(&truth.problems, list_style)
        ));
    }
    if with_headings {
        lines.push((*rng.pick(&["（二）改进情况", "（二）改进措施", "(二) 改进情况"])).to_string());
    }
    let improvement_lead = fill(rng.pick_str(phrases::IMPROVEMENT_LEADS), context);
    match rng.below(3) {
        0 => {
            let prefix = if with_headings { "" } else { "改进情况：" };
            let mut line = format!("{prefix}{improvement_lead}");
            for (index, statement) in truth.improvements.iter().enumerate() {
                let _ = write!(line, "{}是{}。", CHINESE_ORDINALS[index], statement.text);
            }
            lines.push(line);
        }
        1 => {
            lines.push(improvement_lead);
            for (index, statement) in truth.improvements.iter().enumerate() {
                lines.push(format!("{}.{}。", index + 1, statement.text));
            }
        }
        _ => {
            lines.push(improvement_lead);
            for (index, statement) in truth.improvements.iter().enumerate() {
                lines.push(format!("{}是{}。", CHINESE_ORDINALS[index], statement.text));
            }
        }
    }
    state.section5 = Some(lines.join("\n"));
    for line in lines {
        if line.starts_with('（') || line.starts_with('(') {
            blocks.push(Block::SubHeading(line));
        } else {
            blocks.push(Block::Para(line));
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Plain text, tables one cell per line (seeds 000, 002, 003, 004)

fn write_text(blocks: &[Block], tables: Option<&Tables>, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(9_000);
    let airy = rng.chance(0.4);
    if rng.chance(0.3) {
        out.push('\n');
    }
    for block in blocks {
        match block {
            Block::Title(text)
            | Block::Heading(text)
            | Block::SubHeading(text)
            | Block::Para(text) => {
                out.push_str(text);
                out.push('\n');
                if airy || matches!(block, Block::Title(_)) {
                    out.push('\n');
                }
            }
            Block::Table2 => {
                if let Some(tables) = tables {
                    text_table2(&mut out, tables);
                }
            }
            Block::Table3 => {
                if let Some(tables) = tables {
                    text_table3(&mut out, tables, rng);
                }
            }
            Block::Table4 => {
                if let Some(tables) = tables {
                    text_table4(&mut out, tables, rng);
                }
            }
        }
    }
    out.push_str("\n\n");
    out
}

/// Table 2 groups: (article item, [row keys]) per template.
fn table2_groups(template: Template) -> &'static [(&'static str, &'static [&'static str])] {
    const T2021: [(&str, &[&str]); 4] = [
        ("一", &["regulations", "normative_documents"]),
        ("五", &["licensing"]),
        ("六", &["punishment", "coercion"]),
        ("八", &["fees"]),
    ];
    const T2019: [(&str, &[&str]); 5] = [
        ("一", &["regulations", "normative_documents"]),
        ("五", &["licensing", "other_services"]),
        ("六", &["punishment", "coercion"]),
        ("八", &["fees"]),
        ("九", &["procurement"]),
    ];
    match template {
        Template::T2019 => &T2019,
        _ => &T2021,
    }
}

fn proactive_label(row: &str, template: Template) -> &'static str {
    match row {
        "regulations" => "规章",
        "normative_documents" if template == Template::T2019 => "规范性文件",
        "normative_documents" => "行政规范性文件",
        "licensing" => "行政许可",
        "other_services" => "其他对外管理服务事项",
        "punishment" => "行政处罚",
        "coercion" => "行政强制",
        "fees" => "行政事业性收费",
        _ => "政府集中采购",
    }
}

fn proactive_column_label(column: &str, template: Template) -> &'static str {
    match column {
        "decisions" if template == Template::T2019 => "处理决定数量",
        "issued" => "本年制发件数",
        "repealed" => "本年废止件数",
        "in_force" => "现行有效件数",
        "decisions" => "本年处理决定数量",
        "fee_amount" => "本年收费金额（单位：万元）",
        "new_made" => "本年新制作数量",
        "new_published" => "本年新公开数量",
        "total_published" => "对外公开总数量",
        "items_last_year" => "上一年项目数量",
        "items_change" => "本年增/减",
        "procurement_items" => "采购项目数量",
        _ => "采购总金额",
    }
}

fn figure_text(figure: &Figure) -> String {
    if figure.blank {
        return String::new();
    }
    match figure.value {
        Num::Int(value) => value.to_string(),
        Num::Dec(value) => format!("{value:.2}"),
    }
}

/// The 2019 template orders a row's columns 上一年项目数量, 本年增/减, 处理决定数量; rows keep their own order.
fn table2_rows<'a>(
    tables: &'a Tables,
    keys: &'static [&'static str],
) -> impl Iterator<Item = &'a (&'static str, Vec<(&'static str, Figure)>)> {
    tables
        .proactive
        .iter()
        .filter(move |(row, _)| keys.contains(row))
}

fn text_table2(out: &mut String, tables: &Tables) {
    for (item, keys) in table2_groups(tables.template) {
        let paren = if tables.full_brackets {
            format!("（{item}）")
        } else {
            format!("({item})")
        };
        let _ = write!(out, "\t第二十条第{paren}项\n\n\t信息内容\n");
        if let Some((_, cells)) = table2_rows(tables, keys).next() {
            for (column, _) in cells {
                let _ = writeln!(out, "\t{}", proactive_column_label(column, tables.template));
            }
        }
        out.push('\n');
        for (row, cells) in table2_rows(tables, keys) {
            let _ = writeln!(out, "\t{}", proactive_label(row, tables.template));
            for (_, figure) in cells {
                let _ = writeln!(out, "\t{}", figure_text(figure));
            }
            out.push('\n');
        }
    }
    out.push('\n');
}

fn text_table3(out: &mut String, tables: &Tables, rng: &mut Rng) {
    out.push_str(
        "\t（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n\t申请人情况\n\n",
    );
    out.push_str("\t\n\t自然人\n\t法人或其他组织\n\t总计\n\n\t\n\t\n");
    let organisations = [
        ("商业企业", 2),
        ("科研机构", 2),
        ("社会公益组织", 3),
        ("法律服务机构", 3),
        ("其他", 9),
    ];
    for (label, at) in organisations {
        let _ = writeln!(out, "\t{}", tables.break_label(label, at, "\n"));
    }
    out.push_str("\t\n\n");
    for &row in printed_rows(tables.template) {
        let (top, sub, item) = tables.labels(row);
        match (top, &sub, &item) {
            (Some(top), _, _) => {
                let _ = writeln!(out, "\t{top}");
            }
            (None, Some(_), None) | (None, Some(_), Some(_)) => out.push_str("\t\n"),
            (None, None, _) => out.push_str("\t\n\t\n"),
        }
        if let Some(sub) = &sub {
            if item.is_some() {
                // A group label broken inside its word, `（三）不\n予公开` (seed 002).
                let at = sub
                    .find('）')
                    .or_else(|| sub.find(')'))
                    .map(|end| sub[..end].chars().count() + 2);
                let at = at.unwrap_or(4) + usize::from(sub.contains(") ") || sub.contains("） "));
                let _ = writeln!(out, "\t{}", tables.break_label(sub, at, ""));
            } else {
                let _ = writeln!(out, "\t{sub}");
            }
        }
        if let Some(item) = &item {
            let _ = writeln!(out, "\t{item}");
        }
        for column in 0..7 {
            out.push('\t');
            tables.push_num(out, tables.cell(row, column), column, false, rng);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push('\n');
}

fn review_cells(tables: &Tables) -> [Option<i64>; 15] {
    let printed = tables.review_printed();
    let mut cells = [None; 15];
    for (part_index, part) in ReviewLitigation::PARTS.iter().enumerate() {
        if let Some(outcomes) = printed.part(part) {
            for (index, value) in outcomes.cells().iter().enumerate() {
                cells[part_index * 5 + index] = *value;
            }
        }
    }
    cells
}

fn text_table4(out: &mut String, tables: &Tables, rng: &mut Rng) {
    out.push_str("\t行政复议\n\t行政诉讼\n\n");
    let outcome_labels = [
        ("结果维持", 2),
        ("结果纠正", 2),
        ("其他结果", 2),
        ("尚未审结", 2),
        ("总计", 9),
    ];
    for (label, at) in outcome_labels {
        let _ = writeln!(out, "\t{}", tables.break_label(label, at, "\n"));
    }
    out.push_str("\t未经复议直接起诉\n\t复议后起诉\n\n\t\n\t\n\t\n\t\n\t\n");
    for _ in 0..2 {
        for (label, at) in outcome_labels {
            let _ = writeln!(out, "\t{}", tables.break_label(label, at, "\n"));
        }
    }
    out.push('\n');
    for (index, value) in review_cells(tables).iter().enumerate() {
        out.push('\t');
        tables.push_num(out, *value, index % 5, false, rng);
        out.push('\n');
    }
    out.push_str("\n\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown headings, tab-separated rows (seed 001)

fn write_markdown(blocks: &[Block], tables: Option<&Tables>, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(8_000);
    out.push_str("\n\n");
    let deep_from = 3 + rng.below(3);
    let mut section = 0;
    let bold_inline = rng.chance(0.5);
    let mut pending_bold: Option<&str> = None;
    for block in blocks {
        match block {
            Block::Title(text) => {
                let _ = write!(out, "## {text}\n\n");
            }
            Block::Heading(text) => {
                section += 1;
                let marks = if section >= deep_from { "####" } else { "##" };
                let _ = write!(out, "{marks} {text}\n\n");
            }
            Block::SubHeading(text) => {
                if section <= 1 && bold_inline {
                    pending_bold = Some(text);
                } else {
                    let _ = write!(out, "##### {text}\n\n");
                }
            }
            Block::Para(text) => {
                if let Some(bold) = pending_bold.take() {
                    let _ = write!(out, "**{bold}。**");
                }
                let _ = write!(out, "{text}\n\n");
            }
            Block::Table2 => {
                if let Some(tables) = tables {
                    tab_table2(&mut out, tables);
                }
            }
            Block::Table3 => {
                if let Some(tables) = tables {
                    tab_table3(&mut out, tables, rng);
                }
            }
            Block::Table4 => {
                if let Some(tables) = tables {
                    tab_table4(&mut out, tables, rng);
                }
            }
        }
    }
    out
}

fn tab_table2(out: &mut String, tables: &Tables) {
    for (item, keys) in table2_groups(tables.template) {
        let mut header = String::from("信息内容");
        let mut width = 1;
        if let Some((_, cells)) = table2_rows(tables, keys).next() {
            for (column, _) in cells {
                header.push('\t');
                header.push_str(proactive_column_label(column, tables.template));
                width += 1;
            }
        }
        let pad = |count: usize| "\t".repeat(count);
        let _ = writeln!(out, "第二十条第（{item}）项{}", pad(3));
        let _ = writeln!(out, "{header}{}", pad(4 - width.min(4)));
        for (row, cells) in table2_rows(tables, keys) {
            let mut line = proactive_label(row, tables.template).to_string();
            for (_, figure) in cells {
                line.push('\t');
                line.push_str(&figure_text(figure));
            }
            let _ = writeln!(out, "{line}{}", pad(4 - (cells.len() + 1).min(4)));
        }
    }
    out.push('\n');
}

fn tab_table3(out: &mut String, tables: &Tables, rng: &mut Rng) {
    out.push_str("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\t\t\t\t\t\t总计\n");
    out.push_str("\t自然人\t法人或其他组织\t\t\t\t\t\n");
    out.push_str("\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n\n");
    for &row in printed_rows(tables.template) {
        let (top, sub, item) = tables.labels(row);
        let mut line = String::with_capacity(160);
        match (top, sub, item) {
            (Some(top), Some(sub), _) => {
                let _ = write!(line, "{top}\t{sub}\t");
            }
            (Some(top), None, _) => {
                let _ = write!(line, "{top}\t");
            }
            (None, Some(sub), Some(item)) => {
                let _ = write!(line, "\t{sub}\t{item}\t");
            }
            (None, None, Some(item)) => {
                let _ = write!(line, "\t\t{item}\t");
            }
            (None, Some(sub), None) => {
                let indent = if row == 3 { "\t" } else { "" };
                let _ = write!(line, "{indent}{sub}\t");
            }
            (None, None, None) => {}
        }
        let short = tables.short_rows.contains(&row);
        for column in 0..7 {
            if short && column == 5 {
                continue;
            }
            line.push('\t');
            tables.push_num(&mut line, tables.cell(row, column), column, false, rng);
        }
        line.push('\t');
        line.push('\n');
        out.push_str(&line);
    }
    out.push('\n');
}

fn tab_table4(out: &mut String, tables: &Tables, rng: &mut Rng) {
    out.push_str("行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n");
    out.push_str("结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n");
    out.push_str("\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n");
    for (index, value) in review_cells(tables).iter().enumerate() {
        if index > 0 {
            out.push('\t');
        }
        tables.push_num(out, *value, index % 5, false, rng);
    }
    out.push_str("\n\n");
}

// ---------------------------------------------------------------------------------------------------------------
// HTML with merged cells

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn write_html(blocks: &[Block], tables: Option<&Tables>, title: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(14_000);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n<div class=\"article\">\n",
        escape(title)
    );
    let strong_headings = rng.chance(0.4);
    let mut first_title = true;
    for block in blocks {
        match block {
            Block::Title(text) => {
                if first_title {
                    let _ = writeln!(out, "<h1>{}</h1>", escape(text));
                    first_title = false;
                } else {
                    let _ = writeln!(out, "<p style=\"text-align:center\">{}</p>", escape(text));
                }
            }
            Block::Heading(text) => {
                if strong_headings {
                    let _ = writeln!(out, "<p><strong>{}</strong></p>", escape(text));
                } else {
                    let _ = writeln!(out, "<h2>{}</h2>", escape(text));
                }
            }
            Block::SubHeading(text) => {
                let _ = writeln!(out, "<p><strong>{}</strong></p>", escape(text));
            }
            Block::Para(text) => {
                let _ = writeln!(out, "<p>{}</p>", escape(text));
            }
            Block::Table2 => {
                if let Some(tables) = tables {
                    html_table2(&mut out, tables);
                }
            }
            Block::Table3 => {
                if let Some(tables) = tables {
                    html_table3(&mut out, tables, rng);
                }
            }
            Block::Table4 => {
                if let Some(tables) = tables {
                    html_table4(&mut out, tables, rng);
                }
            }
        }
    }
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

fn html_table2(out: &mut String, tables: &Tables) {
    out.push_str("<table border=\"1\" cellspacing=\"0\">\n<tbody>\n");
    for (item, keys) in table2_groups(tables.template) {
        let _ = writeln!(
            out,
            "<tr><td colspan=\"4\">第二十条第（{item}）项</td></tr>"
        );
        if let Some((_, cells)) = table2_rows(tables, keys).next() {
            out.push_str("<tr><td>信息内容</td>");
            let span = 4 - cells.len();
            for (index, (column, _)) in cells.iter().enumerate() {
                if index + 1 == cells.len() && span > 1 {
                    let _ = write!(
                        out,
                        "<td colspan=\"{span}\">{}</td>",
                        proactive_column_label(column, tables.template)
                    );
                } else {
                    let _ = write!(
                        out,
                        "<td>{}</td>",
                        proactive_column_label(column, tables.template)
                    );
                }
            }
            out.push_str("</tr>\n");
        }
        for (row, cells) in table2_rows(tables, keys) {
            let _ = write!(
                out,
                "<tr><td>{}</td>",
                proactive_label(row, tables.template)
            );
            let span = 4 - cells.len();
            for (index, (_, figure)) in cells.iter().enumerate() {
                let text = figure_text(figure);
                if index + 1 == cells.len() && span > 1 {
                    let _ = write!(out, "<td colspan=\"{span}\">{text}</td>");
                } else {
                    let _ = write!(out, "<td>{text}</td>");
                }
            }
            out.push_str("</tr>\n");
        }
    }
    out.push_str("</tbody>\n</table>\n");
}

fn html_table3(out: &mut String, tables: &Tables, rng: &mut Rng) {
    out.push_str("<table border=\"1\" cellspacing=\"0\">\n<tbody>\n");
    out.push_str("<tr><td colspan=\"3\" rowspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=\"7\">申请人情况</td></tr>\n");
    out.push_str("<tr><td rowspan=\"2\">自然人</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\">总计</td></tr>\n");
    out.push_str(
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>\n",
    );
    let result_rows = if tables.template == Template::T2019 {
        20
    } else {
        22
    };
    for &row in printed_rows(tables.template) {
        let (top, sub, item) = tables.labels(row);
        out.push_str("<tr>");
        match row {
            0 | 1 | 24 => {
                let _ = write!(out, "<td colspan=\"3\">{}</td>", top.unwrap_or_default());
            }
            _ => {
                if let Some(top) = top {
                    let _ = write!(out, "<td rowspan=\"{result_rows}\">{top}</td>");
                }
                let group_size = match row {
                    4 => 8,
                    12 => 3,
                    15 => 5,
                    20 => 3,
                    _ => 1,
                };
                match (&sub, &item) {
                    (Some(sub), Some(item)) => {
                        let _ = write!(
                            out,
                            "<td rowspan=\"{group_size}\">{}</td><td>{}</td>",
                            escape(sub),
                            escape(item)
                        );
                    }
                    (Some(sub), None) => {
                        let _ = write!(out, "<td colspan=\"2\">{}</td>", escape(sub));
                    }
                    (None, Some(item)) => {
                        let _ = write!(out, "<td>{}</td>", escape(item));
                    }
                    (None, None) => {}
                }
            }
        }
        for column in 0..7 {
            out.push_str("<td>");
            let value = tables.cell(row, column);
            if value.is_none() && rng.chance(0.3) {
                out.push_str("&nbsp;");
            }
            tables.push_num(out, value, column, true, rng);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn html_table4(out: &mut String, tables: &Tables, rng: &mut Rng) {
    out.push_str("<table border=\"1\" cellspacing=\"0\">\n<tbody>\n");
    out.push_str(
        "<tr><td colspan=\"5\" rowspan=\"2\">行政复议</td><td colspan=\"10\">行政诉讼</td></tr>\n",
    );
    out.push_str(
        "<tr><td colspan=\"5\">未经复议直接起诉</td><td colspan=\"5\">复议后起诉</td></tr>\n<tr>",
    );
    for _ in 0..3 {
        out.push_str(
            "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>",
        );
    }
    out.push_str("</tr>\n<tr>");
    for (index, value) in review_cells(tables).iter().enumerate() {
        out.push_str("<td>");
        tables.push_num(out, *value, index % 5, true, rng);
        out.push_str("</td>");
    }
    out.push_str("</tr>\n</tbody>\n</table>\n");
}
