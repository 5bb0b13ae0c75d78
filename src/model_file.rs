//! The model file: one versioned JSON document.
//!
//! It holds everything needed to reproduce a prediction: the pipeline and
//! featurizer configuration (lexicon included), both classifier heads, the
//! aggregation settings, names for the most useful hash buckets, and the
//! training metadata (record counts, data file hashes, dev metrics). The
//! format version is read and checked before anything else.
//!
//! ```
//! use stance::model_file::Model;
//! let model = Model::embedded().unwrap();
//! assert_eq!(model.file().format_version, stance::model_file::FORMAT_VERSION);
//! ```

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::{Featurizer, FeaturizerConfig};
use crate::model::{Classifier, TrainParams};
use crate::pipeline::{Pipeline, PipelineConfig};

/// The format this build writes.
pub const FORMAT_VERSION: u32 = 1;
/// The oldest format this build reads.
pub const OLDEST_SUPPORTED_FORMAT_VERSION: u32 = 1;

/// The default model, trained by `stance train` from `data/`.
pub const EMBEDDED_MODEL: &str = include_str!("../models/default.json");

/// How sentence-pair predictions become article dyads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregationConfig {
    /// A sentence-pair counts as a non-neutral vote only when the winning
    /// class has at least this probability...
    pub min_probability: f32,
    /// ...and the involvement head gives the pair at least this probability
    /// of being involved rather than a bystander.
    pub min_involvement: f32,
}

impl Default for AggregationConfig {
    fn default() -> Self {
        AggregationConfig {
            min_probability: 0.7,
            min_involvement: 0.8,
        }
    }
}

/// One data file a model was trained from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataFile {
    /// The path as given to `stance train`.
    pub path: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Records read from it.
    pub records: usize,
}

/// Scores of one head on the dev set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DevScores {
    pub accuracy: f64,
    pub macro_f1: f64,
}

/// What the model was trained on and how it scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingMeta {
    /// Training data files.
    pub data: Vec<DataFile>,
    /// Training records.
    pub records: usize,
    /// Records whose source was not found in their text (trained without a source marker).
    pub unlocated_sources: usize,
    /// Bystander pairs of labelled sentences (the involvement head's negatives).
    pub implicit_neutrals: usize,
    /// Training label counts per head.
    pub label_counts: BTreeMap<String, BTreeMap<String, usize>>,
    /// The optimiser's parameters.
    pub params: TrainParams,
    /// The dev file, if one was given.
    pub dev: Option<DataFile>,
    /// Dev scores per head.
    pub dev_scores: BTreeMap<String, DevScores>,
    /// SHA-256 of the gazetteer used to locate mentions.
    pub gazetteer_sha256: String,
}

/// The whole model file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    pub format_version: u32,
    /// The crate version that wrote the file.
    pub crate_version: String,
    pub pipeline: PipelineConfig,
    pub featurizer: FeaturizerConfig,
    pub aggregation: AggregationConfig,
    /// The stance head: `supportive`, `accusatory`, `neutral`.
    pub stance: Classifier,
    /// The sentiment head: `positive`, `negative`, `neutral`.
    pub sentiment: Classifier,
    /// The involvement head: `involved` (a pair a writer would label) or
    /// `bystander` (an actor that only happens to be in the sentence).
    /// Absent when the training data had no bystander pairs: then every
    /// pair counts as involved.
    pub involvement: Option<Classifier>,
    /// Names of the highest-weighted hash buckets (bucket -> feature name).
    pub feature_names: BTreeMap<u32, String>,
    pub training: TrainingMeta,
}

#[derive(Deserialize)]
struct Header {
    format_version: Option<u32>,
}

