//! Tests of the themes on statements whose grouping a person agrees with, including pairs that must stay apart.

use super::*;

fn statement(report: &str, year: i32, text: &str) -> StatementRef {
    StatementRef {
        report_id: report.to_string(),
        file: format!("{report}.txt"),
        agency: None,
        region: None,
        level: None,
        year: Some(year),
        text: text.to_string(),
    }
}

fn all_themes() -> ThemeOptions {
    ThemeOptions {
        min_reports: 1,
        limit: usize::MAX,
        ..ThemeOptions::default()
    }
}

/// The theme (id) of every statement text.
fn theme_of_each(result: &ThemesResult) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for theme in &result.themes {
        for entry in &theme.reports {
            map.insert(entry.statement.clone(), theme.id.clone());
        }
    }
    map
}

/// The problem statements of the five seed reports, as a person reads them, with the problems they name.
const SEED_PROBLEMS: &[(&str, &str, &[&str])] = &[
    (
        "000",
        "政务公开业务水平有待提高。因我镇党政综合办原有日常工作业务种类繁多，信息公开业务培训不足，导致管理经验不足",
        &["skills"],
    ),
    (
        "000",
        "政务新媒体整合水平和信息管理力度有待加强。对全镇各单位督促指导力度不足，个别政务新媒体仍存在信息更新不及时的现象",
        &["timeliness", "platforms"],
    ),
    ("001", "公开内容的及时性、全面性以及公开形式的便民性等需要在今后工作中改进", &["timeliness", "breadth"]),
    ("001", "部分栏目公开实效性较低, 公开内容不够全面、不够及时", &["timeliness", "breadth"]),
    (
        "001",
        "部分村居政务公开负责人没有认识到政务公开工作的重要意义, 思想上未能引起足够重视, 对政务公开工作不够主动、不够积极",
        &["awareness"],
    ),
    ("002", "信息公开工作人员自身业务素质需进一步加强", &["skills"]),
    ("002", "信息公开力度需进一步加强", &["intensity"]),
    ("003", "对政府信息公开工作不够重视，政府信息公开工作发展不平衡", &["awareness"]),
    ("003", "信息公开工作机制还需要进一步完善和落实", &["mechanisms"]),
    ("003", "主动公开的意识不强，依申请公开的办理过于被动", &["awareness"]),
    ("003", "信息公开工作人员的服务意识仍需增强，业务能力有待提高", &["skills", "awareness"]),
    ("004", "所公开信息的分类不够细致", &["classification"]),
    ("004", "公开内容不够多样", &["breadth"]),
    ("004", "信息的更新不够及时", &["timeliness"]),
];

fn seed_statements() -> Vec<StatementRef> {
    SEED_PROBLEMS
        .iter()
        .map(|(report, text, _)| statement(report, 2021, text))
        .collect()
}

#[test]
fn seeds_staff_skills_of_000_002_003_form_one_theme() {
    let result = themes(&seed_statements(), &all_themes());
    let theme_of = theme_of_each(&result);
    let skills = &theme_of[SEED_PROBLEMS[0].1];
    assert_eq!(&theme_of[SEED_PROBLEMS[5].1], skills, "002 staff skills");
    assert_eq!(&theme_of[SEED_PROBLEMS[10].1], skills, "003 staff skills");
    let theme = result
        .themes
        .iter()
        .find(|theme| &theme.id == skills)
        .expect("the theme is listed");
    assert_eq!(theme.report_count, 3);
    assert!(
        theme.concepts.contains(&"staff_skills".to_string()),
        "{:?}",
        theme.concepts
    );
}

#[test]
fn seeds_timeliness_of_000_001_004_form_one_theme() {
    let result = themes(&seed_statements(), &all_themes());
    let theme_of = theme_of_each(&result);
    let timeliness = &theme_of[SEED_PROBLEMS[13].1];
    assert_eq!(
        &theme_of[SEED_PROBLEMS[1].1], timeliness,
        "000 new media not updated in time"
    );
    assert!(
        &theme_of[SEED_PROBLEMS[2].1] == timeliness || &theme_of[SEED_PROBLEMS[3].1] == timeliness,
        "one of 001's timeliness problems"
    );
    let theme = result
        .themes
        .iter()
        .find(|theme| &theme.id == timeliness)
        .expect("the theme is listed");
    assert_eq!(theme.report_count, 3);
}

