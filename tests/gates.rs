//! Accuracy gates, the seed article, and deterministic training.
use crate::contract::Article;
use crate::util::{repo_file, root, shared, stance, stance_in};

/// Stance macro-F1 on the held-out dev sentences (written by other hands
/// than the training data). The default model scores 0.8574; the core issue
/// asks for 0.80, the corpus issue for 0.85, the gate.
#[test]
fn gate_dev_sentences_macro_f1() {
    let (_d, run) = stance(&[
        "eval",
        "--data",
        &repo_file("data/dev.jsonl"),
        "--min-macro-f1",
        "0.85",
    ]);
    run.expect_code(0);
}

/// Dyad F1 on the dev articles (the default model scores 0.8610 on 109 gold
/// dyads, where one dyad is 0.005; the core issue asks for 0.75, the corpus
/// issue for 0.80).
#[test]
fn gate_dev_articles_dyad_f1() {
    let (_d, run) = stance(&[
        "eval",
        "--data",
        &repo_file("data/dev_articles.jsonl"),
        "--min-macro-f1",
        "0.84",
    ]);
    run.expect_code(0);
}

/// The gate can fail: an impossible threshold exits 1.
#[test]
fn gate_below_threshold_exits_1() {
    let (_d, run) = stance(&[
        "eval",
        "--data",
        &repo_file("data/dev.jsonl"),
        "--min-macro-f1",
        "1.01",
    ]);
    let run = run.expect_code(1);
    assert!(
        run.stderr.contains("below --min-macro-f1"),
        "{}",
        run.stderr
    );
}

/// The article this project was born from (read from `../shared`, never copied).
#[test]
fn seed_article_dyads() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is not beside the repository");
        return;
    };
    let seed = shared.join("seed").join("sony_hack_2014.txt");
    let (_d, run) = stance(&["predict", "--format", "json", &seed.display().to_string()]);
    let a: Article = serde_json::from_str(&run.expect_code(0).stdout).unwrap();
    let stances = |s: &str, t: &str| -> Vec<String> {
        a.dyads
            .iter()
            .filter(|d| d.source == s && d.target == t)
            .map(|d| d.stance.clone())
            .collect()
    };
    let got: Vec<String> = a
        .dyads
        .iter()
        .map(|d| format!("{} -> {}: {}", d.source, d.target, d.stance))
        .collect();
    assert_eq!(stances("Russia", "North Korea"), ["supportive"], "{got:#?}");
    assert_eq!(
        stances("United States", "North Korea"),
        ["accusatory"],
        "{got:#?}"
    );
    assert_eq!(
        stances("Russia", "United States"),
        ["accusatory"],
        "{got:#?}"
    );
}

/// Retraining from `data/` with the default settings reproduces
/// `models/default.json` byte for byte.
#[test]
fn retraining_reproduces_the_default_model() {
    let out = tempfile::tempdir().unwrap();
    let model = out.path().join("model.json");
    let run = stance_in(
        &root(),
        &[
            "train",
            "--data",
            "data/train.jsonl",
            "--dev",
            "data/dev.jsonl",
            "--out",
            &model.display().to_string(),
        ],
        None,
    );
    run.expect_code(0);
    let fresh = std::fs::read(&model).unwrap();
    let committed = std::fs::read(root().join("models/default.json")).unwrap();
    assert!(
        fresh == committed,
        "retrained model differs from models/default.json ({} vs {} bytes): retrain with the README's command",
        fresh.len(),
        committed.len()
    );
}