impl ModelFile {
    /// Parses and validates a model document. `origin` names it in errors.
    pub fn from_json_str(text: &str, origin: &str) -> Result<ModelFile> {
        let header: Header = serde_json::from_str(text).map_err(|e| {
            Error::InvalidModel(format!("{origin}: not a model file (not JSON: {e})"))
        })?;
        let found = header.format_version.ok_or_else(|| {
            Error::InvalidModel(format!("{origin}: not a model file (no format_version)"))
        })?;
        if !(OLDEST_SUPPORTED_FORMAT_VERSION..=FORMAT_VERSION).contains(&found) {
            return Err(Error::IncompatibleModel {
                found,
                oldest: OLDEST_SUPPORTED_FORMAT_VERSION,
                current: FORMAT_VERSION,
            });
        }
        let file: ModelFile = serde_json::from_str(text)
            .map_err(|e| Error::InvalidModel(format!("{origin}: {e}")))?;
        file.validate()
            .map_err(|e| Error::InvalidModel(format!("{origin}: {e}")))?;
        Ok(file)
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<ModelFile> {
        let text = crate::data::read_input(path)?;
        ModelFile::from_json_str(&text, &path.display().to_string())
    }

    fn validate(&self) -> Result<()> {
        if self.featurizer.hash != crate::features::FEATURE_HASH {
            return Err(Error::InvalidModel(format!(
                "the model's features were hashed with {:?}; this build supports {:?}",
                self.featurizer.hash,
                crate::features::FEATURE_HASH
            )));
        }
        let n = self.featurizer.n_features;
        if n == 0 {
            return Err(Error::InvalidModel("n_features is 0".into()));
        }
        self.stance.validate(n)?;
        self.sentiment.validate(n)?;
        if let Some(head) = &self.involvement {
            head.validate(n)?;
        }
        Ok(())
    }

    /// Serialises the model; the same model always gives the same bytes.
    pub fn to_json(&self) -> Result<String> {
        let mut s = serde_json::to_string(self)?;
        s.push('\n');
        Ok(s)
    }

    /// Writes the model atomically: to a temporary file beside `path`, then
    /// renamed over it, so an interrupted write leaves the old file intact.
    pub fn save(&self, path: &Path) -> Result<()> {
        let json = self.to_json()?;
        write_atomically(path, json.as_bytes())
    }
}

/// Writes `bytes` to a temporary file in `path`'s directory and renames it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

/// Checks that `path` can be written (its directory exists and accepts a
/// file) before a long job that ends by writing it.
pub fn check_writable(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::io(path, std::io::Error::other("is a directory")));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let probe = dir.join(format!(".stance-write-probe{}", std::process::id()));
    std::fs::File::create(&probe).map_err(|e| Error::io(path, e))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// A model ready to use: the file plus its built pipeline and featurizer.
pub struct Model {
    file: ModelFile,
    pipeline: Pipeline,
    featurizer: Featurizer,
}

impl Model {
    /// Builds the runtime parts of a model file.
    pub fn new(file: ModelFile) -> Model {
        let pipeline = Pipeline::new(file.pipeline.clone());
        let featurizer = Featurizer::new(file.featurizer.clone(), &pipeline);
        Model {
            file,
            pipeline,
            featurizer,
        }
    }

    /// The default model embedded in the binary.
    pub fn embedded() -> Result<Model> {
        Ok(Model::new(ModelFile::from_json_str(
            EMBEDDED_MODEL,
            "embedded default model",
        )?))
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<Model> {
        Ok(Model::new(ModelFile::load(path)?))
    }

    /// The model file.
    pub fn file(&self) -> &ModelFile {
        &self.file
    }

    /// Replaces the dyad aggregation settings (for `--min-probability` and
    /// `--min-involvement` at prediction time).
    pub fn set_aggregation(&mut self, aggregation: AggregationConfig) {
        self.file.aggregation = aggregation;
    }

    /// The text pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// The featurizer.
    pub fn featurizer(&self) -> &Featurizer {
        &self.featurizer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_types_are_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<ModelFile>();
        check::<Model>();
    }

    #[test]
    fn future_versions_are_refused() {
        let err = ModelFile::from_json_str(r#"{"format_version": 99}"#, "m.json").unwrap_err();
        assert!(
            matches!(err, Error::IncompatibleModel { found: 99, .. }),
            "{err}"
        );
        let err = ModelFile::from_json_str("{\"format_ver", "m.json").unwrap_err();
        assert!(err.to_string().contains("not JSON"), "{err}");
        let err = ModelFile::from_json_str("[1]", "m.json").unwrap_err();
        assert!(err.to_string().contains("m.json"), "{err}");
    }
}
