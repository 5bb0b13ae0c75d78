//! The corpus and the gazetteer are big and varied enough, and follow the
//! guide (the per-record checks are `stance check`, run in `cli.rs`).
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::util::{repo_file, root, stance};

fn records(rel: &str) -> Vec<Value> {
    std::fs::read_to_string(root().join(rel))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn corpus_sizes() {
    assert!(records("data/train.jsonl").len() >= 3000);
    assert!(records("data/dev.jsonl").len() >= 600);
    let articles =
        records("data/train_articles.jsonl").len() + records("data/dev_articles.jsonl").len();
    assert!(articles >= 60, "{articles} articles");
}

/// Lowercased alphanumeric words.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// No training sentence repeats a dev sentence, or nearly repeats one (the
/// same real event told by two writers in nearly the same words: word-set
/// Jaccard 0.6 or more), dev articles' sentences included.
#[test]
fn dev_never_overlaps_train() {
    let mut dev: Vec<(String, BTreeSet<String>)> = records("data/dev.jsonl")
        .iter()
        .map(|r| r["text"].as_str().unwrap().to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|t| {
            let w = words(&t);
            (t, w)
        })
        .collect();
    for a in records("data/dev_articles.jsonl") {
        for line in a["text"].as_str().unwrap().split(['\n', '.']) {
            let w = words(line);
            if w.len() >= 6 {
                dev.push((line.to_string(), w));
            }
        }
    }
    let mut index: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (_, w)) in dev.iter().enumerate() {
        for x in w {
            index.entry(x.as_str()).or_default().push(i);
        }
    }
    let train: BTreeSet<String> = records("data/train.jsonl")
        .iter()
        .map(|r| r["text"].as_str().unwrap().to_string())
        .collect();
    let mut near = Vec::new();
    for t in &train {
        let w = words(t);
        let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
        for x in &w {
            for &i in index.get(x.as_str()).into_iter().flatten() {
                *shared.entry(i).or_default() += 1;
            }
        }
        for (i, n) in shared {
            let union = w.len() + dev[i].1.len() - n;
            if n as f64 / union as f64 >= 0.6 {
                near.push(format!("{t:?} ~ {:?}", dev[i].0));
            }
        }
    }
    assert!(
        near.is_empty(),
        "train sentences that (nearly) repeat dev:\n{}",
        near.join("\n")
    );
}

#[test]
fn class_mix_actors_and_hard_cases() {
    let train = records("data/train.jsonl");
    let mut stances: BTreeMap<&str, usize> = BTreeMap::new();
    let mut actors = BTreeSet::new();
    let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &train {
        *stances.entry(r["stance"].as_str().unwrap()).or_default() += 1;
        actors.insert(r["source"].as_str().unwrap());
        actors.insert(r["target"].as_str().unwrap());
        for t in r["tags"].as_array().into_iter().flatten() {
            *tags.entry(t.as_str().unwrap()).or_default() += 1;
        }
    }
    for (s, n) in &stances {
        let share = *n as f64 / train.len() as f64;
        assert!((0.25..=0.45).contains(&share), "{s}: {share:.2}");
    }
    assert!(actors.len() >= 120, "{} distinct actors", actors.len());
    for hard in [
        "alleged",
        "denial",
        "dismissive_denial",
        "negation",
        "appeal_even",
        "appeal_one_sided",
        "agreement",
        "hedge",
        "quote",
        "pronoun",
        "passive",
        "place_trap",
        "reverse",
    ] {
        let n = tags.get(hard).copied().unwrap_or(0);
        assert!(n >= 20, "hard case {hard}: {n} records");
    }
}

#[test]
fn gazetteer_covers_the_world() {
    let g: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("data/actors.json")).unwrap())
            .unwrap();
    let actors = g["actors"].as_array().unwrap();
    let kind = |k: &str| actors.iter().filter(|a| a["kind"] == k).count();
    assert!(kind("state") >= 197, "{} states", kind("state"));
    assert!(kind("organisation") >= 30 && kind("group") >= 15 && kind("company") >= 10);
    let names: BTreeSet<&str> = actors.iter().map(|a| a["name"].as_str().unwrap()).collect();
    for n in [
        "Palestine",
        "Holy See",
        "Taiwan",
        "Kosovo",
        "United Nations",
        "NATO",
        "African Union",
        "Hamas",
        "Houthis",
    ] {
        assert!(names.contains(n), "{n} missing");
    }
    let with_people = actors
        .iter()
        .filter(|a| a["people"].as_array().is_some_and(|p| !p.is_empty()))
        .count();
    assert!(with_people >= 20);
}

/// The actors of gold dyads in the dev articles are found (>= 97%).
#[test]
fn actor_recall_on_dev_articles() {
    let (_d, run) = stance(&[
        "eval",
        "--format",
        "json",
        "--data",
        &repo_file("data/dev_articles.jsonl"),
    ]);
    let v: Value = serde_json::from_str(&run.expect_code(0).stdout).unwrap();
    let recall = v["actor_recall"]["recall"].as_f64().unwrap();
    assert!(recall >= 0.97, "actor recall {recall}");
}
