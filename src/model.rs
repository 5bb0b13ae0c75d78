//! The classifier: multinomial logistic regression from `linfa-logistic`.
//!
//! Parameters are checked once (`TrainParams -> ValidTrainParams`), rows
//! are densified for the fit (linfa takes dense matrices only), and
//! prediction works on sparse rows directly against the fitted weights,
//! checking the feature count itself instead of letting linfa's `assert`
//! panic.
//!
//! ```
//! use stance::model::{Classifier, TrainParams};
//! let rows = vec![vec![(0, 1.0)], vec![(1, 1.0)], vec![(0, 1.0)], vec![(1, 1.0)]];
//! let labels: Vec<String> = ["a", "b", "a", "b"].iter().map(|s| s.to_string()).collect();
//! let params = TrainParams::default().alpha(0.1).check().unwrap();
//! let clf = Classifier::fit(&params, &rows, 2, &labels).unwrap();
//! let p = clf.predict_probabilities(&[(0, 1.0)]).unwrap();
//! assert!(p[0] > 0.5 && clf.classes()[0] == "a");
//! ```

use linfa::prelude::*;
use linfa_logistic::{MultiFittedLogisticRegression, MultiLogisticRegression};
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::SparseRow;

/// Unchecked training parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainParams {
    alpha: f32,
    max_iterations: u64,
    gradient_tolerance: f32,
    solver: Solver,
}

/// How the heads are fitted. Both minimise the same objective with the
/// same optimiser; they differ in how they touch the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Solver {
    /// argmin's L-BFGS on a sparse matrix (`sparse_fit`): fast.
    Sparse,
    /// linfa-logistic's own fit on a dense matrix: memory rows x features x 4 B.
    Dense,
}

/// Training parameters that passed [`TrainParams::check`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidTrainParams(TrainParams);

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            alpha: 0.1,
            max_iterations: 300,
            gradient_tolerance: 1e-4,
            solver: Solver::Sparse,
        }
    }
}

impl TrainParams {
    /// L2 penalty strength. Defaults to `0.1`.
    pub fn alpha(mut self, alpha: f32) -> Self {
        self.alpha = alpha;
        self
    }

    /// Most optimiser iterations. Defaults to `300`.
    pub fn max_iterations(mut self, n: u64) -> Self {
        self.max_iterations = n;
        self
    }

    /// Gradient norm at which the optimiser stops. Defaults to `1e-4`.
    pub fn gradient_tolerance(mut self, tol: f32) -> Self {
        self.gradient_tolerance = tol;
        self
    }

    /// The fitting method. Defaults to `Solver::Sparse`.
    pub fn solver(mut self, solver: Solver) -> Self {
        self.solver = solver;
        self
    }

    /// Checks the parameters.
    pub fn check(self) -> Result<ValidTrainParams> {
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return Err(Error::InvalidParameter(format!(
                "alpha must be finite and >= 0, got {}",
                self.alpha
            )));
        }
        if self.max_iterations == 0 {
            return Err(Error::InvalidParameter(
                "max_iterations must be at least 1".into(),
            ));
        }
        if !(self.gradient_tolerance.is_finite() && self.gradient_tolerance > 0.0) {
            return Err(Error::InvalidParameter(format!(
                "gradient_tolerance must be finite and > 0, got {}",
                self.gradient_tolerance
            )));
        }
        Ok(ValidTrainParams(self))
    }
}

impl ValidTrainParams {
    /// The checked parameters.
    pub fn params(&self) -> &TrainParams {
        &self.0
    }
}

/// The largest feature matrix the dense solver will allocate (8 GiB).
const DENSE_LIMIT_BYTES: u128 = 8 << 30;

/// A fitted classifier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Classifier {
    inner: MultiFittedLogisticRegression<f32, String>,
}

impl Classifier {
    /// Fits on sparse rows of width `n_features` with one label per row.
    pub fn fit(
        params: &ValidTrainParams,
        rows: &[SparseRow],
        n_features: usize,
        labels: &[String],
    ) -> Result<Classifier> {
        Classifier::fit_weighted(params, rows, n_features, labels, &vec![1.0; labels.len()])
    }

