//! Readers and writers. (Being written.)
use crate::{InfluenceGraph, Result};
use std::io::Read;
use std::path::Path;

/// Reads an edge list into a graph.
pub fn read_edge_list<R: Read>(_reader: R, _path: Option<&Path>) -> Result<InfluenceGraph> {
    todo!()
}
