//! Splitting section 5 (存在的主要问题及改进情况) into single problem and improvement statements.
//!
//! The section states its problems first and its improvements after a heading (`（二）改进情况`, `改进情况：`) or a
//! cue (`针对上述…`, `下一步，…`, `结合当前的不足之处，…`). Each part is usually enumerated — `一是…；二是…。`,
//! `1. …` lines, `（一）…` sub-items — or, for problems, listed after `如` and separated by commas
//! (`如所公开信息的分类不够细致，公开内容不够多样，信息的更新不够及时`). Lead-in sentences
//! (`…但仍存在不足：`) are not statements. Statements keep their explanation sentences and lose their enumerator and
//! trailing punctuation.
//!
//! Everything here is a single pass over lines or a regex scan, so the cost is linear in the input.

use std::sync::LazyLock;

use regex::Regex;

/// The section's own heading (`五、存在的主要问题及改进情况`), when the text still carries it.
static SECTION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[五5][、.．]\s*)?(?:政府信息公开工作)?存在的?主要问题(?:及|和|与)改进(?:情况|措施)?[：:]?$")
        .expect("static regex")
});

/// A heading that opens the problems (`（一）主要问题`, `存在问题：`, `一、存在的不足`), possibly followed by text.
static PROBLEMS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[（(]\s*[一1]\s*[）)]|[一1]\s*[、.．])?\s*",
        r"(?:存在的?(?:主要)?(?:问题|不足)(?:和|与|及)?(?:不足|困难|原因)?|主要问题|问题(?:和|与|及)不足|不足之处|工作中存在的问题)",
        r"\s*(?:[：:。．.]\s*|$)"
    ))
    .expect("static regex")
});

/// A heading that opens the improvements (`（二）改进情况`, `改进情况：`, `二、下一步工作打算`), possibly followed by
/// text.
static IMPROVEMENTS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[（(]\s*[一二三2-3]\s*[）)]|[一二三2-3]\s*[、.．])?\s*",
        r"(?:(?:主要)?改进(?:情况|措施|方向|举措|计划)|整改(?:情况|措施)|下一步(?:的)?(?:工作)?(?:打算|计划|措施|安排|工作)",
        r"|(?:今后|下一年度|\d{4}年)?工作(?:打算|计划|措施|思路)|今后(?:的)?(?:打算|努力方向)|改进情况及措施)",
        r"\s*(?:[：:。．.]\s*|$)"
    ))
    .expect("static regex")
});

/// A cue at the start of a sentence that turns from problems to improvements.
static IMPROVEMENTS_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:^|[。；;！!？?\n]\s*)",
        r"(针对(?:上述|以上|存在的|这些|此类|前述|以上存在的|上述存在的)|下一步|下步|下一年度|结合当前|今后[，,]|为此[，,]|对此[，,]",
        r"|\d{4}年[，,]\s*[^。；;，,\n]{0,15}?(?:将|拟|计划)",
        r"|(?:主要)?(?:改进情况|改进措施|整改措施|改进方向|下一步(?:工作)?(?:打算|计划|措施))[：:]",
        r"|(?:我|本)(?:[镇乡局街办委区县市院厅]|街道|单位|部门|中心)(?:将|要)(?:从以下|在以下|重点|着力|继续|进一步|采取))"
    ))
    .expect("static regex")
});

/// An enumerator at the start of a line: `（一）`, `(1)`, `一、`, `1.`, `1、`, `①`, `第一，`, `首先，`.
static LINE_ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?m)^[ \t]*(?:",
        r"(?P<paren_han>[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)])",
        r"|(?P<paren_arabic>[（(]\s*\d{1,2}\s*[）)])",
        r"|(?P<han>[一二三四五六七八九十]{1,3}\s*[、.．])",
        r"|(?P<arabic>\d{1,2}\s*[、.．])",
        r"|(?P<circled>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])",
        r"|(?P<ordinal>(?:第[一二三四五六七八九十]{1,3}|首先|其次|再次|最后)\s*[，,、：:])",
        r"|(?P<shi>[一二三四五六七八九十]{1,3}是)",
        r")"
    ))
    .expect("static regex")
});

