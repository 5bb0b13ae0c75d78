//! Training and evaluation over labelled records.
//!
//! Training featurizes every sentence record exactly as `predict` sees a
//! sentence (context first, so pronouns carry their speaker), fits the
//! stance and sentiment heads, names the highest-weighted hash buckets for
//! `inspect`, and scores the dev set when one is given. The result depends
//! only on the data and the settings: the same inputs give a byte-identical
//! model file.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::actors::record::{resolve_record_actor, RecordActorKind, MENTION_STRING_IDS};
use crate::actors::{ActorId, Gazetteer, Mention};
use crate::article::{
    analyze_article, analyze_record, pair_row, record_row, record_row_named, score_row,
    ArticleOutput,
};
use crate::data::{ArticleRecord, SentenceRecord, Sentiment, Stance};
use crate::error::{Error, Result};
use crate::eval::{ClassReport, DyadReport};
use crate::features::{FeaturizerConfig, SparseRow};
use crate::model::{Classifier, ValidTrainParams};
use crate::model_file::{
    AggregationConfig, DataFile, DevScores, Model, ModelFile, TrainingMeta, FORMAT_VERSION,
};
use crate::pipeline::PipelineConfig;

/// Involvement head class: a pair that a writer labelled.
pub const INVOLVED: &str = "involved";
/// Involvement head class: a pair of a labelled sentence that no record names.
pub const BYSTANDER: &str = "bystander";

/// Everything that shapes a model besides the data.
pub struct TrainSettings {
    pub params: ValidTrainParams,
    /// The sentiment head's parameters (the stance and involvement heads use `params`).
    pub sentiment_params: ValidTrainParams,
    pub pipeline: PipelineConfig,
    pub featurizer: FeaturizerConfig,
    pub aggregation: AggregationConfig,
    /// How many named features to keep per class and head.
    pub named_features_per_class: usize,
}

impl TrainSettings {
    /// Default settings with the given optimiser parameters.
    pub fn new(params: ValidTrainParams) -> TrainSettings {
        TrainSettings {
            sentiment_params: params.clone(),
            params,
            pipeline: PipelineConfig::default(),
            featurizer: FeaturizerConfig::default(),
            aggregation: AggregationConfig::default(),
            named_features_per_class: 40,
        }
    }
}

/// One input file's records and its identity.
pub struct DataSet {
    /// The path as the user gave it.
    pub path: String,
    /// The file's bytes' SHA-256.
    pub sha256: String,
    pub records: Vec<SentenceRecord>,
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sentence-level evaluation of both heads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentenceEval {
    pub records: usize,
    pub stance: ClassReport,
    pub sentiment: ClassReport,
}

/// Article-level evaluation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleEval {
    pub articles: usize,
    pub dyads: DyadReport,
    /// How many of the actors named in gold dyads the pipeline found.
    pub actor_recall: ActorRecall,
}

/// Actor finding measured on the actors of gold dyads, per article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorRecall {
    pub found: usize,
    pub total: usize,
    pub recall: f64,
}

