//! `stance import` on the fixtures in `tests/fixtures/import/` (invented
//! sentences in each benchmark's format), and the imported mention-string
//! records through `check`, `train` and `eval`.
use serde_json::Value;

use crate::util::{repo_file, stance, stance_in, Run};

fn fixture(name: &str) -> String {
    repo_file(&format!("tests/fixtures/import/{name}"))
}

/// The records of an import written to stdout.
fn records(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `record[role]` is the text at `record[role_span]`.
fn span_text(r: &Value, role: &str) -> Option<String> {
    let span = r.get(format!("{role}_span"))?.as_array()?.clone();
    let (s, e) = (span[0].as_u64()? as usize, span[1].as_u64()? as usize);
    Some(r["text"].as_str()?[s..e].to_string())
}

#[test]
fn directed_rows_become_two_directed_records() {
    let (_d, run) = stance(&["import", "--format", "directed", &fixture("directed.tsv")]);
    let run = run.expect_code(0);
    let recs = records(&run);
    assert_eq!(recs.len(), 14, "{}", run.stdout);
    assert!(
        run.stderr.contains("imported 14 records from 8 rows")
            && run
                .stderr
                .contains("skipped 1: 1 rows with an entity that has no letters or digits"),
        "{}",
        run.stderr
    );
    for r in &recs {
        assert_eq!(span_text(r, "source").as_deref(), r["source"].as_str());
        assert_eq!(span_text(r, "target").as_deref(), r["target"].as_str());
        assert!(!r["text"].as_str().unwrap().contains('['));
    }
    // Row 2: label 4 (negative q -> p), a word the brackets cut.
    let (pq, qp) = (&recs[2], &recs[3]);
    assert_eq!(pq["id"], "ds-directed-000002-pq");
    assert_eq!(qp["id"], "ds-directed-000002-qp");
    assert_eq!(
        (pq["stance"].as_str(), qp["stance"].as_str()),
        (Some("neutral"), Some("accusatory"))
    );
    assert_eq!(qp["source"], "Harlow Gazette");
    assert_eq!(qp["sentiment"], "negative");
    assert_eq!(qp["tags"], serde_json::json!(["directed:4"]));
    // Row 3: CSV quoting with doubled quotes.
    assert_eq!(
        recs[4]["text"],
        "Varga called the Harlow Gazette's report \"a careless smear\"."
    );
    assert_eq!(recs[4]["stance"], "accusatory");
    // A gazetteer actor keeps its canonical name and its span.
    assert_eq!(
        (
            recs[10]["target"].as_str(),
            span_text(&recs[10], "target").as_deref()
        ),
        (Some("Russia"), Some("Russia"))
    );
}

#[test]
fn newsmtsc_targets_get_the_author_as_source() {
    let (_d, run) = stance(&["import", "--format", "newsmtsc", &fixture("newsmtsc.jsonl")]);
    let run = run.expect_code(0);
    let recs = records(&run);
    let got: Vec<(&str, &str, &str)> = recs
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["target"].as_str().unwrap(),
                r["sentiment"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("mtsc-newsmtsc-000001-1", "Mayor Tomas Brandt", "positive"),
            ("mtsc-newsmtsc-000002-1", "Senator Varga", "negative"),
            ("mtsc-newsmtsc-000002-2", "Józef Nowak", "neutral"),
            ("mtsc-newsmtsc-000003-1", "“Old Harry” Lindqvist", "neutral"),
        ]
    );
    for r in &recs {
        assert_eq!(r["source"], "<author>");
        assert_eq!(r["stance"], "neutral");
        assert!(r.get("source_span").is_none());
        assert_eq!(span_text(r, "target").as_deref(), r["target"].as_str());
    }
    // The Hugging Face form, from standard input, with an id prefix.
    let hf = std::fs::read_to_string(fixture("newsmtsc_hf.jsonl")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let run = stance_in(
        dir.path(),
        &["import", "--format", "newsmtsc", "--id-prefix", "hf", "-"],
        Some(&hf),
    )
    .expect_code(0);
    let recs = records(&run);
    assert_eq!(recs.len(), 2);
    assert_eq!(
        (recs[0]["id"].as_str(), recs[0]["sentiment"].as_str()),
        (Some("hf-000001-1"), Some("negative"))
    );
    assert!(
        run.stderr.contains("of <stdin> to stdout"),
        "{}",
        run.stderr
    );
}

#[test]
fn plover_actors_become_gazetteer_names_or_mention_strings() {
    let dir = tempfile::tempdir().unwrap();
    let run = stance_in(
        dir.path(),
        &[
            "import",
            "--format",
            "plover",
            &fixture("plover.jsonl"),
            "--out",
            "p.jsonl",
        ],
        None,
    )
    .expect_code(0);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("imported 4 records from 5 rows")
            && run.stderr.contains("to p.jsonl")
            && run.stderr.contains("1 rows without a target actor"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(dir.path().join("p.jsonl")).unwrap();
    let recs: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let pairs: Vec<(&str, &str, &str)> = recs
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap(),
                r["target"].as_str().unwrap(),
                r["stance"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("Norway", "Chile", "supportive"),
            ("Chile", "Norway", "supportive"),
            ("Kenya", "Ostland Farmers Union", "accusatory"),
            ("Canada", "Ostland rebels", "supportive"),
        ]
    );
    assert_eq!(
        recs[2]["tags"],
        serde_json::json!(["plover:FX-DISAPPROVE-0001", "event:DISAPPROVE"])
    );
    assert!(recs[2].get("source_span").is_none());
    assert_eq!(
        span_text(&recs[2], "target").as_deref(),
        Some("Ostland Farmers Union")
    );
}

#[test]
fn imported_records_pass_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for (format, file) in [
        ("directed", "directed.tsv"),
        ("newsmtsc", "newsmtsc.jsonl"),
        ("newsmtsc", "newsmtsc_hf.jsonl"),
        ("plover", "plover.jsonl"),
    ] {
        let out = format!("{file}.out.jsonl");
        stance_in(
            dir.path(),
            &["import", "--format", format, &fixture(file), "--out", &out],
            None,
        )
        .expect_code(0);
        outs.push(out);
    }
    let mut args = vec!["check"];
    args.extend(outs.iter().map(String::as_str));
    let run = stance_in(dir.path(), &args, None).expect_code(0);
    assert!(
        run.stderr.contains("24 records, 0 fault(s)"),
        "{}",
        run.stderr
    );
}

