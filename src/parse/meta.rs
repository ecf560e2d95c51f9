//! Who, where, when: the title, the issuing body and its region, the administrative level, the year reported on
//! and the publication date — from the title line, a name line before the first section, or the signature.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::LazyLock;

use regex::Regex;

use super::normalize::{chinese_digits, chinese_number, fold_zero_width, is_cjk, squeeze_cow};
use super::sections::heading_of;
use crate::report::Level;

/// What the metadata extraction found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The title line as printed (Markdown marks removed).
    pub title: Option<String>,
    /// The issuing body.
    pub agency: Option<String>,
    /// The enclosing region named with it.
    pub region: Option<String>,
    /// Level derived from the name.
    pub level: Option<Level>,
    /// The year reported on.
    pub year: Option<i32>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The first line of the trailing signature (name/date), if any: the body ends there.
    pub signature_line: Option<usize>,
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})年").expect("valid regex"));
static CN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([〇零○一二三四五六七八九]{4})年").expect("valid regex"));
static DATE_CN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日$").expect("valid regex")
});
static DATE_ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})$").expect("valid regex")
});
static DATE_HAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
        .expect("valid regex")
});

/// Region suffixes: a name up to one of these is an administrative area.
const REGION_SUFFIXES: [char; 7] = ['省', '市', '区', '县', '旗', '州', '盟'];

/// Endings of a body's name (longest first where one contains another).
const AGENCY_SUFFIXES: [&str; 30] = [
    "人民政府",
    "政府",
    "街道办事处",
    "办事处",
    "街道",
    "镇",
    "乡",
    "苏木",
    "管理委员会",
    "委员会",
    "管委会",
    "办公室",
    "办公厅",
    "局",
    "委",
    "办",
    "厅",
    "中心",
    "署",
    "院",
    "处",
    "所",
    "站",
    "队",
    "部",
    "会",
    "区",
    "县",
    "市",
    "旗",
];

/// Two-character words ending in an area suffix that are not an area's name when they stand alone.
const NOT_AREAS: [[char; 2]; 11] = [
    ['城', '市'],
    ['都', '市'],
    ['超', '市'],
    ['门', '市'],
    ['社', '区'],
    ['园', '区'],
    ['景', '区'],
    ['小', '区'],
    ['校', '区'],
    ['片', '区'],
    ['街', '区'],
];

/// Remainders that are not a body on their own (they belong with the area before them).
const GENERIC_REMAINDERS: [&str; 8] = [
    "人民政府",
    "政府",
    "管委会",
    "管理委员会",
    "委员会",
    "办事处",
    "工委",
    "党工委",
];