#[test]
fn seeds_no_theme_mixes_unrelated_problems() {
    let result = themes(&seed_statements(), &all_themes());
    for theme in &result.themes {
        let problems: Vec<&[&str]> = theme
            .reports
            .iter()
            .map(|entry| {
                SEED_PROBLEMS
                    .iter()
                    .find(|(_, text, _)| *text == entry.statement)
                    .map(|(_, _, problems)| *problems)
                    .unwrap_or(&[])
            })
            .collect();
        for a in &problems {
            for b in &problems {
                assert!(
                    a.iter().any(|problem| b.contains(problem)),
                    "theme {} ({}) mixes {a:?} and {b:?}",
                    theme.id,
                    theme.label
                );
            }
        }
    }
}

/// Hand-made statements in six groups; a person puts each group together and keeps the groups apart.
const GROUPS: &[(&str, &[&str])] = &[
    (
        "staff_training",
        &[
            "工作人员业务培训不足",
            "对信息公开工作人员的培训力度不够",
            "缺少对工作人员的系统培训",
            "干部学习培训不够经常",
        ],
    ),
    (
        "public_education",
        &[
            "对群众的宣传培训不到位，群众知晓率低",
            "面向公众的政策宣传教育不够",
            "对村民的培训和宣传不足",
        ],
    ),
    (
        "update_timeliness",
        &[
            "网站信息更新不及时",
            "部分栏目内容更新滞后",
            "政务新媒体信息更新不够及时",
            "信息发布时效性不强",
        ],
    ),
    (
        "reply_timeliness",
        &[
            "依申请公开答复不够及时",
            "个别申请办理超期",
            "依申请公开办理时效有待提高",
        ],
    ),
    (
        "interpretation",
        &[
            "政策解读质量不高，形式单一",
            "政策解读不够深入",
            "解读材料不够通俗易懂",
        ],
    ),
    (
        "mechanisms",
        &[
            "信息公开工作机制不健全",
            "考核制度不完善",
            "工作机制还需进一步完善",
        ],
    ),
];

fn group_statements() -> Vec<StatementRef> {
    let mut statements = Vec::new();
    for (group, texts) in GROUPS {
        for (index, text) in texts.iter().enumerate() {
            statements.push(statement(&format!("{group}-{index}"), 2022, text));
        }
    }
    statements
}

#[test]
fn groups_a_person_agrees_with_are_kept_together_and_apart() {
    let result = themes(&group_statements(), &all_themes());
    let theme_of = theme_of_each(&result);
    for (group, texts) in GROUPS {
        let first = &theme_of[texts[0]];
        for text in texts.iter() {
            assert_eq!(
                &theme_of[*text], first,
                "{group}: {text} is apart from {}",
                texts[0]
            );
        }
    }
    for (a, (group_a, texts_a)) in GROUPS.iter().enumerate() {
        for (group_b, texts_b) in GROUPS.iter().skip(a + 1) {
            assert_ne!(
                theme_of[texts_a[0]], theme_of[texts_b[0]],
                "{group_a} and {group_b} share a theme"
            );
        }
    }
}

#[test]
fn training_of_staff_is_not_grouped_with_training_of_the_public() {
    let statements = vec![
        statement("a", 2022, "加强对工作人员的业务培训，培训次数偏少"),
        statement("b", 2022, "对群众的政策宣传培训不够，群众知晓率不高"),
    ];
    let result = themes(&statements, &all_themes());
    assert_eq!(result.themes.len(), 2, "{:#?}", result.themes);
}

#[test]
fn timeliness_of_updates_is_not_grouped_with_timeliness_of_replies() {
    let statements = vec![
        statement("a", 2022, "信息更新不够及时"),
        statement("b", 2022, "依申请公开答复不够及时"),
    ];
    let result = themes(&statements, &all_themes());
    assert_eq!(result.themes.len(), 2, "{:#?}", result.themes);
}

#[test]
fn a_theme_counts_reports_years_regions_and_levels_and_lists_examples() {
    let mut statements = vec![
        statement("r1", 2021, "业务能力有待提高"),
        statement("r2", 2022, "工作人员业务素质不高"),
        statement("r2", 2022, "工作人员业务能力不足"),
        statement("r3", 2022, "业务水平有待提高"),
    ];
    statements[0].region = Some("铁西区".to_string());
    statements[0].level = Some("township".to_string());
    let options = ThemeOptions {
        examples: 2,
        ..ThemeOptions::default()
    };
    let result = themes(&statements, &options);
    assert_eq!(result.statement_count, 4);
    assert_eq!(result.report_count, 3);
    assert_eq!(result.themes.len(), 1);
    let theme = &result.themes[0];
    assert_eq!((theme.report_count, theme.statement_count), (3, 4));
    assert_eq!(theme.by_year, BTreeMap::from([(2021, 1), (2022, 2)]));
    assert_eq!(theme.by_region["铁西区"], 1);
    assert_eq!(theme.by_region["unknown"], 2);
    assert_eq!(theme.by_level["township"], 1);
    assert_eq!(theme.examples.len(), 2);
    assert_ne!(theme.examples[0].report_id, theme.examples[1].report_id);
    assert_eq!(theme.reports.len(), 4);
    assert!(theme.label.contains("业务"), "{}", theme.label);
}