#[test]
fn import_errors_name_file_and_line() {
    let cases: &[(&str, &str, &str)] = &[
        ("directed", "[A] met [B].\tA\tB\t0\n[A] met [B].\tA\tB", "expected 4 tab-separated fields"),
        ("directed", "[A] met [B].\tA\tB\t0\n[A] met [B].\tA\tB\t9", "the label must be 0 to 4"),
        ("directed", "[A] met [B].\tA\tB\t0\n\"[A] met [B].\tA\tB\t0", "never closed"),
        ("newsmtsc", "{\"sentence\": \"A.\", \"mention\": \"A\", \"from\": 0, \"to\": 1, \"polarity\": 0}\n{oops", "key must be a string"),
        ("newsmtsc", "\n{\"text\": \"A.\"}", "neither a NewsMTSC line"),
        ("plover", "{\"id\": \"x\", \"text\": \"A.\", \"event\": \"AGREE\"}\n[{\"id\": \"y\"}]", "a JSON array"),
        ("plover", "{\"id\": \"x\", \"text\": \"A.\", \"event\": \"AGREE\"}\n{\"id\": \"y\", \"event\": \"AGREE\"}", "missing field `text`"),
    ];
    for (format, input, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("in.txt"), input).unwrap();
        let run = stance_in(
            dir.path(),
            &["import", "--format", format, "in.txt", "--out", "out.jsonl"],
            None,
        )
        .expect_code(2);
        assert!(
            run.stderr.contains("in.txt:2: ") && run.stderr.contains(want),
            "{format} {want}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(
            !dir.path().join("out.jsonl").exists(),
            "half an import left behind"
        );
    }
    let (_d, run) = stance(&["import", "--format", "plover", "no/such/file.jsonl"]);
    assert!(run.expect_code(2).stderr.contains("no/such/file.jsonl"));
}

/// Mention-string records (no actor in the gazetteer, the author as a
/// source) train a model and evaluate with it, and the embedded model
/// scores them too.
#[test]
fn train_and_eval_on_imported_mention_strings() {
    let dir = tempfile::tempdir().unwrap();
    for (format, file, out) in [
        ("directed", "directed.tsv", "ds.jsonl"),
        ("newsmtsc", "newsmtsc.jsonl", "mtsc.jsonl"),
    ] {
        stance_in(
            dir.path(),
            &["import", "--format", format, &fixture(file), "--out", out],
            None,
        )
        .expect_code(0);
    }
    let run = stance_in(
        dir.path(),
        &[
            "train",
            "--data",
            "ds.jsonl",
            "mtsc.jsonl",
            "--dev",
            "ds.jsonl",
            "--out",
            "m.json",
            "--n-features",
            "4096",
            "--alpha",
            "0.001",
        ],
        None,
    )
    .expect_code(0);
    assert!(
        run.stdout.contains("dev stance: accuracy"),
        "{}",
        run.stdout
    );
    let run = stance_in(dir.path(), &["inspect", "m.json"], None).expect_code(0);
    // Only the author records have no source mention.
    assert!(
        run.stdout
            .contains("training: 18 records (4 with no source mention found)"),
        "{}",
        run.stdout
    );
    let run = stance_in(
        dir.path(),
        &[
            "eval", "--data", "ds.jsonl", "--model", "m.json", "--format", "json",
        ],
        None,
    )
    .expect_code(0);
    let eval: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(eval["records"], 14);
    // A weakly regularised model fits its 14 training sentences.
    let accuracy = eval["stance"]["accuracy"].as_f64().unwrap();
    assert!(accuracy >= 0.9, "training accuracy {accuracy}");
    let run = stance_in(
        dir.path(),
        &["eval", "--data", "mtsc.jsonl", "--model", "m.json"],
        None,
    )
    .expect_code(0);
    assert!(run.stdout.contains("records: 4"), "{}", run.stdout);
    let run = stance_in(dir.path(), &["eval", "--data", "ds.jsonl"], None).expect_code(0);
    assert!(run.stdout.contains("records: 14"), "{}", run.stdout);
}
