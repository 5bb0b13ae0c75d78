//! The command line: one `Args` struct and one function per subcommand.
//!
//! Results go to stdout, logs and progress to stderr. Exit codes: 0 success;
//! 1 the run finished but a threshold was missed or some inputs failed; 2 an
//! error (clap's usage errors exit 2 too).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
use serde::{Deserialize, Serialize};

use crate::actors::Gazetteer;
use crate::article::{analyze_article, ArticleOutput};
use crate::data::{self, check_articles, check_sentences, read_records, Records, SentenceRecord};
use crate::import::{default_id_prefix, import, ImportFormat};
use crate::model::TrainParams;
use crate::model_file::{check_writable, write_atomically, AggregationConfig, Model, ModelFile};
use crate::train::{
    predict_records, score_articles, score_sentences, sha256_hex, train, DataSet, TrainSettings,
};

/// Reads international news and says where every actor stands.
#[derive(Debug, Parser)]
#[command(name = "stance", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train a model from labelled sentence records.
    Train(TrainArgs),
    /// Label every actor's stance in articles.
    Predict(PredictArgs),
    /// Score a model on sentence records or article records.
    Eval(EvalArgs),
    /// Show a model's configuration, training data and top features.
    Inspect(InspectArgs),
    /// Check labelled data files against the annotation guide and the gazetteer.
    Check(CheckArgs),
    /// Write an article's stance map as one self-contained HTML page.
    Report(ReportArgs),
    /// Convert a public benchmark file into sentence records (JSON Lines).
    Import(ImportArgs),
}

/// `stance train`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// Sentence record files (JSON Lines).
    #[arg(long = "data", required = true, num_args = 1..)]
    pub data: Vec<PathBuf>,
    /// Sentence records to score after training (never trained on).
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Where to write the model (written atomically).
    #[arg(long)]
    pub out: PathBuf,
    /// L2 penalty.
    #[arg(long, default_value_t = 0.1)]
    pub alpha: f32,
    /// L2 penalty of the sentiment head (default: `--alpha`).
    #[arg(long)]
    pub sentiment_alpha: Option<f32>,
    /// Most optimiser iterations per head.
    #[arg(long, default_value_t = 300)]
    pub max_iterations: u64,
    /// How to fit: `sparse` (argmin L-BFGS on sparse rows) or `dense` (linfa's own fit).
    #[arg(long, value_enum, default_value_t = crate::model::Solver::Sparse)]
    pub solver: crate::model::Solver,
    /// Hash buckets (feature columns); overrides the featurizer file's.
    #[arg(long)]
    pub n_features: Option<usize>,
    /// Featurizer configuration (JSON, as in a model file's `featurizer`):
    /// a custom lexicon, feature groups, window sizes.
    #[arg(long)]
    pub featurizer: Option<PathBuf>,
    /// Extra or overriding actors (gazetteer JSON).
    #[arg(long)]
    pub actors: Option<PathBuf>,
    /// Dyad vote threshold: least probability of the winning stance
    /// (default tuned on data/train_articles.jsonl).
    #[arg(long, default_value_t = AggregationConfig::default().min_probability)]
    pub min_probability: f32,
    /// Dyad vote threshold: least probability that the pair is involved
    /// (default tuned on data/train_articles.jsonl).
    #[arg(long, default_value_t = AggregationConfig::default().min_involvement)]
    pub min_involvement: f32,
}

/// Output formats of `predict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PredictFormat {
    /// A readable table.
    Text,
    /// One JSON document per input file.
    Json,
    /// Reads `{"id","text"}` lines, writes one result line per input line.
    Jsonl,
}

/// `stance predict`.
#[derive(Debug, clap::Args)]
pub struct PredictArgs {
    /// Article files; none or `-` reads standard input.
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PredictFormat::Text)]
    pub format: PredictFormat,
    #[command(flatten)]
    pub using: ModelOptions,
}

