//! Scoring a whole article: sentences -> actors -> pairs -> stance and
//! sentiment -> dyads with evidence.
//!
//! Every ordered pair of distinct actors in a sentence (a carried speaker
//! included) is scored. Dyads follow the annotation guide: for each ordered
//! pair, the non-neutral sentences vote and the majority wins, a tie going
//! to the later sentence; pairs with no non-neutral vote are not dyads.
//!
//! ```
//! use stance::actors::Gazetteer;
//! use stance::article::analyze_article;
//! use stance::model_file::Model;
//! let model = Model::embedded().unwrap();
//! let gazetteer = Gazetteer::embedded();
//! let out = analyze_article(&model, &gazetteer, "a", "Russia condemned Ukraine's attack. Kyiv thanked Poland for its help.").unwrap();
//! assert!(out.actors.iter().any(|a| a.name == "Ukraine"));
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::actors::{ActorId, Gazetteer, Mention, Resolver, SentenceActors};
use crate::data::{record_actors, SentenceRecord, Sentiment, Stance};
use crate::error::{Error, Result};
use crate::features::{PairInput, SparseRow};
use crate::model_file::Model;
use crate::pipeline::{split_sentences, Token};

/// The result for one article (`predict --format json`). Fields may be added, never renamed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleOutput {
    /// The input's id (file name, or the `id` of a JSON Lines input).
    pub id: String,
    /// Actors found, in order of first mention, with mention counts.
    pub actors: Vec<ActorCount>,
    /// Article-level stances (neutral-only pairs are not dyads).
    pub dyads: Vec<Dyad>,
    /// Every sentence with its scored pairs.
    pub sentences: Vec<SentenceOutput>,
}

/// An actor and how often it is mentioned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorCount {
    pub name: String,
    pub mentions: usize,
}

/// One article-level stance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dyad {
    pub source: String,
    pub target: String,
    pub stance: Stance,
    /// Mean probability of `stance` over the evidence sentences.
    pub confidence: f32,
    /// Indices of the sentences that voted for `stance`.
    pub evidence: Vec<usize>,
}

/// One sentence and its scored pairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentenceOutput {
    pub index: usize,
    pub text: String,
    pub pairs: Vec<PairOutput>,
}

/// One scored ordered pair in a sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairOutput {
    pub source: String,
    pub target: String,
    pub stance: Stance,
    pub probabilities: Probabilities,
    pub sentiment: Sentiment,
}

/// Stance probabilities.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probabilities {
    pub supportive: f32,
    pub accusatory: f32,
    pub neutral: f32,
}

impl Probabilities {
    /// The probability of one stance.
    pub fn of(self, s: Stance) -> f32 {
        match s {
            Stance::Supportive => self.supportive,
            Stance::Accusatory => self.accusatory,
            Stance::Neutral => self.neutral,
        }
    }

    /// The most probable stance (neutral on ties).
    pub fn best(self) -> Stance {
        let mut best = Stance::Neutral;
        for s in [Stance::Supportive, Stance::Accusatory] {
            if self.of(s) > self.of(best) {
                best = s;
            }
        }
        best
    }
}

/// A sentence after the pipeline and actor resolution.
pub struct AnalyzedSentence {
    pub text: String,
    pub tokens: Vec<Token>,
    pub actors: SentenceActors,
}

/// Runs the pipeline and the resolver over sentences in article order.
pub fn analyze_sentences<'a>(
    model: &Model,
    gazetteer: &Gazetteer,
    sentences: impl IntoIterator<Item = &'a str>,
) -> Vec<AnalyzedSentence> {
    let mut resolver = Resolver::new(gazetteer);
    sentences
        .into_iter()
        .map(|text| {
            let mut tokens = Vec::new();
            model.pipeline().analyze(text, &mut tokens);
            let actors = resolver.next_sentence(text, &tokens);
            AnalyzedSentence {
                text: text.to_string(),
                tokens,
                actors,
            }
        })
        .collect()
}

/// The feature row of a pair in an analysed sentence.
pub fn pair_row(
    model: &Model,
    sentence: &AnalyzedSentence,
    source: ActorId,
    target: ActorId,
    row: &mut SparseRow,
) {
    model.featurizer().featurize(
        &PairInput {
            tokens: &sentence.tokens,
            actors: &sentence.actors,
            source,
            target,
        },
        row,
    );
}

/// A sentence record as a feature row, seen exactly as `predict` would see
/// it (see [`analyze_record`]).
#[derive(Clone, Debug, PartialEq)]
pub struct RecordRow {
    pub row: SparseRow,
    /// Whether the source was found in the sentence (directly or carried).
    pub source_located: bool,
}

