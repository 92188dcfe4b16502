//! Interning of external user ids to dense `u32` indices.
//!
//! Ids are arbitrary strings (numeric ids are strings too). Each distinct id
//! gets the next index in order of first appearance, so the same input in the
//! same order always gives the same numbering.

use std::collections::HashMap;
use std::sync::Arc;

/// foldhash: several times faster than SipHash on short ids, and seeded per
/// process so crafted ids cannot force collisions. Hash order never leaks
/// into results: indices follow first appearance.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

use crate::error::{Error, ErrorKind, Result};

/// The table of user ids of one graph: index → id and id → index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Users {
    names: Vec<Arc<str>>,
    index: FastMap<Arc<str>, u32>,
}

impl Users {
    /// The index of `id`, interning it if new.
    pub(crate) fn intern(&mut self, id: &str) -> Result<u32> {
        if let Some(&i) = self.index.get(id) {
            return Ok(i);
        }
        let i = u32::try_from(self.names.len())
            .ok()
            .filter(|&i| i < u32::MAX)
            .ok_or_else(|| Error::new(ErrorKind::TooLarge { what: "users", limit: u32::MAX as u64 - 1 }))?;
        let name: Arc<str> = Arc::from(id);
        self.names.push(Arc::clone(&name));
        self.index.insert(name, i);
        Ok(i)
    }

    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
    }

    pub(crate) fn name(&self, index: u32) -> Option<&str> {
        self.names.get(index as usize).map(|s| &**s)
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.names.iter().map(|s| &**s)
    }

    /// An estimate of the heap bytes held: the id text once, two pointers per
    /// user in the vector and the hash table's slots.
    pub(crate) fn memory_bytes(&self) -> usize {
        let text: usize = self.names.iter().map(|s| s.len() + 16).sum();
        let vec = self.names.capacity() * std::mem::size_of::<Arc<str>>();
        let map = self.index.capacity() * (std::mem::size_of::<(Arc<str>, u32)>() + 1);
        text + vec + map
    }
}
