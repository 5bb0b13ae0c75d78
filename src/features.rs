//! Pair features: one sentence, one ordered (source, target) pair -> one
//! sparse, hashed feature row.
//!
//! The same sentence gives different rows for (A, B) and (B, A): mentions
//! become marker tokens (`<S>` for the source, `<T>` for the target, `<A>`
//! for any other actor) before n-grams are taken, and the words between the
//! two mentions, the words around each, who speaks, and where the lexicon
//! words stand relative to the markers are all features. Negated words
//! carry a `!` prefix.
//!
//! # The hash is part of the model format
//! Feature names are hashed with 64-bit FNV-1a and n-grams combined the way
//! fastText combines them (`h = h * 116049371 + next`), then reduced modulo
//! `n_features`. A model file stores weights by bucket, so changing the
//! hash, its constants or the feature names silently turns every saved model
//! into noise. Never change them without bumping the model format version.
//! `std`'s `DefaultHasher` is not used: its output may change between Rust
//! releases.
//!
//! ```
//! use stance::features::{fnv1a, Featurizer, FeaturizerConfig, PairInput};
//! use stance::pipeline::{Pipeline, PipelineConfig};
//! use stance::actors::{Gazetteer, Resolver};
//! assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
//! let g = Gazetteer::from_json_str(r#"{"Russia": ["Russia"], "Ukraine": ["Ukraine"]}"#).unwrap();
//! let pipeline = Pipeline::new(PipelineConfig::default());
//! let f = Featurizer::new(FeaturizerConfig::default(), &pipeline);
//! let text = "Russia condemned Ukraine.";
//! let mut tokens = Vec::new();
//! pipeline.analyze(text, &mut tokens);
//! let actors = Resolver::new(&g).next_sentence(text, &tokens);
//! let (ru, ua) = (g.id("Russia").unwrap(), g.id("Ukraine").unwrap());
//! let mut row = Vec::new();
//! f.featurize(&PairInput { tokens: &tokens, actors: &actors, source: ru, target: ua }, &mut row);
//! let mut back = Vec::new();
//! f.featurize(&PairInput { tokens: &tokens, actors: &actors, source: ua, target: ru }, &mut back);
//! assert_ne!(row, back);
//! ```

use serde::{Deserialize, Serialize};

use crate::actors::{ActorId, MentionKind, SentenceActors};
use crate::lexicon::Lexicon;
use crate::pipeline::{Pipeline, Token, TokenKind};

/// The featurizer's settings, stored in the model file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeaturizerConfig {
    /// The feature hash and feature-name scheme ([`FEATURE_HASH`]); a model
    /// made with another scheme cannot be read by this build.
    pub hash: String,
    /// Number of hash buckets (columns of the feature matrix).
    pub n_features: usize,
    /// Longest gap (in tokens) between source and target whose words are
    /// emitted as between-features.
    pub max_between: usize,
    /// Words taken on each side of a mention.
    pub window: usize,
    /// Scale each row to unit L2 norm.
    pub normalize: bool,
    /// The stance lexicon.
    pub lexicon: Lexicon,
    /// Add VADER valence features (the VADER lexicon, from the
    /// `vader_sentiment` crate, keyed by stem).
    #[serde(default)]
    pub valence: bool,
    /// Add who-acts/who-is-acted-upon (agent, patient) features for lexicon
    /// and valence words, and the same-clause feature.
    #[serde(default)]
    pub roles: bool,
    /// Add sentence-wide unigrams.
    #[serde(default)]
    pub unigrams: bool,
    /// The value of pair-structure features (markers, windows, paths,
    /// lexicon and valence positions) relative to plain n-grams (1).
    #[serde(default = "one")]
    pub structure_weight: f32,
    /// A feature that fires several times in a row counts once (its
    /// largest value) instead of the sum. Absent in older model files,
    /// which summed.
    #[serde(default)]
    pub binary: bool,
    /// Add every word with the clause's acting and acted-upon actor
    /// ("S acts on T: lecture"), so verbs outside the lexicon learn a
    /// direction too. Absent in older model files.
    #[serde(default)]
    pub role_words: bool,
    /// Mark a source or target that stands in a list of actors ("urged
    /// both Washington and Beijing", "brokered by Qatar, Egypt and the
    /// United States"), alone and with each lexicon hit. Absent in older
    /// model files.
    #[serde(default)]
    pub groups: bool,
}