/// The model and gazetteer a command scores with (`predict`, `eval`, `report`).
#[derive(Debug, clap::Args)]
pub struct ModelOptions {
    /// A model file instead of the embedded default.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Override the model's dyad vote threshold on the winning stance's probability.
    #[arg(long)]
    pub min_probability: Option<f32>,
    /// Override the model's dyad vote threshold on the involvement probability.
    #[arg(long)]
    pub min_involvement: Option<f32>,
    /// Extra or overriding actors (gazetteer JSON).
    #[arg(long)]
    pub actors: Option<PathBuf>,
}

impl ModelOptions {
    /// Loads the model (thresholds overridden) and the gazetteer.
    fn load(&self) -> anyhow::Result<(Model, Gazetteer)> {
        Ok((
            load_model(
                self.model.as_deref(),
                self.min_probability,
                self.min_involvement,
            )?,
            load_gazetteer(self.actors.as_deref())?,
        ))
    }
}

/// Output formats of `eval` and `inspect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

/// `stance eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Sentence records or article records (JSON Lines); `-` reads stdin.
    #[arg(long)]
    pub data: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Exit 1 when the score (stance macro-F1 for sentences, dyad F1 for articles) is below this.
    #[arg(long)]
    pub min_macro_f1: Option<f64>,
    #[command(flatten)]
    pub using: ModelOptions,
    /// Also list every misclassified record (sentences) or dyad (articles) on stderr.
    #[arg(long)]
    pub errors: bool,
    /// Write each sentence record's prediction here (JSON Lines: id, stance,
    /// probabilities, sentiment), in input order.
    #[arg(long)]
    pub predictions: Option<PathBuf>,
}

/// `stance inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// A model file; the embedded default when absent.
    pub model: Option<PathBuf>,
    /// Top features to show per class.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
}

/// `stance check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Sentence or article record files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Extra or overriding actors (gazetteer JSON).
    #[arg(long)]
    pub actors: Option<PathBuf>,
}

/// Input formats of `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportInput {
    /// One article of plain text; one page.
    Text,
    /// `{"id","text"}` lines; one page per line plus an index, into a directory.
    Jsonl,
}

/// `stance report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The article (or JSON Lines of articles with `--format jsonl`); none or `-` reads stdin.
    pub file: Option<PathBuf>,
    /// Where to write: an HTML file (stdout when absent), or with `--format jsonl`
    /// a directory (created if needed) for one page per article and `index.html`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Input format.
    #[arg(long, value_enum, default_value_t = ReportInput::Text)]
    pub format: ReportInput,
    #[command(flatten)]
    pub using: ModelOptions,
}

/// `stance import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The benchmark file; none or `-` reads standard input.
    pub file: Option<PathBuf>,
    /// The file's format: `directed` (Park et al. 2021 TSV), `newsmtsc`
    /// (NewsMTSC JSON Lines, original or Hugging Face), `plover` (PLOVER
    /// gold records, one JSON record per line).
    #[arg(long, value_enum)]
    pub format: ImportFormat,
    /// Where to write the records (written atomically); stdout when absent.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Record id prefix (default: the format's short name and the file's
    /// stem, as in `ds-test-000123-pq`).
    #[arg(long)]
    pub id_prefix: Option<String>,
    /// Extra or overriding actors (gazetteer JSON), for mapping PLOVER actors.
    #[arg(long)]
    pub actors: Option<PathBuf>,
}

/// What a finished run reports to `main`.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything passed: exit 0.
    Success,
    /// Finished, but below a threshold or with failed inputs: exit 1.
    Shortfall,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Train(a) => cmd_train(a),
        Command::Predict(a) => cmd_predict(a),
        Command::Eval(a) => cmd_eval(a),
        Command::Inspect(a) => cmd_inspect(a),
        Command::Check(a) => cmd_check(a),
        Command::Report(a) => cmd_report(a),
        Command::Import(a) => cmd_import(a),
    }
}