/// An enumerator inside a paragraph, after punctuation: `；二是`, `：（1）`, `。2.`, `，③`.
static INLINE_ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:",
        r"[：:；;，,。、\s](?P<shi>[一二三四五六七八九十]{1,3}是)",
        r"|[：:；;。\s](?P<paren_han>[（(][一二三四五六七八九十]{1,3}[）)])",
        r"|[：:；;。\s](?P<paren_arabic>[（(]\d{1,2}[）)])",
        r"|[：:；;。](?P<arabic>\d{1,2}[、．.])",
        r"|[：:；;，,。\s](?P<circled>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])",
        r"|[：:；;。](?P<ordinal>(?:第[一二三四五六七八九十]{1,3}|其次|再次|最后)\s*[，,、：:])",
        r")"
    ))
    .expect("static regex")
});

/// The opening of a list after `如`/`主要表现在` (`，如所公开信息的分类不够细致，…`).
static LIST_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:^|[，,：:；;。])\s*",
        r"(?:如|例如|比如|主要(?:表现|体现)(?:在|为)|具体(?:表现|体现)(?:在|为)|主要是|表现在|体现在)",
        r"(?:以下(?:几个)?方面)?[：:，,]?"
    ))
    .expect("static regex")
});

/// A sentence that only announces the problems (`…但仍存在不足`, `还存在一些差距和不足`).
static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:存在|还有|仍有|也有|尚有|有)[^，,。；;]{0,12}",
        r"(?:问题|不足|差距|短板|薄弱环节|不足之处|困难)(?:之处)?(?:和|与|及)?(?:不足|差距|问题)?",
        r"(?:[，,]?\s*(?:主要(?:表现|体现)(?:在|为)|具体如下|如下|主要有|主要是)(?:以下(?:几个)?方面)?)?$"
    ))
    .expect("static regex")
});

/// Words that mark a sentence as stating a problem (used when nothing is enumerated).
static PROBLEM_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"不足|不够|不强|不高|不及时|不到位|不全|不平衡|不规范|不完善|不明显|不深|不细|不多|",
        r"有待|较低|较少|欠缺|缺乏|滞后|薄弱|单一|仍需|还需|需进一步|需要进一步|亟待|差距|问题|偏少|偏低|",
        r"不[一-龥]{0,2}(?:及时|全面|完善|规范|到位)"
    ))
    .expect("static regex")
});

/// Which kind of enumerator an item marker is; a list is split on one family only (the outermost one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Shi,
    ParenHan,
    ParenArabic,
    Han,
    Arabic,
    Circled,
    Ordinal,
}

const FAMILY_GROUPS: [(&str, Family); 7] = [
    ("shi", Family::Shi),
    ("paren_han", Family::ParenHan),
    ("paren_arabic", Family::ParenArabic),
    ("han", Family::Han),
    ("arabic", Family::Arabic),
    ("circled", Family::Circled),
    ("ordinal", Family::Ordinal),
];

/// One enumerator found in a text: its byte range and family.
#[derive(Debug, Clone, Copy)]
struct Marker {
    start: usize,
    end: usize,
    family: Family,
}

/// Splits the text of section 5 into (problems, improvements): single statements, enumerators stripped, trimmed,
/// without trailing punctuation, in printed order. Lead-in sentences are dropped.
///
/// The text may still start with the section's heading; Markdown `#` marks are ignored. Never panics; linear in the
/// size of the text.
pub fn split_section5(text: &str) -> (Vec<String>, Vec<String>) {
    let lines = logical_lines(text);
    let (problem_text, improvement_text) = divide(&lines);
    let mut problems = split_statements(&problem_text, Part::Problems);
    let mut improvements = split_statements(&improvement_text, Part::Improvements);
    problems.retain(|statement| says_something(statement));
    improvements.retain(|statement| says_something(statement));
    (problems, improvements)
}

