//! Bad input gets a clear error naming the file (and line), nothing is lost,
//! nothing panics. Exit codes: 0 success, 1 finished with a shortfall or
//! failed lines, 2 an error.
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use crate::util::{repo_file, root, stance_in, Run};

fn in_dir(files: &[(&str, &[u8])], args: &[&str], stdin: Option<&str>) -> (tempfile::TempDir, Run) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let run = stance_in(dir.path(), args, stdin);
    (dir, run)
}

fn no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "{}",
        run.stderr
    );
}

const GOOD: &str = r#"{"id": "a", "text": "Russia blamed Ukraine.", "source": "Russia", "target": "Ukraine", "stance": "accusatory", "sentiment": "negative"}"#;

#[test]
fn missing_file_and_directory() {
    let (_d, run) = in_dir(&[], &["predict", "nope.txt"], None);
    let run = run.expect_code(2);
    assert!(run.stderr.contains("nope.txt"), "{}", run.stderr);
    let (_d, run) = in_dir(&[], &["predict", "."], None);
    let run = run.expect_code(2);
    assert!(run.stderr.contains("is a directory"), "{}", run.stderr);
    no_panic(&run);
}

#[test]
fn non_utf8_names_the_byte_offset() {
    let (_d, run) = in_dir(
        &[("bad.txt", b"Russia blamed \xff Ukraine.")],
        &["predict", "bad.txt"],
        None,
    );
    let run = run.expect_code(2);
    assert!(
        run.stderr.contains("bad.txt") && run.stderr.contains("offset 14"),
        "{}",
        run.stderr
    );
}

#[test]
fn whitespace_article_is_empty_result() {
    let (_d, run) = in_dir(
        &[("blank.txt", b"  \n\t\n")],
        &["predict", "--format", "json", "blank.txt"],
        None,
    );
    let run = run.expect_code(0);
    assert!(run.stdout.contains("\"actors\": []"), "{}", run.stdout);
}

#[test]
fn huge_sentence_without_punctuation_finishes() {
    let words = [
        "Russia",
        "condemned",
        "Ukraine",
        "and",
        "China",
        "said",
        "the",
        "Kremlin",
        "not",
        "Washington",
    ];
    let text: String = (0..150_000)
        .map(|i| words[(i * 7 + i / 3) % words.len()])
        .collect::<Vec<_>>()
        .join(" ");
    let (_d, run) = in_dir(
        &[("huge.txt", text.as_bytes())],
        &["predict", "--format", "json", "huge.txt"],
        None,
    );
    run.expect_code(0);
    let line = serde_json::json!({"id": "huge", "text": text}).to_string();
    let dir = tempfile::tempdir().unwrap();
    let run = stance_in(dir.path(), &["predict", "--format", "jsonl"], Some(&line)).expect_code(0);
    assert!(run.stdout.starts_with("{\"id\":\"huge\""));
}

#[test]
fn training_data_faults_name_file_and_line() {
    let cases: &[(&str, &str)] = &[
        ("{not json", "t.jsonl:2:"),
        (
            r#"{"id": "b", "text": "Russia blamed Ukraine.", "source": "Russia", "target": "Ukraine", "stance": "accusatory"}"#,
            "missing field `sentiment`",
        ),
        (
            r#"{"id": "b", "text": "Russia blamed Ukraine.", "source": "Russia", "target": "Ukraine", "stance": "hostile", "sentiment": "negative"}"#,
            "unknown variant `hostile`",
        ),
        (
            r#"{"id": "a", "text": "Russia blamed Ukraine.", "source": "Russia", "target": "Ukraine", "stance": "accusatory", "sentiment": "negative"}"#,
            "duplicate id",
        ),
        (
            r#"{"id": "b", "text": "Russia blamed a neighbour.", "source": "Russia", "target": "Narnia", "stance": "accusatory", "sentiment": "negative"}"#,
            "unknown target actor \"Narnia\"",
        ),
        (
            r#"{"id": "b", "text": "Russia blamed its neighbour.", "source": "Russia", "target": "Ukraine", "stance": "accusatory", "sentiment": "negative"}"#,
            "target \"Ukraine\" is not mentioned",
        ),
    ];
    for (bad, want) in cases {
        let data = format!("{GOOD}\n{bad}\n");
        let (dir, run) = in_dir(
            &[("t.jsonl", data.as_bytes())],
            &["train", "--data", "t.jsonl", "--out", "m.json"],
            None,
        );
        let run = run.expect_code(2);
        assert!(
            run.stderr.contains("t.jsonl:2:") && run.stderr.contains(want),
            "{bad}\n{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("fitting"),
            "failed after work began: {}",
            run.stderr
        );
        assert!(!dir.path().join("m.json").exists());
        no_panic(&run);
    }
}

