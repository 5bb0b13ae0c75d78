//! stance: where every actor in a news article stands toward every other.
pub mod error;
pub mod eval;
pub mod pipeline;
pub mod sparse_fit;
pub mod train;
pub use error::{Error, Result};
pub mod actors;
pub mod article;
pub mod cli;
pub mod data;
pub mod features;
pub mod import;
pub mod lexicon;
pub mod model;
pub mod model_file;
pub mod report;
