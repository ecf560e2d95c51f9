//! What a statement is about: concepts from a small domain thesaurus plus content words, as a weighted vector.
//!
//! A statement such as `信息公开工作人员自身业务素质需进一步加强` becomes the concepts `staff_skills` (业务素质) and
//! `staff` (工作人员) plus the words jieba finds once stop words and report boilerplate (进一步, 加强, 我镇, years,
//! numbers, place names) are dropped. Concepts carry most of the weight, so `业务水平`, `业务素质` and `业务能力`
//! meet; words tell apart what the thesaurus does not know.
//!
//! Two concepts are decided by their clause's context, because the same words name different problems:
//! - training (`培训`, `学习`, `教育`) is `staff_training` unless the clause speaks of the public (群众, 公众,
//!   村民…) and not of staff — then it is `public_education`;
//! - timeliness (`及时`, `时效`, `滞后`, `更新`) is `update_timeliness` unless the clause speaks of applications
//!   (依申请, 答复, 办理…) — then it is `reply_timeliness`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// One concept of the thesaurus: its key, its weight (how much it says about the problem) and its trigger words.
pub(crate) struct Concept {
    /// The concept's key, e.g. `staff_skills`.
    pub key: &'static str,
    /// The weight of the concept relative to a content word (which weighs [`WORD_WEIGHT`]).
    pub weight: f32,
    /// Words that name it, longest first within overlapping ones.
    pub triggers: &'static [&'static str],
}

