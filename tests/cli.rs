//! Command-line behaviour: formats, stdin, errors and exit codes.
use crate::util::{repo_file, stance, stance_in};

#[test]
fn predict_text_reads_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let run = stance_in(
        dir.path(),
        &["predict"],
        Some(
            "Germany condemned Iran over the executions. Iran rejected the criticism as baseless.",
        ),
    )
    .expect_code(0);
    assert!(run.stdout.starts_with("== <stdin>"), "{}", run.stdout);
    assert!(run.stdout.contains("Germany") && run.stdout.contains("Iran"));
}

#[test]
fn empty_article_is_a_valid_result() {
    let dir = tempfile::tempdir().unwrap();
    let run = stance_in(
        dir.path(),
        &["predict", "--format", "json", "-"],
        Some("  \n "),
    )
    .expect_code(0);
    let a: crate::contract::Article = serde_json::from_str(&run.stdout).unwrap();
    assert!(a.actors.is_empty() && a.dyads.is_empty() && a.sentences.is_empty());
}

#[test]
fn missing_file_exits_2_naming_it() {
    let (_d, run) = stance(&["predict", "no/such/article.txt"]);
    let run = run.expect_code(2);
    assert!(run.stderr.contains("no/such/article.txt"), "{}", run.stderr);
    // The reason once, not repeated by the cause chain.
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("os error").count(), 1, "{}", run.stderr);
}

#[test]
fn bad_model_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.json"), "{\"format_version\": 999}").unwrap();
    let run = stance_in(
        dir.path(),
        &["predict", "--model", "m.json", "-"],
        Some("x"),
    )
    .expect_code(2);
    assert!(run.stderr.contains("999"), "{}", run.stderr);
}

#[test]
fn bad_training_record_exits_2_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"id": "a", "text": "Russia blamed Ukraine.", "source": "Russia", "target": "Ukraine", "stance": "accusatory", "sentiment": "negative"}"#;
    let bad = r#"{"id": "b", "text": "Russia blamed Ukraine.", "source": "Russia", "target": "Ukraine", "stance": "angry", "sentiment": "negative"}"#;
    std::fs::write(dir.path().join("t.jsonl"), format!("{good}\n{bad}\n")).unwrap();
    let run = stance_in(
        dir.path(),
        &["train", "--data", "t.jsonl", "--out", "m.json"],
        None,
    )
    .expect_code(2);
    assert!(run.stderr.contains("t.jsonl:2:"), "{}", run.stderr);
    assert!(!dir.path().join("m.json").exists());
}

#[test]
fn train_small_model_then_use_it() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        (
            "a",
            "Russia blamed Ukraine for the attack.",
            "Russia",
            "Ukraine",
            "accusatory",
            "negative",
        ),
        (
            "b",
            "Russia blamed Ukraine for the attack.",
            "Ukraine",
            "Russia",
            "neutral",
            "neutral",
        ),
        (
            "c",
            "France praised Germany for its help.",
            "France",
            "Germany",
            "supportive",
            "positive",
        ),
        (
            "d",
            "France praised Germany for its help.",
            "Germany",
            "France",
            "neutral",
            "neutral",
        ),
        (
            "e",
            "Japan condemned China over the drills.",
            "Japan",
            "China",
            "accusatory",
            "negative",
        ),
        (
            "f",
            "India thanked Japan for the aid.",
            "India",
            "Japan",
            "supportive",
            "positive",
        ),
    ];
    let text: String = lines
        .iter()
        .map(|(id, t, s, g, st, se)| {
            format!("{{\"id\": \"{id}\", \"text\": \"{t}\", \"source\": \"{s}\", \"target\": \"{g}\", \"stance\": \"{st}\", \"sentiment\": \"{se}\"}}\n")
        })
        .collect();
    std::fs::write(dir.path().join("t.jsonl"), text).unwrap();
    stance_in(
        dir.path(),
        &[
            "train",
            "--data",
            "t.jsonl",
            "--out",
            "m.json",
            "--n-features",
            "1024",
        ],
        None,
    )
    .expect_code(0);
    let run = stance_in(
        dir.path(),
        &["eval", "--data", "t.jsonl", "--model", "m.json"],
        None,
    )
    .expect_code(0);
    assert!(run.stdout.contains("stance: accuracy"), "{}", run.stdout);
    let run = stance_in(dir.path(), &["inspect", "m.json"], None).expect_code(0);
    assert!(run.stdout.contains("training: 6 records"), "{}", run.stdout);
    assert!(
        run.stdout.contains("top stance=accusatory"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_accepts_the_repository_data() {
    let (_d, run) = stance(&[
        "check",
        &repo_file("data/train.jsonl"),
        &repo_file("data/dev.jsonl"),
        &repo_file("data/dev_articles.jsonl"),
    ]);
    let run = run.expect_code(0);
    assert!(run.stderr.contains(", 0 fault(s)"), "{}", run.stderr);
}

#[test]
fn inspect_default_model() {
    let (_d, run) = stance(&["inspect"]);
    let run = run.expect_code(0);
    assert!(run.stdout.contains("format_version: 1"));
    assert!(run.stdout.contains("dev: data/dev.jsonl"), "{}", run.stdout);
}
