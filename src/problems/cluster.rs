//! Grouping statement vectors into themes: TF-IDF weighting, then one greedy pass to the nearest theme centroid
//! found through an inverted index, then one reassignment pass against the final centroids.
//!
//! No pair of statements is ever compared directly. A statement is compared only with the themes registered under
//! its heaviest features (at most [`MAX_POSTINGS`] per feature), so the cost is linear in the number of statements.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::features::{analyse_with, concept_weight, Analysis, Feature, WORD_WEIGHT};

/// A fast, deterministic hasher for small integer keys (the Fx hash of rustc).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }
    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A sparse vector: (feature id, weight), sorted by feature id.
pub(crate) type SparseVector = Vec<(u32, f32)>;

/// How many themes per feature a statement is compared with.
const MAX_POSTINGS: usize = 64;
/// How many of a statement's heaviest features open candidates in the greedy pass.
const OPENING_FEATURES: usize = 3;
/// A feature registers a theme in the inverted index once it holds this share of the theme's centroid norm.
const REGISTER_SHARE: f32 = 0.15;

/// The distinct statements of a corpus as weighted vectors over interned features.
pub(crate) struct Corpus {
    /// Interned features by id.
    pub features: Vec<Feature>,
    /// One L2-normalised TF-IDF vector per distinct statement.
    pub vectors: Vec<SparseVector>,
    /// How many statements share each distinct text.
    pub multiplicity: Vec<u32>,
    /// The (concept, trigger word) pairs of each distinct statement, for labels.
    pub surfaces: Vec<Vec<(&'static str, &'static str)>>,
    /// For each input statement, the index of its distinct text.
    pub distinct_of: Vec<usize>,
}

/// Analyses and weights the statements. Identical texts are analysed once; weights are TF-IDF over all statements:
/// `kind weight × idf × (1 + ln tf)`, where a concept's kind weight comes from the thesaurus and a word's is
/// [`WORD_WEIGHT`], and `idf = ln((n + 1) / (df + 1)) + 1`.
pub(crate) fn vectorize(texts: &[&str], focus_title: bool) -> Corpus {
    let mut distinct_index: FxMap<&str, usize> = FxMap::default();
    let mut distinct_texts: Vec<&str> = Vec::new();
    let mut multiplicity: Vec<u32> = Vec::new();
    let mut distinct_of = Vec::with_capacity(texts.len());
    for text in texts {
        let index = *distinct_index.entry(text).or_insert_with(|| {
            distinct_texts.push(text);
            multiplicity.push(0);
            distinct_texts.len() - 1
        });
        multiplicity[index] += 1;
        distinct_of.push(index);
    }
    let analyses: Vec<Analysis> = distinct_texts
        .par_iter()
        .map(|text| analyse_with(text, focus_title))
        .collect();

    let mut feature_ids: FxMap<Feature, u32> = FxMap::default();
    let mut features: Vec<Feature> = Vec::new();
    let mut document_frequency: Vec<u64> = Vec::new();
    let mut counted: Vec<Vec<(u32, f32)>> = Vec::with_capacity(analyses.len());
    let mut surfaces = Vec::with_capacity(analyses.len());
    for (analysis, copies) in analyses.into_iter().zip(&multiplicity) {
        surfaces.push(analysis.surfaces);
        let mut row = Vec::with_capacity(analysis.counts.len());
        for (feature, count) in &analysis.counts {
            let id = match feature_ids.get(feature) {
                Some(id) => *id,
                None => {
                    let id = features.len() as u32;
                    feature_ids.insert(feature.clone(), id);
                    features.push(feature.clone());
                    document_frequency.push(0);
                    id
                }
            };
            document_frequency[id as usize] += u64::from(*copies);
            row.push((id, *count));
        }
        counted.push(row);
    }
    let statement_count = texts.len() as f32;
    let kind_weight: Vec<f32> = features
        .iter()
        .map(|feature| match feature {
            Feature::Concept(key) => concept_weight(key),
            Feature::Word(_) => WORD_WEIGHT,
        })
        .collect();
    let idf: Vec<f32> = document_frequency
        .iter()
        .map(|df| ((statement_count + 1.0) / (*df as f32 + 1.0)).ln() + 1.0)
        .collect();
    let vectors = counted
        .into_par_iter()
        .map(|row| {
            let mut vector: SparseVector = row
                .into_iter()
                .map(|(id, mass)| {
                    let tf = if mass < 1.0 { mass } else { 1.0 + mass.ln() };
                    (id, kind_weight[id as usize] * idf[id as usize] * tf)
                })
                .collect();
            vector.sort_by_key(|(id, _)| *id);
            normalise(&mut vector);
            vector
        })
        .collect();
    Corpus {
        features,
        vectors,
        multiplicity,
        surfaces,
        distinct_of,
    }
}

fn normalise(vector: &mut SparseVector) {
    let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, weight) in vector.iter_mut() {
            *weight /= norm;
        }
    }
}

/// A theme being built: the (multiplicity-weighted) sum of its members' vectors.
#[derive(Default)]
struct Centroid {
    sum: FxMap<u32, f32>,
    norm_sq: f64,
    registered: FxMap<u32, ()>,
}

impl Centroid {
    fn add(&mut self, vector: &SparseVector, copies: f32) {
        for (id, weight) in vector {
            let entry = self.sum.entry(*id).or_insert(0.0);
            let old = f64::from(*entry);
            *entry += weight * copies;
            let new = f64::from(*entry);
            self.norm_sq += new * new - old * old;
        }
    }