#[test]
fn min_reports_and_limit_filter_the_themes() {
    let statements = vec![
        statement("r1", 2021, "业务能力有待提高"),
        statement("r2", 2021, "业务素质不高"),
        statement("r3", 2021, "信息公开工作机制不健全"),
    ];
    let result = themes(&statements, &ThemeOptions::default());
    assert_eq!(result.themes.len(), 1, "only the theme of two reports");
    assert_eq!(result.theme_count, 2);
    let limited = themes(
        &statements,
        &ThemeOptions {
            limit: 0,
            ..all_themes()
        },
    );
    assert!(limited.themes.is_empty());
}

#[test]
fn grouping_is_deterministic_and_independent_of_input_order() {
    let statements = group_statements();
    let first = theme_of_each(&themes(&statements, &all_themes()));
    let mut reversed = statements.clone();
    reversed.reverse();
    let second = theme_of_each(&themes(&reversed, &all_themes()));
    // Same partition (theme ids may be numbered alike since ranking does not depend on order).
    for (a_text, a_theme) in &first {
        for (b_text, b_theme) in &first {
            assert_eq!(
                a_theme == b_theme,
                second[a_text] == second[b_text],
                "{a_text} / {b_text}"
            );
        }
    }
}

#[test]
fn empty_input_gives_no_themes() {
    let result = themes(&[], &ThemeOptions::default());
    assert_eq!((result.statement_count, result.theme_count), (0, 0));
    assert!(result.themes.is_empty());
}

/// The improvements of the seeds, as a person reads them.
const SEED_IMPROVEMENTS: &[(&str, &str)] = &[
    ("000", "加强工作管理，严格按照上级要求认真完成信息公开工作，需要更新的信息做到及时更新，确保时效性"),
    ("000", "加强信息公开工作人员业务培训开展，不断提高工作人员的综合素质，进一步提高信息公开工作水平"),
    ("001", "提高认识。加强宣传教育力度, 增强干部群众对推行政府信息公开工作的重要性和必要性的认识, 营造政务公开工作良好的社会环境, 切实增强做好此项工作的能力和水平, 及时公开、更新"),
    ("002", "进一步强化学习培训，提高信息公开业务水平。针对信息公开工作的要求，开展业务培训、制度学习，不断提高政府信息公开工作的管理和服务水平"),
    ("003", "充实政府信息公开内容。以社会关注度高、公共利益大的政府信息作为突破口，不断拓宽政府信息公开内容，扩大公开内容和范围"),
    ("003", "加强政府信息公开队伍建设。通过开展培训等方式，提高政府信息公开队伍信息公开的意识，增强其业务能力和水平"),
    ("004", "丰富信息公开的内容。除可公开的公文类信息外，筛选其他由镇党委、镇政府生成的对社会公众有指导或帮助意义的信息纳入信息公开范围予以发布"),
    ("004", "提高政府信息公开时效性。加强政府信息公开学习培训，强化工作人员责任意识，提高政务公开工作的质量和服务水平，确保公开信息的时效性、完整性和准确性"),
];

#[test]
fn seed_improvements_group_by_their_title() {
    let statements: Vec<StatementRef> = SEED_IMPROVEMENTS
        .iter()
        .map(|(report, text)| statement(report, 2021, text))
        .collect();
    let options = ThemeOptions {
        focus_title: true,
        ..all_themes()
    };
    let theme_of = theme_of_each(&themes(&statements, &options));
    let of = |index: usize| &theme_of[SEED_IMPROVEMENTS[index].1];
    // Training of staff: 000, 002, 003.
    assert_eq!(of(1), of(3));
    assert_eq!(of(1), of(5));
    // Timeliness: 000 and 004 (whose title is 提高政府信息公开时效性, though its details speak of training).
    assert_eq!(of(0), of(7));
    assert_ne!(of(7), of(1));
    // Breadth of content: 003 and 004.
    assert_eq!(of(4), of(6));
    // Raising awareness is none of these.
    for other in [0, 1, 4] {
        assert_ne!(of(2), of(other), "{other}");
    }
}

