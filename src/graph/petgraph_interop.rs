//! Conversion from and to petgraph graphs.
//!
//! Import goes through petgraph's visit traits, so `Graph`, `StableGraph`
//! (holes included) and `GraphMap` all work. Parallel edges are merged and
//! self-loops dropped exactly as for any other input.

use petgraph::Directed;
use petgraph::visit::{EdgeRef, GraphProp, IntoEdgeReferences, IntoNodeIdentifiers, NodeIndexable};

use super::{GraphBuilder, GraphConfig, InfluenceGraph};
use crate::error::Result;

impl InfluenceGraph {
    /// Builds a graph from any directed petgraph graph whose edge weights
    /// convert to `f64`. User ids are the nodes' indices
    /// ([`NodeIndexable::to_index`]) written in decimal; every node becomes a
    /// user, isolated ones included.
    ///
    /// # Errors
    ///
    /// An edge weight that is NaN, infinite, zero or negative, and a graph
    /// without nodes.
    ///
    /// # Example
    ///
    /// ```
    /// use petgraph::stable_graph::StableGraph;
    /// use influence::InfluenceGraph;
    ///
    /// let mut pg = StableGraph::<(), f64>::new();
    /// let a = pg.add_node(());
    /// let hole = pg.add_node(());
    /// let c = pg.add_node(());
    /// pg.add_edge(a, c, 2.0);
    /// pg.remove_node(hole);
    /// let g = InfluenceGraph::from_petgraph(&pg)?;
    /// assert_eq!(g.user_count(), 2);
    /// assert_eq!(g.user_index("2"), Some(1));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn from_petgraph<G>(graph: G) -> Result<InfluenceGraph>
    where
        G: IntoEdgeReferences + IntoNodeIdentifiers + NodeIndexable + GraphProp<EdgeType = Directed>,
        G::EdgeWeight: Copy + Into<f64>,
    {
        Self::from_petgraph_with(graph, GraphConfig::default(), |n| graph.to_index(n).to_string(), |w| (*w).into())
    }

    /// Builds a graph from any directed petgraph graph, naming users with
    /// `user_id` and weighing edges with `edge_weight`. `user_id` must give
    /// distinct nodes distinct ids (nodes with the same id are one user).
    ///
    /// # Example
    ///
    /// ```
    /// use petgraph::graphmap::DiGraphMap;
    /// use influence::{GraphConfig, InfluenceGraph};
    ///
    /// let mut pg = DiGraphMap::<u64, u32>::new();
    /// pg.add_edge(10, 20, 3);
    /// let g = InfluenceGraph::from_petgraph_with(&pg, GraphConfig::default(), |n| n.to_string(), |&w| w as f64)?;
    /// assert_eq!(g.user_ids().collect::<Vec<_>>(), ["10", "20"]);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn from_petgraph_with<G>(
        graph: G,
        config: GraphConfig,
        mut user_id: impl FnMut(G::NodeId) -> String,
        mut edge_weight: impl FnMut(&G::EdgeWeight) -> f64,
    ) -> Result<InfluenceGraph>
    where
        G: IntoEdgeReferences + IntoNodeIdentifiers + GraphProp<EdgeType = Directed>,
    {
        let mut builder = GraphBuilder::new(config)?;
        for node in graph.node_identifiers() {
            builder.add_user(&user_id(node))?;
        }
        for edge in graph.edge_references() {
            let s = user_id(edge.source());
            let t = user_id(edge.target());
            builder.add_edge(&s, &t, edge_weight(edge.weight()))?;
        }
        builder.build()
    }

    /// Exports the combined graph to a `petgraph::Graph` whose node weights
    /// are the user ids (node `i` is user `i`) and edge weights the merged
    /// weights.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::GraphBuilder;
    ///
    /// let mut b = GraphBuilder::default();
    /// b.add_edge("a", "b", 2.5)?;
    /// let pg = b.build()?.to_petgraph();
    /// assert_eq!(pg.node_count(), 2);
    /// assert_eq!(pg.raw_edges()[0].weight, 2.5);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn to_petgraph(&self) -> petgraph::Graph<String, f64> {
        let mut pg = petgraph::Graph::with_capacity(self.user_count(), self.edge_count());
        let nodes: Vec<_> = self.user_ids().map(|id| pg.add_node(id.to_string())).collect();
        for (u, v, w) in self.combined().edges() {
            pg.add_edge(nodes[u as usize], nodes[v as usize], w);
        }
        pg
    }
}