fn cmd_report(a: ReportArgs) -> anyhow::Result<Outcome> {
    use crate::model_file::write_atomically;
    use crate::report::{build, page_name, render, render_index, IndexEntry, ModelInfo};

    let (model, gazetteer) = a.using.load()?;
    let info = ModelInfo::of(
        &model,
        &a.using
            .model
            .as_ref()
            .map_or("embedded default".to_string(), |p| p.display().to_string()),
    );
    let path = a.file.clone().unwrap_or_else(|| PathBuf::from("-"));
    let shown = input_name(&path);
    let text = data::read_input(&path)?;
    match a.format {
        ReportInput::Text => {
            let id = article_id(&path);
            let report = build(&model, &gazetteer, &id, &text)?;
            let page = render(&report, &info);
            match &a.out {
                Some(out) => {
                    check_writable(out)?;
                    write_atomically(out, page.as_bytes())?;
                    eprintln!(
                        "wrote {} ({} actors, {} dyads)",
                        out.display(),
                        report.output.actors.len(),
                        report.output.dyads.len()
                    );
                }
                None => {
                    let stdout = io::stdout();
                    let mut out = stdout.lock();
                    out.write_all(page.as_bytes())?;
                    out.flush()?;
                }
            }
            Ok(Outcome::Success)
        }
        ReportInput::Jsonl => {
            let Some(dir) = &a.out else {
                bail!("--format jsonl writes one page per article: give a directory with --out");
            };
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create directory {}", dir.display()))?;
            let mut taken = std::collections::BTreeSet::from(["index.html".to_string()]);
            let mut entries = Vec::new();
            let mut outcome = Outcome::Success;
            let lines: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .collect();
            for (done, (i, line)) in lines.iter().enumerate() {
                let parsed = serde_json::from_str::<JsonlInput>(line);
                let (id, result) = match parsed {
                    Err(e) => (format!("line {}", i + 1), Err(anyhow::anyhow!("{e}"))),
                    Ok(input) => {
                        let id = input.id_text();
                        let r = build(&model, &gazetteer, &id, &input.text).map_err(Into::into);
                        (id, r)
                    }
                };
                match result {
                    Ok(report) => {
                        let file = page_name(&id, &mut taken);
                        write_atomically(&dir.join(&file), render(&report, &info).as_bytes())?;
                        entries.push(IndexEntry {
                            id,
                            file,
                            actors: report.output.actors.len(),
                            dyads: report.output.dyads.len(),
                            error: None,
                        });
                    }
                    Err(e) => {
                        outcome = Outcome::Shortfall;
                        eprintln!("{shown}:{}: {e:#}", i + 1);
                        entries.push(IndexEntry {
                            id,
                            file: String::new(),
                            actors: 0,
                            dyads: 0,
                            error: Some(format!("line {}: {e:#}", i + 1)),
                        });
                    }
                }
                if (done + 1) % 100 == 0 {
                    eprintln!("{} of {} articles", done + 1, lines.len());
                }
            }
            write_atomically(
                &dir.join("index.html"),
                render_index(&entries, &info).as_bytes(),
            )?;
            eprintln!(
                "wrote {} pages and {}",
                entries.iter().filter(|e| e.error.is_none()).count(),
                dir.join("index.html").display()
            );
            Ok(outcome)
        }
    }
}