/// Extracts the metadata. `lines` are the original lines; `first_heading` is the line of the first section heading.
pub fn extract(lines: &[&str], first_heading: Option<usize>) -> Meta {
    let mut meta = Meta::default();
    // Lines without white space or Markdown marks (`## 忠坪区新卢镇` is a name line), squeezed when first needed
    // (only the preamble, the last lines and sometimes the start of the body are read).
    let squeezed = Squeezed::new(lines);
    // The squeezed lines in order, each made as the iteration reaches it.
    let squeezed_lines = || (0..lines.len()).map(|index| squeezed.get(index));
    let preamble_end = first_heading
        .unwrap_or_else(|| lines.len().min(12))
        .min(lines.len());

    // Title: the first preamble line naming the report (`标题：…` keeps what follows the label; breadcrumbs such as
    // `首页 > 政务公开 > 年报` are not titles).
    let mut title_line = None;
    let mut title_squeezed = String::new();
    for (index, line) in squeezed_lines().enumerate().take(preamble_end.max(1)) {
        let bare = line.trim_start_matches('#').trim_matches('*');
        if bare.contains(['>', '»', '›']) || bare.contains("首页") || bare.contains("当前位置")
        {
            continue;
        }
        let bare = bare.rsplit(['：', ':']).next().unwrap_or(bare);
        let names_report = (bare.contains("报告") || bare.contains("年报"))
            && (bare.contains("公开") || bare.contains("年度") || bare.contains("年报"));
        if names_report && bare.chars().count() <= 80 && !bare.contains('。') {
            title_line = Some(index);
            title_squeezed = bare.to_string();
            let printed: String = lines[index].chars().filter_map(fold_zero_width).collect();
            let printed = printed
                .trim()
                .trim_start_matches('#')
                .trim()
                .trim_matches('*')
                .trim();
            let printed = printed.rsplit(['：', ':']).next().unwrap_or(printed).trim();
            meta.title = Some(printed.to_string());
            break;
        }
    }

    // The trailing signature: a date line and/or a name line among the last non-empty lines.
    let tail: Vec<usize> = (0..lines.len())
        .rev()
        .filter(|i| !squeezed.get(*i).is_empty())
        .take(6)
        .collect();
    let mut signature_names = Vec::new();
    for &index in &tail {
        if index < preamble_end {
            break;
        }
        if let Some(date) = date_of(squeezed.get(index)) {
            if meta.published.is_none() {
                meta.published = Some(date.0);
                meta.signature_line = Some(index);
                if let Some(name) = date.1.filter(|n| is_name_line(n)) {
                    signature_names.push(name);
                }
            }
        } else if is_name_line(squeezed.get(index)) && heading_of(lines[index]).is_none() {
            signature_names.push(squeezed.get(index).to_string());
            meta.signature_line = Some(meta.signature_line.map_or(index, |s| s.min(index)));
        } else if meta.published.is_some() || !signature_names.is_empty() {
            break;
        }
    }
    if meta.published.is_none() {
        // A date standing alone near the top (`（2022年1月13日）`, `发布日期：2022-01-13`).
        for line in squeezed_lines().take(preamble_end.min(10)) {
            let bare = line.trim_matches(['(', ')', '（', '）']);
            if let Some((date, prefix)) = date_of(bare) {
                if prefix
                    .as_deref()
                    .is_none_or(|p| p.contains("日期") || p.contains("时间"))
                {
                    meta.published = Some(date);
                    break;
                }
            }
        }
    }
    if meta.published.is_none() {
        // A labelled date in a page's header bar (`发布日期：2022-01-13 来源：…`).
        meta.published = squeezed_lines()
            .take(preamble_end.clamp(1, 20))
            .find_map(labelled_date);
    }

    // Agency and region: the title's prefix, else a name line before the first section, else the signature.
    let mut names: Vec<String> = Vec::new();
    if let Some(prefix) = title_line.and_then(|_| title_prefix(&title_squeezed)) {
        names.push(prefix);
    }
    for (index, line) in squeezed_lines().enumerate().take(preamble_end) {
        if Some(index) != title_line && is_name_line(line) && heading_of(lines[index]).is_none() {
            names.push(line.to_string());
        }
    }
    names.extend(signature_names);
    if let Some(first) = names.first() {
        let (mut region, agency) = split_region(first);
        if region.is_none() {
            // Another mention of the same body may name its region (`舞钢市尚店镇人民政府` at the end).
            region = names[1..]
                .iter()
                .map(|n| split_region(n))
                .find(|(r, a)| {
                    r.is_some()
                        && (a == &agency
                            || a.starts_with(&agency)
                            || agency.starts_with(a.as_str()))
                })
                .and_then(|(r, _)| r);
        }
        meta.level = level_of(&agency, region.as_deref());
        meta.agency = Some(agency);
        meta.region = region;
    }

    // Year: from the title, else from the body (never the signature's date).
    meta.year = title_line
        .and_then(|_| year_in(&title_squeezed))
        .or_else(|| {
            let body_end = meta.signature_line.unwrap_or(lines.len());
            body_year(squeezed_lines().take(body_end))
        });
    meta
}

/// The squeezed lines of a document (see [`squeeze_cow`]; leading `#` and surrounding `*` removed), each made when
/// first read.
struct Squeezed<'a> {
    lines: &'a [&'a str],
    cells: Vec<OnceCell<Cow<'a, str>>>,
}

impl<'a> Squeezed<'a> {
    fn new(lines: &'a [&'a str]) -> Self {
        Squeezed {
            lines,
            cells: vec![OnceCell::new(); lines.len()],
        }
    }

    /// The squeezed line `index` (which must be a line of the document).
    fn get(&self, index: usize) -> &str {
        self.cells[index].get_or_init(|| {
            let line = self.lines[index];
            match squeeze_cow(line) {
                Cow::Borrowed(s) => Cow::Borrowed(s.trim_start_matches('#').trim_matches('*')),
                Cow::Owned(s) => {
                    let bare = s.trim_start_matches('#').trim_matches('*');
                    if bare.len() == s.len() {
                        Cow::Owned(s)
                    } else {
                        Cow::Owned(bare.to_string())
                    }
                }
            }
        })
    }
}