fn one() -> f32 {
    1.0
}

impl Default for FeaturizerConfig {
    fn default() -> Self {
        FeaturizerConfig {
            hash: FEATURE_HASH.to_string(),
            n_features: 1 << 18,
            max_between: 20,
            window: 3,
            normalize: true,
            lexicon: Lexicon::default(),
            valence: true,
            roles: true,
            unigrams: true,
            structure_weight: 1.0,
            binary: true,
            role_words: true,
            groups: true,
        }
    }
}

/// The name of this build's feature hash and feature-name scheme. Change it
/// whenever [`fnv1a`], the n-gram combination or the feature names change.
pub const FEATURE_HASH: &str = "fnv1a64-fasttext-v1";

/// One sparse feature row: (column, value), sorted by column, columns unique.
pub type SparseRow = Vec<(u32, f32)>;

/// What to featurize: a sentence's tokens and actors, and the pair.
pub struct PairInput<'a> {
    /// The sentence's tokens from [`Pipeline::analyze`].
    pub tokens: &'a [Token],
    /// The sentence's actors from the resolver.
    pub actors: &'a SentenceActors,
    /// The source actor.
    pub source: ActorId,
    /// The target actor.
    pub target: ActorId,
}

/// 64-bit FNV-1a. Part of the model format: never change it.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// fastText's n-gram combination step. Part of the model format.
fn combine(h: u64, next: u64) -> u64 {
    h.wrapping_mul(116_049_371).wrapping_add(next)
}

/// Words that open a new clause (stemmed with the model's pipeline).
const CLAUSE_BREAKS: &[&str] = &[
    "but", "while", "whereas", "although", "though", "after", "before", "because", "which", "who",
    "whom", "despite", "when", "since", "whose", "until", "unless",
];

/// A lexicon entry compiled to stems.
struct LexEntry {
    class: usize,
    stems: Vec<String>,
}

/// Turns pair inputs into hashed feature rows.
pub struct Featurizer {
    config: FeaturizerConfig,
    /// Stem -> mean VADER valence (empty when `valence` is off).
    valence: rustc_hash::FxHashMap<String, f32>,
    /// Stems of words that open a new clause.
    clause_breaks: rustc_hash::FxHashSet<String>,
    lexicon: Vec<LexEntry>,
    /// First stem of an entry -> the entries starting with it, in lexicon order.
    lexicon_index: rustc_hash::FxHashMap<String, Vec<usize>>,
    class_names: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Word,
    Source,
    Target,
    Other,
}

#[derive(Clone, Copy)]
struct Item<'a> {
    text: &'a str,
    negated: bool,
    role: Role,
    in_quote: bool,
    /// A list of actors collapsed into this one marker.
    group: bool,
}