/// How messages name an input path: `<stdin>` for `-`.
fn input_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// An article file's id in results: its file name, or `<stdin>`.
fn article_id(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

fn load_gazetteer(extra: Option<&Path>) -> anyhow::Result<Gazetteer> {
    let base = Gazetteer::embedded();
    Ok(match extra {
        Some(p) => base.extended(&Gazetteer::from_path(p)?),
        None => base,
    })
}

fn load_model(
    path: Option<&Path>,
    min_probability: Option<f32>,
    min_involvement: Option<f32>,
) -> anyhow::Result<Model> {
    let mut model = match path {
        Some(p) => Model::load(p)?,
        None => Model::embedded().context("loading the embedded default model")?,
    };
    let mut aggregation = model.file().aggregation.clone();
    for (value, slot, flag) in [
        (
            min_probability,
            &mut aggregation.min_probability,
            "--min-probability",
        ),
        (
            min_involvement,
            &mut aggregation.min_involvement,
            "--min-involvement",
        ),
    ] {
        if let Some(v) = value {
            if !(0.0..=1.0).contains(&v) {
                bail!("{flag} must be between 0 and 1, got {v}");
            }
            *slot = v;
        }
    }
    model.set_aggregation(aggregation);
    Ok(model)
}

fn read_sentence_set(path: &Path, gazetteer: &Gazetteer) -> anyhow::Result<DataSet> {
    let text = data::read_input(path)?;
    let records: Vec<(usize, SentenceRecord)> = data::parse_jsonl(&text, path)?;
    let faults = check_sentences(path, &records, gazetteer, &mut Default::default());
    if let Some(first) = faults.first() {
        for f in faults.iter().skip(1).take(19) {
            eprintln!("{f}");
        }
        bail!(
            "{first} ({} fault(s) in all; run `stance check` for the full list)",
            faults.len()
        );
    }
    Ok(DataSet {
        path: path.display().to_string(),
        sha256: sha256_hex(text.as_bytes()),
        records: records.into_iter().map(|(_, r)| r).collect(),
    })
}

fn cmd_train(a: TrainArgs) -> anyhow::Result<Outcome> {
    let params = TrainParams::default()
        .alpha(a.alpha)
        .max_iterations(a.max_iterations)
        .solver(a.solver)
        .check()?;
    let mut featurizer = match &a.featurizer {
        Some(p) => serde_json::from_str::<crate::features::FeaturizerConfig>(&data::read_input(p)?)
            .with_context(|| format!("{}: not a featurizer configuration", p.display()))?,
        None => Default::default(),
    };
    if let Some(n) = a.n_features {
        featurizer.n_features = n;
    }
    if featurizer.n_features == 0 || featurizer.n_features > u32::MAX as usize {
        bail!("the number of features must be between 1 and {}", u32::MAX);
    }
    check_writable(&a.out)?;
    let gazetteer = load_gazetteer(a.actors.as_deref())?;
    let gazetteer_json = serde_json::to_string(gazetteer.entries())?;
    let mut sets = Vec::new();
    for p in &a.data {
        sets.push(read_sentence_set(p, &gazetteer)?);
    }
    // Ids must be unique across all files, dev included.
    let mut seen = std::collections::BTreeMap::new();
    for (p, s) in a.data.iter().zip(&sets) {
        for r in &s.records {
            if let Some(first) = seen.insert(r.id.clone(), p.display().to_string()) {
                bail!(
                    "duplicate id {:?} in {} (also in {first})",
                    r.id,
                    p.display()
                );
            }
        }
    }
    let dev = match &a.dev {
        Some(p) => Some(read_sentence_set(p, &gazetteer)?),
        None => None,
    };
    let mut settings = TrainSettings::new(params.clone());
    if let Some(alpha) = a.sentiment_alpha {
        settings.sentiment_params = TrainParams::clone(params.params()).alpha(alpha).check()?;
    }
    settings.featurizer = featurizer;
    settings.aggregation.min_probability = a.min_probability;
    settings.aggregation.min_involvement = a.min_involvement;
    let started = std::time::Instant::now();
    let file = train(
        &settings,
        &gazetteer,
        &sha256_hex(gazetteer_json.as_bytes()),
        &sets,
        dev.as_ref(),
        &mut |m| eprintln!("[{:>6.1}s] {m}", started.elapsed().as_secs_f64()),
    )?;
    file.save(&a.out)?;
    eprintln!(
        "[{:>6.1}s] wrote {} ({} records)",
        started.elapsed().as_secs_f64(),
        a.out.display(),
        file.training.records
    );
    if let Some(s) = file.training.dev_scores.get("stance") {
        let sent = &file.training.dev_scores["sentiment"];
        println!(
            "dev stance: accuracy {:.4} macro-F1 {:.4}; sentiment: accuracy {:.4} macro-F1 {:.4}",
            s.accuracy, s.macro_f1, sent.accuracy, sent.macro_f1
        );
    }
    Ok(Outcome::Success)
}

/// One line of `predict --format jsonl` input.
#[derive(Debug, Deserialize)]
struct JsonlInput {
    id: serde_json::Value,
    text: String,
}

impl JsonlInput {
    /// The id as text: a string as it is, anything else as JSON (`7`).
    fn id_text(&self) -> String {
        match &self.id {
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        }
    }
}

/// An error line in `predict --format jsonl` output.
#[derive(Debug, Serialize)]
struct JsonlError {
    id: serde_json::Value,
    line: usize,
    error: String,
}

/// One `predict --format jsonl` line: the output line (the result, or an
/// error object) and the error message, if any.
fn predict_jsonl_line(
    model: &Model,
    gazetteer: &Gazetteer,
    line_number: usize,
    line: &str,
) -> (String, Option<String>) {
    let result = serde_json::from_str::<JsonlInput>(line)
        .map_err(|e| (serde_json::Value::Null, e.to_string()))
        .and_then(|input| {
            let id = input.id_text();
            analyze_article(model, gazetteer, &id, &input.text)
                .map_err(|e| (input.id.clone(), e.to_string()))
                .and_then(|doc| {
                    serde_json::to_string(&doc).map_err(|e| (input.id.clone(), e.to_string()))
                })
        });
    match result {
        Ok(doc) => (doc, None),
        Err((id, error)) => {
            let doc = serde_json::to_string(&JsonlError {
                id,
                line: line_number,
                error: error.clone(),
            })
            .unwrap_or_default();
            (doc, Some(error))
        }
    }
}

fn cmd_predict(a: PredictArgs) -> anyhow::Result<Outcome> {
    let (model, gazetteer) = a.using.load()?;
    let files = if a.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        a.files.clone()
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut outcome = Outcome::Success;
    for path in &files {
        let text = data::read_input(path)?;
        let id = article_id(path);
        match a.format {
            PredictFormat::Jsonl => {
                use rayon::prelude::*;
                let name = input_name(path);
                let lines: Vec<(usize, &str)> = text
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| !l.trim().is_empty())
                    .collect();
                // Articles are independent: score a block on all cores,
                // then write it in input order.
                for block in lines.chunks(1024) {
                    let results: Vec<(String, Option<String>)> = block
                        .par_iter()
                        .map(|&(i, line)| predict_jsonl_line(&model, &gazetteer, i + 1, line))
                        .collect();
                    for (&(i, _), (doc, error)) in block.iter().zip(results) {
                        if let Some(error) = error {
                            outcome = Outcome::Shortfall;
                            eprintln!("{name}:{}: {error}", i + 1);
                        }
                        out.write_all(doc.as_bytes())?;
                        out.write_all(b"\n")?;
                    }
                }
            }
            PredictFormat::Json => {
                let doc = analyze_article(&model, &gazetteer, &id, &text)?;
                serde_json::to_writer_pretty(&mut out, &doc)?;
                out.write_all(b"\n")?;
            }
            PredictFormat::Text => {
                let doc = analyze_article(&model, &gazetteer, &id, &text)?;
                write_text(&mut out, &doc)?;
            }
        }
    }
    out.flush()?;
    Ok(outcome)
}

