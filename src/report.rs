//! The structured record of one annual report: what the parser produces and every other layer consumes.
//!
//! This module is the contract between layers. It knows nothing of how reports are read (see [`crate::parse`]) nor
//! of how they are indexed (see [`crate::index`]). JSON keys are English snake_case; values keep the report's Chinese.
//! The full schema is documented in `docs/record.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One annual report, as read from one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Report {
    /// Stable document id (16 hex digits), see [`Report::compute_id`].
    pub id: String,
    /// The file name the report was read from (no directories).
    pub file: String,
    /// The text encoding the bytes were decoded with: `utf-8`, `utf-8-bom`, `gb18030`, `utf-16le`, `utf-16be`.
    pub encoding: String,
    /// The container layout that was recognised: `text`, `markdown`, `html`.
    pub format: String,
    /// The report's title as printed (first heading-like line naming the report), if any.
    pub title: Option<String>,
    /// The issuing body as named in the report, e.g. `新民屯镇人民政府`.
    pub agency: Option<String>,
    /// The enclosing county/city named with the body, e.g. `铁西区`; null when the report does not say.
    pub region: Option<String>,
    /// Administrative level derived from the agency's name.
    pub level: Option<Level>,
    /// The year reported on (not the year of publication).
    pub year: Option<i32>,
    /// Publication date `YYYY-MM-DD`, when the report gives one.
    pub published: Option<String>,
    /// Which template the tables follow.
    pub template: Template,
    /// The six standard sections, by canonical key.
    pub sections: Sections,
    /// Table 2 (proactive disclosure): row key → column key → figure. Keys in `docs/record.md`.
    pub proactive: BTreeMap<String, BTreeMap<String, Option<Num>>>,
    /// Table 3 (applications received and handled); null when the report has no such table.
    pub applications: Option<Applications>,
    /// Table 4 (administrative reconsideration and litigation); null when absent.
    pub review_litigation: Option<ReviewLitigation>,
    /// Every consistency check that was evaluated, held or broken.
    pub checks: Vec<Check>,
    /// True when every check holds, false when one breaks, null when nothing could be checked.
    pub consistent: Option<bool>,
    /// The stated problems (section 5), one statement each, enumerators stripped.
    pub problems: Vec<String>,
    /// The stated improvements (section 5), one statement each, enumerators stripped.
    pub improvements: Vec<String>,
    /// What the parser was unsure of.
    pub warnings: Vec<Warning>,
}

/// Administrative level of the issuing body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 乡、镇、街道.
    Township,
    /// 县、县级市、市辖区、旗.
    County,
    /// 地级市、自治州、盟.
    City,
    /// 省、自治区、直辖市.
    Province,
    /// A department (局、委、办、厅、部、中心…) of a government at any level.
    Department,
}

impl Level {
    /// The snake_case name used in JSON, facets and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Township => "township",
            Level::County => "county",
            Level::City => "city",
            Level::Province => "province",
            Level::Department => "department",
        }
    }

    /// All levels, lowest first.
    pub const ALL: [Level; 5] = [
        Level::Township,
        Level::County,
        Level::City,
        Level::Province,
        Level::Department,
    ];
}

/// The table template a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Template {
    /// The 2021 template (report years 2021 onward).
    #[serde(rename = "2021")]
    #[default]
    T2021,
    /// The 2019 template (report years 2019–2020, and some later).
    #[serde(rename = "2019")]
    T2019,
    /// No standard tables (2008–2018 narrative reports).
    #[serde(rename = "pre-2019")]
    Pre2019,
}

impl Template {
    /// The name used in JSON and filters: `2021`, `2019`, `pre-2019`.
    pub fn as_str(self) -> &'static str {
        match self {
            Template::T2021 => "2021",
            Template::T2019 => "2019",
            Template::Pre2019 => "pre-2019",
        }
    }
}

/// A figure of table 2: a count, or a decimal amount (fees in 万元).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Num {
    /// A whole number.
    Int(i64),
    /// A decimal number.
    Dec(f64),
}