    /// Fits with one weight per row. The dense solver (linfa) has no row
    /// weights: it refuses weights other than 1.
    pub fn fit_weighted(
        params: &ValidTrainParams,
        rows: &[SparseRow],
        n_features: usize,
        labels: &[String],
        weights: &[f64],
    ) -> Result<Classifier> {
        if rows.len() != labels.len() {
            return Err(Error::InvalidParameter(format!(
                "{} rows but {} labels",
                rows.len(),
                labels.len()
            )));
        }
        if rows.is_empty() {
            return Err(Error::InvalidParameter("no training rows".into()));
        }
        if let Some(first) = labels.first() {
            if labels.iter().all(|l| l == first) {
                let inner = crate::sparse_fit::constant(first, n_features)?;
                return Ok(Classifier { inner });
            }
        }
        let p = params.params();
        if p.solver == Solver::Sparse {
            let inner = crate::sparse_fit::fit_sparse(
                rows,
                n_features,
                labels,
                weights,
                p.alpha as f64,
                p.max_iterations,
                p.gradient_tolerance as f64,
            )?;
            return Ok(Classifier { inner });
        }
        if weights.iter().any(|&w| w != 1.0) {
            return Err(Error::InvalidParameter(
                "the dense solver does not take row weights".into(),
            ));
        }
        // The dense matrix is rows x features x 4 bytes: refuse what would
        // not fit in memory instead of aborting on allocation.
        let bytes = (rows.len() as u128) * (n_features as u128) * 4;
        if bytes > DENSE_LIMIT_BYTES {
            return Err(Error::InvalidParameter(format!(
                "the dense solver needs a {} x {} matrix ({:.1} GiB, more than {} GiB): \
                 use the sparse solver or fewer features (--n-features)",
                rows.len(),
                n_features,
                bytes as f64 / (1u64 << 30) as f64,
                DENSE_LIMIT_BYTES >> 30
            )));
        }
        let mut x = Array2::<f32>::zeros((rows.len(), n_features));
        for (i, row) in rows.iter().enumerate() {
            for &(c, v) in row {
                let c = c as usize;
                if c >= n_features {
                    return Err(Error::FeatureMismatch {
                        expected: n_features,
                        found: c + 1,
                    });
                }
                x[[i, c]] += v;
            }
        }
        let y = Array1::from(labels.to_vec());
        let dataset = Dataset::new(x, y);
        let inner = MultiLogisticRegression::default()
            .alpha(p.alpha)
            .max_iterations(p.max_iterations)
            .gradient_tolerance(p.gradient_tolerance)
            .fit(&dataset)?;
        Ok(Classifier { inner })
    }

    /// Class labels in column order.
    pub fn classes(&self) -> &[String] {
        self.inner.classes()
    }

    /// Number of features the classifier was trained on.
    pub fn n_features(&self) -> usize {
        self.inner.params().nrows()
    }

    /// Weight matrix (features x classes).
    pub fn weights(&self) -> &Array2<f32> {
        self.inner.params()
    }

    /// Intercepts, one per class.
    pub fn intercept(&self) -> &Array1<f32> {
        self.inner.intercept()
    }

    /// Checks internal consistency after loading.
    pub fn validate(&self, n_features: usize) -> Result<()> {
        let w = self.inner.params();
        if w.nrows() != n_features {
            return Err(Error::FeatureMismatch {
                expected: w.nrows(),
                found: n_features,
            });
        }
        if w.ncols() != self.classes().len() || self.intercept().len() != self.classes().len() {
            return Err(Error::InvalidModel(format!(
                "{} classes but weights for {} and intercepts for {}",
                self.classes().len(),
                w.ncols(),
                self.intercept().len()
            )));
        }
        if w.iter()
            .chain(self.intercept().iter())
            .any(|v| !v.is_finite())
        {
            return Err(Error::InvalidModel("weights are not all finite".into()));
        }
        Ok(())
    }

