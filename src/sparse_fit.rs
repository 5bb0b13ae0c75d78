//! A sparse objective for linfa's multinomial logistic regression.
//!
//! linfa-logistic fits on dense matrices only: for `n` rows of `d` hashed
//! features every gradient costs `n * d * classes` multiply-adds even though
//! a row has a few hundred non-zeros. This module minimises exactly linfa's
//! objective, `-sum_i log softmax(x_i W + b)[y_i] + alpha/2 * |W|^2` (the
//! intercept is not penalised), with the same optimiser linfa uses (argmin's
//! L-BFGS, memory 10, More-Thuente line search, gradient tolerance), on a
//! CSR matrix, and returns linfa's own fitted type. Everything runs on one
//! thread in a fixed order, so results are reproducible bit for bit.
//!
//! Rows may carry weights (each row's loss term is multiplied by its
//! weight), which linfa's fit does not offer; with all weights 1 the
//! objective is linfa's exactly.

use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use linfa_logistic::MultiFittedLogisticRegression;
use ndarray::{Array1, Array2};

use crate::error::{Error, Result};
use crate::features::SparseRow;

/// Rows in compressed sparse row form.
struct Csr {
    indptr: Vec<usize>,
    cols: Vec<u32>,
    vals: Vec<f64>,
}

struct Problem<'a> {
    x: &'a Csr,
    y: &'a [usize],
    weights: &'a [f64],
    n_features: usize,
    n_classes: usize,
    alpha: f64,
    /// The last point whose cost was asked, with its gradient: the line
    /// search asks for the cost and then the gradient at the same point,
    /// and one pass over the data gives both.
    last: std::cell::RefCell<Option<(Vec<f64>, Vec<f64>)>>,
}

impl Problem<'_> {
    /// Loss and gradient in one pass. `w` is `(n_features + 1) x n_classes`
    /// row-major, the last row holding the intercepts (linfa's layout).
    fn loss_grad(&self, w: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let k = self.n_classes;
        let d = self.n_features;
        let mut loss = 0.0;
        let mut g = grad;
        if let Some(g) = g.as_deref_mut() {
            g.iter_mut().for_each(|v| *v = 0.0);
        }
        let mut z = vec![0.0f64; k];
        for i in 0..self.y.len() {
            z.copy_from_slice(&w[d * k..(d + 1) * k]);
            let (a, b) = (self.x.indptr[i], self.x.indptr[i + 1]);
            for j in a..b {
                let c = self.x.cols[j] as usize;
                let v = self.x.vals[j];
                for (zc, wc) in z.iter_mut().zip(&w[c * k..(c + 1) * k]) {
                    *zc += v * wc;
                }
            }
            let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let sum: f64 = z.iter().map(|v| (v - max).exp()).sum();
            let lse = max + sum.ln();
            let weight = self.weights[i];
            loss += weight * (lse - z[self.y[i]]);
            if let Some(g) = g.as_deref_mut() {
                // p - onehot(y), spread over the row's columns and the intercept.
                for (c, zc) in z.iter_mut().enumerate() {
                    *zc = weight * ((*zc - lse).exp() - if c == self.y[i] { 1.0 } else { 0.0 });
                }
                for j in a..b {
                    let c = self.x.cols[j] as usize;
                    let v = self.x.vals[j];
                    for (gc, dc) in g[c * k..(c + 1) * k].iter_mut().zip(&z) {
                        *gc += v * dc;
                    }
                }
                for (gc, dc) in g[d * k..(d + 1) * k].iter_mut().zip(&z) {
                    *gc += dc;
                }
            }
        }
        let penalty: f64 = w[..d * k].iter().map(|v| v * v).sum();
        loss += 0.5 * self.alpha * penalty;
        if let Some(g) = g {
            for (gv, wv) in g[..d * k].iter_mut().zip(&w[..d * k]) {
                *gv += self.alpha * wv;
            }
        }
        loss
    }
}

impl CostFunction for Problem<'_> {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, w: &Self::Param) -> std::result::Result<f64, argmin::core::Error> {
        let w = w.as_slice().expect("contiguous");
        let mut g = vec![0.0; w.len()];
        let loss = self.loss_grad(w, Some(&mut g));
        *self.last.borrow_mut() = Some((w.to_vec(), g));
        Ok(loss)
    }
}