impl Num {
    /// The value as f64 (for range filters and sums).
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Dec(d) => d,
        }
    }
}

/// One section: its heading as printed and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Section {
    /// The heading line as printed (after whitespace trimming), e.g. `## 一、总体情况`.
    pub heading: String,
    /// The section's text up to the next section heading, tables included as printed.
    pub text: String,
}

/// The six standard sections by canonical key; a section the report lacks is null.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Sections {
    /// 一、总体情况.
    pub overview: Option<Section>,
    /// 二、主动公开政府信息情况 (table 2).
    pub proactive: Option<Section>,
    /// 三、收到和处理政府信息公开申请情况 (table 3).
    pub applications: Option<Section>,
    /// 四、政府信息公开行政复议、行政诉讼情况 (table 4).
    pub review_litigation: Option<Section>,
    /// 五、存在的主要问题及改进情况.
    pub problems_and_improvements: Option<Section>,
    /// 六、其他需要报告的事项.
    pub other: Option<Section>,
}

impl Sections {
    /// The canonical section keys, in report order.
    pub const KEYS: [&'static str; 6] = [
        "overview",
        "proactive",
        "applications",
        "review_litigation",
        "problems_and_improvements",
        "other",
    ];

    /// The section with a canonical key.
    pub fn get(&self, key: &str) -> Option<&Section> {
        match key {
            "overview" => self.overview.as_ref(),
            "proactive" => self.proactive.as_ref(),
            "applications" => self.applications.as_ref(),
            "review_litigation" => self.review_litigation.as_ref(),
            "problems_and_improvements" => self.problems_and_improvements.as_ref(),
            "other" => self.other.as_ref(),
            _ => None,
        }
    }

    /// A mutable slot for the section with a canonical key.
    pub fn slot_mut(&mut self, key: &str) -> Option<&mut Option<Section>> {
        match key {
            "overview" => Some(&mut self.overview),
            "proactive" => Some(&mut self.proactive),
            "applications" => Some(&mut self.applications),
            "review_litigation" => Some(&mut self.review_litigation),
            "problems_and_improvements" => Some(&mut self.problems_and_improvements),
            "other" => Some(&mut self.other),
            _ => None,
        }
    }
}

/// The seven applicant columns of table 3, in printed order.
pub const APPLICANT_COLUMNS: [(&str, &str); 7] = [
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other", "其他"),
    ("total", "总计"),
];

/// The rows of table 3 in the 2021 template, in printed order: key and canonical label.
pub const APPLICATION_ROWS_2021: [(&str, &str); 25] = [
    ("new_received", "本年新收政府信息公开申请数量"),
    ("carried_over", "上年结转政府信息公开申请数量"),
    ("granted", "予以公开"),
    ("partly_granted", "部分公开"),
    ("denied.state_secret", "属于国家秘密"),
    ("denied.prohibited_by_law", "其他法律行政法规禁止公开"),
    ("denied.security_stability", "危及“三安全一稳定”"),
    ("denied.third_party", "保护第三方合法权益"),
    ("denied.internal_affairs", "属于三类内部事务信息"),
    ("denied.process_info", "属于四类过程性信息"),
    ("denied.enforcement_file", "属于行政执法案卷"),
    ("denied.query_matter", "属于行政查询事项"),
    ("unable.not_held", "本机关不掌握相关政府信息"),
    ("unable.needs_creation", "没有现成信息需要另行制作"),
    ("unable.unclear", "补正后申请内容仍不明确"),
    ("not_processed.complaint", "信访举报投诉类申请"),
    ("not_processed.duplicate", "重复申请"),
    ("not_processed.publication", "要求提供公开出版物"),
    ("not_processed.excessive", "无正当理由大量反复申请"),
    (
        "not_processed.reconfirm",
        "要求行政机关确认或重新出具已获取信息",
    ),
    (
        "other.no_correction",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other.unpaid_fee",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other.other", "其他"),
    ("closed_total", "总计"),
    ("carried_to_next", "结转下年度继续办理"),
];

