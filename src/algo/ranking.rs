//! `Ranking`: the result every ranking algorithm returns.

use std::cmp::Ordering;
use std::sync::Arc;

use super::driver::Outcome;
use crate::error::{Error, Result};
use crate::graph::{InfluenceGraph, Users};

/// Scores for every user of a graph, with an honest account of how the
/// iteration ended.
///
/// Scores are indexed by user index (see
/// [`InfluenceGraph::user_index`](crate::InfluenceGraph::user_index)) and
/// can be looked up by id. A ranking that did not converge says so in
/// [`Ranking::converged`]; its scores are the last iterate.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, PageRank};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("a", "c", 1.0)?;
/// b.add_edge("b", "c", 1.0)?;
/// let g = b.build()?;
/// let r = PageRank::default().run(&g)?;
/// assert!(r.converged());
/// assert_eq!(r.top(1)[0].0, "c");
/// assert!((r.scores().iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// assert!(r.score("a").unwrap() < r.score("c").unwrap());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Ranking {
    pub(crate) users: Arc<Users>,
    pub(crate) scores: Vec<f64>,
    pub(crate) iterations: usize,
    pub(crate) residual: f64,
    pub(crate) converged: bool,
    pub(crate) history: Vec<f64>,
    pub(crate) algorithm: &'static str,
    pub(crate) edge_visits: u64,
}

impl Ranking {
    /// The ranking of an iterative algorithm: `scores` by user index of
    /// `graph`, how the driver stopped, and the edges visited in all.
    ///
    /// Every ranking is made here or by [`Ranking::direct`], which keep the
    /// one rule on scores: finite and at least 0, with no negative zero (an
    /// empty `f64` sum is `-0.0`). A score that overflowed is an error that
    /// names the weights as the cause, never a result.
    pub(crate) fn iterative(
        graph: &InfluenceGraph,
        scores: Vec<f64>,
        outcome: Outcome,
        algorithm: &'static str,
        edge_visits: u64,
    ) -> Result<Ranking> {
        Ok(Ranking {
            users: graph.users_arc().clone(),
            scores: checked_scores(graph, scores, algorithm)?,
            iterations: outcome.iterations,
            residual: outcome.residual,
            converged: outcome.converged,
            history: outcome.history,
            algorithm,
            edge_visits,
        })
    }

    /// The ranking of an iterative algorithm over `users`, with no graph at
    /// hand (a distributed run gathers ids and scores): scores must be
    /// finite and at least 0.
    #[cfg(feature = "distributed")]
    pub(crate) fn of_users(
        users: Arc<Users>,
        mut scores: Vec<f64>,
        outcome: Outcome,
        algorithm: &'static str,
        edge_visits: u64,
    ) -> Result<Ranking> {
        if let Some((u, bad)) = scores.iter().enumerate().find(|(_, x)| !(x.is_finite() && **x >= 0.0)) {
            let user = users.name(u as u32).unwrap_or("?");
            return Err(Error::weight(bad, format!("{algorithm} gave user {user:?} this score")));
        }
        scores.iter_mut().for_each(|x| *x += 0.0);
        Ok(Ranking {
            users,
            scores,
            iterations: outcome.iterations,
            residual: outcome.residual,
            converged: outcome.converged,
            history: outcome.history,
            algorithm,
            edge_visits,
        })
    }

    // Used by the non-iterative measures (degree baselines) of the variants issue.
    /// The ranking of a direct (non-iterative) computation, such as a degree
    /// count: no iterations, residual 0, converged.
    pub(crate) fn direct(
        graph: &InfluenceGraph,
        scores: Vec<f64>,
        algorithm: &'static str,
        edge_visits: u64,
    ) -> Result<Ranking> {
        Ok(Ranking {
            users: graph.users_arc().clone(),
            scores: checked_scores(graph, scores, algorithm)?,
            iterations: 0,
            residual: 0.0,
            converged: true,
            history: Vec::new(),
            algorithm,
            edge_visits,
        })
    }