impl Featurizer {
    /// Compiles the lexicon with `pipeline`'s normalisation.
    pub fn new(config: FeaturizerConfig, pipeline: &Pipeline) -> Featurizer {
        let mut lexicon = Vec::new();
        let mut class_names = Vec::new();
        let mut tokens = Vec::new();
        for (ci, class) in config.lexicon.classes.iter().enumerate() {
            class_names.push(class.name.clone());
            for entry in &class.entries {
                pipeline.analyze(entry, &mut tokens);
                let stems: Vec<String> = tokens.iter().map(|t| t.text.clone()).collect();
                if !stems.is_empty() {
                    lexicon.push(LexEntry { class: ci, stems });
                }
            }
        }
        let mut clause_breaks: rustc_hash::FxHashSet<String> = [";", ":", "-", "\""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for w in CLAUSE_BREAKS {
            pipeline.analyze(w, &mut tokens);
            clause_breaks.extend(tokens.iter().map(|t| t.text.clone()));
        }
        let mut lexicon_index: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        for (k, e) in lexicon.iter().enumerate() {
            lexicon_index.entry(e.stems[0].clone()).or_default().push(k);
        }
        let valence = if config.valence {
            valence_by_stem(pipeline)
        } else {
            Default::default()
        };
        Featurizer {
            config,
            valence,
            lexicon_index,
            clause_breaks,
            lexicon,
            class_names,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &FeaturizerConfig {
        &self.config
    }

    /// The feature row of one pair, written into `out` (cleared first).
    pub fn featurize(&self, input: &PairInput, out: &mut SparseRow) {
        out.clear();
        let n = self.config.n_features as u64;
        self.visit(input, false, &mut |h, _, v| out.push(((h % n) as u32, v)));
        finish_row(out, self.config.normalize, self.config.binary);
    }

    /// Like [`Featurizer::featurize`], and also reports each feature's
    /// name with its column (for `inspect` and explanations).
    pub fn featurize_named(
        &self,
        input: &PairInput,
        out: &mut SparseRow,
        names: &mut dyn FnMut(u32, &str),
    ) {
        out.clear();
        let n = self.config.n_features as u64;
        self.visit(input, true, &mut |h, name, v| {
            let col = (h % n) as u32;
            names(col, name);
            out.push((col, v));
        });
        finish_row(out, self.config.normalize, self.config.binary);
    }

    /// Emits every feature of a pair as (hash, name, value); names are
    /// built only when `named` (they cost more than the hashing).
    fn visit(&self, input: &PairInput, named: bool, emit: &mut dyn FnMut(u64, &str, f32)) {
        let items = self.items(input);
        let mut name = String::new();
        let structure_weight = self.config.structure_weight;
        let mut put = |parts: &[&str], emit: &mut dyn FnMut(u64, &str, f32)| {
            // Plain n-grams weigh 1; pair-structure features weigh `structure_weight`.
            let value = if matches!(parts[0], "u" | "b") {
                1.0
            } else {
                structure_weight
            };
            // Feature name = parts joined by a space; hash = fastText combination of the parts' hashes.
            let mut h = fnv1a(parts[0].as_bytes());
            for p in &parts[1..] {
                h = combine(h, fnv1a(p.as_bytes()));
            }
            name.clear();
            for (i, p) in parts.iter().enumerate().filter(|_| named) {
                if i > 0 {
                    name.push(' ');
                }
                name.push_str(p);
            }
            emit(h, &name, value);
        };
        let word = |it: &Item| -> String {
            match it.role {
                Role::Source => "<S>".to_string(),
                Role::Target => "<T>".to_string(),
                Role::Other => "<A>".to_string(),
                Role::Word if it.negated => format!("!{}", it.text),
                Role::Word => it.text.to_string(),
            }
        };
        let words: Vec<String> = items.iter().map(word).collect();

        put(&["bias"], emit);
        // Unigrams (words only) and bigrams (markers included).
        for (it, w) in items.iter().zip(&words) {
            if it.role == Role::Word && self.config.unigrams {
                put(&["u", w], emit);
            }
        }
        for pair in words.windows(2) {
            put(&["b", &pair[0], &pair[1]], emit);
        }
        let src: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.role == Role::Source)
            .map(|(i, _)| i)
            .collect();
        let tgt: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.role == Role::Target)
            .map(|(i, _)| i)
            .collect();

        // Source and target presence, carried speakers, quotes.
        let src_carried = input
            .actors
            .mentions
            .iter()
            .any(|m| m.actor == input.source && m.kind == MentionKind::Carried);
        let speaker = match input.actors.speaker {
            Some(a) if a == input.source => "S",
            Some(a) if a == input.target => "T",
            Some(_) => "A",
            None => "none",
        };
        put(&["spk", speaker], emit);
        // Who is mentioned first: in English news the first actor is usually the subject.
        let first = items
            .iter()
            .find(|it| it.role != Role::Word)
            .map(|it| match it.role {
                Role::Source => "S",
                Role::Target => "T",
                _ => "A",
            });
        put(&["first", first.unwrap_or("none"), speaker], emit);
        if src_carried {
            put(&["carried"], emit);
        }
        if src.is_empty() {
            put(&["nosrc"], emit);
        }
        if src.iter().all(|&i| items[i].in_quote) && !src.is_empty() {
            put(&["sq"], emit);
        }
        if tgt.iter().all(|&i| items[i].in_quote) && !tgt.is_empty() {
            put(&["tq"], emit);
        }
        let others = items.iter().filter(|it| it.role == Role::Other).count();
        put(
            &[
                "others",
                if others == 0 {
                    "0"
                } else if others == 1 {
                    "1"
                } else {
                    "2+"
                },
            ],
            emit,
        );

        // Source or target inside a list of actors.
        let groups = self.config.groups;
        let s_group = groups && src.iter().any(|&i| items[i].group);
        let t_group = groups && tgt.iter().any(|&i| items[i].group);
        if s_group {
            put(&["grp", "S"], emit);
        }
        if t_group {
            put(&["grp", "T"], emit);
        }

        // Windows around the mentions.
        let w = self.config.window;
        for (tag, positions) in [("S", &src), ("T", &tgt)] {
            for &p in positions.iter() {
                for k in 1..=w {
                    if let Some(x) = p.checked_sub(k).and_then(|i| words.get(i)) {
                        put(&[tag, "L", x], emit);
                    }
                    if let Some(x) = words.get(p + k) {
                        put(&[tag, "R", x], emit);
                    }
                }
            }
        }

        // The closest source-target pair: order, distance, words between.
        let closest = src
            .iter()
            .flat_map(|&s| tgt.iter().map(move |&t| (s, t)))
            .min_by_key(|&(s, t)| (s.abs_diff(t), s, t));
        if let Some((s, t)) = closest {
            let (a, b, order) = if s < t { (s, t, "ST") } else { (t, s, "TS") };
            let gap = b - a - 1;
            let bucket = match gap {
                0..=2 => "near",
                3..=6 => "mid",
                7..=12 => "far",
                _ => "vfar",
            };
            put(&["ord", order], emit);
            put(&["ord", order, bucket], emit);
            if gap <= self.config.max_between {
                for x in &words[a + 1..b] {
                    put(&["btw", order, x], emit);
                }
                // The whole short path as one feature: "<S> blame <T>".
                if gap <= 3 {
                    let mut parts: Vec<&str> = vec!["path", order];
                    parts.extend(words[a + 1..b].iter().map(String::as_str));
                    put(&parts, emit);
                }
            }
        } else {
            put(&["ord", "none"], emit);
        }

        // Clauses: who acts (nearest actor to the left in the clause, else
        // the speaker) and who is acted upon (nearest actor to the right).
        let speaker_role = match speaker {
            "S" => "spkS",
            "T" => "spkT",
            "A" => "spkA",
            _ => "none",
        };
        let mut clause = vec![0usize; items.len()];
        let mut c = 0;
        for (i, it) in items.iter().enumerate() {
            if it.role == Role::Word && self.clause_breaks.contains(it.text) {
                c += 1;
            }
            clause[i] = c;
        }
        let role_name = |it: &Item| match it.role {
            Role::Source => "S",
            Role::Target => "T",
            Role::Other => "A",
            Role::Word => "none",
        };
        let mut agents = vec!["none"; items.len()];
        let mut patients = vec!["none"; items.len()];
        let mut last: Option<usize> = None;
        for i in 0..items.len() {
            if items[i].role != Role::Word {
                last = Some(i);
            } else {
                agents[i] = match last {
                    Some(j) if clause[j] == clause[i] => role_name(&items[j]),
                    _ => speaker_role,
                };
            }
        }
        let mut next: Option<usize> = None;
        for i in (0..items.len()).rev() {
            if items[i].role != Role::Word {
                next = Some(i);
            } else if let Some(j) = next.filter(|&j| clause[j] == clause[i]) {
                patients[i] = role_name(&items[j]);
            }
        }
        let same_clause = closest.is_some_and(|(s, t)| clause[s] == clause[t]);
        let roles = self.config.roles;
        if roles {
            put(&["sameclause", if same_clause { "y" } else { "n" }], emit);
        }

        // Every word with who acts and who is acted upon, when one of them
        // is the source or the target.
        if self.config.role_words {
            let involved = |r: &str| matches!(r, "S" | "T" | "spkS" | "spkT");
            for (i, it) in items.iter().enumerate() {
                if it.role != Role::Word || it.text.len() < 3 {
                    continue;
                }
                let (agent, patient) = (agents[i], patients[i]);
                if involved(agent) || involved(patient) {
                    put(&["rw", agent, patient, &words[i]], emit);
                }
            }
        }

        // Valence: polar words, their polarity flipped under negation, with
        // who acts and who is acted upon, and whether they sit next to the target.
        for (i, it) in items.iter().enumerate() {
            if it.role != Role::Word {
                continue;
            }
            let Some(&v) = self.valence.get(it.text) else {
                continue;
            };
            if v.abs() < 1.0 {
                continue;
            }
            let pol = if (v > 0.0) != it.negated { "+" } else { "-" };
            put(&["V", pol], emit);
            if roles {
                put(&["V", pol, "ag", agents[i], "pt", patients[i]], emit);
            }
            if tgt.iter().any(|&t| t.abs_diff(i) <= 3) {
                put(&["V", pol, "nearT"], emit);
            }
            if src.iter().any(|&t| t.abs_diff(i) <= 3) {
                put(&["V", pol, "nearS"], emit);
            }
        }

        // Lexicon hits and where they stand.
        let stems: Vec<&str> = items.iter().map(|it| it.text).collect();
        for (i, it) in items.iter().enumerate() {
            if it.role != Role::Word {
                continue;
            }
            let entries = self
                .lexicon_index
                .get(it.text)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            for e in entries.iter().map(|&k| &self.lexicon[k]) {
                if stems.len() - i < e.stems.len()
                    || !e.stems.iter().zip(&stems[i..]).all(|(a, b)| a == b)
                {
                    continue;
                }
                let class = self.class_names[e.class].as_str();
                let neg = if it.negated { "neg" } else { "pos" };
                put(&["L", class], emit);
                put(&["L", class, neg], emit);
                if it.in_quote {
                    put(&["L", class, "quote"], emit);
                }
                if s_group {
                    put(&["L", class, neg, "grpS"], emit);
                }
                if t_group {
                    put(&["L", class, neg, "grpT"], emit);
                }
                let s_before = src.iter().any(|&s| s < i && i - s <= 6);
                let s_after = src.iter().any(|&s| s > i && s - i <= 6);
                let t_before = tgt.iter().any(|&t| t < i && i - t <= 6);
                let t_after = tgt.iter().any(|&t| t > i && t - i <= 6);
                let by_src = src.iter().any(|&s| s == i + 2 && stems[i + 1] == "by");
                if roles {
                    let (agent, patient) = (agents[i], patients[i]);
                    put(&["L", class, neg, "ag", agent], emit);
                    put(&["L", class, neg, "ag", agent, "pt", patient], emit);
                }
                for (flag, pos) in [
                    (s_before, "S<w"),
                    (s_after, "w<S"),
                    (t_before, "T<w"),
                    (t_after, "w<T"),
                    (s_before && t_after, "S<w<T"),
                    (t_before && s_after, "T<w<S"),
                    (by_src, "w by S"),
                ] {
                    if flag {
                        put(&["L", class, neg, pos], emit);
                    }
                }
            }
        }
    }

    /// Collapses mention tokens into one marker item each.
    fn items<'a>(&self, input: &'a PairInput) -> Vec<Item<'a>> {
        let mut items = Vec::with_capacity(input.tokens.len());
        let mut in_quote = false;
        let mut i = 0;
        let tokens = input.tokens;
        while i < tokens.len() {
            let t = &tokens[i];
            if t.kind == TokenKind::Punct && t.text == "\"" {
                in_quote = !in_quote;
            }
            let mention = input
                .actors
                .mentions
                .iter()
                .find(|m| t.start < m.end && m.start < t.end);
            if let Some(m) = mention {
                let role = if m.actor == input.source {
                    Role::Source
                } else if m.actor == input.target {
                    Role::Target
                } else {
                    Role::Other
                };
                items.push(Item {
                    text: "",
                    negated: t.negated,
                    role,
                    in_quote,
                    group: false,
                });
                while i < tokens.len() && tokens[i].start < m.end {
                    i += 1;
                }
                continue;
            }
            if t.kind == TokenKind::Number
                || !(t.kind == TokenKind::Punct
                    && matches!(t.text.as_str(), "(" | ")" | "[" | "]" | "'"))
            {
                items.push(Item {
                    text: &t.text,
                    negated: t.negated,
                    role: Role::Word,
                    in_quote,
                    group: false,
                });
            }
            i += 1;
        }
        collapse_coordinations(items)
    }
}

