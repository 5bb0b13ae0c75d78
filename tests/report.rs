//! `stance report`: the page's content, the directory mode, and a real
//! browser rendering it (headless Chromium, when installed; `.ci/run`
//! installs it and sets `STANCE_REQUIRE_BROWSER=1` so CI cannot skip).
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util::{repo_file, stance, stance_in};

const EXAMPLE: &str = "data/examples/cyberattack_row.txt";

/// The example's dyads as predicted: (source, target, stance).
fn predicted_dyads() -> Vec<(String, String, String)> {
    let (_d, run) = stance(&["predict", "--format", "json", &repo_file(EXAMPLE)]);
    let run = run.expect_code(0);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    doc["dyads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["source"].as_str().unwrap().to_string(),
                d["target"].as_str().unwrap().to_string(),
                d["stance"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn predicted_actors() -> Vec<String> {
    let (_d, run) = stance(&["predict", "--format", "json", &repo_file(EXAMPLE)]);
    let doc: Value = serde_json::from_str(&run.expect_code(0).stdout).unwrap();
    doc["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect()
}

fn write_report(dir: &Path) -> (PathBuf, String) {
    let out = dir.join("report.html");
    stance_in(
        dir,
        &[
            "report",
            &repo_file(EXAMPLE),
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    )
    .expect_code(0);
    let html = std::fs::read_to_string(&out).unwrap();
    (out, html)
}

#[test]
fn report_draws_every_dyad_and_names_every_actor() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = write_report(dir.path());
    let dyads = predicted_dyads();
    assert!(dyads.len() >= 2, "the example should have dyads: {dyads:?}");
    for (s, t, st) in &dyads {
        let arrow = format!(
            "<g class=\"dyad\" data-source=\"{s}\" data-target=\"{t}\" data-stance=\"{st}\">"
        );
        assert!(html.contains(&arrow), "no arrow for {s} -> {t} {st}");
        let row = format!(
            "<tr class=\"dyad-row\" data-source=\"{s}\" data-target=\"{t}\" data-stance=\"{st}\">"
        );
        assert!(html.contains(&row), "no table row for {s} -> {t}");
    }
    assert_eq!(html.matches("<g class=\"dyad\"").count(), dyads.len());
    for a in predicted_actors() {
        assert!(
            html.contains(&format!("<g class=\"actor\" data-actor=\"{a}\">")),
            "no node for {a}"
        );
        assert!(
            html.contains(&format!("<mark class=\"actor\" data-actor=\"{a}\""))
                || html.contains(&format!("data-actor=\"{a}\" title")),
            "no highlighted mention of {a}"
        );
    }
    // Explanations: each evidence sentence lists weighted features.
    assert!(html.matches("<ul class=\"features\"><li><code>").count() >= dyads.len());
    // Model identity and metrics.
    assert!(html.contains("embedded default") && html.contains("macro-F1"));
}

#[test]
fn report_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = write_report(dir.path());
    for bad in ["<script", "<link", "src=", "@import", "url(http", "<iframe"] {
        assert!(!html.contains(bad), "page refers outside itself: {bad}");
    }
    // The only URL is the SVG namespace.
    let urls = html.matches("http").count();
    assert_eq!(urls, html.matches("http://www.w3.org/2000/svg").count());
}

#[test]
fn report_escapes_article_text() {
    let (_d, run) = stance(&["report"]);
    // No input on stdin is an empty article: still a page.
    let run = run.expect_code(0);
    assert!(run.stdout.starts_with("<!DOCTYPE html>"));
    let dir = tempfile::tempdir().unwrap();
    let run = stance_in(
        dir.path(),
        &["report", "-"],
        Some("Russia condemned <script>alert(1)</script> Ukraine's attack & more."),
    )
    .expect_code(0);
    assert!(!run.stdout.contains("<script>alert"));
    assert!(run.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn report_jsonl_writes_a_page_per_article_and_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let input = concat!(
        "{\"id\":\"one/a\",\"text\":\"Germany praised Poland for its help. Russia condemned Ukraine.\"}\n",
        "not json\n",
        "\n",
        "{\"id\":7,\"text\":\"China thanked Brazil for its support.\"}\n",
    );
    std::fs::write(dir.path().join("in.jsonl"), input).unwrap();
    let run = stance_in(
        dir.path(),
        &["report", "--format", "jsonl", "in.jsonl", "--out", "pages"],
        None,
    );
    // A bad line finishes the run but exits 1, naming file and line.
    let run = run.expect_code(1);
    assert!(run.stderr.contains("in.jsonl:2:"), "{}", run.stderr);
    let pages = dir.path().join("pages");
    let index = std::fs::read_to_string(pages.join("index.html")).unwrap();
    assert!(
        index.contains("href=\"one_a.html\"") && index.contains("href=\"7.html\""),
        "{index}"
    );
    assert!(index.contains("line 2:"));
    let one = std::fs::read_to_string(pages.join("one_a.html")).unwrap();
    assert!(one.contains("data-actor=\"Poland\""));
    assert!(pages.join("7.html").exists());
    // Without --out there is nowhere to put pages.
    stance_in(
        dir.path(),
        &["report", "--format", "jsonl", "in.jsonl"],
        None,
    )
    .expect_code(2);
}

/// Chromium's path: `$STANCE_CHROMIUM`, or `chromium` on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("STANCE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn report_renders_in_chromium() {
    let Some(browser) = chromium() else {
        if std::env::var_os("STANCE_REQUIRE_BROWSER").is_some() {
            panic!("STANCE_REQUIRE_BROWSER is set but no chromium was found");
        }
        eprintln!("report_renders_in_chromium: skipped, no chromium (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (page, _) = write_report(dir.path());
    let url = format!("file://{}", page.display());
    let dyads = predicted_dyads();

    // The DOM as the browser built it.
    let dom = headless(&browser, &dir.path().join("p1"))
        .args(["--dump-dom", &url])
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(
        dom.matches("<g class=\"dyad\"").count(),
        dyads.len(),
        "browser DOM:\n{dom}"
    );
    for a in predicted_actors() {
        assert!(
            dom.contains(&format!("<g class=\"actor\" data-actor=\"{a}\">")),
            "no node for {a} in the DOM"
        );
    }

    // The picture: the right size, not blank, with each stance's colour.
    let shot = dir.path().join("shot.png");
    let status = headless(&browser, &dir.path().join("p2"))
        .args([
            "--window-size=1400,1600",
            &format!("--screenshot={}", shot.display()),
            &url,
        ])
        .output()
        .expect("run chromium");
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1400, 1600));
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let near = |rgb: [u8; 3]| {
        pixels
            .chunks(channels)
            .filter(|p| (0..3).all(|i| (p[i] as i32 - rgb[i] as i32).abs() <= 24))
            .count()
    };
    let total = (info.width * info.height) as usize;
    let background = near([250, 250, 250]) + near([255, 255, 255]);
    // Mostly white cards, but text, header and arrows cover a few percent.
    assert!(
        total - background > total / 50,
        "the page looks blank ({background} of {total} pixels background)"
    );
    if dyads.iter().any(|d| d.2 == "supportive") {
        assert!(
            near([0x1b, 0x7f, 0x3b]) > 200,
            "no supportive (green) arrows drawn"
        );
    }
    if dyads.iter().any(|d| d.2 == "accusatory") {
        assert!(
            near([0xc6, 0x28, 0x28]) > 200,
            "no accusatory (red) arrows drawn"
        );
    }
}
