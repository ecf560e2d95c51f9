//! Benchmark of `problems::themes` on synthetic problem statements: 10,000, 100,000 and 1,000,000 statements.
//!
//! The statements are built from paraphrases of the common problems (staff skills, timeliness, breadth, awareness,
//! mechanisms, interpretation, replies to applications, public education), with a subject, an explanation and two
//! made-up filler words so that almost every text is distinct (identical texts would be analysed once and make the
//! run look faster than real data). Run with `cargo bench --bench problems`; choose sizes with
//! `PROBLEMS_BENCH_SIZES=10000,100000`.

use std::time::Instant;

use nianbao::problems::{themes, StatementRef, ThemeOptions};

const SUBJECTS: &[&str] = &[
    "信息公开工作人员",
    "部分村居",
    "政务新媒体",
    "门户网站",
    "个别科室",
    "我镇",
    "基层单位",
    "相关股室",
    "",
];

const PROBLEMS: &[&[&str]] = &[
    &[
        "业务水平有待提高",
        "业务素质需进一步加强",
        "业务能力不足",
        "专业素养不高",
        "业务培训不足",
    ],
    &[
        "信息更新不及时",
        "栏目更新滞后",
        "信息发布时效性不强",
        "内容更新不够及时",
    ],
    &[
        "公开内容不够全面",
        "公开范围较窄",
        "公开内容不够丰富",
        "公开形式单一",
    ],
    &[
        "对政务公开工作不够重视",
        "主动公开意识不强",
        "思想认识不到位",
    ],
    &["工作机制不健全", "相关制度不完善", "考核机制还需完善"],
    &["政策解读不够深入", "解读质量不高", "解读形式不够多样"],
    &[
        "依申请公开答复不够及时",
        "申请办理超期",
        "依申请办理时效有待提高",
    ],
    &[
        "对群众的宣传培训不够",
        "群众知晓率不高",
        "面向公众的宣传教育不足",
    ],
];

const EXPLANATIONS: &[&str] = &[
    "",
    "，影响了公开效果",
    "，导致群众满意度不高",
    "。因日常工作繁多，精力有限",
    "，与上级要求还有差距",
];

const FILLER_CHARS: &str = "统筹协调推动衔接规范整合优化细化夯实巩固深化拓展聚焦贯通压实健全";

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

fn synthetic_statements(count: usize) -> Vec<StatementRef> {
    let mut rng = Rng(42);
    let filler: Vec<char> = FILLER_CHARS.chars().collect();
    (0..count)
        .map(|index| {
            let group = rng_pick_group(&mut rng);
            let problem = rng.pick(group);
            let words: String = (0..4).map(|_| *rng.pick(&filler)).collect();
            let text = format!(
                "{}{}{}，{}不够",
                rng.pick(SUBJECTS),
                problem,
                rng.pick(EXPLANATIONS),
                words
            );
            StatementRef {
                report_id: format!("{:08x}", index / 3),
                file: format!("{:08x}.txt", index / 3),
                agency: None,
                region: None,
                level: None,
                year: Some(2019 + (index % 5) as i32),
                text,
            }
        })
        .collect()
}

fn rng_pick_group(rng: &mut Rng) -> &'static [&'static str] {
    PROBLEMS[(rng.next() % PROBLEMS.len() as u64) as usize]
}

fn main() {
    let sizes: Vec<usize> = std::env::var("PROBLEMS_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000,1000000".to_string())
        .split(',')
        .filter_map(|size| size.trim().parse().ok())
        .collect();
    // Build jieba before timing anything.
    let _ = themes(&synthetic_statements(10), &ThemeOptions::default());
    for size in sizes {
        let statements = synthetic_statements(size);
        let started = Instant::now();
        let result = themes(&statements, &ThemeOptions::default());
        let elapsed = started.elapsed();
        let distinct: std::collections::HashSet<&str> = statements
            .iter()
            .map(|statement| statement.text.as_str())
            .collect();
        println!(
            "problems/themes: {size} statements ({} distinct) in {:.2} s ({:.0} statements/s), {} themes, top: {}",
            distinct.len(),
            elapsed.as_secs_f64(),
            size as f64 / elapsed.as_secs_f64(),
            result.theme_count,
            result
                .themes
                .iter()
                .take(8)
                .map(|theme| format!("{} ({})", theme.label, theme.statement_count))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
}
