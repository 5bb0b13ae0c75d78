//! Per-stage and end-to-end benchmarks on the project's own articles
//! (`data/dev_articles.jsonl`, written for this project). Counts are
//! asserted inside the loops so a stage that silently does nothing fails.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stance::actors::{Gazetteer, Resolver};
use stance::article::analyze_article;
use stance::features::{PairInput, SparseRow};
use stance::model_file::Model;
use stance::pipeline::split_sentences;

fn corpus() -> Vec<String> {
    include_str!("../data/dev_articles.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let model = Model::embedded().unwrap();
    let gazetteer = Gazetteer::embedded();
    let sentences: Vec<String> = texts
        .iter()
        .flat_map(|t| {
            split_sentences(t)
                .into_iter()
                .map(|s| t[s.start..s.end].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let n_sentences = sentences.len();

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("split", |b| {
        b.iter(|| {
            let n: usize = texts.iter().map(|t| split_sentences(t).len()).sum();
            assert_eq!(n, n_sentences);
        })
    });
    group.bench_function("tokenize_stem", |b| {
        let mut tokens = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for s in &sentences {
                model.pipeline().analyze(s, &mut tokens);
                n += tokens.len();
            }
            assert!(n > bytes / 10);
        })
    });
    let analyzed: Vec<_> = sentences
        .iter()
        .map(|s| {
            let mut tokens = Vec::new();
            model.pipeline().analyze(s, &mut tokens);
            tokens
        })
        .collect();
    group.bench_function("actors", |b| {
        b.iter(|| {
            let mut resolver = Resolver::new(&gazetteer);
            let n: usize = sentences
                .iter()
                .zip(&analyzed)
                .map(|(s, t)| resolver.next_sentence(s, t).mentions.len())
                .sum();
            assert!(n > n_sentences);
        })
    });
    let mut resolver = Resolver::new(&gazetteer);
    let actors: Vec<_> = sentences
        .iter()
        .zip(&analyzed)
        .map(|(s, t)| resolver.next_sentence(s, t))
        .collect();
    // Every ordered pair of distinct actors in every sentence, featurized into `row`.
    let featurize_all = |row: &mut SparseRow, each: &mut dyn FnMut(&SparseRow)| {
        for (tokens, a) in analyzed.iter().zip(&actors) {
            for &source in &a.actors() {
                for &target in &a.actors() {
                    if source != target {
                        let input = PairInput {
                            tokens,
                            actors: a,
                            source,
                            target,
                        };
                        model.featurizer().featurize(&input, row);
                        each(row);
                    }
                }
            }
        }
    };
    let mut rows = Vec::new();
    featurize_all(&mut Vec::new(), &mut |r| rows.push(r.clone()));
    let n_pairs = rows.len();
    group.bench_function("features", |b| {
        let mut row = Vec::new();
        b.iter(|| {
            let mut n = 0;
            featurize_all(&mut row, &mut |_| n += 1);
            assert_eq!(n, n_pairs);
        })
    });
    group.bench_function("model", |b| {
        b.iter(|| {
            let n = rows
                .iter()
                .filter(|r| model.file().stance.predict_probabilities(r).is_ok())
                .count();
            assert_eq!(n, n_pairs);
        })
    });
    group.bench_function("end_to_end", |b| {
        b.iter(|| {
            let n: usize = texts
                .iter()
                .map(|t| {
                    analyze_article(&model, &gazetteer, "bench", t)
                        .unwrap()
                        .sentences
                        .len()
                })
                .sum();
            assert_eq!(n, n_sentences);
        })
    });
    group.finish();

    // A pathological input: one 1 MB "sentence" without punctuation. Lines
    // are cut into 8 KiB pieces, so time grows linearly and memory stays flat.
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
    let huge: String = (0..150_000)
        .map(|i| words[(i * 7 + i / 3) % words.len()])
        .collect::<Vec<_>>()
        .join(" ");
    let mut group = c.benchmark_group("huge");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(huge.len() as u64));
    group.bench_function("one_sentence_1mb", |b| {
        b.iter(|| {
            let out = analyze_article(&model, &gazetteer, "huge", &huge).unwrap();
            assert!(out.sentences.len() > 100);
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
