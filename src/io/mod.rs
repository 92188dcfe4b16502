//! Readers and writers. (Being written.)
use std::io::Read;
use std::path::Path;
use crate::{InfluenceGraph, Result};

/// Reads an edge list into a graph.
pub fn read_edge_list<R: Read>(_reader: R, _path: Option<&Path>) -> Result<InfluenceGraph> {
    todo!()
}