/// "Mali, Burkina Faso and Niger quit ECOWAS": a coordinated list of actors
/// acts as one. A list holding the source (and not the target) becomes one
/// `<S>`, likewise for the target; a list of other actors becomes one
/// `<A>`. A list holding both source and target is left alone.
fn collapse_coordinations(items: Vec<Item<'_>>) -> Vec<Item<'_>> {
    let is_marker = |it: &Item| it.role != Role::Word;
    let is_link = |it: &Item| it.role == Role::Word && matches!(it.text, "," | "and" | "or" | "&");
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        if !is_marker(&items[i]) {
            i += 1;
            out.push(items[i - 1]);
            continue;
        }
        // Extend the run: marker (link+ marker)*.
        let mut end = i + 1;
        let mut j = i + 1;
        while j < items.len() {
            let mut k = j;
            while k < items.len() && is_link(&items[k]) && k - j < 2 {
                k += 1;
            }
            if k > j && k < items.len() && is_marker(&items[k]) {
                end = k + 1;
                j = k + 1;
            } else {
                break;
            }
        }
        let run = &items[i..end];
        let has = |r: Role| run.iter().any(|it| it.role == r);
        let role = match (has(Role::Source), has(Role::Target)) {
            (true, true) => None,
            (true, false) => Some(Role::Source),
            (false, true) => Some(Role::Target),
            (false, false) => Some(Role::Other),
        };
        match role {
            Some(role) if end - i > 1 => out.push(Item {
                role,
                group: true,
                ..items[i]
            }),
            _ => out.extend_from_slice(run),
        }
        i = end;
    }
    out
}

