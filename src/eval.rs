//! Metrics: confusion matrix, per-class precision/recall/F1, macro-F1,
//! accuracy, and dyad precision/recall/F1 for whole articles.
//!
//! ```
//! use stance::eval::ClassReport;
//! let labels = ["a", "b"];
//! let r = ClassReport::new(&labels, &[("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")]);
//! assert_eq!(r.accuracy, 0.75);
//! assert_eq!(r.per_class["b"].recall, 1.0);
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Precision, recall, F1 and support of one class.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// Scores of one classification head.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassReport {
    pub accuracy: f64,
    pub macro_f1: f64,
    pub per_class: BTreeMap<String, ClassScores>,
    /// gold label -> predicted label -> count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl ClassReport {
    /// Scores (gold, predicted) pairs over `labels`. Macro-F1 averages over
    /// every label in `labels`, present in the gold data or not.
    pub fn new<S: AsRef<str>>(labels: &[S], pairs: &[(S, S)]) -> ClassReport {
        let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for g in labels {
            let row = confusion.entry(g.as_ref().to_string()).or_default();
            for p in labels {
                row.insert(p.as_ref().to_string(), 0);
            }
        }
        let mut correct = 0;
        for (g, p) in pairs {
            *confusion
                .entry(g.as_ref().to_string())
                .or_default()
                .entry(p.as_ref().to_string())
                .or_insert(0) += 1;
            if g.as_ref() == p.as_ref() {
                correct += 1;
            }
        }
        let mut per_class = BTreeMap::new();
        for l in labels {
            let l = l.as_ref();
            let tp = confusion
                .get(l)
                .and_then(|r| r.get(l))
                .copied()
                .unwrap_or(0);
            let support: usize = confusion.get(l).map(|r| r.values().sum()).unwrap_or(0);
            let predicted: usize = confusion
                .values()
                .map(|r| r.get(l).copied().unwrap_or(0))
                .sum();
            let (p, r) = (ratio(tp, predicted), ratio(tp, support));
            per_class.insert(
                l.to_string(),
                ClassScores {
                    precision: p,
                    recall: r,
                    f1: f1(p, r),
                    support,
                },
            );
        }
        let macro_f1 = if labels.is_empty() {
            0.0
        } else {
            per_class.values().map(|c| c.f1).sum::<f64>() / labels.len() as f64
        };
        ClassReport {
            accuracy: ratio(correct, pairs.len()),
            macro_f1,
            per_class,
            confusion,
        }
    }
}

/// An article's (source, target, stance) triples.
pub type DyadSet = BTreeSet<(String, String, String)>;

/// Dyad-level scores over articles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DyadReport {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl DyadReport {
    /// Adds one article's gold and predicted (source, target, stance) triples.
    pub fn from_sets(articles: &[(DyadSet, DyadSet)]) -> DyadReport {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (gold, pred) in articles {
            tp += gold.intersection(pred).count();
            fp += pred.difference(gold).count();
            fn_ += gold.difference(pred).count();
        }
        let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
        // 2PR/(P+R) written on the counts, so that F1 is exact where it can be.
        let f1 = ratio(2 * tp, 2 * tp + fp + fn_);
        DyadReport {
            precision: p,
            recall: r,
            f1,
            tp,
            fp,
            fn_,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_f1_counts_absent_classes() {
        let r = ClassReport::new(&["a", "b", "c"], &[("a", "a"), ("b", "b")]);
        assert!((r.macro_f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.per_class["c"].support, 0);
    }

    #[test]
    fn dyads() {
        let t = |s: &str| (s.to_string(), "X".to_string(), "accusatory".to_string());
        let r = DyadReport::from_sets(&[([t("A"), t("B")].into(), [t("A"), t("C")].into())]);
        assert_eq!((r.tp, r.fp, r.fn_), (1, 1, 1));
        assert_eq!(r.f1, 0.5);
    }
}