/// Trains a model. `progress` receives one line per step.
pub fn train(
    settings: &TrainSettings,
    gazetteer: &Gazetteer,
    gazetteer_sha256: &str,
    data: &[DataSet],
    dev: Option<&DataSet>,
    progress: &mut dyn FnMut(&str),
) -> Result<ModelFile> {
    // A model with empty heads gives the featurizer its pipeline and lexicon.
    let shell = Model::new(ModelFile {
        format_version: FORMAT_VERSION,
        crate_version: env!("CARGO_PKG_VERSION").to_string(),
        pipeline: settings.pipeline.clone(),
        featurizer: settings.featurizer.clone(),
        aggregation: settings.aggregation.clone(),
        stance: placeholder_classifier()?,
        sentiment: placeholder_classifier()?,
        involvement: None,
        feature_names: BTreeMap::new(),
        training: empty_meta(settings),
    });
    let records: Vec<&SentenceRecord> = data.iter().flat_map(|d| d.records.iter()).collect();
    if records.is_empty() {
        return Err(Error::InvalidParameter("no training records".into()));
    }
    let mut rows: Vec<SparseRow> = Vec::with_capacity(records.len());
    let mut stance_labels = Vec::with_capacity(records.len());
    let mut sentiment_labels = Vec::with_capacity(records.len());
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    let mut unlocated = 0;
    for (i, r) in records.iter().enumerate() {
        let mut remember = |col: u32, name: &str| {
            names.entry(col).or_insert_with(|| name.to_string());
        };
        let rr = record_row_named(&shell, gazetteer, r, Some(&mut remember))?;
        if !rr.source_located {
            unlocated += 1;
        }
        rows.push(rr.row);
        stance_labels.push(r.stance.as_str().to_string());
        sentiment_labels.push(r.sentiment.as_str().to_string());
        if (i + 1) % 1000 == 0 {
            progress(&format!(
                "featurized {} of {} records",
                i + 1,
                records.len()
            ));
        }
    }
    let n = settings.featurizer.n_features;
    // Bystander pairs: never stance rows (they would drag the labelled
    // pairs toward neutral), but the negatives of the involvement head.
    let bystanders = implicit_neutral_rows(&shell, gazetteer, &records);
    progress(&format!(
        "fitting the stance, involvement and sentiment heads at once on {} records x {} features \
         ({} bystander pairs for the involvement head)",
        rows.len(),
        n,
        bystanders.len()
    ));
    let implicit = bystanders.len();
    // The three heads are independent: fit them on separate threads.
    // Each fit is sequential and deterministic, so the result does not
    // depend on scheduling.
    let (stance, involvement, sentiment) = std::thread::scope(|scope| {
        let stance = scope.spawn(|| Classifier::fit(&settings.params, &rows, n, &stance_labels));
        let involvement = scope.spawn(|| {
            if bystanders.is_empty() {
                return Ok(None);
            }
            let mut involvement_rows = rows.clone();
            let mut involvement_labels = vec![INVOLVED.to_string(); rows.len()];
            involvement_labels.resize(rows.len() + bystanders.len(), BYSTANDER.to_string());
            involvement_rows.extend(bystanders);
            Classifier::fit(&settings.params, &involvement_rows, n, &involvement_labels).map(Some)
        });
        let sentiment = Classifier::fit(&settings.sentiment_params, &rows, n, &sentiment_labels);
        (join_fit(stance), join_fit(involvement), sentiment)
    });
    let (stance, involvement, sentiment) = (stance?, involvement?, sentiment?);
    if involvement.is_none() {
        progress("no bystander pairs: every pair will count as involved");
    }
    for (head, c) in [("stance", &stance), ("sentiment", &sentiment)] {
        if let [only] = c.classes() {
            progress(&format!(
                "every record's {head} is {only:?}: the {head} head always says so"
            ));
        }
    }

    let mut feature_names = BTreeMap::new();
    for head in [&stance, &sentiment] {
        for k in 0..head.classes().len() {
            let mut cols: Vec<(u32, f32)> = head
                .weights()
                .column(k)
                .iter()
                .enumerate()
                .map(|(c, &w)| (c as u32, w))
                .collect();
            cols.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            for &(c, _) in cols.iter().take(settings.named_features_per_class) {
                if let Some(name) = names.get(&c) {
                    feature_names.insert(c, name.clone());
                }
            }
        }
    }

    let mut label_counts = BTreeMap::new();
    for (head, labels) in [("stance", &stance_labels), ("sentiment", &sentiment_labels)] {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for l in labels.iter() {
            *counts.entry(l.clone()).or_default() += 1;
        }
        label_counts.insert(head.to_string(), counts);
    }
    let mut training = empty_meta(settings);
    training.data = data
        .iter()
        .map(|d| DataFile {
            path: d.path.clone(),
            sha256: d.sha256.clone(),
            records: d.records.len(),
        })
        .collect();
    training.records = records.len();
    training.unlocated_sources = unlocated;
    training.implicit_neutrals = implicit;
    training.label_counts = label_counts;
    training.gazetteer_sha256 = gazetteer_sha256.to_string();

    let mut file = ModelFile {
        stance,
        sentiment,
        involvement,
        feature_names,
        training,
        ..shell.file().clone()
    };
    if let Some(dev) = dev {
        progress(&format!("scoring {} dev records", dev.records.len()));
        let model = Model::new(file.clone());
        let eval = evaluate_sentences(&model, gazetteer, &dev.records)?;
        file.training.dev = Some(DataFile {
            path: dev.path.clone(),
            sha256: dev.sha256.clone(),
            records: dev.records.len(),
        });
        for (head, report) in [("stance", &eval.stance), ("sentiment", &eval.sentiment)] {
            file.training.dev_scores.insert(
                head.to_string(),
                DevScores {
                    accuracy: round4(report.accuracy),
                    macro_f1: round4(report.macro_f1),
                },
            );
        }
    }
    Ok(file)
}