/// Concepts that name a quality of the work (timeliness, skills, breadth) weigh more than those naming a channel or
/// an object (platforms, staff), because the problem is the quality that falls short: in
/// `个别政务新媒体仍存在信息更新不及时的现象` the problem is timeliness, not new media.
#[rustfmt::skip]
pub(crate) const THESAURUS: &[Concept] = &[
    Concept { key: "staff_skills", weight: 2.0, triggers: &[
        "业务水平", "业务素质", "业务能力", "专业素养", "专业水平", "专业化水平", "专业能力", "综合素质", "业务知识",
        "业务技能", "工作能力", "能力和水平", "能力水平", "政策水平", "管理经验", "工作经验", "经验不足", "素质",
        "能力不足", "业务不熟", "不熟悉", "理解不深", "把握不准", "把握还不够",
    ] },
    // Resolved by context into staff_training or public_education.
    Concept { key: TRAINING, weight: 2.0, triggers: &["业务培训", "学习培训", "培训", "学习", "教育"] },
    Concept { key: "staff", weight: 1.0, triggers: &[
        "工作人员", "干部", "专职人员", "兼职人员", "经办人员", "人员", "队伍", "负责人", "专职", "兼职", "人手",
        "信息员",
    ] },
    Concept { key: "staffing", weight: 2.0, triggers: &[
        "人员不足", "人手不足", "力量薄弱", "人员变动", "人员流动", "身兼数职", "一人多岗", "人员少",
    ] },
    Concept { key: "awareness", weight: 2.0, triggers: &[
        "意识", "认识", "重视", "思想", "观念", "理念", "被动", "不够积极", "轻公开",
    ] },
    Concept { key: "mechanisms", weight: 2.0, triggers: &["机制", "制度", "流程", "长效", "责任落实", "责任分工"] },
    Concept { key: "standardization", weight: 1.5, triggers: &[
        "标准化", "规范化", "标准目录", "标准指引", "公开要素", "要素", "标准", "规范性", "不够规范", "不规范",
    ] },
    // Resolved by context into update_timeliness or reply_timeliness.
    Concept { key: TIMELINESS, weight: 2.0, triggers: &[
        "及时性", "及时", "时效性", "时效", "实效性", "更新滞后", "发布滞后", "公开滞后", "更新", "延迟", "迟缓",
        "拖延", "超期", "期限", "时间偏长", "陈旧", "未更新", "长期未", "僵尸",
    ] },
    Concept { key: "breadth", weight: 2.0, triggers: &[
        "全面性", "全面", "范围", "多样", "丰富", "单一", "覆盖", "广度", "深度", "不全", "完整", "充实", "拓宽",
        "实质性",
    ] },
    Concept { key: "interpretation", weight: 2.0, triggers: &["政策解读", "解读", "图解"] },
    Concept { key: "response", weight: 2.0, triggers: &["回应", "关切", "舆情", "留言", "热点"] },
    Concept { key: "participation", weight: 2.0, triggers: &[
        "公众参与", "群众参与", "参与", "政民互动", "互动", "征求意见", "意见征集", "预公开",
    ] },
    Concept { key: "applications", weight: 2.0, triggers: &["依申请", "申请", "答复", "受理"] },
    Concept { key: "platforms", weight: 1.0, triggers: &[
        "平台", "网站", "门户", "栏目", "专栏", "公开栏", "专区", "渠道", "载体", "检索",
    ] },
    Concept { key: "new_media", weight: 1.0, triggers: &["新媒体", "公众号", "微信", "微博", "抖音", "客户端", "账号"] },
    Concept { key: "classification", weight: 1.5, triggers: &["分类", "细致", "目录", "归类", "编目", "错栏", "误发"] },
    Concept { key: "accuracy", weight: 1.5, triggers: &["准确", "质量", "格式"] },
    Concept { key: "review", weight: 2.0, triggers: &[
        "保密", "审查", "审核", "把关", "隐私", "个人信息", "错漏", "错误", "表述",
    ] },
    Concept { key: "publicity", weight: 2.0, triggers: &["宣传", "知晓率", "知晓度", "知晓", "普及"] },
    Concept { key: "convenience", weight: 1.5, triggers: &[
        "便民", "便捷", "形式", "方式", "可读性", "通俗", "查阅", "获取", "老年人", "线下", "场所", "晦涩", "专业术语",
    ] },
    Concept { key: "supervision", weight: 1.5, triggers: &[
        "督促", "指导", "监督", "考核", "检查", "评议", "追究", "问责", "督导",
    ] },
    Concept { key: "balance", weight: 1.5, triggers: &[
        "不平衡", "不均衡", "参差不齐", "进展不一", "差异较大",
    ] },
    Concept { key: "grassroots", weight: 1.0, triggers: &["村居", "村务", "基层", "社区", "下属单位", "镇村"] },
    Concept { key: "records", weight: 1.5, triggers: &[
        "档案", "台账", "归档", "汇编", "清理", "整理", "信息管理", "共享", "资源整合",
    ] },
    Concept { key: "resources", weight: 1.5, triggers: &[
        "经费", "资金", "设备", "硬件", "投入", "保障", "信息化", "技术支撑",
    ] },
    Concept { key: "key_areas", weight: 1.5, triggers: &[
        "重点领域", "领域", "民生", "预决算", "财政", "乡村振兴", "建设项目", "公共资源", "惠民", "补贴",
    ] },
    Concept { key: "disclosure_attributes", weight: 2.0, triggers: &[
        "公开属性", "属性认定", "属性", "源头", "转主动公开", "目录外", "主动公开率", "公文类",
    ] },
];

/// Concepts that qualify something else (`不够全面`, `形式单一`, `不够准确`): full weight when the clause names
/// nothing more specific, a quarter when it does — `公开载体不够丰富` is about platforms, `公开内容不够丰富` about
/// breadth.
const QUALIFIERS: &[&str] = &["breadth", "convenience", "accuracy"];
/// The share of a qualifier's weight kept when its clause names a more specific concept.
const QUALIFIER_SHARE: f32 = 0.25;
/// Concepts that only set the scene (who or where); they do not make a qualifier step back.
const SCENE: &[&str] = &["staff", "grassroots"];

/// The placeholder key of training words before their context decides.
const TRAINING: &str = "training";
/// The placeholder key of timeliness words before their context decides.
const TIMELINESS: &str = "timeliness";

/// The weight of a content word relative to a concept.
pub(crate) const WORD_WEIGHT: f32 = 0.5;