    fn cosine(&self, vector: &SparseVector) -> f32 {
        if self.norm_sq <= 0.0 {
            return 0.0;
        }
        let dot: f32 = vector
            .iter()
            .map(|(id, weight)| weight * self.sum.get(id).copied().unwrap_or(0.0))
            .sum();
        dot / self.norm_sq.sqrt() as f32
    }
}

/// The outcome of grouping: the theme of each distinct statement and its cosine to the theme's centroid.
pub(crate) struct Grouping {
    /// Theme index (dense, 0..theme_count) per distinct statement.
    pub theme_of: Vec<usize>,
    /// Cosine between each distinct statement and its theme's final centroid.
    pub similarity: Vec<f32>,
    /// How many themes there are.
    pub theme_count: usize,
    /// Final centroid of each theme, L2-normalised, sorted by feature id.
    pub centroids: Vec<SparseVector>,
}

/// Groups the distinct statements of a corpus. `order_key` decides the order of the greedy pass (pure statements —
/// few concepts, few features — first, so they seed clean themes); `threshold` is the least cosine for joining.
pub(crate) fn group(corpus: &Corpus, texts: &[&str], threshold: f32) -> Grouping {
    let vectors = &corpus.vectors;
    let is_concept: Vec<bool> = corpus
        .features
        .iter()
        .map(|feature| matches!(feature, Feature::Concept(_)))
        .collect();
    // Statements naming no concept go last; then fewer concepts first, fewer features first, then by text.
    let order_keys: Vec<(bool, usize, usize)> = vectors
        .iter()
        .map(|vector| {
            let concepts = vector
                .iter()
                .filter(|(id, _)| is_concept[*id as usize])
                .count();
            (concepts == 0, concepts, vector.len())
        })
        .collect();
    let mut order: Vec<usize> = (0..vectors.len()).collect();
    order.sort_by(|a, b| {
        order_keys[*a]
            .cmp(&order_keys[*b])
            .then_with(|| texts[*a].cmp(texts[*b]))
    });

    let mut centroids: Vec<Centroid> = Vec::new();
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); corpus.features.len()];
    let mut theme_of = vec![usize::MAX; vectors.len()];
    let mut seen_stamp: Vec<usize> = Vec::new();
    for (step, &index) in order.iter().enumerate() {
        let vector = &vectors[index];
        let copies = corpus.multiplicity[index] as f32;
        let mut best: Option<(usize, f32)> = None;
        for (feature, _) in heaviest(vector, OPENING_FEATURES) {
            for &theme in postings[feature as usize].iter().take(MAX_POSTINGS) {
                let theme = theme as usize;
                if seen_stamp[theme] == step {
                    continue;
                }
                seen_stamp[theme] = step;
                let score = centroids[theme].cosine(vector);
                if best.is_none_or(|(best_theme, best_score)| {
                    score > best_score || (score == best_score && theme < best_theme)
                }) {
                    best = Some((theme, score));
                }
            }
        }
        let theme = match best {
            Some((theme, score)) if score >= threshold => theme,
            _ => {
                centroids.push(Centroid::default());
                seen_stamp.push(usize::MAX);
                centroids.len() - 1
            }
        };
        centroids[theme].add(vector, copies);
        theme_of[index] = theme;
        let norm = centroids[theme].norm_sq.sqrt() as f32;
        for (feature, _) in vector {
            let centroid = &mut centroids[theme];
            let share =
                centroid.sum.get(feature).copied().unwrap_or(0.0) / norm.max(f32::MIN_POSITIVE);
            if share >= REGISTER_SHARE && !centroid.registered.contains_key(feature) {
                centroid.registered.insert(*feature, ());
                postings[*feature as usize].push(theme as u32);
            }
        }
    }

    // Reassignment: each statement moves to the nearest final centroid among its candidates (its own included).
    let reassigned: Vec<usize> = (0..vectors.len())
        .into_par_iter()
        .map(|index| {
            let vector = &vectors[index];
            let current = theme_of[index];
            let mut best = (current, centroids[current].cosine(vector));
            for (feature, _) in vector {
                for &theme in postings[*feature as usize].iter().take(MAX_POSTINGS) {
                    let theme = theme as usize;
                    let score = centroids[theme].cosine(vector);
                    if score > best.1 + 1e-6 {
                        best = (theme, score);
                    }
                }
            }
            best.0
        })
        .collect();

    // Dense theme numbers in order of first member, final centroids, and each statement's cosine to its centroid.
    let mut dense: FxMap<usize, usize> = FxMap::default();
    let mut theme_of_dense = Vec::with_capacity(vectors.len());
    for theme in &reassigned {
        let next = dense.len();
        theme_of_dense.push(*dense.entry(*theme).or_insert(next));
    }
    let theme_count = dense.len();
    let mut finals: Vec<Centroid> = (0..theme_count).map(|_| Centroid::default()).collect();
    for (index, theme) in theme_of_dense.iter().enumerate() {
        finals[*theme].add(&vectors[index], corpus.multiplicity[index] as f32);
    }
    let similarity = theme_of_dense
        .par_iter()
        .enumerate()
        .map(|(index, theme)| finals[*theme].cosine(&vectors[index]))
        .collect();
    let centroids = finals
        .into_iter()
        .map(|centroid| {
            let mut vector: SparseVector = centroid.sum.into_iter().collect();
            vector.sort_by_key(|(id, _)| *id);
            normalise(&mut vector);
            vector
        })
        .collect();
    Grouping {
        theme_of: theme_of_dense,
        similarity,
        theme_count,
        centroids,
    }
}

/// The `count` heaviest features of a vector (ties by feature id).
fn heaviest(vector: &SparseVector, count: usize) -> Vec<(u32, f32)> {
    let mut sorted = vector.clone();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    sorted.truncate(count);
    sorted
}