/// Which part of the section a text is; problems may be listed after `如`, improvements keep every sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Problems,
    Improvements,
}

/// The section's lines, trimmed, Markdown marks and blank lines dropped, the section heading dropped, and lines that
/// were wrapped in the middle of a sentence (PDF-style) joined again.
fn logical_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.lines() {
        let line = clean_line(raw);
        if line.is_empty() || SECTION_HEADING.is_match(&line) {
            continue;
        }
        let joins_previous = lines
            .last()
            .is_some_and(|previous| is_wrapped(previous, &line));
        match lines.last_mut() {
            Some(previous) if joins_previous => previous.push_str(&line),
            _ => lines.push(line),
        }
    }
    lines
}

/// A line without surrounding white space (including NBSP and ideographic spaces) and Markdown heading marks.
fn clean_line(raw: &str) -> String {
    let trimmed =
        raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}');
    let without_marks = trimmed.trim_start_matches('#').trim_start();
    without_marks.replace(['\u{a0}', '\u{3000}', '\u{200b}'], " ")
}

/// Whether `line` continues `previous`: the previous line is long and stops mid-sentence, and `line` opens nothing.
fn is_wrapped(previous: &str, line: &str) -> bool {
    const MIN_WRAPPED_CHARS: usize = 25;
    let stops_mid_sentence = previous.chars().last().is_some_and(|last| {
        !matches!(
            last,
            '。' | '；' | ';' | '：' | ':' | '！' | '!' | '？' | '?'
        )
    });
    stops_mid_sentence
        && previous.chars().count() >= MIN_WRAPPED_CHARS
        && !LINE_ENUMERATOR.is_match(line)
        && !IMPROVEMENTS_HEADING.is_match(line)
        && !PROBLEMS_HEADING.is_match(line)
}

/// Divides the lines into the problems text and the improvements text, dropping the headings of both parts.
fn divide(lines: &[String]) -> (String, String) {
    let mut problems = String::new();
    let mut improvements = String::new();
    let mut in_improvements = false;
    for line in lines {
        if in_improvements {
            push_line(&mut improvements, line);
            continue;
        }
        if let Some(found) = IMPROVEMENTS_HEADING.find(line) {
            in_improvements = true;
            push_line(&mut improvements, &line[found.end()..]);
            continue;
        }
        let line = match PROBLEMS_HEADING.find(line) {
            Some(found) => &line[found.end()..],
            None => line.as_str(),
        };
        match IMPROVEMENTS_CUE
            .captures(line)
            .and_then(|captures| captures.get(1))
        {
            Some(cue) => {
                in_improvements = true;
                push_line(&mut problems, &line[..cue.start()]);
                push_line(&mut improvements, &line[cue.start()..]);
            }
            None => push_line(&mut problems, line),
        }
    }
    (problems, improvements)
}

fn push_line(text: &mut String, line: &str) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

/// Splits one part's text into statements: on its outermost enumerators, else on a `如` list (problems), else on
/// sentences.
fn split_statements(text: &str, part: Part) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let markers = enumerators(text);
    if !markers.is_empty() {
        return split_on_markers(text, &markers, part);
    }
    if part == Part::Problems {
        if let Some(statements) = split_list(text) {
            return statements;
        }
    }
    split_sentences(text, part)
}

/// The enumerators of the outermost family (the family of the first one found), in order.
fn enumerators(text: &str) -> Vec<Marker> {
    let mut found: Vec<Marker> = Vec::new();
    for captures in LINE_ENUMERATOR.captures_iter(text) {
        if let Some(marker) = marker_of(text, &captures) {
            found.push(marker);
        }
    }
    for captures in INLINE_ENUMERATOR.captures_iter(text) {
        if let Some(marker) = marker_of(text, &captures) {
            found.push(marker);
        }
    }
    found.sort_by_key(|marker| marker.start);
    let Some(first) = found.first().copied() else {
        return Vec::new();
    };
    let mut markers: Vec<Marker> = Vec::new();
    for marker in found
        .into_iter()
        .filter(|marker| marker.family == first.family)
    {
        if markers.last().is_none_or(|last| marker.start >= last.end) {
            markers.push(marker);
        }
    }
    markers
}