/// Words in a clause that mean the public is meant (training of the public, not of staff).
const PUBLIC_CONTEXT: &[&str] = &[
    "群众",
    "公众",
    "村民",
    "居民",
    "市民",
    "企业",
    "百姓",
    "社会各界",
    "普法",
    "宣传",
    "申请人",
];
/// Words in a clause that mean staff are meant.
const STAFF_CONTEXT: &[&str] = &[
    "工作人员",
    "干部",
    "人员",
    "队伍",
    "业务",
    "职工",
    "专职",
    "兼职",
    "负责人",
];
/// Words in a clause that mean applications are meant (timeliness of replies, not of updates).
const APPLICATION_CONTEXT: &[&str] = &[
    "依申请",
    "申请",
    "答复",
    "回复",
    "办理",
    "办结",
    "受理",
    "期限",
    "时限",
];

/// Words in a clause that mean answers to public concerns are meant (responsiveness, not updates).
const RESPONSE_CONTEXT: &[&str] = &["回应", "关切", "舆情", "留言", "诉求"];

/// Stop words and report boilerplate: they say nothing about which problem is meant.
const STOP_WORDS: &[&str] = &[
    "进一步",
    "有待",
    "加强",
    "提高",
    "提升",
    "增强",
    "强化",
    "存在",
    "不够",
    "不足",
    "仍",
    "仍然",
    "还",
    "还有",
    "需要",
    "需",
    "仍需",
    "还需",
    "有待提高",
    "有待加强",
    "我镇",
    "我局",
    "我乡",
    "我区",
    "我县",
    "我市",
    "本镇",
    "全镇",
    "全乡",
    "全区",
    "全县",
    "全市",
    "工作",
    "信息",
    "公开",
    "政府",
    "政务",
    "信息公开",
    "政务公开",
    "政府信息",
    "政府信息公开",
    "情况",
    "方面",
    "问题",
    "部分",
    "个别",
    "一些",
    "一定",
    "以及",
    "等",
    "和",
    "与",
    "的",
    "了",
    "是",
    "在",
    "对",
    "于",
    "及",
    "或",
    "其",
    "为",
    "将",
    "中",
    "上",
    "下",
    "较",
    "较为",
    "比较",
    "相关",
    "有关",
    "各项",
    "各类",
    "各",
    "现象",
    "方面",
    "过程",
    "导致",
    "因",
    "由于",
    "因为",
    "目前",
    "当前",
    "今后",
    "没有",
    "未能",
    "未",
    "不",
    "能",
    "够",
    "做好",
    "开展",
    "落实",
    "完善",
    "改进",
    "进行",
    "实现",
    "确保",
    "继续",
    "不断",
    "积极",
    "切实",
    "认真",
    "严格",
    "按照",
    "要求",
    "上级",
    "单位",
    "镇党委",
    "党委",
    "人民政府",
    "镇政府",
    "县政府",
    "区政府",
    "市政府",
    "政府网站",
    "自身",
    "水平",
    "力度",
    "一是",
    "二是",
    "三是",
    "四是",
    "五是",
    "主要",
    "表现",
    "体现",
    "此外",
    "同时",
    "虽然",
    "但",
    "但是",
    "并",
    "而",
    "且",
];

/// Every trigger word of the thesaurus, longest first so the longest name wins.
static TRIGGERS: LazyLock<Regex> = LazyLock::new(|| {
    let mut words: Vec<&str> = THESAURUS
        .iter()
        .flat_map(|concept| concept.triggers.iter().copied())
        .collect();
    words.sort_by_key(|word| std::cmp::Reverse(word.chars().count()));
    words.dedup();
    let pattern = words
        .iter()
        .map(|word| regex::escape(word))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&pattern).expect("thesaurus triggers are literal words")
});

/// Trigger word → index of its concept in [`THESAURUS`].
static TRIGGER_CONCEPT: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (index, concept) in THESAURUS.iter().enumerate() {
        for trigger in concept.triggers {
            map.entry(*trigger).or_insert(index);
        }
    }
    map
});

static STOP_SET: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// A place name or a body's self-reference (`平安镇`, `尚店镇`, `铁西区`): boilerplate, not a problem.
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[一-龥]{1,6}(?:镇|乡|村|区|县|市|省|街道|旗|盟|州)$").expect("static regex")
});

/// Words that, standing after a word, make it a place name (`平安` `镇`).
const PLACE_SUFFIXES: &[&str] = &[
    "镇", "乡", "村", "区", "县", "市", "省", "街道", "旗", "盟", "州", "社区",
];