/// The 2019 template's single （六）其他处理 row (it is split in three in the 2021 template).
pub const OTHER_COMBINED_ROW: (&str, &str) = ("other_combined", "其他处理");

/// All table-3 row keys any template can have, in printed order (2021 rows, then the 2019-only row).
pub fn application_row_keys() -> impl Iterator<Item = &'static str> {
    APPLICATION_ROWS_2021
        .iter()
        .map(|(key, _)| *key)
        .chain(std::iter::once(OTHER_COMBINED_ROW.0))
}

/// One row of table 3: the six applicant columns and their total. `None` = blank or absent cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AppRow {
    /// 自然人.
    pub natural_person: Option<i64>,
    /// 法人或其他组织 — 商业企业.
    pub commercial: Option<i64>,
    /// 法人或其他组织 — 科研机构.
    pub research: Option<i64>,
    /// 法人或其他组织 — 社会公益组织.
    pub social: Option<i64>,
    /// 法人或其他组织 — 法律服务机构.
    pub legal: Option<i64>,
    /// 法人或其他组织 — 其他.
    pub other: Option<i64>,
    /// 总计.
    pub total: Option<i64>,
}

impl AppRow {
    /// The cells in printed column order (see [`APPLICANT_COLUMNS`]).
    pub fn cells(&self) -> [Option<i64>; 7] {
        [
            self.natural_person,
            self.commercial,
            self.research,
            self.social,
            self.legal,
            self.other,
            self.total,
        ]
    }

    /// Builds a row from cells in printed column order.
    pub fn from_cells(cells: [Option<i64>; 7]) -> Self {
        let [natural_person, commercial, research, social, legal, other, total] = cells;
        AppRow {
            natural_person,
            commercial,
            research,
            social,
            legal,
            other,
            total,
        }
    }

    /// The cell of a column key (`natural_person` … `total`).
    pub fn get(&self, column: &str) -> Option<i64> {
        let index = APPLICANT_COLUMNS
            .iter()
            .position(|(key, _)| *key == column)?;
        self.cells()[index]
    }
}

/// Table 3 by row key. Keys are dotted (`denied.state_secret`) in Rust and nested objects in JSON
/// (`applications.denied.state_secret.natural_person`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applications {
    /// Row key → row. Every row of the report's template is present (cells null where absent).
    pub rows: BTreeMap<String, AppRow>,
}

impl Applications {
    /// The row with a dotted key.
    pub fn row(&self, key: &str) -> Option<&AppRow> {
        self.rows.get(key)
    }

    /// The cell at a dotted row key and a column key.
    pub fn cell(&self, row: &str, column: &str) -> Option<i64> {
        self.rows.get(row)?.get(column)
    }
}

impl Serialize for Applications {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut nested = serde_json::Map::new();
        // Serialise in template order rather than alphabetical order, so the JSON reads like the table.
        let ordered = application_row_keys()
            .filter_map(|key| self.rows.get_key_value(key))
            .chain(
                self.rows
                    .iter()
                    .filter(|(key, _)| !application_row_keys().any(|known| known == key.as_str())),
            );
        for (key, row) in ordered {
            let value = serde_json::to_value(row).map_err(serde::ser::Error::custom)?;
            match key.split_once('.') {
                Some((group, sub)) => {
                    let entry = nested
                        .entry(group.to_string())
                        .or_insert_with(|| serde_json::Value::Object(Default::default()));
                    if let serde_json::Value::Object(map) = entry {
                        map.insert(sub.to_string(), value);
                    }
                }
                None => {
                    nested.insert(key.clone(), value);
                }
            }
        }
        nested.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Applications {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let nested = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        let mut rows = BTreeMap::new();
        for (key, value) in nested {
            let is_row = value
                .as_object()
                .is_some_and(|map| map.contains_key("total") || map.contains_key("natural_person"));
            if is_row {
                let row = serde_json::from_value(value).map_err(serde::de::Error::custom)?;
                rows.insert(key, row);
            } else if let serde_json::Value::Object(group) = value {
                for (sub, row) in group {
                    let row = serde_json::from_value(row).map_err(serde::de::Error::custom)?;
                    rows.insert(format!("{key}.{sub}"), row);
                }
            }
        }
        Ok(Applications { rows })
    }
}