/// The marker a regex match names; an arabic number followed by a digit (`1.5万元`) is not one.
fn marker_of(text: &str, captures: &regex::Captures<'_>) -> Option<Marker> {
    let (group, family) = FAMILY_GROUPS
        .iter()
        .find_map(|(name, family)| captures.name(name).map(|group| (group, *family)))?;
    if family == Family::Arabic
        && text[group.end()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some(Marker {
        start: group.start(),
        end: group.end(),
        family,
    })
}

/// Items between markers; the text before the first marker is kept as a statement only when it is not a lead-in.
fn split_on_markers(text: &str, markers: &[Marker], part: Part) -> Vec<String> {
    let mut statements = Vec::new();
    let lead = tidy(&text[..markers[0].start]);
    if !lead.is_empty() && !is_lead_in(&text[..markers[0].start], part) {
        statements.extend(split_sentences(&lead, part));
    }
    for (index, marker) in markers.iter().enumerate() {
        let end = markers.get(index + 1).map_or(text.len(), |next| next.start);
        let item = tidy(&text[marker.end..end]);
        if !item.is_empty() {
            statements.push(item);
        }
    }
    statements
}

/// A `如`-list: the clauses after the cue up to the end of its sentence, then any later problem sentences.
fn split_list(text: &str) -> Option<Vec<String>> {
    let cue = LIST_CUE.find_iter(text).find(|found| {
        !starts_word_with_ru(&text[found.end()..])
            || found.as_str().ends_with(['：', ':', '，', ','])
    })?;
    let mut rest = &text[cue.end()..];
    // `主要表现在，如…`: the second cue opens the same list.
    for second in ["例如", "比如", "如"] {
        if let Some(after) = rest.trim_start().strip_prefix(second) {
            if !starts_word_with_ru(after) {
                rest = after.trim_start_matches(['：', ':', '，', ',']);
                break;
            }
        }
    }
    let sentence_end = rest.find(['。', '\n', '！', '？']).unwrap_or(rest.len());
    let mut statements: Vec<String> = rest[..sentence_end]
        .split(['，', ',', '；', ';'])
        .map(tidy)
        .filter(|clause| !clause.is_empty())
        .collect();
    if statements.is_empty() {
        return None;
    }
    statements.extend(split_sentences(&rest[sentence_end..], Part::Problems));
    Some(statements)
}

/// Whether the text after a bare `如` continues a word (`如何`, `如实`, `如期`), so it opens no list.
fn starts_word_with_ru(after: &str) -> bool {
    after.chars().next().is_some_and(|c| {
        matches!(
            c,
            '何' | '实' | '期' | '下' | '果' | '此' | '今' | '同' | '需'
        )
    })
}

/// Sentences as statements, lead-ins dropped. For problems, a sentence that states no problem (no problem word) is
/// kept with the statement before it as its explanation.
fn split_sentences(text: &str, part: Part) -> Vec<String> {
    let mut statements: Vec<String> = Vec::new();
    for sentence in text.split_inclusive(['。', '；', ';', '！', '？', '\n']) {
        let sentence_text = tidy(sentence);
        if sentence_text.is_empty() || is_lead_in(sentence, part) {
            continue;
        }
        let explains_previous = part == Part::Problems && !PROBLEM_WORDS.is_match(&sentence_text);
        match statements.last_mut() {
            Some(previous) if explains_previous => {
                previous.push('。');
                previous.push_str(&sentence_text);
            }
            _ => statements.push(sentence_text),
        }
    }
    statements
}

/// Whether a piece of text only announces what follows: it ends with a colon, or (problems) it says that problems
/// exist without naming one.
fn is_lead_in(text: &str, part: Part) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '，' | ',' | '。' | '；' | ';')
    });
    if trimmed.ends_with(['：', ':']) {
        return true;
    }
    part == Part::Problems && LEAD_IN.is_match(trimmed)
}