#[test]
fn statements_of_stop_words_only_still_get_a_theme_and_a_label() {
    let statements = vec![
        statement("a", 2022, "有待进一步加强"),
        statement("b", 2022, "信息公开工作仍需加强"),
    ];
    let result = themes(&statements, &all_themes());
    assert_eq!(result.statement_count, 2);
    let listed: usize = result
        .themes
        .iter()
        .map(|theme| theme.statement_count)
        .sum();
    assert_eq!(listed, 2);
    assert!(result.themes.iter().all(|theme| !theme.label.is_empty()));
}

/// Problem statements in the words real reports use (written for this test, not taken from the generator), with the
/// problem a person files each under.
const LABELLED: &[(&str, &str)] = &[
    ("skills", "部分工作人员业务水平不高，对政策把握不够准确"),
    ("skills", "信息公开工作人员专业素养有待提升"),
    ("skills", "经办人员业务能力还不能完全适应新形势新要求"),
    ("skills", "个别同志业务知识掌握不够全面"),
    ("training", "业务培训不够系统，培训频次偏少"),
    ("training", "缺乏对工作人员的专题业务培训"),
    ("training", "政务公开工作人员参加培训学习的机会较少"),
    ("update", "部分栏目信息更新不及时，存在内容陈旧现象"),
    ("update", "网站个别栏目长期未更新"),
    ("update", "政务新媒体发布信息时效性不强"),
    ("update", "动态信息发布不够及时"),
    ("reply", "依申请公开答复不够及时"),
    ("reply", "个别依申请公开件办理超出法定期限"),
    ("reply", "申请办理的时效性有待提高"),
    ("breadth", "主动公开的内容不够全面"),
    ("breadth", "公开范围还不够广"),
    ("breadth", "公开信息的深度和广度不够"),
    ("awareness", "部分单位对政务公开工作重视程度不够"),
    ("awareness", "个别干部公开意识淡薄"),
    ("awareness", "对信息公开工作的重要性认识不足"),
    ("mechanisms", "信息公开工作制度还不够健全"),
    ("mechanisms", "工作机制尚不完善，协调配合不够"),
    ("mechanisms", "考核评价机制有待建立健全"),
    ("interpretation", "政策解读不够深入，解读形式单一"),
    ("interpretation", "部分政策文件缺少配套解读"),
    ("interpretation", "解读材料通俗性不强"),
    ("platforms", "政府网站建设相对滞后"),
    ("platforms", "信息公开专栏栏目设置不够合理"),
    ("platforms", "网站检索功能不完善，查找信息不便"),
    ("new_media", "政务新媒体运维管理不够规范"),
    ("new_media", "微信公众号关注度不高"),
    ("public", "对群众的政策宣传不到位，群众知晓率不高"),
    ("public", "面向社会公众的宣传培训开展较少"),
    ("response", "回应社会关切不够及时主动"),
    ("response", "对网民留言的回应不够及时"),
    ("participation", "公众参与重大决策的渠道不多"),
    ("participation", "重大行政决策预公开征求意见不够充分"),
    ("staffing", "信息公开工作人员均为兼职，人员变动频繁"),
    ("staffing", "工作力量薄弱，人手不足"),
];

#[test]
fn labelled_statements_group_as_a_person_files_them() {
    let statements: Vec<StatementRef> = LABELLED
        .iter()
        .enumerate()
        .map(|(index, (_, text))| statement(&format!("r{index}"), 2022, text))
        .collect();
    let theme_of = theme_of_each(&themes(&statements, &all_themes()));
    // Every pair in one theme carries one label (precision), and most pairs of one label share a theme (recall).
    let (mut together, mut together_right, mut same_label, mut same_label_together) = (0, 0, 0, 0);
    for (a, (label_a, text_a)) in LABELLED.iter().enumerate() {
        for (label_b, text_b) in LABELLED.iter().skip(a + 1) {
            let grouped = theme_of[*text_a] == theme_of[*text_b];
            if grouped {
                together += 1;
                if label_a == label_b {
                    together_right += 1;
                } else {
                    eprintln!("mixed: {text_a} ({label_a}) / {text_b} ({label_b})");
                }
            }
            if label_a == label_b {
                same_label += 1;
                if grouped {
                    same_label_together += 1;
                } else {
                    eprintln!("apart: {text_a} / {text_b} ({label_a})");
                }
            }
        }
    }
    let precision = together_right as f64 / together.max(1) as f64;
    let recall = same_label_together as f64 / same_label as f64;
    eprintln!("pairwise precision {precision:.2}, recall {recall:.2}");
    assert!(precision >= 0.9, "pairwise precision {precision:.2}");
    assert!(recall >= 0.7, "pairwise recall {recall:.2}");
}