/// One part of table 4: five outcome counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Outcomes {
    /// 结果维持.
    pub upheld: Option<i64>,
    /// 结果纠正.
    pub corrected: Option<i64>,
    /// 其他结果.
    pub other: Option<i64>,
    /// 尚未审结.
    pub pending: Option<i64>,
    /// 总计.
    pub total: Option<i64>,
}

impl Outcomes {
    /// The outcome column keys in printed order.
    pub const KEYS: [&'static str; 5] = ["upheld", "corrected", "other", "pending", "total"];

    /// The cells in printed order.
    pub fn cells(&self) -> [Option<i64>; 5] {
        [
            self.upheld,
            self.corrected,
            self.other,
            self.pending,
            self.total,
        ]
    }

    /// Builds outcomes from cells in printed order.
    pub fn from_cells(cells: [Option<i64>; 5]) -> Self {
        let [upheld, corrected, other, pending, total] = cells;
        Outcomes {
            upheld,
            corrected,
            other,
            pending,
            total,
        }
    }
}

/// Table 4: reconsideration and the two kinds of litigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReviewLitigation {
    /// 行政复议.
    pub reconsideration: Outcomes,
    /// 行政诉讼 — 未经复议直接起诉.
    pub litigation_direct: Outcomes,
    /// 行政诉讼 — 复议后起诉.
    pub litigation_after_reconsideration: Outcomes,
}

impl ReviewLitigation {
    /// The part keys in printed order.
    pub const PARTS: [&'static str; 3] = [
        "reconsideration",
        "litigation_direct",
        "litigation_after_reconsideration",
    ];

    /// The part with a key.
    pub fn part(&self, key: &str) -> Option<&Outcomes> {
        match key {
            "reconsideration" => Some(&self.reconsideration),
            "litigation_direct" => Some(&self.litigation_direct),
            "litigation_after_reconsideration" => Some(&self.litigation_after_reconsideration),
            _ => None,
        }
    }
}

/// One consistency check, held or broken. Printed figures are never changed; a check only reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// The rule: `balance` (new_received + carried_over = closed_total + carried_to_next, per column),
    /// `row_sum` (six applicant columns = total, per row), `outcome_sum` ((一)…(六) = (七), per column),
    /// `review_total` (four outcomes = 总计, per part of table 4).
    pub rule: String,
    /// What the rule was applied to: a column key for `balance`/`outcome_sum`, a row key for `row_sum`,
    /// a part key for `review_total`.
    pub scope: String,
    /// Whether the printed value equals the expected one.
    pub ok: bool,
    /// The value the other cells imply (blank cells counted as 0).
    pub expected: i64,
    /// The value the report prints (null when that cell is blank).
    pub printed: Option<i64>,
    /// Record paths of every cell involved, e.g. `applications.new_received.total`.
    pub cells: Vec<String>,
    /// Paths of the involved cells that were blank and counted as 0.
    pub blank_as_zero: Vec<String>,
}

/// Something the parser was unsure of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// A stable machine-readable code, e.g. `short_row`, `missing_table`, `unknown_row`.
    pub code: String,
    /// What happened, for a person.
    pub message: String,
}