    /// Every user's score, by user index.
    pub fn scores(&self) -> &[f64] {
        &self.scores
    }

    /// Consumes the ranking, returning the scores by user index.
    pub fn into_scores(self) -> Vec<f64> {
        self.scores
    }

    /// The score of the user with id `user`, if the graph has that user.
    pub fn score(&self, user: &str) -> Option<f64> {
        self.users.get(user).map(|i| self.scores[i as usize])
    }

    /// The id of user `index`.
    pub fn user_id(&self, index: u32) -> Option<&str> {
        self.users.name(index)
    }

    /// The number of users ranked.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// Whether no user was ranked (never true for a ranking from a graph).
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// `(id, score)` for every user, by user index.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, f64)> + '_ {
        self.users.iter().zip(self.scores.iter().copied())
    }

    /// The `k` highest-scored users as `(id, score)`, highest first; ties go
    /// to the lower user index, so the order is deterministic.
    pub fn top(&self, k: usize) -> Vec<(&str, f64)> {
        self.top_indices(k)
            .into_iter()
            .map(|i| (self.users.name(i).unwrap_or_default(), self.scores[i as usize]))
            .collect()
    }

    /// The user indices of the `k` highest scores, highest first.
    pub fn top_indices(&self, k: usize) -> Vec<u32> {
        let by_rank = |&a: &u32, &b: &u32| -> Ordering {
            let (sa, sb) = (self.scores[a as usize], self.scores[b as usize]);
            sb.total_cmp(&sa).then(a.cmp(&b))
        };
        let mut idx: Vec<u32> = (0..self.scores.len() as u32).collect();
        let k = k.min(idx.len());
        if k == 0 {
            return Vec::new();
        }
        if k < idx.len() {
            idx.select_nth_unstable_by(k - 1, by_rank);
            idx.truncate(k);
        }
        idx.sort_unstable_by(by_rank);
        idx
    }

    /// The number of iterations run.
    pub fn iterations(&self) -> usize {
        self.iterations
    }

    /// The final residual: for iterative solvers the L1 change made by the
    /// last iteration; for PageRank's push solver the bound on the L1
    /// distance to the exact scores that it stopped at; 0 for direct
    /// computations.
    pub fn residual(&self) -> f64 {
        self.residual
    }

    /// Whether the residual fell below the tolerance within the iteration cap.
    pub fn converged(&self) -> bool {
        self.converged
    }

    /// The residual after every iteration, first to last (for the push
    /// solver, one entry per threshold phase); empty for direct computations.
    pub fn residual_history(&self) -> &[f64] {
        &self.history
    }

    /// The name of the algorithm that produced this ranking, e.g. `pagerank`.
    pub fn algorithm(&self) -> &'static str {
        self.algorithm
    }

    /// The number of edge visits the computation made in all (one per edge
    /// per sweep for power iteration), a machine-independent measure of work.
    pub fn edge_visits(&self) -> u64 {
        self.edge_visits
    }
}

/// `scores` with every negative zero made `+0.0`, or the error for a score
/// that is not a finite number at least 0: with weights validated at build
/// (finite, and summing to a finite total), only weights so large that an
/// algorithm's intermediate products overflow get there.
fn checked_scores(graph: &InfluenceGraph, mut scores: Vec<f64>, algorithm: &str) -> Result<Vec<f64>> {
    if let Some((u, bad)) = scores.iter().enumerate().find(|(_, x)| !(x.is_finite() && **x >= 0.0)) {
        let user = graph.user_id(u as u32).unwrap_or("?");
        let largest = graph.combined().max_weight();
        return Err(Error::weight(
            format!("{largest:e}"),
            format!(
                "{algorithm} gave user {user:?} the score {bad} with weights this large (the largest edge weight); \
                 divide the weights by a common factor (most measures do not change) or use pagerank"
            ),
        ));
    }
    // Adding +0.0 turns -0.0 into +0.0 and leaves every other value as it is.
    scores.iter_mut().for_each(|x| *x += 0.0);
    Ok(scores)
}