/// How many characters of the body are searched for the year reported on.
const BODY_YEAR_CHARS: usize = 4000;

/// The year a body reports on: the first `20xx年度` / `20xx年，` / `20xx年1月1日` (the statistics period), else the
/// first `20xx年` that is not a law's date (`2019年修订`, `2019年5月15日起施行`).
fn body_year<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> Option<i32> {
    let mut text = String::new();
    for line in lines {
        if text.len() >= BODY_YEAR_CHARS * 3 {
            break;
        }
        text.push_str(line.as_ref());
        text.push('\n');
    }
    let mut first_plain = None;
    for captures in YEAR.captures_iter(&text).take(200) {
        let (Some(whole), Ok(year)) = (captures.get(0), captures[1].parse::<i32>()) else {
            continue;
        };
        if !(1990..=2100).contains(&year) {
            continue;
        }
        let after: String = text[whole.end()..].chars().take(12).collect();
        let about_a_law = ["修订", "修正", "施行", "颁布", "印发", "公布"]
            .iter()
            .any(|word| after.contains(word));
        if about_a_law {
            continue;
        }
        let strong = after.starts_with('度')
            || after.starts_with(['，', ',', '以'])
            || after.starts_with("1月1日")
            || after.starts_with("01月01日")
            || after.starts_with("全年");
        if strong {
            return Some(year);
        }
        first_plain.get_or_insert(year);
    }
    first_plain
}

/// The first plausible year written in a line (`2021年`, `2021年度`, `二〇二一年`).
fn year_in(line: &str) -> Option<i32> {
    let arabic = YEAR
        .captures(line)
        .and_then(|c| Some((c.get(0)?.start(), c[1].parse::<i32>().ok()?)));
    let han = CN_YEAR
        .captures(line)
        .and_then(|c| Some((c.get(0)?.start(), chinese_digits(&c[1])? as i32)))
        .filter(|(_, y)| (1990..=2100).contains(y));
    match (arabic, han) {
        (Some(a), Some(h)) => Some(if a.0 <= h.0 { a.1 } else { h.1 }),
        (a, h) => a.or(h).map(|(_, y)| y),
    }
    .filter(|y| (1990..=2100).contains(y))
}

static LABELLED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:发布|成文|公开|印发)(?:日期|时间)[:：]?((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
        .expect("valid regex")
});