fn write_text(out: &mut impl Write, doc: &ArticleOutput) -> io::Result<()> {
    writeln!(out, "== {}", doc.id)?;
    let actors: Vec<String> = doc
        .actors
        .iter()
        .map(|a| format!("{} ({})", a.name, a.mentions))
        .collect();
    writeln!(
        out,
        "actors: {}",
        if actors.is_empty() {
            "none".to_string()
        } else {
            actors.join(", ")
        }
    )?;
    if doc.dyads.is_empty() {
        writeln!(out, "no stances found")?;
    } else {
        let w1 = doc
            .dyads
            .iter()
            .map(|d| d.source.len())
            .max()
            .unwrap_or(6)
            .max(6);
        let w2 = doc
            .dyads
            .iter()
            .map(|d| d.target.len())
            .max()
            .unwrap_or(6)
            .max(6);
        writeln!(
            out,
            "{:<w1$}  {:<w2$}  {:<10}  {:>10}  evidence",
            "source", "target", "stance", "confidence"
        )?;
        for d in &doc.dyads {
            let ev: Vec<String> = d.evidence.iter().map(|i| i.to_string()).collect();
            writeln!(
                out,
                "{:<w1$}  {:<w2$}  {:<10}  {:>10.2}  {}",
                d.source,
                d.target,
                d.stance.as_str(),
                d.confidence,
                ev.join(",")
            )?;
        }
        writeln!(out, "evidence:")?;
        let mut shown = std::collections::BTreeSet::new();
        for d in &doc.dyads {
            for &i in &d.evidence {
                if shown.insert(i) {
                    writeln!(out, "  [{i}] {}", doc.sentences[i].text)?;
                }
            }
        }
    }
    writeln!(out)
}