#[test]
fn unwritable_out_fails_before_training() {
    let (_d, run) = in_dir(
        &[("t.jsonl", GOOD.as_bytes())],
        &["train", "--data", "t.jsonl", "--out", "no/such/dir/m.json"],
        None,
    );
    let run = run.expect_code(2);
    assert!(
        run.stderr.contains("no/such/dir/m.json") && !run.stderr.contains("fitting"),
        "{}",
        run.stderr
    );
}

#[test]
fn killed_training_leaves_the_old_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    std::fs::write(&out, "OLD MODEL").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_stance"))
        .args([
            "train",
            "--data",
            "data/train.jsonl",
            "--out",
            &out.display().to_string(),
        ])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    for line in BufReader::new(stderr).lines() {
        if line.unwrap().contains("fitting") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "OLD MODEL");
}

#[test]
fn bad_model_files() {
    let committed = std::fs::read_to_string(root().join("models/default.json")).unwrap();
    let truncated = &committed[..committed.len() / 2];
    let future = committed.replacen("\"format_version\":1", "\"format_version\":7", 1);
    let other_hash = committed.replacen("fnv1a64-fasttext-v1", "murmur3-v9", 1);
    let n_features = serde_json::from_str::<serde_json::Value>(&committed).unwrap()["featurizer"]
        ["n_features"]
        .as_u64()
        .unwrap();
    let narrow = committed.replacen(
        &format!("\"n_features\":{n_features}"),
        "\"n_features\":1024",
        1,
    );
    assert_ne!(narrow, committed);
    for (content, want) in [
        (truncated, "not JSON"),
        ("hello", "not JSON"),
        ("{\"x\": 1}", "no format_version"),
        (
            future.as_str(),
            "format version 7 is not supported (this build reads versions 1 to 1)",
        ),
        (other_hash.as_str(), "murmur3-v9"),
        (narrow.as_str(), "feature count mismatch"),
    ] {
        let (_d, run) = in_dir(
            &[("m.json", content.as_bytes())],
            &["predict", "--model", "m.json", "-"],
            Some("Russia blamed Ukraine."),
        );
        let run = run.expect_code(2);
        assert!(run.stderr.contains(want), "{want}: {}", run.stderr);
        no_panic(&run);
    }
}

#[test]
fn batch_mode_reports_bad_lines_in_place() {
    let input = [
        r#"{"id": "one", "text": "Russia blamed Ukraine."}"#,
        r#"{"id": "two", "text": "#,
        r#"{"text": "no id"}"#,
        r#"{"id": "four", "text": "France thanked Germany."}"#,
    ]
    .join("\n");
    let (_d, run) = in_dir(&[], &["predict", "--format", "jsonl"], Some(&input));
    let run = run.expect_code(1);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "one");
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("EOF"));
    assert_eq!(lines[2]["line"], 3);
    assert_eq!(lines[3]["id"], "four");
    assert!(
        run.stderr.contains("<stdin>:2:") || run.stderr.contains("-:2:"),
        "{}",
        run.stderr
    );
}

#[test]
fn closed_stdout_exits_0_quietly() {
    let line = r#"{"id": "x", "text": "Russia blamed Ukraine. France thanked Germany."}"#;
    let input: String = (0..3000).map(|_| format!("{line}\n")).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_stance"))
        .args(["predict", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    // Read one line, then close our end of the pipe, as `head -1` does.
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"id\":\"x\""));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn malformed_actors_file_names_file_and_line() {
    let (_d, run) = in_dir(
        &[("extra.json", b"{\n\"format\": 1,\n\"actors\": [{\"name\": \"Narnia\", \"forms\": [\"Narnia\"]},\n  oops]\n}")],
        &["predict", "--actors", "extra.json", "-"],
        Some("Narnia spoke."),
    );
    let run = run.expect_code(2);
    assert!(run.stderr.contains("extra.json:4:"), "{}", run.stderr);
}

#[test]
fn actors_file_adds_actors() {
    let (_d, run) = in_dir(
        &[("extra.json", br#"{"format": 1, "actors": [{"name": "Narnia", "kind": "state", "forms": ["Narnia", "Cair Paravel"]}]}"#)],
        &["predict", "--format", "json", "--actors", "extra.json", "-"],
        Some("Cair Paravel condemned Russia over the blockade."),
    );
    let run = run.expect_code(0);
    assert!(
        run.stdout.contains("\"name\": \"Narnia\""),
        "{}",
        run.stdout
    );
    let _ = repo_file("data/actors.json");
}