/// Whether a statement says anything: not a bare `无`/`暂无`/`没有` (section 5 of some reports is just that).
fn says_something(statement: &str) -> bool {
    let bare = statement.trim_matches(|c: char| c.is_whitespace() || !c.is_alphanumeric());
    bare.chars().count() >= 2
        && !matches!(
            bare,
            "暂无" | "没有" | "不存在" | "无其他" | "暂无问题" | "没有问题"
        )
}

/// A statement without surrounding white space, line breaks or trailing punctuation.
fn tidy(text: &str) -> String {
    let joined: String = text.split('\n').map(str::trim).collect::<Vec<_>>().join("");
    joined
        .trim_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '；' | ';' | '，' | ',' | '、' | '。' | '：' | ':' | '.' | '．'
                )
        })
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_000: &str = "五、存在的主要问题及改进情况
（一）主要问题
2021年新民屯镇政府信息公开工作虽取得一定成绩，但仍存在不足：一是政务公开业务水平有待提高。因我镇党政综合办原有日常工作业务种类繁多，信息公开业务培训不足，导致管理经验不足。二是政务新媒体整合水平和信息管理力度有待加强。对全镇各单位督促指导力度不足，个别政务新媒体仍存在信息更新不及时的现象。
（二）改进情况
针对上述现象，我镇将进行积极改进：一是加强工作管理，严格按照上级要求认真完成信息公开工作，需要更新的信息做到及时更新，确保时效性。二是加强信息公开工作人员业务培训开展，不断提高工作人员的综合素质，进一步提高信息公开工作水平。
";

    const SEED_001: &str = "#### 五、存在的主要问题及改进情况

##### (一) 存在问题

我镇公开工作与公众的需求还存在差距, 一是公开内容的及时性、全面性以及公开形式的便民性等需要在今后工作中改进; 二是部分栏目公开实效性较低, 公开内容不够全面、不够及时; 三是部分村居政务公开负责人没有认识到政务公开工作的重要意义, 思想上未能引起足够重视, 对政务公开工作不够主动、不够积极。

##### (二) 改进情况

1. 提高认识。加强宣传教育力度, 增强干部群众对推行政府信息公开工作的重要性和必要性的认识, 营造政务公开工作良好的社会环境, 切实增强做好此项工作的能力和水平, 及时公开、更新。
2. 进一步健全政府信息公开制度规范。不断规范工作机制、受理机制和政府信息发布、保密、审查制度等。
3. 继续积极做好政务主动公开工作。按照以公开为原则, 不公开为例外的总体要求, 扩大政务公开范围, 及时更新政务公开内容。完善政务公开发布渠道, 积极探索政务公开新途径, 实现“多层次、多渠道、多角度、全方位”发布政务公开内容, 确保群众知情权、参与权、监

督权。

4.进一步完善信息公开工作机构。要确保信息公开工作人员构成相对稳定，加强对政务公开工作的指导、培训，通过自学和加强与上级业务指导部门交流，提升政务公开工作人员能力，提高群众满意度。
";

    const SEED_002: &str = "五、存在的主要问题及改进情况
（一）存在的主要问题

2023年我镇政府信息公开工作还存在一些差距和不足。一是信息公开工作人员自身业务素质需进一步加强，二是信息公开力度需进一步加强。

（二）改进情况
下一步，我镇将继续贯彻落实《中华人民共和国政府信息公开条例》和政府信息公开相关的各项工作要求，不断强化公开意识，继续加强政府信息公开工作，着重突出人民群众关注的重点信息，及时回应社会关切问题，正确引导社会舆论。

