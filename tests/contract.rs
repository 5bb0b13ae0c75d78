//! The JSON contract of `predict` and `eval`, parsed with
//! `deny_unknown_fields` so any new or renamed field is a deliberate change.
use std::collections::BTreeMap;

use serde::Deserialize;

use crate::util::{repo_file, stance, stance_in};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub id: String,
    pub actors: Vec<ActorCount>,
    pub dyads: Vec<Dyad>,
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorCount {
    pub name: String,
    pub mentions: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dyad {
    pub source: String,
    pub target: String,
    pub stance: String,
    pub confidence: f64,
    pub evidence: Vec<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sentence {
    pub index: usize,
    pub text: String,
    pub pairs: Vec<Pair>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub source: String,
    pub target: String,
    pub stance: String,
    pub probabilities: Probabilities,
    pub sentiment: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probabilities {
    pub supportive: f64,
    pub accusatory: f64,
    pub neutral: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SentenceEval {
    records: usize,
    stance: Head,
    sentiment: Head,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Head {
    accuracy: f64,
    macro_f1: f64,
    per_class: BTreeMap<String, ClassScores>,
    confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassScores {
    precision: f64,
    recall: f64,
    f1: f64,
    support: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleEval {
    articles: usize,
    dyads: DyadScores,
    actor_recall: ActorRecall,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorRecall {
    found: usize,
    total: usize,
    recall: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
struct DyadScores {
    precision: f64,
    recall: f64,
    f1: f64,
    tp: usize,
    fp: usize,
    r#fn: usize,
}

fn check_article(a: &Article) {
    for s in &a.sentences {
        for p in &s.pairs {
            let sum =
                p.probabilities.supportive + p.probabilities.accusatory + p.probabilities.neutral;
            assert!((sum - 1.0).abs() < 1e-3, "probabilities sum to {sum}");
            assert!(["supportive", "accusatory", "neutral"].contains(&p.stance.as_str()));
            assert!(["positive", "negative", "neutral"].contains(&p.sentiment.as_str()));
            assert_ne!(p.source, p.target);
        }
    }
    for (i, s) in a.sentences.iter().enumerate() {
        assert_eq!(s.index, i);
        assert!(!s.text.is_empty());
    }
    for d in &a.dyads {
        assert!(
            d.stance == "supportive" || d.stance == "accusatory",
            "{d:?}"
        );
        assert!(d.confidence > 0.0 && d.confidence <= 1.0);
        assert!(!d.evidence.is_empty());
        for &e in &d.evidence {
            let pair = a.sentences[e]
                .pairs
                .iter()
                .find(|p| p.source == d.source && p.target == d.target);
            assert_eq!(
                pair.map(|p| p.stance.as_str()),
                Some(d.stance.as_str()),
                "evidence {e} of {d:?}"
            );
        }
        assert!(
            a.actors.iter().any(|x| x.name == d.source)
                && a.actors.iter().any(|x| x.name == d.target)
        );
    }
}

#[test]
fn predict_json_follows_the_contract() {
    let (_d, run) = stance(&[
        "predict",
        "--format",
        "json",
        &repo_file("data/examples/cyberattack_row.txt"),
    ]);
    let run = run.expect_code(0);
    let a: Article = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(a.id, "cyberattack_row.txt");
    assert!(!a.actors.is_empty() && a.actors.iter().all(|x| x.mentions > 0));
    assert!(!a.dyads.is_empty());
    check_article(&a);
}

#[test]
fn predict_jsonl_keeps_order_and_ids() {
    let input = [
        r#"{"id": "first", "text": "Russia condemned the strike on Ukraine."}"#,
        r#"{"id": 7, "text": "Japan and South Korea signed a pact."}"#,
        r#"{"id": "empty", "text": ""}"#,
    ]
    .join("\n");
    let dir = tempfile::tempdir().unwrap();
    let run = stance_in(dir.path(), &["predict", "--format", "jsonl"], Some(&input)).expect_code(0);
    let docs: Vec<Article> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["first", "7", "empty"]);
    assert!(docs[2].actors.is_empty() && docs[2].dyads.is_empty());
    docs.iter().for_each(check_article);
}

#[test]
fn eval_json_follows_the_contract() {
    let (_d, run) = stance(&[
        "eval",
        "--format",
        "json",
        "--data",
        &repo_file("data/dev.jsonl"),
    ]);
    let e: SentenceEval = serde_json::from_str(&run.expect_code(0).stdout).unwrap();
    assert!(e.records >= 200);
    for head in [&e.stance, &e.sentiment] {
        assert_eq!(head.per_class.len(), 3);
        assert!(head.accuracy > 0.0 && head.macro_f1 > 0.0);
        let total: usize = head.confusion.values().flat_map(|r| r.values()).sum();
        assert_eq!(total, e.records);
        let support: usize = head.per_class.values().map(|c| c.support).sum();
        assert_eq!(support, e.records);
        assert!(head
            .per_class
            .values()
            .all(|c| (0.0..=1.0).contains(&c.precision) && c.recall <= 1.0 && c.f1 <= 1.0));
    }

    let (_d, run) = stance(&[
        "eval",
        "--format",
        "json",
        "--data",
        &repo_file("data/dev_articles.jsonl"),
    ]);
    let e: ArticleEval = serde_json::from_str(&run.expect_code(0).stdout).unwrap();
    assert!(e.articles >= 15);
    let d = &e.dyads;
    assert!(
        d.tp + d.fp > 0
            && d.tp + d.r#fn > 0
            && d.precision <= 1.0
            && d.recall <= 1.0
            && d.f1 <= 1.0
    );
    let r = &e.actor_recall;
    assert!(
        r.found <= r.total
            && r.total > 0
            && (r.recall - r.found as f64 / r.total as f64).abs() < 1e-9
    );
}

#[test]
fn predict_jsonl_on_all_cores_keeps_input_order() {
    // More lines than one parallel block (1,024), so blocks and threads
    // both have to keep their order.
    let texts = [
        "Russia condemned the strike on Ukraine.",
        "Japan thanked South Korea for its help after the storm.",
        "China urged the United States to drop its tariffs. Beijing said Washington was bullying.",
    ];
    let input: Vec<String> = (0..1100)
        .map(|i| serde_json::json!({"id": format!("a{i}"), "text": texts[i % 3]}).to_string())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let run = stance_in(
        dir.path(),
        &["predict", "--format", "jsonl"],
        Some(&input.join("\n")),
    )
    .expect_code(0);
    let docs: Vec<Article> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 1100);
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d.id, format!("a{i}"));
        let first = &docs[i % 3];
        assert_eq!(format!("{:?}", d.dyads), format!("{:?}", first.dyads));
    }
}