/// A feature of a statement before interning: a concept key or a content word.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Feature {
    /// A concept of the thesaurus (context resolved).
    Concept(&'static str),
    /// A content word.
    Word(String),
}

/// What one statement is about: its features with counts, and the trigger words each concept was named by.
#[derive(Debug, Clone, Default)]
pub(crate) struct Analysis {
    /// Feature → how much the statement names it (a count; qualifiers count a quarter when they step back).
    pub counts: Vec<(Feature, f32)>,
    /// (concept key, the trigger word as printed).
    pub surfaces: Vec<(&'static str, &'static str)>,
}

/// The weight of a concept key (resolved keys weigh as their placeholder).
pub(crate) fn concept_weight(key: &str) -> f32 {
    let placeholder = match key {
        "staff_training" | "public_education" => TRAINING,
        "update_timeliness" | "reply_timeliness" => TIMELINESS,
        other => other,
    };
    THESAURUS
        .iter()
        .find(|concept| concept.key == placeholder)
        .map_or(1.0, |concept| concept.weight)
}

/// Analyses one statement: concepts by clause (context resolved), then content words from jieba.
#[cfg(test)]
pub(crate) fn analyse(statement: &str) -> Analysis {
    analyse_with(statement, false)
}

/// The most characters a first sentence may have to count as a statement's title.
const MAX_TITLE_CHARS: usize = 25;
/// The share of weight kept by the text after a title that names a concept, when titles are focused on.
const AFTER_TITLE_SHARE: f32 = 0.15;

/// The byte offset where a statement's short title sentence ends (`提高认识。加强宣传…` → after `。`), if it has one,
/// the title names a concept of the thesaurus (other than who or where), and more text follows.
fn title_end(statement: &str) -> Option<usize> {
    let end = statement.find('。')? + '。'.len_utf8();
    let title = &statement[..end];
    let is_short = title.chars().count() <= MAX_TITLE_CHARS;
    let more_follows = !statement[end..].trim().is_empty();
    let names_a_problem = TRIGGERS.find_iter(title).any(|found| {
        TRIGGER_CONCEPT
            .get(found.as_str())
            .is_some_and(|index| !SCENE.contains(&THESAURUS[*index].key))
    });
    (is_short && more_follows && names_a_problem).then_some(end)
}

/// Analyses one statement; with `focus_title`, the text after a short first sentence that names a concept counts
/// [`AFTER_TITLE_SHARE`] (improvements open with their gist: `提高认识。加强宣传教育力度…`).
pub(crate) fn analyse_with(statement: &str, focus_title: bool) -> Analysis {
    let title_end = if focus_title {
        title_end(statement).unwrap_or(statement.len())
    } else {
        statement.len()
    };
    let share_at = |offset: usize| {
        if offset >= title_end {
            AFTER_TITLE_SHARE
        } else {
            1.0
        }
    };
    let mut counts: HashMap<Feature, f32> = HashMap::new();
    let mut surfaces = Vec::new();
    for clause in statement.split(['，', ',', '；', ';', '。', '：', ':', '！', '？', '\n']) {
        if clause.trim().is_empty() {
            continue;
        }
        // `split` hands out sub-slices of `statement`, so the pointer difference is the clause's byte offset.
        let clause_share = share_at(clause.as_ptr() as usize - statement.as_ptr() as usize);
        let public = PUBLIC_CONTEXT.iter().any(|word| clause.contains(word));
        let staff = STAFF_CONTEXT.iter().any(|word| clause.contains(word));
        let applications = APPLICATION_CONTEXT.iter().any(|word| clause.contains(word));
        let responding = RESPONSE_CONTEXT.iter().any(|word| clause.contains(word));
        let mut found_here: Vec<(&'static str, &'static str)> = Vec::new();
        for found in TRIGGERS.find_iter(clause) {
            let Some((&trigger, &index)) = TRIGGER_CONCEPT.get_key_value(found.as_str()) else {
                continue;
            };
            let key = match THESAURUS[index].key {
                TRAINING if public && !staff => "public_education",
                TRAINING => "staff_training",
                TIMELINESS if applications => "reply_timeliness",
                // `回应社会关切不够及时` is about responsiveness, not about updates.
                TIMELINESS if responding => "response",
                TIMELINESS => "update_timeliness",
                key => key,
            };
            found_here.push((key, trigger));
        }
        let specific = found_here
            .iter()
            .any(|(key, _)| !QUALIFIERS.contains(key) && !SCENE.contains(key));
        for (key, trigger) in found_here {
            let mass = clause_share
                * if specific && QUALIFIERS.contains(&key) {
                    QUALIFIER_SHARE
                } else {
                    1.0
                };
            *counts.entry(Feature::Concept(key)).or_insert(0.0) += mass;
            surfaces.push((key, trigger));
        }
    }
    let tokens = crate::tokenizer::jieba().cut(statement, false);
    for (index, token) in tokens.iter().enumerate() {
        // `平安` before `镇` is a place name, not a content word.
        let names_a_place = tokens
            .get(index + 1)
            .is_some_and(|next| PLACE_SUFFIXES.contains(&next.word));
        if !names_a_place && is_content_word(token.word) {
            *counts
                .entry(Feature::Word(token.word.to_string()))
                .or_insert(0.0) += share_at(token.byte_start);
        }
    }
    let mut counts: Vec<(Feature, f32)> = counts.into_iter().collect();
    counts.sort_by(|a, b| a.0.cmp(&b.0));
    Analysis { counts, surfaces }
}