1.进一步强化学习培训，提高信息公开业务水平。针对信息公开工作的要求，开展业务培训、制度学习，不断提高政府信息公开工作的管理和服务水平。
2.进一步强化公开力度，不断提升信息时效性全面性。根据工作要求，在深化完善和巩固提高上下功夫，对涉及人民群众关心的重大问题，重大决策应及时公开、全面公开，对于依申请公开内容开展审查研判，对符合公开情形的按一定程序及时主动公开。
";

    const SEED_003: &str = "五、存在的主要问题及改进情况

过去的一年，平安镇信息公开工作方面做了一些工作，取得了一定成效，但还存在需要改进的问题：一是对政府信息公开工作不够重视，政府信息公开工作发展不平衡；二是信息公开工作机制还需要进一步完善和落实；三是主动公开的意识不强，依申请公开的办理过于被动；四是信息公开工作人员的服务意识仍需增强，业务能力有待提高。

改进情况：一是充实政府信息公开内容。以社会关注度高、公共利益大的政府信息作为突破口，不断拓宽政府信息公开内容，扩大公开内容和范围。二是加强政府信息公开队伍建设。通过开展培训等方式，提高政府信息公开队伍信息公开的意识，增强其业务能力和水平。
";

    const SEED_004: &str = "五、存在的主要问题及改进情况
2021年，镇党委、政府信息公开工作虽在实践中不断改进和完善，但仍有许多不足之处，如所公开信息的分类不够细致，公开内容不够多样，信息的更新不够及时。

结合当前的不足之处，2022年，镇党委、政府将重点做好三方面工作，进一步加强政府信息公开工作：

一是丰富信息公开的内容。除可公开的公文类信息外，筛选其他由镇党委、镇政府生成的对社会公众有指导或帮助意义的信息纳入信息公开范围予以发布。

二是完善公文类信息公开属性源头认定机制。从源头上把好公开关，提高公文类信息的主动公开率。