impl Warning {
    /// A warning with a code and a message.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Warning {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl Report {
    /// The stable document id: the first 16 hex digits of BLAKE3 over a key that names the body and the year, so
    /// that a re-publication of a body's report replaces the earlier one and two bodies never share an id.
    ///
    /// - Agency, region and year known: `agency|region|year`. A corrected re-publication (figures fixed, a typo
    ///   mended, another file format) keeps its id and replaces the earlier record.
    /// - Agency and year known, region unknown: `agency||year|` followed by the report's Chinese characters (every
    ///   CJK ideograph of the text, in order; white space, digits, punctuation, Latin letters and layout dropped).
    ///   A name without its region is not unique — hundreds of counties have a 城关镇 — so the name alone would make
    ///   different bodies' reports replace one another. The ideographs differ between two bodies' reports (their
    ///   narratives, the places and people they name) but stay the same when the same report is read again, from
    ///   another layout or container, re-wrapped or re-spaced, or re-published with corrected figures. A
    ///   re-publication that also edits the wording gets a new id (and both are kept): without a region that is
    ///   the lesser evil than merging two bodies. Two bodies with the same name and word-for-word the same text
    ///   (a template filled with the same figures) still share an id.
    /// - Otherwise: the whole text.
    pub fn compute_id(
        agency: Option<&str>,
        region: Option<&str>,
        year: Option<i32>,
        text: &str,
    ) -> String {
        let hash = match (agency, region, year) {
            (Some(agency), Some(region), Some(year)) => {
                blake3::hash(format!("{agency}|{region}|{year}").as_bytes())
            }
            (Some(agency), None, Some(year)) => {
                let mut hasher = blake3::Hasher::new();
                hasher.update(format!("{agency}||{year}|").as_bytes());
                let mut buffer = [0u8; 4];
                for c in text.chars().filter(|&c| is_ideograph(c)) {
                    hasher.update(c.encode_utf8(&mut buffer).as_bytes());
                }
                hasher.finalize()
            }
            _ => blake3::hash(text.as_bytes()),
        };
        hash.to_hex()[..16].to_string()
    }

    /// Every figure of tables 2–4 as (record path, value), e.g. (`applications.new_received.total`, 3.0).
    /// Blank cells are omitted.
    pub fn figures(&self) -> Vec<(String, f64)> {
        let mut out = Vec::new();
        for (row, columns) in &self.proactive {
            for (column, value) in columns {
                if let Some(value) = value {
                    out.push((format!("proactive.{row}.{column}"), value.as_f64()));
                }
            }
        }
        if let Some(applications) = &self.applications {
            for (row_key, row) in &applications.rows {
                for ((column, _), value) in APPLICANT_COLUMNS.iter().zip(row.cells()) {
                    if let Some(value) = value {
                        out.push((format!("applications.{row_key}.{column}"), value as f64));
                    }
                }
            }
        }
        if let Some(review) = &self.review_litigation {
            for part in ReviewLitigation::PARTS {
                if let Some(outcomes) = review.part(part) {
                    for (column, value) in Outcomes::KEYS.iter().zip(outcomes.cells()) {
                        if let Some(value) = value {
                            out.push((format!("review_litigation.{part}.{column}"), value as f64));
                        }
                    }
                }
            }
        }
        out
    }
}

/// Every figure path the record can carry, for schemas and filter validation.
pub fn all_figure_paths() -> Vec<String> {
    let mut paths = Vec::new();
    for (row, column) in PROACTIVE_CELLS {
        paths.push(format!("proactive.{row}.{column}"));
    }
    for row in application_row_keys() {
        for (column, _) in APPLICANT_COLUMNS {
            paths.push(format!("applications.{row}.{column}"));
        }
    }
    for part in ReviewLitigation::PARTS {
        for column in Outcomes::KEYS {
            paths.push(format!("review_litigation.{part}.{column}"));
        }
    }
    paths
}

/// Table 2 rows: key and label as printed.
pub const PROACTIVE_ROWS: [(&str, &str); 8] = [
    ("regulations", "规章"),
    ("normative_documents", "行政规范性文件"),
    ("licensing", "行政许可"),
    ("other_services", "其他对外管理服务事项"),
    ("punishment", "行政处罚"),
    ("coercion", "行政强制"),
    ("fees", "行政事业性收费"),
    ("procurement", "政府集中采购"),
];