/// The VADER lexicon keyed by stem: the mean valence of the words sharing a
/// stem. Words are visited in sorted order so the means do not depend on
/// the lexicon's hash-map order.
fn valence_by_stem(pipeline: &Pipeline) -> rustc_hash::FxHashMap<String, f32> {
    let mut words: Vec<(&str, f64)> = vader_sentiment::LEXICON
        .iter()
        .map(|(k, v)| (k.as_ref(), *v))
        .collect();
    words.sort_by(|a, b| a.0.cmp(b.0));
    let mut sums: std::collections::BTreeMap<String, (f64, u32)> = Default::default();
    let mut tokens = Vec::new();
    for (word, v) in words {
        pipeline.analyze(word, &mut tokens);
        if let [t] = tokens.as_slice() {
            if t.kind == TokenKind::Word {
                let e = sums.entry(t.text.clone()).or_insert((0.0, 0));
                e.0 += v;
                e.1 += 1;
            }
        }
    }
    sums.into_iter()
        .map(|(k, (s, n))| (k, (s / n as f64) as f32))
        .collect()
}

/// Sorts, merges duplicate columns (adding values) and optionally
/// normalises to unit length.
fn finish_row(row: &mut SparseRow, normalize: bool, binary: bool) {
    row.sort_unstable_by_key(|&(c, _)| c);
    row.dedup_by(|b, a| {
        if a.0 == b.0 {
            if binary {
                a.1 = a.1.max(b.1);
            } else {
                a.1 += b.1;
            }
            true
        } else {
            false
        }
    });
    if normalize {
        let norm = row.iter().map(|&(_, v)| v * v).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, v) in row.iter_mut() {
                *v /= norm;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::{Gazetteer, Resolver};
    use crate::pipeline::PipelineConfig;

    fn names_of(text: &str, source: &str, target: &str) -> Vec<String> {
        let g = Gazetteer::from_json_str(r#"{"Russia": ["Russia", "Moscow"], "Ukraine": ["Ukraine", "Kyiv"], "China": ["China"]}"#).unwrap();
        let p = Pipeline::new(PipelineConfig::default());
        let f = Featurizer::new(FeaturizerConfig::default(), &p);
        let mut tokens = Vec::new();
        p.analyze(text, &mut tokens);
        let actors = Resolver::new(&g).next_sentence(text, &tokens);
        let mut names = Vec::new();
        let mut row = Vec::new();
        let input = PairInput {
            tokens: &tokens,
            actors: &actors,
            source: g.id(source).unwrap(),
            target: g.id(target).unwrap(),
        };
        f.featurize_named(&input, &mut row, &mut |_, n| names.push(n.to_string()));
        names
    }

    #[test]
    fn direction_is_visible() {
        let fwd = names_of("Russia condemned Ukraine.", "Russia", "Ukraine");
        assert!(fwd.contains(&"path ST condemn".to_string()), "{fwd:?}");
        assert!(fwd.contains(&"L acc pos S<w<T".to_string()));
        let back = names_of("Russia condemned Ukraine.", "Ukraine", "Russia");
        assert!(back.contains(&"path TS condemn".to_string()));
        assert!(back.contains(&"L acc pos T<w<S".to_string()));
    }

    #[test]
    fn words_carry_who_acts_on_whom() {
        let fwd = names_of("Russia lectured Ukraine.", "Russia", "Ukraine");
        assert!(fwd.contains(&"rw S T lectur".to_string()), "{fwd:?}");
        let back = names_of("Russia lectured Ukraine.", "Ukraine", "Russia");
        assert!(back.contains(&"rw T S lectur".to_string()), "{back:?}");
        // A word whose actor is not of the pair is not a role word.
        let far = names_of("Russia met China; Ukraine lectured.", "Russia", "China");
        assert!(
            !far.iter()
                .any(|n| n.starts_with("rw") && n.ends_with("lectur")),
            "{far:?}"
        );
    }

    #[test]
    fn a_target_in_a_list_of_actors_is_marked() {
        let even = names_of(
            "Ukraine urged both Russia and China to talk.",
            "Ukraine",
            "China",
        );
        assert!(even.contains(&"grp T".to_string()), "{even:?}");
        assert!(
            even.iter()
                .any(|n| n.starts_with("L ") && n.ends_with(" grpT")),
            "{even:?}"
        );
        let one = names_of("Ukraine urged China to talk.", "Ukraine", "China");
        assert!(!one.iter().any(|n| n.contains("grp")), "{one:?}");
        // Model files written before the setting existed had no such feature.
        let mut old = serde_json::to_value(FeaturizerConfig::default()).unwrap();
        old.as_object_mut().unwrap().remove("groups");
        let old: FeaturizerConfig = serde_json::from_value(old).unwrap();
        assert!(!old.groups && FeaturizerConfig::default().groups);
    }

    #[test]
    fn negation_is_visible() {
        let names = names_of("China did not condemn Russia.", "China", "Russia");
        assert!(names.contains(&"u !condemn".to_string()), "{names:?}");
        assert!(names.contains(&"L acc neg".to_string()));
    }

    #[test]
    fn other_actors_are_markers() {
        let names = names_of("Moscow and Kyiv met in China.", "Russia", "Ukraine");
        assert!(names.contains(&"b in <A>".to_string()), "{names:?}");
    }

    #[test]
    fn repeats_count_once_when_binary_and_add_up_otherwise() {
        let mut row = vec![(3, 1.0), (1, 1.0), (3, 1.0), (3, 0.5)];
        finish_row(&mut row, false, true);
        assert_eq!(row, [(1, 1.0), (3, 1.0)]);
        let mut row = vec![(3, 1.0), (1, 1.0), (3, 1.0), (3, 0.5)];
        finish_row(&mut row, false, false);
        assert_eq!(row, [(1, 1.0), (3, 2.5)]);
        // Model files written before the setting existed summed.
        let mut old = serde_json::to_value(FeaturizerConfig::default()).unwrap();
        old.as_object_mut().unwrap().remove("binary");
        let old: FeaturizerConfig = serde_json::from_value(old).unwrap();
        assert!(!old.binary && FeaturizerConfig::default().binary);
    }

    #[test]
    fn rows_are_sorted_unique_and_normalised() {
        let g =
            Gazetteer::from_json_str(r#"{"Russia": ["Russia"], "Ukraine": ["Ukraine"]}"#).unwrap();
        let p = Pipeline::new(PipelineConfig::default());
        let f = Featurizer::new(
            FeaturizerConfig {
                n_features: 64,
                ..FeaturizerConfig::default()
            },
            &p,
        );
        let text = "Russia blamed Ukraine and Ukraine blamed Russia again and again.";
        let mut tokens = Vec::new();
        p.analyze(text, &mut tokens);
        let actors = Resolver::new(&g).next_sentence(text, &tokens);
        let mut row = Vec::new();
        f.featurize(
            &PairInput {
                tokens: &tokens,
                actors: &actors,
                source: 0,
                target: 1,
            },
            &mut row,
        );
        assert!(row.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(row.iter().all(|&(c, _)| c < 64));
        let norm: f32 = row.iter().map(|(_, v)| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-4);
    }
}