/// Featurizes one sentence record. Fails when an actor name cannot be
/// resolved (not a gazetteer name and not found in the text, a bad span:
/// the data check reports those first).
pub fn record_row(
    model: &Model,
    gazetteer: &Gazetteer,
    record: &SentenceRecord,
) -> Result<RecordRow> {
    record_row_named(model, gazetteer, record, None)
}

/// Receives each feature's column and name.
pub type FeatureNames<'a> = dyn FnMut(u32, &str) + 'a;

/// Like [`record_row`], also reporting each feature's name and column.
pub fn record_row_named(
    model: &Model,
    gazetteer: &Gazetteer,
    record: &SentenceRecord,
    names: Option<&mut FeatureNames>,
) -> Result<RecordRow> {
    let actors = record_actors(gazetteer, record)
        .map_err(|m| Error::InvalidParameter(format!("record {:?}: {m}", record.id)))?;
    let last = analyze_record(
        model,
        gazetteer,
        record.context.as_deref(),
        &record.text,
        &actors.given,
    );
    let mut row = Vec::new();
    let input = PairInput {
        tokens: &last.tokens,
        actors: &last.actors,
        source: actors.source,
        target: actors.target,
    };
    match names {
        Some(names) => model.featurizer().featurize_named(&input, &mut row, names),
        None => model.featurizer().featurize(&input, &mut row),
    }
    Ok(RecordRow {
        row,
        source_located: last
            .actors
            .mentions
            .iter()
            .any(|m| m.actor == actors.source),
    })
}

/// A record's sentence, analysed as `predict` would see it: the context
/// sentence (if any) first, so a pronoun or surname can carry its speaker,
/// then the text with the record's `given` mentions (spans and mention
/// strings, see [`crate::actors::record`]) in place of the gazetteer's.
pub fn analyze_record(
    model: &Model,
    gazetteer: &Gazetteer,
    context: Option<&str>,
    text: &str,
    given: &[Mention],
) -> AnalyzedSentence {
    let mut resolver = Resolver::new(gazetteer);
    let mut tokens = Vec::new();
    if let Some(c) = context {
        model.pipeline().analyze(c, &mut tokens);
        resolver.next_sentence(c, &tokens);
    }
    let mut tokens = Vec::new();
    model.pipeline().analyze(text, &mut tokens);
    let actors = resolver.next_sentence_with(text, &tokens, given);
    AnalyzedSentence {
        text: text.to_string(),
        tokens,
        actors,
    }
}

/// Probability that a pair is involved (not a bystander) per the involvement head.
pub fn involvement(model: &Model, row: &[(u32, f32)]) -> Result<f32> {
    let Some(head) = &model.file().involvement else {
        return Ok(1.0);
    };
    let p = head.predict_probabilities(row)?;
    Ok(head
        .classes()
        .iter()
        .zip(p)
        .find(|(c, _)| c.as_str() == crate::train::INVOLVED)
        .map_or(1.0, |(_, v)| v))
}

/// Stance probabilities and sentiment of one feature row.
pub fn score_row(model: &Model, row: &[(u32, f32)]) -> Result<(Probabilities, Sentiment)> {
    let file = model.file();
    let p = file.stance.predict_probabilities(row)?;
    let mut probs = Probabilities {
        supportive: 0.0,
        accusatory: 0.0,
        neutral: 0.0,
    };
    for (class, v) in file.stance.classes().iter().zip(p) {
        match Stance::parse(class) {
            Some(Stance::Supportive) => probs.supportive = v,
            Some(Stance::Accusatory) => probs.accusatory = v,
            Some(Stance::Neutral) => probs.neutral = v,
            None => {}
        }
    }
    let q = file.sentiment.predict_probabilities(row)?;
    let best = q
        .iter()
        .enumerate()
        .fold(
            (0, f32::NEG_INFINITY),
            |acc, (i, &v)| if v > acc.1 { (i, v) } else { acc },
        )
        .0;
    let sentiment = file
        .sentiment
        .classes()
        .get(best)
        .and_then(|c| Sentiment::parse(c))
        .unwrap_or(Sentiment::Neutral);
    Ok((probs, sentiment))
}

/// One sentence's non-neutral vote for an ordered pair: (sentence index, stance, probability).
pub type Vote = (usize, Stance, f32);