/// Rows for bystander pairs: pairs of actors found in a labelled sentence
/// that involve an actor no record of that sentence names. Writers label
/// the pairs that matter; the others are the pairs `predict` meets in every
/// crowded sentence, where a stance is almost never meant. The mentions the
/// sentence's records give (spans, mention strings) are in place, and a
/// mention string names one actor across the sentence's records.
fn implicit_neutral_rows(
    model: &Model,
    gazetteer: &Gazetteer,
    records: &[&SentenceRecord],
) -> Vec<SparseRow> {
    // Group the records of each sentence (same text and context), in first-seen order.
    let mut groups: Vec<(&str, Option<&str>, Vec<&SentenceRecord>)> = Vec::new();
    let mut index: BTreeMap<(&str, Option<&str>), usize> = BTreeMap::new();
    for r in records {
        let key = (r.text.as_str(), r.context.as_deref());
        let i = *index.entry(key).or_insert_with(|| {
            groups.push((key.0, key.1, Vec::new()));
            groups.len() - 1
        });
        groups[i].2.push(r);
    }
    let mut rows = Vec::new();
    for (text, context, group) in groups {
        let mut labelled: BTreeSet<ActorId> = BTreeSet::new();
        let mut given: Vec<Mention> = Vec::new();
        let mut mention_strings: BTreeMap<&str, ActorId> = BTreeMap::new();
        for r in &group {
            for (name, span) in [(&r.source, r.source_span), (&r.target, r.target_span)] {
                // The records were checked before training; a fault here only drops the actor.
                let Ok(actor) = resolve_record_actor(gazetteer, text, name, span) else {
                    continue;
                };
                let id = match actor.kind {
                    RecordActorKind::MentionString => {
                        let next = MENTION_STRING_IDS + mention_strings.len() as ActorId;
                        *mention_strings.entry(name.as_str()).or_insert(next)
                    }
                    _ => actor.id(MENTION_STRING_IDS),
                };
                labelled.insert(id);
                for m in actor.mentions(id) {
                    if !given.iter().any(|g| g.start < m.end && m.start < g.end) {
                        given.push(m);
                    }
                }
            }
        }
        given.sort_by_key(|m| (m.start, m.end));
        let sentence = analyze_record(model, gazetteer, context, text, &given);
        let actors = sentence.actors.actors();
        for &a in &actors {
            for &b in &actors {
                if a == b || (labelled.contains(&a) && labelled.contains(&b)) {
                    continue;
                }
                let mut row = Vec::new();
                pair_row(model, &sentence, a, b, &mut row);
                rows.push(row);
            }
        }
    }
    rows
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn empty_meta(settings: &TrainSettings) -> TrainingMeta {
    TrainingMeta {
        data: Vec::new(),
        records: 0,
        unlocated_sources: 0,
        implicit_neutrals: 0,
        label_counts: BTreeMap::new(),
        params: settings.params.params().clone(),
        dev: None,
        dev_scores: BTreeMap::new(),
        gazetteer_sha256: String::new(),
    }
}

/// A one-feature classifier that only lets the featurizer be built before
/// the real heads exist.
fn placeholder_classifier() -> Result<Classifier> {
    let params = crate::model::TrainParams::default()
        .max_iterations(1)
        .check()?;
    Classifier::fit(
        &params,
        &[vec![(0, 1.0)], vec![]],
        1,
        &["a".to_string(), "b".to_string()],
    )
}

/// The result of a fitting thread; a panic there becomes an error here.
fn join_fit<T>(handle: std::thread::ScopedJoinHandle<'_, Result<T>>) -> Result<T> {
    handle
        .join()
        .unwrap_or_else(|_| Err(Error::InvalidParameter("a fitting thread panicked".into())))
}

/// The model's labels for one sentence record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordPrediction {
    pub id: String,
    pub stance: Stance,
    pub probabilities: crate::article::Probabilities,
    pub sentiment: Sentiment,
}

