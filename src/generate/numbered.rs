//! `numbered_graph`: a graph over users named `"0"`, `"1"`, … from edges
//! given by index, the shape every index-based generator produces.
//!
//! All users are added first and in order, so user `i` has index `i` and the
//! id `i.to_string()`, and users without edges are kept (isolated users
//! still get a score, as in NetworKit or igraph). This module only feeds the
//! [`GraphBuilder`]; merging, self-loop counting and validation stay there.

use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::graph::{GraphBuilder, GraphConfig, InfluenceGraph};

/// Builds a graph of `users` users with ids `"0"` to `"users − 1"` (user `i`
/// at index `i`) and the edges `(actor, target, weight)` given by index.
///
/// Edges go through [`GraphBuilder::add_edge_by_index`], so the builder's
/// rules apply: self-loops are dropped and counted, duplicates merged (their
/// weights summed, or set to 1 with [`GraphConfig::unweighted`]).
///
/// # Errors
///
/// `users` of 0 or `u32::MAX` (the builder indexes users below `u32::MAX`),
/// an edge naming an index `>= users`, an invalid weight, and the builder's
/// own errors.
///
/// # Example
///
/// ```
/// use influence::GraphConfig;
/// use influence::generate::numbered_graph;
///
/// let g = numbered_graph(4, [(0, 1, 1.0), (2, 1, 1.0), (2, 1, 1.0)], GraphConfig::default().unweighted(true))?;
/// assert_eq!(g.user_count(), 4); // user "3" is isolated but present
/// assert_eq!(g.edge_count(), 2);
/// assert_eq!(g.user_id(3), Some("3"));
/// assert_eq!(g.stats().merged, 1);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn numbered_graph(
    users: u32,
    edges: impl IntoIterator<Item = (u32, u32, f64)>,
    config: GraphConfig,
) -> Result<InfluenceGraph> {
    let mut builder = GraphBuilder::new(config)?;
    add_numbered_users(&mut builder, users)?;
    for (actor, target, weight) in edges {
        builder.add_edge_by_index(actor, target, weight)?;
    }
    builder.build()
}

/// The first half of [`numbered_graph`], for generators that stream their
/// edges into the builder themselves: adds the users `"0"` to
/// `"users − 1"` to `builder`, which must have none yet (so that user `i`
/// gets index `i`). Edges then go in by index, and `builder.build()` gives
/// the graph `numbered_graph` would give for the same edges in the same
/// order.
///
/// # Errors
///
/// Those of [`numbered_graph`] for `users`, a builder that already has
/// users, and the builder's own errors (its user limit).
pub(crate) fn add_numbered_users(builder: &mut GraphBuilder, users: u32) -> Result<()> {
    if users == 0 || users == u32::MAX {
        return Err(Error::config("users", users, "must lie between 1 and 2^32 − 2"));
    }
    if builder.user_count() != 0 {
        return Err(Error::config(
            "builder",
            format!("{} users", builder.user_count()),
            "must be empty, so that user i gets index i",
        ));
    }
    let mut id = String::with_capacity(10);
    for i in 0..users {
        id.clear();
        // Writing to a String cannot fail.
        let _ = write!(id, "{i}");
        builder.add_user(&id)?;
    }
    Ok(())
}