/// The article-level stance of one ordered pair from its non-neutral
/// sentence votes `(sentence index, stance, probability)`, in sentence
/// order: the majority stance, a tie going to the later sentence (the
/// annotation guide's rule). Returns the stance, the indices of the
/// sentences that voted for it, and their mean probability.
pub fn aggregate(votes: &[Vote]) -> Option<(Stance, Vec<usize>, f32)> {
    let last = votes.last()?;
    let count = |s: Stance| votes.iter().filter(|x| x.1 == s).count();
    let (sup, acc) = (count(Stance::Supportive), count(Stance::Accusatory));
    let stance = match sup.cmp(&acc) {
        std::cmp::Ordering::Greater => Stance::Supportive,
        std::cmp::Ordering::Less => Stance::Accusatory,
        std::cmp::Ordering::Equal => last.1,
    };
    let evidence: Vec<usize> = votes
        .iter()
        .filter(|x| x.1 == stance)
        .map(|x| x.0)
        .collect();
    let confidence = votes
        .iter()
        .filter(|x| x.1 == stance)
        .map(|x| x.2)
        .sum::<f32>()
        / evidence.len() as f32;
    Some((stance, evidence, confidence))
}

/// Analyses one article.
pub fn analyze_article(
    model: &Model,
    gazetteer: &Gazetteer,
    id: &str,
    text: &str,
) -> Result<ArticleOutput> {
    analyze_article_detailed(model, gazetteer, id, text).map(|(out, _)| out)
}