impl Gradient for Problem<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(&self, w: &Self::Param) -> std::result::Result<Array1<f64>, argmin::core::Error> {
        if let Some((at, g)) = self.last.borrow_mut().take() {
            if at.as_slice() == w.as_slice().expect("contiguous") {
                return Ok(Array1::from(g));
            }
        }
        let mut g = Array1::zeros(w.len());
        self.loss_grad(
            w.as_slice().expect("contiguous"),
            Some(g.as_slice_mut().expect("contiguous")),
        );
        Ok(g)
    }
}

/// Fits linfa's multinomial model on sparse rows.
pub fn fit_sparse(
    rows: &[SparseRow],
    n_features: usize,
    labels: &[String],
    weights: &[f64],
    alpha: f64,
    max_iterations: u64,
    gradient_tolerance: f64,
) -> Result<MultiFittedLogisticRegression<f32, String>> {
    let mut classes: Vec<String> = labels.to_vec();
    classes.sort();
    classes.dedup();
    if classes.len() < 2 {
        return Err(Error::InvalidParameter(format!(
            "training needs at least two classes, found {:?}",
            classes
        )));
    }
    if weights.len() != labels.len() || weights.iter().any(|w| !(w.is_finite() && *w >= 0.0)) {
        return Err(Error::InvalidParameter(
            "one finite, non-negative weight per row is needed".into(),
        ));
    }
    let y: Vec<usize> = labels
        .iter()
        .map(|l| classes.binary_search(l).expect("label is a class"))
        .collect();
    let mut x = Csr {
        indptr: vec![0],
        cols: Vec::new(),
        vals: Vec::new(),
    };
    for row in rows {
        for &(c, v) in row {
            if c as usize >= n_features {
                return Err(Error::FeatureMismatch {
                    expected: n_features,
                    found: c as usize + 1,
                });
            }
            if !v.is_finite() {
                return Err(Error::InvalidParameter(
                    "a feature value is not finite".into(),
                ));
            }
            x.cols.push(c);
            x.vals.push(v as f64);
        }
        x.indptr.push(x.cols.len());
    }
    let k = classes.len();
    let problem = Problem {
        x: &x,
        y: &y,
        weights,
        n_features,
        n_classes: k,
        alpha,
        last: Default::default(),
    };
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(gradient_tolerance)
        .map_err(|e| Error::InvalidParameter(e.to_string()))?;
    let init = Array1::<f64>::zeros((n_features + 1) * k);
    let result = Executor::new(problem, solver)
        .configure(|state| state.param(init).max_iters(max_iterations))
        .run()
        .map_err(|e| Error::InvalidParameter(format!("optimiser failed: {e}")))?;
    let best = result
        .state
        .get_best_param()
        .cloned()
        .unwrap_or_else(|| Array1::zeros((n_features + 1) * k));
    let flat: Vec<f32> = best.iter().map(|&v| v as f32).collect();
    let params =
        Array2::from_shape_vec((n_features, k), flat[..n_features * k].to_vec()).expect("shape");
    let intercept = Array1::from(flat[n_features * k..].to_vec());
    // linfa's constructor is private; its serde form is public and stable.
    let value = serde_json::json!({
        "intercept": serde_json::to_value(&intercept)?,
        "params": serde_json::to_value(&params)?,
        "classes": classes,
    });
    Ok(serde_json::from_value(value)?)
}

/// A model of one class: zero weights, so it gives that class probability 1
/// for every row. For a head whose training data has a single label (the
/// stance head on target-sentiment data such as NewsMTSC).
pub fn constant(
    class: &str,
    n_features: usize,
) -> Result<MultiFittedLogisticRegression<f32, String>> {
    let params = Array2::<f32>::zeros((n_features, 1));
    let intercept = Array1::<f32>::zeros(1);
    let value = serde_json::json!({
        "intercept": serde_json::to_value(&intercept)?,
        "params": serde_json::to_value(&params)?,
        "classes": [class],
    });
    Ok(serde_json::from_value(value)?)
}
