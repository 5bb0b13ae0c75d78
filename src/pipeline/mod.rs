//! The text pipeline: sentences, tokens, negation, stems.
//!
//! Stage order is part of the model contract: split sentences, tokenise and
//! lowercase, mark negation scopes (on unstemmed words), then stem. The
//! configuration is plain data stored in every model file, so a model is
//! always read with the pipeline it was trained with.
//!
//! ```
//! use stance::pipeline::{Pipeline, PipelineConfig};
//! let pipeline = Pipeline::new(PipelineConfig::preset("en_stem").unwrap());
//! let mut out = Vec::new();
//! pipeline.analyze("Moscow did not condemn the attacks.", &mut out);
//! let stems: Vec<&str> = out.iter().map(|t| t.text.as_str()).collect();
//! assert_eq!(stems, ["moscow", "did", "not", "condemn", "the", "attack", "."]);
//! assert!(out[3].negated);
//! ```

mod negation;
mod sentence;
mod stem;
mod tokenize;

pub use negation::{is_negator, mark_negation};
pub use sentence::{split_sentences, SentenceSpan};
pub use stem::Stemmer;
pub use tokenize::{tokenize, tokenize_into, Token, TokenKind};

use serde::{Deserialize, Serialize};

/// What the pipeline does, stored in the model file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineConfig {
    /// The Snowball stemmer, or `null` for none.
    pub stemmer: Option<rust_stemmers::Algorithm>,
    /// How many words after a negator are marked negated; 0 turns marking off.
    pub negation_scope: usize,
}

impl PipelineConfig {
    /// A named configuration: `en_stem` (English Snowball, negation scope 4)
    /// or `en_plain` (no stemming).
    pub fn preset(name: &str) -> Option<PipelineConfig> {
        match name {
            "en_stem" => Some(PipelineConfig {
                stemmer: Some(rust_stemmers::Algorithm::English),
                negation_scope: 4,
            }),
            "en_plain" => Some(PipelineConfig {
                stemmer: None,
                negation_scope: 4,
            }),
            _ => None,
        }
    }
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig::preset("en_stem").expect("preset exists")
    }
}

/// A built pipeline: the configuration plus its stemmer.
pub struct Pipeline {
    config: PipelineConfig,
    stemmer: Option<Stemmer>,
}

impl Pipeline {
    /// Builds each stage once.
    pub fn new(config: PipelineConfig) -> Pipeline {
        let stemmer = config.stemmer.map(Stemmer::new);
        Pipeline { config, stemmer }
    }

    /// The configuration this pipeline was built from.
    pub fn config(&self) -> &PipelineConfig {
        &self.config
    }

    /// Tokenises one sentence into `out` (cleared first): lowercase,
    /// negation-marked, stemmed tokens with byte offsets into `sentence`.
    pub fn analyze(&self, sentence: &str, out: &mut Vec<Token>) {
        out.clear();
        tokenize_into(sentence, out);
        if self.config.negation_scope > 0 {
            mark_negation(out, self.config.negation_scope);
        }
        if let Some(stemmer) = &self.stemmer {
            for t in out.iter_mut() {
                if t.kind == TokenKind::Word {
                    if let std::borrow::Cow::Owned(s) = stemmer.stem(&t.text) {
                        t.text = s;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Asserts the normalised texts of `tokens`.
    pub(crate) fn assert_token_texts(tokens: &[Token], want: &[&str]) {
        let got: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn pipeline_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Pipeline>();
    }

    #[test]
    fn negation_is_marked_before_stemming() {
        let p = Pipeline::new(PipelineConfig::default());
        let mut out = Vec::new();
        p.analyze("India refused to criticise the sanctions", &mut out);
        assert_token_texts(
            &out,
            &["india", "refus", "to", "criticis", "the", "sanction"],
        );
        assert!(out[3].negated && !out[1].negated);
    }

    #[test]
    fn config_round_trips() {
        let c = PipelineConfig::default();
        let s = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<PipelineConfig>(&s).unwrap(), c);
    }
}