/// A date after a label such as `发布日期：` anywhere in a squeezed line.
fn labelled_date(line: &str) -> Option<String> {
    if line.len() > 2000 {
        return None;
    }
    let captures = LABELLED_DATE.captures(line)?;
    let (year, month, day): (u32, u32, u32) = (
        captures[1].parse().ok()?,
        captures[2].parse().ok()?,
        captures[3].parse().ok()?,
    );
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// A date at the end of a squeezed line, as `YYYY-MM-DD`, with whatever stands before it.
fn date_of(line: &str) -> Option<(String, Option<String>)> {
    if line.chars().count() > 60 || line.contains('。') {
        return None;
    }
    let (captures, han) = if let Some(c) = DATE_CN.captures(line) {
        (c, false)
    } else if let Some(c) = DATE_ISO.captures(line) {
        (c, false)
    } else {
        (DATE_HAN.captures(line)?, true)
    };
    let whole = captures.get(0)?;
    let (year, month, day) = if han {
        (
            chinese_digits(&captures[1])?,
            chinese_number(&captures[2])?,
            chinese_number(&captures[3])?,
        )
    } else {
        (
            captures[1].parse().ok()?,
            captures[2].parse().ok()?,
            captures[3].parse().ok()?,
        )
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let prefix = line[..whole.start()].trim_end_matches([':', '：', ' ']);
    let prefix = (!prefix.is_empty()).then(|| prefix.to_string());
    Some((format!("{year:04}-{month:02}-{day:02}"), prefix))
}

/// A line that is only the name of a body (`铁西区新民屯镇人民政府`, `大洼区平安镇`).
fn is_name_line(line: &str) -> bool {
    let count = line.chars().count();
    (3..=40).contains(&count)
        && line.chars().all(|c| is_cjk(c) || "()（）".contains(c))
        && AGENCY_SUFFIXES.iter().any(|s| line.ends_with(s))
        && !["报告", "网站", "门户网站", "平台", "服务站", "公开栏"]
            .iter()
            .any(|s| line.ends_with(s))
        && !line.chars().take(2).collect::<String>().starts_with("关于")
}

/// The body named before the year / `政府信息公开` in a title, or `None`.
fn title_prefix(title: &str) -> Option<String> {
    let bare = title.trim_start_matches('#').trim_matches('*');
    let bare = bare.strip_prefix("关于").unwrap_or(bare);
    let without_years = CN_YEAR
        .replace_all(&YEAR.replace_all(bare, "\u{1}"), "\u{1}")
        .into_owned();
    let without_years = without_years.replace("\u{1}度", "\u{1}");
    // Text before the first of these markers is the body's name (a leading year is skipped).
    let markers = [
        "政府信息公开",
        "政务信息公开",
        "政务公开",
        "信息公开",
        "年度报告",
        "工作报告",
        "年报",
    ];
    let start = if without_years.starts_with('\u{1}') {
        '\u{1}'.len_utf8()
    } else {
        0
    };
    let rest = &without_years[start..];
    let end = markers
        .iter()
        .filter_map(|m| rest.find(m))
        .chain(rest.find('\u{1}'))
        .min()?;
    // `XX镇人民政府关于XX镇2021年…`: the body is the one before 关于.
    let before = rest[..end].split("关于").next().unwrap_or("");
    let mut name = before.trim_end_matches('的').to_string();
    if name.ends_with("人民") {
        name.push_str("政府");
    }
    // `哈图布呼镇镇政府信息公开`: the second 镇 belongs to 镇政府.
    let chars: Vec<char> = name.chars().collect();
    if chars.len() >= 3
        && chars[chars.len() - 1] == chars[chars.len() - 2]
        && "镇乡县区市".contains(chars[chars.len() - 1])
    {
        name.pop();
    }
    let count = name.chars().count();
    ((2..=40).contains(&count) && name.chars().all(|c| is_cjk(c) || "()（）".contains(c)))
        .then_some(name)
}

/// Splits `<region><agency>`: the region is the last administrative area (ending in 省/市/区/县/旗/州/盟) before
/// the body's own name. `沈阳市铁西区人民政府` → (`沈阳市`, `铁西区人民政府`).
pub fn split_region(name: &str) -> (Option<String>, String) {
    let chars: Vec<char> = name.chars().collect();
    // Ends (exclusive) of area names.
    let mut boundaries: Vec<usize> = Vec::new();
    let mut segment_start = 0;
    for (i, c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let long_enough = i + 1 - segment_start >= 2;
        let continues = *c == '州' && next.is_some_and(|n| "市区县".contains(n));
        // `城市管理局`, `社区`: words ending in 市/区 that are not areas.
        let word = i + 1 - segment_start == 2 && i > 0 && NOT_AREAS.contains(&[chars[i - 1], *c]);
        if REGION_SUFFIXES.contains(c) && long_enough && !continues && !word && i + 1 < chars.len()
        {
            boundaries.push(i + 1);
            segment_start = i + 1;
        }
    }
    let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    for k in (0..boundaries.len()).rev() {
        let end = boundaries[k];
        let remainder = text(end, chars.len());
        let generic = GENERIC_REMAINDERS
            .iter()
            .any(|g| remainder.starts_with(g) && remainder.len() <= g.len() + 9)
            || remainder.starts_with("人民政府")
            || remainder.starts_with("政府");
        if generic {
            continue;
        }
        let start = if k == 0 { 0 } else { boundaries[k - 1] };
        return (Some(text(start, end)), remainder);
    }
    // The whole name is one area's body (`铁西区人民政府`) and no enclosing area is named.
    (None, name.to_string())
}

/// The administrative level implied by a body's name (and its region, for county-level cities).
pub fn level_of(agency: &str, region: Option<&str>) -> Option<Level> {
    let core = agency
        .strip_suffix("人民政府")
        .or_else(|| agency.strip_suffix("政府"))
        .unwrap_or(agency);
    let is_government = core.len() != agency.len();
    if ["街道办事处", "街道办", "街道", "镇", "乡", "苏木"]
        .iter()
        .any(|s| core.ends_with(s))
    {
        return Some(Level::Township);
    }
    let area_level = |core: &str| -> Option<Level> {
        if core.ends_with("自治区")
            || core.ends_with('省')
            || ["北京市", "天津市", "上海市", "重庆市"].contains(&core)
        {
            Some(Level::Province)
        } else if core.ends_with('区') || core.ends_with('县') || core.ends_with('旗') {
            Some(Level::County)
        } else if core.ends_with('州') || core.ends_with('盟') || core.ends_with("地区") {
            Some(Level::City)
        } else if core.ends_with('市') {
            let inside_city =
                region.is_some_and(|r| r.ends_with('市') || r.ends_with('州') || r.ends_with('盟'));
            Some(if inside_city {
                Level::County
            } else {
                Level::City
            })
        } else {
            None
        }
    };
    if is_government {
        return area_level(core);
    }
    const DEPARTMENT: [&str; 19] = [
        "局",
        "委员会",
        "委",
        "办公室",
        "办公厅",
        "办",
        "厅",
        "部",
        "中心",
        "署",
        "院",
        "所",
        "站",
        "队",
        "处",
        "室",
        "会",
        "馆",
        "社",
    ];
    if DEPARTMENT.iter().any(|s| core.ends_with(s)) {
        return Some(Level::Department);
    }
    area_level(core)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_region_and_agency() {
        let split = |s: &str| {
            let (r, a) = split_region(s);
            (r.unwrap_or_default(), a)
        };
        assert_eq!(
            split("铁西区新民屯镇人民政府"),
            ("铁西区".into(), "新民屯镇人民政府".into())
        );
        assert_eq!(
            split("舞钢市尚店镇人民政府"),
            ("舞钢市".into(), "尚店镇人民政府".into())
        );
        assert_eq!(split("大洼区平安镇"), ("大洼区".into(), "平安镇".into()));
        assert_eq!(split("哈图布呼镇"), (String::new(), "哈图布呼镇".into()));
        assert_eq!(
            split("沈阳市铁西区人民政府"),
            ("沈阳市".into(), "铁西区人民政府".into())
        );
        assert_eq!(
            split("铁西区人民政府"),
            (String::new(), "铁西区人民政府".into())
        );
        assert_eq!(
            split("舞钢市市场监督管理局"),
            ("舞钢市".into(), "市场监督管理局".into())
        );
        assert_eq!(
            split("郑州市金水区丰产路街道办事处"),
            ("金水区".into(), "丰产路街道办事处".into())
        );
        assert_eq!(
            split("辽宁省人民政府办公厅"),
            (String::new(), "辽宁省人民政府办公厅".into())
        );
    }

    #[test]
    fn levels() {
        assert_eq!(
            level_of("新民屯镇人民政府", Some("铁西区")),
            Some(Level::Township)
        );
        assert_eq!(level_of("平安镇", None), Some(Level::Township));
        assert_eq!(level_of("丰产路街道办事处", None), Some(Level::Township));
        assert_eq!(
            level_of("铁西区人民政府", Some("沈阳市")),
            Some(Level::County)
        );
        assert_eq!(
            level_of("舞钢市人民政府", Some("平顶山市")),
            Some(Level::County)
        );
        assert_eq!(level_of("平顶山市人民政府", None), Some(Level::City));
        assert_eq!(level_of("辽宁省人民政府", None), Some(Level::Province));
        assert_eq!(
            level_of("市场监督管理局", Some("舞钢市")),
            Some(Level::Department)
        );
        assert_eq!(
            level_of("辽宁省人民政府办公厅", None),
            Some(Level::Department)
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            date_of("2022年1月13日").map(|d| d.0),
            Some("2022-01-13".to_string())
        );
        assert_eq!(
            date_of("2022-01-13").map(|d| d.0),
            Some("2022-01-13".to_string())
        );
        assert_eq!(
            date_of("二〇二二年一月十三日").map(|d| d.0),
            Some("2022-01-13".to_string())
        );
        assert_eq!(date_of("2022年13月1日"), None);
    }

    #[test]
    fn labelled_dates_in_a_header_bar() {
        assert_eq!(
            labelled_date("发布日期：2022-01-20来源：临泉县人民政府浏览次数：100").as_deref(),
            Some("2022-01-20")
        );
        assert_eq!(
            labelled_date("发布时间:2022年1月5日").as_deref(),
            Some("2022-01-05")
        );
        assert_eq!(labelled_date("2022-01-20"), None);
    }

    #[test]
    fn title_prefixes() {
        assert_eq!(
            title_prefix("舞钢市尚店镇人民政府2021年政府信息公开工作年度报告").as_deref(),
            Some("舞钢市尚店镇人民政府")
        );
        assert_eq!(
            title_prefix("哈图布呼镇镇政府信息公开工作2021年度报告").as_deref(),
            Some("哈图布呼镇")
        );
        assert_eq!(title_prefix("2023年政府信息公开工作年度报告"), None);
        assert_eq!(
            title_prefix("2021年舞钢市人民政府政府信息公开工作年度报告").as_deref(),
            Some("舞钢市人民政府")
        );
    }

    #[test]
    fn body_years_skip_the_dates_of_laws() {
        let lines = |text: &str| text.split('\n').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            body_year(lines(
                "根据2019年修订的《条例》要求，现将本镇工作报告如下。\n2021年，我镇…"
            )),
            Some(2021)
        );
        assert_eq!(
            body_year(lines("统计期限自2020年1月1日起至2020年12月31日止。")),
            Some(2020)
        );
        assert_eq!(body_year(lines("我局于2018年建立制度。")), Some(2018));
        assert_eq!(body_year(lines("无年份")), None);
        assert_eq!(
            title_prefix("西工区人民政府关于2020年度政府信息公开工作的年度报告").as_deref(),
            Some("西工区人民政府")
        );
        assert_eq!(
            title_prefix("屯里镇人民政府关于屯里镇2023年政府信息公开工作年度报告").as_deref(),
            Some("屯里镇人民政府")
        );
    }

    #[test]
    fn breadcrumbs_are_not_titles_and_labels_are_dropped() {
        let lines = [
            "当前位置：首页 > 政务公开 > 政府信息公开年报",
            "标题：临泉县自然资源局2022年政府信息公开工作年度报告",
            "一、总体情况",
        ];
        let meta = extract(&lines, Some(2));
        assert_eq!(
            meta.title.as_deref(),
            Some("临泉县自然资源局2022年政府信息公开工作年度报告")
        );
        assert_eq!(meta.agency.as_deref(), Some("自然资源局"));
        assert_eq!(meta.region.as_deref(), Some("临泉县"));
        assert_eq!(meta.year, Some(2022));
    }

    #[test]
    fn markdown_name_lines() {
        let lines = [
            "## 忠坪区新卢镇",
            "",
            "## 2019年政府信息公开工作年度报告",
            "## 总体情况",
            "正文",
        ];
        let meta = extract(&lines, Some(3));
        assert_eq!(meta.agency.as_deref(), Some("新卢镇"));
        assert_eq!(meta.region.as_deref(), Some("忠坪区"));
        assert_eq!(
            meta.title.as_deref(),
            Some("2019年政府信息公开工作年度报告")
        );
    }

    #[test]
    fn seed_like_documents() {
        let lines = [
            "尧都区屯里镇人民政府",
            "",
            "2023年政府信息公开工作年度报告",
            "",
            "2023年，我镇…",
            "一、总体情况",
            "正文",
        ];
        let meta = extract(&lines, Some(5));
        assert_eq!(
            meta.title.as_deref(),
            Some("2023年政府信息公开工作年度报告")
        );
        assert_eq!(meta.agency.as_deref(), Some("屯里镇人民政府"));
        assert_eq!(meta.region.as_deref(), Some("尧都区"));
        assert_eq!(meta.year, Some(2023));

        let lines = [
            " 一、总体情况",
            "2021年新民屯镇…",
            "六、其他",
            "无",
            "",
            "铁西区新民屯镇人民政府 ",
            "2022 年 1 月 13 日",
            "",
        ];
        let meta = extract(&lines, Some(0));
        assert_eq!(meta.title, None);
        assert_eq!(meta.agency.as_deref(), Some("新民屯镇人民政府"));
        assert_eq!(meta.region.as_deref(), Some("铁西区"));
        assert_eq!(meta.published.as_deref(), Some("2022-01-13"));
        assert_eq!(meta.year, Some(2021));
        assert_eq!(meta.signature_line, Some(5));
    }
}