/// Labels sentence records.
pub fn predict_records(
    model: &Model,
    gazetteer: &Gazetteer,
    records: &[SentenceRecord],
) -> Result<Vec<RecordPrediction>> {
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let rr = record_row(model, gazetteer, r)?;
        let (probs, sentiment) = score_row(model, &rr.row)?;
        let stance = probs.best();
        out.push(RecordPrediction {
            id: r.id.clone(),
            stance,
            probabilities: probs,
            sentiment,
        });
    }
    Ok(out)
}

/// Scores both heads on sentence records.
pub fn evaluate_sentences(
    model: &Model,
    gazetteer: &Gazetteer,
    records: &[SentenceRecord],
) -> Result<SentenceEval> {
    let predictions = predict_records(model, gazetteer, records)?;
    Ok(score_sentences(records, &predictions))
}

/// Scores predictions (in record order) against their records.
pub fn score_sentences(
    records: &[SentenceRecord],
    predictions: &[RecordPrediction],
) -> SentenceEval {
    let mut stance_pairs = Vec::with_capacity(records.len());
    let mut sentiment_pairs = Vec::with_capacity(records.len());
    for (r, p) in records.iter().zip(predictions) {
        stance_pairs.push((r.stance.as_str(), p.stance.as_str()));
        sentiment_pairs.push((r.sentiment.as_str(), p.sentiment.as_str()));
    }
    let stance_labels: Vec<&str> = Stance::ALL.iter().map(|s| s.as_str()).collect();
    let sentiment_labels: Vec<&str> = Sentiment::ALL.iter().map(|s| s.as_str()).collect();
    SentenceEval {
        records: records.len(),
        stance: ClassReport::new(&stance_labels, &stance_pairs),
        sentiment: ClassReport::new(&sentiment_labels, &sentiment_pairs),
    }
}

fn triples<'a>(
    dyads: impl Iterator<Item = (&'a String, &'a String, Stance)>,
) -> crate::eval::DyadSet {
    dyads
        .map(|(s, t, st)| (s.clone(), t.clone(), st.as_str().to_string()))
        .collect()
}

/// Scores article records by their dyads.
pub fn evaluate_articles(
    model: &Model,
    gazetteer: &Gazetteer,
    records: &[ArticleRecord],
) -> Result<ArticleEval> {
    let outputs = records
        .iter()
        .map(|r| analyze_article(model, gazetteer, &r.id, &r.text))
        .collect::<Result<Vec<_>>>()?;
    Ok(score_articles(records, &outputs))
}

/// Scores article analyses (one per record, in order) against their gold dyads.
pub fn score_articles(records: &[ArticleRecord], outputs: &[ArticleOutput]) -> ArticleEval {
    let mut sets = Vec::with_capacity(records.len());
    let (mut found, mut total) = (0, 0);
    for (r, out) in records.iter().zip(outputs) {
        let gold_actors: BTreeSet<&str> = r
            .dyads
            .iter()
            .flat_map(|d| [d.source.as_str(), d.target.as_str()])
            .collect();
        total += gold_actors.len();
        found += gold_actors
            .iter()
            .filter(|a| out.actors.iter().any(|x| x.name == **a))
            .count();
        let gold = triples(r.dyads.iter().map(|d| (&d.source, &d.target, d.stance)));
        let pred = triples(out.dyads.iter().map(|d| (&d.source, &d.target, d.stance)));
        sets.push((gold, pred));
    }
    ArticleEval {
        articles: records.len(),
        dyads: DyadReport::from_sets(&sets),
        actor_recall: ActorRecall {
            found,
            total,
            recall: if total == 0 {
                0.0
            } else {
                found as f64 / total as f64
            },
        },
    }
}