fn cmd_eval(a: EvalArgs) -> anyhow::Result<Outcome> {
    let (model, gazetteer) = a.using.load()?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let score = match read_records(&a.data)? {
        Records::Sentences(records) => {
            let faults = check_sentences(&a.data, &records, &gazetteer, &mut Default::default());
            if let Some(first) = faults.first() {
                bail!(
                    "{first} ({} fault(s) in all; run `stance check`)",
                    faults.len()
                );
            }
            let records: Vec<SentenceRecord> = records.into_iter().map(|(_, r)| r).collect();
            let predictions = predict_records(&model, &gazetteer, &records)?;
            let eval = score_sentences(&records, &predictions);
            if let Some(path) = &a.predictions {
                check_writable(path)?;
                let mut lines = Vec::new();
                for p in &predictions {
                    serde_json::to_writer(&mut lines, p)?;
                    lines.push(b'\n');
                }
                crate::model_file::write_atomically(path, &lines)?;
            }
            if a.errors {
                for (r, p) in records.iter().zip(&predictions) {
                    if r.stance != p.stance {
                        eprintln!(
                            "{}\t{} -> {}\tgold {} predicted {} ({:.2}/{:.2}/{:.2})\t{}",
                            r.id,
                            r.source,
                            r.target,
                            r.stance.as_str(),
                            p.stance.as_str(),
                            p.probabilities.supportive,
                            p.probabilities.accusatory,
                            p.probabilities.neutral,
                            r.text
                        );
                    }
                }
            }
            match a.format {
                ReportFormat::Json => serde_json::to_writer_pretty(&mut out, &eval)?,
                ReportFormat::Text => {
                    writeln!(out, "records: {}", eval.records)?;
                    for (head, r) in [("stance", &eval.stance), ("sentiment", &eval.sentiment)] {
                        writeln!(
                            out,
                            "\n{head}: accuracy {:.4}  macro-F1 {:.4}",
                            r.accuracy, r.macro_f1
                        )?;
                        writeln!(
                            out,
                            "  {:<11} {:>9} {:>9} {:>9} {:>8}",
                            "class", "precision", "recall", "f1", "support"
                        )?;
                        for (c, s) in &r.per_class {
                            writeln!(
                                out,
                                "  {c:<11} {:>9.4} {:>9.4} {:>9.4} {:>8}",
                                s.precision, s.recall, s.f1, s.support
                            )?;
                        }
                        let labels: Vec<&String> = r.confusion.keys().collect();
                        write!(
                            out,
                            "  confusion (rows gold, columns predicted):\n  {:<11}",
                            ""
                        )?;
                        for l in &labels {
                            write!(out, " {l:>10}")?;
                        }
                        writeln!(out)?;
                        for g in &labels {
                            write!(out, "  {g:<11}")?;
                            for p in &labels {
                                write!(out, " {:>10}", r.confusion[*g][*p])?;
                            }
                            writeln!(out)?;
                        }
                    }
                }
            }
            writeln!(out)?;
            eval.stance.macro_f1
        }
        Records::Articles(records) => {
            let faults = check_articles(&a.data, &records, &gazetteer, &mut Default::default());
            if let Some(first) = faults.first() {
                bail!(
                    "{first} ({} fault(s) in all; run `stance check`)",
                    faults.len()
                );
            }
            let records: Vec<_> = records.into_iter().map(|(_, r)| r).collect();
            let outputs = records
                .iter()
                .map(|r| analyze_article(&model, &gazetteer, &r.id, &r.text))
                .collect::<crate::error::Result<Vec<_>>>()?;
            let eval = score_articles(&records, &outputs);
            if a.errors {
                for (r, out) in records.iter().zip(&outputs) {
                    let gold = |d: &crate::article::Dyad| {
                        r.dyads.iter().any(|g| {
                            g.source == d.source && g.target == d.target && g.stance == d.stance
                        })
                    };
                    for d in out.dyads.iter().filter(|d| !gold(d)) {
                        eprintln!(
                            "{}\tfalse positive\t{} -> {} {} ({:.2}) evidence {:?}",
                            r.id,
                            d.source,
                            d.target,
                            d.stance.as_str(),
                            d.confidence,
                            d.evidence
                        );
                    }
                    for g in &r.dyads {
                        if !out.dyads.iter().any(|d| {
                            g.source == d.source && g.target == d.target && g.stance == d.stance
                        }) {
                            eprintln!(
                                "{}\tmissed\t{} -> {} {}",
                                r.id,
                                g.source,
                                g.target,
                                g.stance.as_str()
                            );
                        }
                    }
                }
            }
            match a.format {
                ReportFormat::Json => serde_json::to_writer_pretty(&mut out, &eval)?,
                ReportFormat::Text => {
                    let d = &eval.dyads;
                    write!(
                        out,
                        "articles: {}\nactors of gold dyads found: {} of {} ({:.4})\ndyads: precision {:.4}  recall {:.4}  F1 {:.4}  (tp {}, fp {}, fn {})",
                        eval.articles,
                        eval.actor_recall.found,
                        eval.actor_recall.total,
                        eval.actor_recall.recall,
                        d.precision, d.recall, d.f1, d.tp, d.fp, d.fn_
                    )?;
                }
            }
            writeln!(out)?;
            eval.dyads.f1
        }
    };
    out.flush()?;
    if let Some(min) = a.min_macro_f1 {
        if score < min {
            eprintln!("score {score:.4} is below --min-macro-f1 {min}");
            return Ok(Outcome::Shortfall);
        }
    }
    Ok(Outcome::Success)
}