/// Like [`analyze_article`], also returning each analysed sentence (tokens
/// and actor mentions with their offsets) for reports and explanations.
pub fn analyze_article_detailed(
    model: &Model,
    gazetteer: &Gazetteer,
    id: &str,
    text: &str,
) -> Result<(ArticleOutput, Vec<AnalyzedSentence>)> {
    let spans = split_sentences(text);
    let analyzed = analyze_sentences(
        model,
        gazetteer,
        spans.iter().map(|s| &text[s.start..s.end]),
    );

    let mut counts: Vec<(ActorId, usize)> = Vec::new();
    let mut sentences = Vec::with_capacity(analyzed.len());
    // (source, target) -> votes (sentence index, stance, probability).
    let mut votes: BTreeMap<(ActorId, ActorId), Vec<Vote>> = BTreeMap::new();
    let mut row = Vec::new();
    let min_p = model.file().aggregation.min_probability;
    let min_involved = model.file().aggregation.min_involvement;
    for (index, s) in analyzed.iter().enumerate() {
        for m in &s.actors.mentions {
            match counts.iter_mut().find(|(a, _)| *a == m.actor) {
                Some((_, n)) => *n += 1,
                None => counts.push((m.actor, 1)),
            }
        }
        let actors = s.actors.actors();
        let mut pairs = Vec::new();
        for &source in &actors {
            for &target in &actors {
                if source == target {
                    continue;
                }
                pair_row(model, s, source, target, &mut row);
                let (probabilities, sentiment) = score_row(model, &row)?;
                let stance = probabilities.best();
                if stance != Stance::Neutral
                    && probabilities.of(stance) >= min_p
                    && involvement(model, &row)? >= min_involved
                {
                    votes.entry((source, target)).or_default().push((
                        index,
                        stance,
                        probabilities.of(stance),
                    ));
                }
                pairs.push(PairOutput {
                    source: gazetteer.name(source).to_string(),
                    target: gazetteer.name(target).to_string(),
                    stance,
                    probabilities,
                    sentiment,
                });
            }
        }
        sentences.push(SentenceOutput {
            index,
            text: s.text.clone(),
            pairs,
        });
    }

    let mut dyads = Vec::new();
    for ((source, target), v) in votes {
        if let Some((stance, evidence, confidence)) = aggregate(&v) {
            dyads.push(Dyad {
                source: gazetteer.name(source).to_string(),
                target: gazetteer.name(target).to_string(),
                stance,
                confidence,
                evidence,
            });
        }
    }
    // Order dyads by first evidence, then by names, for stable output.
    dyads.sort_by(|a, b| {
        (a.evidence.first(), &a.source, &a.target).cmp(&(b.evidence.first(), &b.source, &b.target))
    });

    let output = ArticleOutput {
        id: id.to_string(),
        actors: counts
            .into_iter()
            .map(|(a, n)| ActorCount {
                name: gazetteer.name(a).to_string(),
                mentions: n,
            })
            .collect(),
        dyads,
        sentences,
    };
    Ok((output, analyzed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_wins() {
        let votes = [
            (0, Stance::Accusatory, 0.9),
            (2, Stance::Supportive, 0.8),
            (5, Stance::Accusatory, 0.7),
        ];
        let (stance, evidence, confidence) = aggregate(&votes).unwrap();
        assert_eq!(stance, Stance::Accusatory);
        assert_eq!(evidence, [0, 5]);
        assert!((confidence - 0.8).abs() < 1e-6);
    }

    #[test]
    fn a_tie_goes_to_the_later_sentence() {
        let votes = [(1, Stance::Supportive, 0.9), (4, Stance::Accusatory, 0.6)];
        assert_eq!(aggregate(&votes).unwrap().0, Stance::Accusatory);
        let votes = [(1, Stance::Accusatory, 0.9), (4, Stance::Supportive, 0.6)];
        assert_eq!(aggregate(&votes).unwrap().0, Stance::Supportive);
    }

    #[test]
    fn no_votes_no_dyad() {
        assert!(aggregate(&[]).is_none());
    }

    /// A mention string, a span and a gazetteer actor that name the same
    /// words give the same feature row; the author gives a row with no
    /// source marker.
    #[test]
    fn mention_strings_featurize_like_gazetteer_actors() {
        let model = Model::embedded().unwrap();
        let known =
            Gazetteer::from_json_str(r#"{"Voss": ["Voss"], "Lee": ["Lee"], "Russia": ["Russia"]}"#)
                .unwrap();
        let unknown = Gazetteer::from_json_str(r#"{"Russia": ["Russia"]}"#).unwrap();
        let record =
            |source: &str, target: &str, spans: Option<([usize; 2], [usize; 2])>| SentenceRecord {
                id: "r".into(),
                text: "Voss blamed Lee while Russia watched.".into(),
                source: source.into(),
                target: target.into(),
                source_span: spans.map(|s| s.0),
                target_span: spans.map(|s| s.1),
                stance: Stance::Accusatory,
                sentiment: Sentiment::Negative,
                context: None,
                tags: Vec::new(),
            };
        let canonical = record_row(&model, &known, &record("Voss", "Lee", None)).unwrap();
        let literal = record_row(&model, &unknown, &record("Voss", "Lee", None)).unwrap();
        let spans = record("Voss", "Lee", Some(([0, 4], [12, 15])));
        let spanned = record_row(&model, &unknown, &spans).unwrap();
        assert_eq!(canonical.row, literal.row);
        assert_eq!(canonical.row, spanned.row);
        assert!(spanned.source_located);
        let mut names = Vec::new();
        let author = record("<author>", "Lee", None);
        let row = record_row_named(
            &model,
            &unknown,
            &author,
            Some(&mut |_, n: &str| names.push(n.to_string())),
        )
        .unwrap();
        assert!(!row.source_located);
        assert!(names.iter().any(|n| n == "nosrc"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("<S>")), "{names:?}");
        assert!(names.iter().any(|n| n.contains("<T>")), "{names:?}");
        let err = record_row(&model, &unknown, &record("Mars", "Lee", None)).unwrap_err();
        assert!(
            err.to_string().contains("unknown source actor \"Mars\""),
            "{err}"
        );
    }

    #[test]
    fn an_article_without_actors_has_no_pairs() {
        let model = Model::embedded().unwrap();
        let out = analyze_article(
            &model,
            &Gazetteer::embedded(),
            "x",
            "It rained all day.\nNobody came.",
        )
        .unwrap();
        assert!(out.actors.is_empty() && out.dyads.is_empty());
        assert_eq!(out.sentences.len(), 2);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn model() -> &'static (Model, Gazetteer) {
            static CELL: std::sync::OnceLock<(Model, Gazetteer)> = std::sync::OnceLock::new();
            CELL.get_or_init(|| (Model::embedded().unwrap(), Gazetteer::embedded()))
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]

            /// No text makes any stage panic, and every sentence and token
            /// offset lies inside the text on character boundaries.
            #[test]
            fn no_text_panics(text in "(\\PC|[ .,;:\"'\n—-]|U\\.S\\.|Russia|Kremlin|Ukraine|he said|not){0,60}") {
                let (model, gazetteer) = model();
                let out = analyze_article(model, gazetteer, "p", &text).unwrap();
                for s in split_sentences(&text) {
                    prop_assert!(s.start < s.end && s.end <= text.len());
                    prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                    let sentence = &text[s.start..s.end];
                    let mut tokens = Vec::new();
                    model.pipeline().analyze(sentence, &mut tokens);
                    for t in &tokens {
                        prop_assert!(t.start < t.end && t.end <= sentence.len());
                        prop_assert!(sentence.is_char_boundary(t.start) && sentence.is_char_boundary(t.end));
                    }
                }
                for d in &out.dyads {
                    prop_assert!(d.source != d.target);
                }
            }

            /// Arbitrary Unicode, not just news-like text.
            #[test]
            fn no_unicode_panics(text in "\\PC{0,200}") {
                let (model, gazetteer) = model();
                prop_assert!(analyze_article(model, gazetteer, "p", &text).is_ok());
            }
        }
    }
}