    /// Class probabilities of one sparse row, in [`Classifier::classes`] order.
    pub fn predict_probabilities(&self, row: &[(u32, f32)]) -> Result<Vec<f32>> {
        let w = self.inner.params();
        let mut scores: Vec<f32> = self.inner.intercept().to_vec();
        for &(c, v) in row {
            let c = c as usize;
            if c >= w.nrows() {
                return Err(Error::FeatureMismatch {
                    expected: w.nrows(),
                    found: c + 1,
                });
            }
            for (k, s) in scores.iter_mut().enumerate() {
                *s += w[[c, k]] * v;
            }
        }
        let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0;
        for s in scores.iter_mut() {
            *s = (*s - max).exp();
            sum += *s;
        }
        for s in scores.iter_mut() {
            *s /= sum;
        }
        Ok(scores)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_class_data_gives_a_constant_head() {
        let params = TrainParams::default().check().unwrap();
        let rows = vec![vec![(0, 1.0)], vec![(1, 0.5)]];
        let labels = vec!["neutral".to_string(), "neutral".to_string()];
        let c = Classifier::fit(&params, &rows, 4, &labels).unwrap();
        assert_eq!(c.classes(), ["neutral"]);
        assert_eq!(c.predict_probabilities(&[(2, 3.0)]).unwrap(), [1.0]);
        c.validate(4).unwrap();
    }

    #[test]
    fn bad_params_are_rejected() {
        assert!(TrainParams::default().alpha(-1.0).check().is_err());
        assert!(TrainParams::default().max_iterations(0).check().is_err());
        assert!(TrainParams::default()
            .gradient_tolerance(f32::NAN)
            .check()
            .is_err());
    }

    #[test]
    fn sparse_prediction_matches_linfa() {
        let rows: Vec<SparseRow> = vec![
            vec![(0, 1.0), (2, 0.5)],
            vec![(1, 1.0)],
            vec![(2, 1.0)],
            vec![(0, 0.3), (1, 0.7)],
        ];
        let labels: Vec<String> = ["x", "y", "z", "y"].iter().map(|s| s.to_string()).collect();
        let params = TrainParams::default().alpha(0.5).check().unwrap();
        let clf = Classifier::fit(&params, &rows, 3, &labels).unwrap();
        let dense = ndarray::array![[1.0f32, 0.0, 0.5]];
        let want = clf.inner.predict_probabilities(&dense);
        let got = clf.predict_probabilities(&rows[0]).unwrap();
        for k in 0..3 {
            assert!((want[[0, k]] - got[k]).abs() < 1e-5);
        }
    }

    #[test]
    fn sparse_and_dense_solvers_agree() {
        let rows: Vec<SparseRow> = (0..40)
            .map(|i| vec![(i % 5, 1.0), ((i * 7 + 1) % 11, 0.5), (11 + i % 3, 0.25)])
            .collect();
        let labels: Vec<String> = (0..40)
            .map(|i| ["a", "b", "c"][(i % 5) as usize % 3].to_string())
            .collect();
        let fit = |solver| {
            let p = TrainParams::default()
                .alpha(0.5)
                .gradient_tolerance(1e-6)
                .solver(solver)
                .check()
                .unwrap();
            Classifier::fit(&p, &rows, 16, &labels).unwrap()
        };
        let (sparse, dense) = (fit(Solver::Sparse), fit(Solver::Dense));
        assert_eq!(sparse.classes(), dense.classes());
        for row in &rows {
            let (a, b) = (
                sparse.predict_probabilities(row).unwrap(),
                dense.predict_probabilities(row).unwrap(),
            );
            for k in 0..3 {
                assert!((a[k] - b[k]).abs() < 1e-3, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn wide_rows_are_an_error_not_a_panic() {
        let rows: Vec<SparseRow> = vec![vec![(0, 1.0)], vec![(1, 1.0)]];
        let labels: Vec<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
        let clf =
            Classifier::fit(&TrainParams::default().check().unwrap(), &rows, 2, &labels).unwrap();
        assert!(matches!(
            clf.predict_probabilities(&[(5, 1.0)]),
            Err(Error::FeatureMismatch { .. })
        ));
    }

    #[test]
    fn a_dense_fit_too_big_for_memory_is_refused() {
        let rows: Vec<SparseRow> = vec![vec![(0, 1.0)]; 40_000];
        let labels: Vec<String> = (0..40_000).map(|i| ["a", "b"][i % 2].to_string()).collect();
        let p = TrainParams::default()
            .solver(Solver::Dense)
            .check()
            .unwrap();
        let err = Classifier::fit(&p, &rows, 1 << 18, &labels).unwrap_err();
        assert!(err.to_string().contains("--n-features"), "{err}");
    }
}
