//! The library's one error type.
//!
//! Variants carry fields, not strings, so a caller can tell a bad record
//! (`Data { path, line, .. }`) from a model that is too new
//! (`IncompatibleModel { .. }`) without parsing messages.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A line of a JSON Lines file (or a gazetteer) is malformed or breaks the annotation guide.
    #[error("{}:{line}: {message}", path.display())]
    Data {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A model file was written by a format this build cannot read.
    #[error("model format version {found} is not supported (this build reads versions {oldest} to {current})")]
    IncompatibleModel {
        found: u32,
        oldest: u32,
        current: u32,
    },
    /// A model file is not a valid model.
    #[error("invalid model: {0}")]
    InvalidModel(String),
    /// A feature row does not have the width the model was trained with.
    #[error("feature count mismatch: the model expects {expected} features, got {found}")]
    FeatureMismatch { expected: usize, found: usize },
    /// Training parameters or inputs are not usable.
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// The optimiser failed.
    #[error(transparent)]
    Logistic(#[from] linfa_logistic::error::Error),
    /// JSON (de)serialisation failed outside a line-based file.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn data(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Error {
        Error::Data {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}