/// Table 2 columns: key and label as printed (2021 template first, then the 2019 template's).
pub const PROACTIVE_COLUMNS: [(&str, &str); 12] = [
    ("issued", "本年制发件数"),
    ("repealed", "本年废止件数"),
    ("in_force", "现行有效件数"),
    ("decisions", "本年处理决定数量"),
    ("fee_amount", "本年收费金额（单位：万元）"),
    ("new_made", "本年新制作数量"),
    ("new_published", "本年新公开数量"),
    ("total_published", "对外公开总数量"),
    ("items_last_year", "上一年项目数量"),
    ("items_change", "本年增/减"),
    ("procurement_items", "采购项目数量"),
    ("procurement_amount", "采购总金额"),
];

/// Every (row, column) pair of table 2 that either template prints.
pub const PROACTIVE_CELLS: &[(&str, &str)] = &[
    ("regulations", "issued"),
    ("regulations", "repealed"),
    ("regulations", "in_force"),
    ("regulations", "new_made"),
    ("regulations", "new_published"),
    ("regulations", "total_published"),
    ("normative_documents", "issued"),
    ("normative_documents", "repealed"),
    ("normative_documents", "in_force"),
    ("normative_documents", "new_made"),
    ("normative_documents", "new_published"),
    ("normative_documents", "total_published"),
    ("licensing", "decisions"),
    ("licensing", "items_last_year"),
    ("licensing", "items_change"),
    ("other_services", "decisions"),
    ("other_services", "items_last_year"),
    ("other_services", "items_change"),
    ("punishment", "decisions"),
    ("punishment", "items_last_year"),
    ("punishment", "items_change"),
    ("coercion", "decisions"),
    ("coercion", "items_last_year"),
    ("coercion", "items_change"),
    ("fees", "fee_amount"),
    ("fees", "items_last_year"),
    ("fees", "items_change"),
    ("procurement", "procurement_items"),
    ("procurement", "procurement_amount"),
];

/// True for a CJK ideograph (the unified blocks and their extensions, and the compatibility ideographs).
fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOWN_A: &str =
        "城关镇人民政府2021年政府信息公开工作年度报告\n一、总体情况\n我镇在县委、县政府的领导下，\
                          依托青石村便民服务中心公开信息3条。\n";
    const TOWN_B: &str =
        "城关镇人民政府2021年政府信息公开工作年度报告\n一、总体情况\n我镇在县委、县政府的领导下，\
                          依托柳河村便民服务中心公开信息3条。\n";

    #[test]
    fn same_name_without_region_but_different_reports_get_different_ids() {
        let id = |text: &str| Report::compute_id(Some("城关镇人民政府"), None, Some(2021), text);
        assert_ne!(id(TOWN_A), id(TOWN_B));
    }

    #[test]
    fn without_region_the_id_ignores_spacing_layout_and_figures() {
        let id = |text: &str| Report::compute_id(Some("城关镇人民政府"), None, Some(2021), text);
        let respaced = TOWN_A.replace('\n', "\r\n\n").replace('，', "， ");
        let corrected = TOWN_A.replace("3条", "4 条");
        let tabbed = TOWN_A.replace("一、", "\t一 、 ");
        assert_eq!(id(TOWN_A), id(TOWN_A));
        assert_eq!(id(TOWN_A), id(&respaced));
        assert_eq!(id(TOWN_A), id(&corrected));
        assert_eq!(id(TOWN_A), id(&tabbed));
        assert_eq!(id(TOWN_A).len(), 16);
    }

    #[test]
    fn with_region_the_id_is_body_and_year_whatever_the_text() {
        let id = |region: &str, year: i32, text: &str| {
            Report::compute_id(Some("城关镇人民政府"), Some(region), Some(year), text)
        };
        assert_eq!(id("舞钢市", 2021, TOWN_A), id("舞钢市", 2021, TOWN_B));
        assert_ne!(id("舞钢市", 2021, TOWN_A), id("尧都区", 2021, TOWN_A));
        assert_ne!(id("舞钢市", 2021, TOWN_A), id("舞钢市", 2022, TOWN_A));
        // Unchanged from the first version of the key, so existing indexes keep their ids.
        assert_eq!(
            id("舞钢市", 2021, ""),
            blake3::hash("城关镇人民政府|舞钢市|2021".as_bytes()).to_hex()[..16]
        );
    }
}