/// A word worth keeping: two or more characters, no digits or Latin noise, not a stop word, not a place name.
fn is_content_word(word: &str) -> bool {
    let chars = word.chars().count();
    chars >= 2
        && word.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !STOP_SET.contains(word)
        && !PLACE.is_match(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concepts(statement: &str) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = analyse(statement)
            .counts
            .into_iter()
            .filter_map(|(feature, _)| match feature {
                Feature::Concept(key) => Some(key),
                Feature::Word(_) => None,
            })
            .collect();
        keys.dedup();
        keys
    }

    #[test]
    fn skills_words_meet_in_one_concept() {
        for statement in [
            "政务公开业务水平有待提高",
            "工作人员自身业务素质需进一步加强",
            "业务能力有待提高",
        ] {
            assert!(concepts(statement).contains(&"staff_skills"), "{statement}");
        }
    }

    #[test]
    fn training_of_staff_and_of_the_public_are_different_concepts() {
        assert!(concepts("对工作人员的业务培训不足").contains(&"staff_training"));
        let public = concepts("对群众的培训和教育不够");
        assert!(public.contains(&"public_education"));
        assert!(!public.contains(&"staff_training"));
    }

    #[test]
    fn timeliness_of_updates_and_of_replies_are_different_concepts() {
        assert_eq!(concepts("信息更新不及时"), ["update_timeliness"]);
        let replies = concepts("依申请公开答复不够及时");
        assert!(replies.contains(&"reply_timeliness"));
        assert!(!replies.contains(&"update_timeliness"));
    }

    #[test]
    fn timeliness_of_answers_to_public_concerns_is_responsiveness() {
        let concepts = concepts("回应社会关切不够及时");
        assert!(concepts.contains(&"response"));
        assert!(!concepts.contains(&"update_timeliness"));
    }

    #[test]
    fn a_qualifier_steps_back_for_a_specific_concept() {
        let mass = |statement: &str, key: &'static str| {
            analyse(statement)
                .counts
                .into_iter()
                .find(|(feature, _)| *feature == Feature::Concept(key))
                .map_or(0.0, |(_, mass)| mass)
        };
        assert_eq!(mass("公开内容不够丰富", "breadth"), 1.0);
        assert_eq!(mass("公开载体不够丰富", "breadth"), QUALIFIER_SHARE);
        assert_eq!(mass("公开载体不够丰富", "platforms"), 1.0);
    }

    #[test]
    fn boilerplate_places_and_numbers_are_not_words() {
        let analysis = analyse("2021年平安镇政务公开工作有待进一步加强");
        let words: Vec<String> = analysis
            .counts
            .into_iter()
            .filter_map(|(feature, _)| match feature {
                Feature::Word(word) => Some(word),
                Feature::Concept(_) => None,
            })
            .collect();
        assert!(words.is_empty(), "{words:?}");
    }
}