fn cmd_inspect(a: InspectArgs) -> anyhow::Result<Outcome> {
    let model = load_model(a.model.as_deref(), None, None)?;
    let f: &ModelFile = model.file();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    writeln!(
        out,
        "format_version: {} (written by stance {})",
        f.format_version, f.crate_version
    )?;
    writeln!(out, "pipeline: {}", serde_json::to_string(&f.pipeline)?)?;
    writeln!(
        out,
        "featurizer: n_features {}, window {}, max_between {}, normalize {}, lexicon {} entries",
        f.featurizer.n_features,
        f.featurizer.window,
        f.featurizer.max_between,
        f.featurizer.normalize,
        f.featurizer
            .lexicon
            .classes
            .iter()
            .map(|c| c.entries.len())
            .sum::<usize>()
    )?;
    writeln!(
        out,
        "aggregation: min_probability {}, min_involvement {}",
        f.aggregation.min_probability, f.aggregation.min_involvement
    )?;
    let t = &f.training;
    writeln!(
        out,
        "training: {} records ({} with no source mention found)",
        t.records, t.unlocated_sources
    )?;
    for d in &t.data {
        writeln!(
            out,
            "  {} ({} records, sha256 {})",
            d.path,
            d.records,
            &d.sha256[..16.min(d.sha256.len())]
        )?;
    }
    writeln!(
        out,
        "  label counts: {}",
        serde_json::to_string(&t.label_counts)?
    )?;
    writeln!(out, "  params: {}", serde_json::to_string(&t.params)?)?;
    if let Some(dev) = &t.dev {
        writeln!(out, "dev: {} ({} records)", dev.path, dev.records)?;
        for (head, s) in &t.dev_scores {
            writeln!(
                out,
                "  {head}: accuracy {:.4}, macro-F1 {:.4}",
                s.accuracy, s.macro_f1
            )?;
        }
    }
    for (head, clf) in [("stance", &f.stance), ("sentiment", &f.sentiment)] {
        for (k, class) in clf.classes().iter().enumerate() {
            let mut cols: Vec<(usize, f32)> = clf
                .weights()
                .column(k)
                .iter()
                .copied()
                .enumerate()
                .collect();
            cols.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let top: Vec<String> = cols
                .iter()
                .take(a.top)
                .map(|&(c, w)| {
                    format!(
                        "{} {w:.3}",
                        f.feature_names
                            .get(&(c as u32))
                            .map(String::as_str)
                            .unwrap_or("?")
                    )
                })
                .collect();
            writeln!(out, "top {head}={class}: {}", top.join(" | "))?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn cmd_check(a: CheckArgs) -> anyhow::Result<Outcome> {
    let gazetteer = load_gazetteer(a.actors.as_deref())?;
    let mut seen = Default::default();
    let mut faults = 0;
    let mut total = 0;
    for p in &a.files {
        let found = match read_records(p)? {
            Records::Sentences(r) => {
                total += r.len();
                check_sentences(p, &r, &gazetteer, &mut seen)
            }
            Records::Articles(r) => {
                total += r.len();
                check_articles(p, &r, &gazetteer, &mut seen)
            }
        };
        for f in &found {
            println!("{f}");
        }
        faults += found.len();
    }
    eprintln!("{total} records, {faults} fault(s)");
    Ok(if faults == 0 {
        Outcome::Success
    } else {
        Outcome::Shortfall
    })
}

fn cmd_import(a: ImportArgs) -> anyhow::Result<Outcome> {
    let path = a.file.unwrap_or_else(|| PathBuf::from("-"));
    if let Some(out) = &a.out {
        check_writable(out)?;
    }
    let gazetteer = load_gazetteer(a.actors.as_deref())?;
    let text = data::read_input(&path)?;
    let prefix = a
        .id_prefix
        .unwrap_or_else(|| default_id_prefix(a.format, &path));
    let imported = import(a.format, &text, &path, &prefix, &gazetteer)?;
    let mut lines = String::new();
    for r in &imported.records {
        lines.push_str(&serde_json::to_string(r)?);
        lines.push('\n');
    }
    let input = input_name(&path);
    let output = match &a.out {
        Some(out) => {
            write_atomically(out, lines.as_bytes())?;
            out.display().to_string()
        }
        None => {
            let stdout = io::stdout();
            let mut w = stdout.lock();
            w.write_all(lines.as_bytes())?;
            w.flush()?;
            "stdout".to_string()
        }
    };
    eprintln!("{}", imported.summary(&input, &output));
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