三是提高政府信息公开时效性。加强政府信息公开学习培训，强化工作人员责任意识，提高政务公开工作的质量和服务水平，确保公开信息的时效性、完整性和准确性。
";

    #[test]
    fn seed_000_two_problems_with_explanations_and_two_improvements() {
        let (problems, improvements) = split_section5(SEED_000);
        assert_eq!(
            problems,
            [
                "政务公开业务水平有待提高。因我镇党政综合办原有日常工作业务种类繁多，信息公开业务培训不足，导致管理经验不足",
                "政务新媒体整合水平和信息管理力度有待加强。对全镇各单位督促指导力度不足，个别政务新媒体仍存在信息更新不及时的现象",
            ]
        );
        assert_eq!(improvements.len(), 2);
        assert!(improvements[0].starts_with("加强工作管理"));
        assert!(improvements[1].starts_with("加强信息公开工作人员业务培训开展"));
    }

    #[test]
    fn seed_001_three_problems_after_a_lead_in_and_four_numbered_improvements() {
        let (problems, improvements) = split_section5(SEED_001);
        assert_eq!(
            problems,
            [
                "公开内容的及时性、全面性以及公开形式的便民性等需要在今后工作中改进",
                "部分栏目公开实效性较低, 公开内容不够全面、不够及时",
                "部分村居政务公开负责人没有认识到政务公开工作的重要意义, 思想上未能引起足够重视, 对政务公开工作不够主动、不够积极",
            ]
        );
        assert_eq!(improvements.len(), 4);
        assert!(improvements[0].starts_with("提高认识"));
        // The line wrapped inside 监督权 is joined again.
        assert!(
            improvements[2].ends_with("确保群众知情权、参与权、监督权"),
            "{}",
            improvements[2]
        );
        assert!(improvements[3].starts_with("进一步完善信息公开工作机构"));
    }

    #[test]
    fn seed_002_problems_split_on_comma_before_er_shi() {
        let (problems, improvements) = split_section5(SEED_002);
        assert_eq!(
            problems,
            [
                "信息公开工作人员自身业务素质需进一步加强",
                "信息公开力度需进一步加强"
            ]
        );
        // The 下一步 paragraph is an improvement of its own, then the two numbered ones.
        assert_eq!(improvements.len(), 3);
        assert!(improvements[0].starts_with("下一步，我镇将继续贯彻落实"));
        assert!(improvements[1].starts_with("进一步强化学习培训"));
        assert!(improvements[2].starts_with("进一步强化公开力度"));
    }

    #[test]
    fn seed_003_four_problems_and_improvements_after_colon_heading() {
        let (problems, improvements) = split_section5(SEED_003);
        assert_eq!(
            problems,
            [
                "对政府信息公开工作不够重视，政府信息公开工作发展不平衡",
                "信息公开工作机制还需要进一步完善和落实",
                "主动公开的意识不强，依申请公开的办理过于被动",
                "信息公开工作人员的服务意识仍需增强，业务能力有待提高",
            ]
        );
        assert_eq!(improvements.len(), 2);
        assert!(improvements[0].starts_with("充实政府信息公开内容"));
        assert!(improvements[1].starts_with("加强政府信息公开队伍建设"));
    }

    #[test]
    fn seed_004_ru_list_of_three_and_improvements_after_cue() {
        let (problems, improvements) = split_section5(SEED_004);
        assert_eq!(
            problems,
            [
                "所公开信息的分类不够细致",
                "公开内容不够多样",
                "信息的更新不够及时"
            ]
        );
        assert_eq!(improvements.len(), 3);
        assert!(improvements[0].starts_with("丰富信息公开的内容"));
        assert!(improvements[2].starts_with("提高政府信息公开时效性"));
    }

    #[test]
    fn numbered_lines_with_paren_sub_headings() {
        let text = "（一）存在的问题\n1．信息公开栏目设置不够合理。\n2、部分信息更新滞后；\n3.政策解读形式单一。\n\
                    （二）改进措施\n（1）优化栏目设置。\n（2）加强日常维护，及时更新信息。";
        let (problems, improvements) = split_section5(text);
        assert_eq!(
            problems,
            [
                "信息公开栏目设置不够合理",
                "部分信息更新滞后",
                "政策解读形式单一"
            ]
        );
        assert_eq!(improvements, ["优化栏目设置", "加强日常维护，及时更新信息"]);
    }

    #[test]
    fn paren_items_as_problems_and_a_numbered_improvement_heading() {
        let text = "（一）政务公开意识有待增强。部分干部对公开工作认识不足。\n（二）网站栏目更新不及时。\n\
                    二、改进措施\n（一）加强学习。\n（二）明确专人负责网站维护。";
        let (problems, improvements) = split_section5(text);
        assert_eq!(
            problems,
            [
                "政务公开意识有待增强。部分干部对公开工作认识不足",
                "网站栏目更新不及时"
            ]
        );
        assert_eq!(improvements, ["加强学习", "明确专人负责网站维护"]);
    }

    #[test]
    fn unenumerated_paragraph_splits_on_sentences_and_mid_line_cue() {
        let text = "我局信息公开工作还存在一些问题。公开内容不够全面。解读回应质量不高，形式单一。\
                    下一步，我局将加强解读工作，丰富解读形式。";
        let (problems, improvements) = split_section5(text);
        assert_eq!(problems, ["公开内容不够全面", "解读回应质量不高，形式单一"]);
        assert_eq!(improvements, ["下一步，我局将加强解读工作，丰富解读形式"]);
    }

    #[test]
    fn decimals_and_words_containing_ru_are_not_enumerators_or_lists() {
        let text = "全年收费1.5万元，如实公开。依申请公开答复不够及时。";
        let (problems, _) = split_section5(text);
        // Neither `1.` in `1.5` nor `如` in `如实` opens an item.
        assert_eq!(
            problems,
            ["全年收费1.5万元，如实公开", "依申请公开答复不够及时"]
        );
    }

    #[test]
    fn headings_closed_by_a_full_stop_and_a_bare_none() {
        let text = "（一）存在的主要问题。一是栏目更新不及时；二是解读不够深入。\n（二）改进措施。一是及时更新栏目；二是加强政策解读。";
        let (problems, improvements) = split_section5(text);
        assert_eq!(problems, ["栏目更新不及时", "解读不够深入"]);
        assert_eq!(improvements, ["及时更新栏目", "加强政策解读"]);
        assert_eq!(
            split_section5("五、存在的主要问题及改进情况\n无。"),
            (vec![], vec![])
        );
        assert_eq!(split_section5("暂无。"), (vec![], vec![]));
    }

    #[test]
    fn empty_and_heading_only_texts_give_nothing() {
        assert_eq!(split_section5(""), (vec![], vec![]));
        assert_eq!(
            split_section5("五、存在的主要问题及改进情况\n\n"),
            (vec![], vec![])
        );
        assert_eq!(
            split_section5("（一）存在问题\n（二）改进情况\n"),
            (vec![], vec![])
        );
    }

    #[test]
    fn huge_input_is_handled() {
        let paragraph = "一是信息更新不及时；二是业务能力有待提高。";
        let text = paragraph.repeat(50_000);
        let (problems, _) = split_section5(&text);
        assert_eq!(problems.len(), 100_000);
        let one_line = "信息更新不及时，".repeat(200_000);
        let (problems, _) = split_section5(&one_line);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn improvements_heading_or_dated_plan_in_the_middle_of_a_line() {
        let text = "存在的主要问题：一是公开内容不够全面；二是信息更新不够及时。改进措施：一是进一步拓展公开内容；二是建立信息更新督查机制。";
        let (problems, improvements) = split_section5(text);
        assert_eq!(problems, ["公开内容不够全面", "信息更新不够及时"]);
        assert_eq!(improvements, ["进一步拓展公开内容", "建立信息更新督查机制"]);
        let text = "一是政策解读形式较为单一；二是基层政务公开标准化规范化建设有待深化。2021年，我区将丰富解读形式，推进基层政务公开标准化规范化。";
        let (problems, improvements) = split_section5(text);
        assert_eq!(
            problems,
            [
                "政策解读形式较为单一",
                "基层政务公开标准化规范化建设有待深化"
            ]
        );
        assert_eq!(
            improvements,
            ["2021年，我区将丰富解读形式，推进基层政务公开标准化规范化"]
        );
    }

    #[test]
    fn list_after_two_cues_and_improvements_after_a_dated_cue() {
        let text = "（一）主要问题\n对照上级要求，我市政府信息公开工作还存在一些薄弱环节，主要表现在，如信息员业务水平参差不齐，\
                    公开事项标准目录落实不到位。2024年，我街道将采取以下措施：1.选优配强信息公开工作人员。";
        let (problems, improvements) = split_section5(text);
        assert_eq!(
            problems,
            ["信息员业务水平参差不齐", "公开事项标准目录落实不到位"]
        );
        assert_eq!(improvements, ["选优配强信息公开工作人员"]);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,300}") {
            let _ = split_section5(&text);
        }

        #[test]
        fn never_panics_on_section_like_text(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "一是", "二是", "；", "。", "\n", "（一）", "(1)", "1.", "1.5", "2、", "如", "，", "改进情况：",
                    "下一步，", "存在问题", "信息更新不及时", "业务能力有待提高", "：", "①", "第一，", "#", " ",
                ]),
                0..60,
            )
        ) {
            let text: String = parts.concat();
            let (problems, improvements) = split_section5(&text);
            for statement in problems.iter().chain(&improvements) {
                proptest::prop_assert!(!statement.is_empty());
            }
        }
    }
}
