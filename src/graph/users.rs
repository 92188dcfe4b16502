//! Interning of external user ids to dense `u32` indices.
//!
//! Ids are arbitrary strings (numeric ids are strings too). While a graph is
//! built each distinct id gets the next index in order of first appearance;
//! at build, `sort_by_id` renumbers them in order of id (unless the
//! configuration keeps first appearance), so the numbering does not depend
//! on the order of the input.
//!
//! Canonical decimal ids (`0`, `42`, no sign, no leading zero, below 2^64),
//! the ids of SNAP and KONECT files, are looked up by their numeric value:
//! small ones (below a bound that grows with the number of users) in a
//! direct-indexed vector, larger ones in a table of integers, instead of a
//! hash probe plus a string comparison through a pointer. Every other id
//! goes through the string table. A numeric id is looked up in the vector and
//! then the integer table, and stored in exactly one of them, so lookups
//! agree.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::Limits;
use crate::error::{Error, ErrorKind, Result};

/// foldhash: several times faster than SipHash on short keys, and seeded per
/// process so crafted ids cannot force collisions. Hash order never leaks
/// into results: indices follow first appearance, then the order of ids.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The table of user ids of one graph: index → id and id → index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Users {
    names: Vec<Arc<str>>,
    by_text: FastMap<Arc<str>, u32>,
    by_number: FastMap<u64, u32>,
    dense: Vec<u32>,
}

/// Marks a free slot of `Users::dense`.
const FREE: u32 = u32::MAX;

/// The value of `id` if it is a canonical decimal number.
#[inline]
fn canonical_number(id: &str) -> Option<u64> {
    let bytes = id.as_bytes();
    if bytes.is_empty() || bytes.len() > 19 || (bytes[0] == b'0' && bytes.len() > 1) {
        return None;
    }
    let mut value = 0u64;
    for &b in bytes {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        // At most 19 digits: cannot overflow u64.
        value = value * 10 + u64::from(digit);
    }
    Some(value)
}

impl Users {
    /// The index of `id`, interning it if new.
    pub(crate) fn intern(&mut self, id: &str) -> Result<u32> {
        self.intern_within(id, &Limits::default())
    }

    /// The index of `id`, interning it if new and if `limits` allow one
    /// more user.
    pub(crate) fn intern_within(&mut self, id: &str, limits: &Limits) -> Result<u32> {
        let number = canonical_number(id);
        let found = match number {
            Some(k) => self.get_number(k),
            None => self.by_text.get(id).copied(),
        };
        if let Some(i) = found {
            return Ok(i);
        }
        limits.check_users(self.names.len() as u64 + 1)?;
        let i = u32::try_from(self.names.len())
            .ok()
            .filter(|&i| i < u32::MAX)
            .ok_or_else(|| Error::new(ErrorKind::TooLarge { what: "users", limit: u32::MAX as u64 - 1 }))?;
        let name: Arc<str> = Arc::from(id);
        match number {
            Some(k) => {
                // Direct indexing while the ids are dense enough: the vector
                // stays within 8 slots (32 bytes) per user plus 4 MiB.
                let limit = (1u64 << 20).max(8 * self.names.len() as u64 + 8);
                if k < limit {
                    if k as usize >= self.dense.len() {
                        let len = (k as usize + 1).next_power_of_two().min(limit as usize);
                        self.dense.resize(len, FREE);
                    }
                    self.dense[k as usize] = i;
                } else {
                    self.by_number.insert(k, i);
                }
            }
            None => {
                self.by_text.insert(Arc::clone(&name), i);
            }
        }
        self.names.push(name);
        Ok(i)
    }

    /// Renumbers the users in order of id: canonical decimal ids first, by
    /// value, then the others in byte order. Returns the new index of every
    /// old one, or `None` when the order was already that.
    pub(crate) fn sort_by_id(&mut self) -> Option<Vec<u32>> {
        let numbers: Vec<Option<u64>> = self.names.iter().map(|n| canonical_number(n)).collect();
        let key = |i: u32| -> (bool, u64, &str) {
            match numbers[i as usize] {
                Some(k) => (false, k, ""),
                None => (true, 0, &self.names[i as usize]),
            }
        };
        let n = self.names.len() as u32;
        if (1..n).all(|i| key(i - 1) < key(i)) {
            return None;
        }
        let mut order: Vec<u32> = (0..n).collect();
        order.par_sort_unstable_by(|&a, &b| key(a).cmp(&key(b)));
        Some(self.reorder(&order))
    }

    /// Renumbers users so that `order[new]` is the old index of user `new`
    /// (`order` is a permutation of `0..len`); returns the new index of
    /// every old one.
    pub(crate) fn reorder(&mut self, order: &[u32]) -> Vec<u32> {
        let mut new_index = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old as usize] = new as u32;
        }
        self.names = order.iter().map(|&old| Arc::clone(&self.names[old as usize])).collect();
        for i in self.by_text.values_mut() {
            *i = new_index[*i as usize];
        }
        for i in self.by_number.values_mut() {
            *i = new_index[*i as usize];
        }
        for i in self.dense.iter_mut().filter(|i| **i != FREE) {
            *i = new_index[*i as usize];
        }
        new_index
    }

    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        match canonical_number(id) {
            Some(k) => self.get_number(k),
            None => self.by_text.get(id).copied(),
        }
    }

    #[inline]
    fn get_number(&self, k: u64) -> Option<u32> {
        if let Some(&i) = self.dense.get(k as usize) {
            if i != FREE {
                return Some(i);
            }
        }
        if self.by_number.is_empty() { None } else { self.by_number.get(&k).copied() }
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

    /// An estimate of the heap bytes held: the id text once (with its
    /// reference counts), a pointer per user, and the two tables' slots.
    pub(crate) fn memory_bytes(&self) -> usize {
        let text: usize = self.names.iter().map(|s| s.len() + 16).sum();
        let vec = self.names.capacity() * std::mem::size_of::<Arc<str>>();
        let by_text = self.by_text.capacity() * (std::mem::size_of::<(Arc<str>, u32)>() + 1);
        let by_number = self.by_number.capacity() * (std::mem::size_of::<(u64, u32)>() + 1);
        text + vec + by_text + by_number + self.dense.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_numbers_only() {
        assert_eq!(canonical_number("0"), Some(0));
        assert_eq!(canonical_number("18446744073709551615"), None); // 20 digits: the text table
        assert_eq!(canonical_number("9999999999999999999"), Some(9_999_999_999_999_999_999));
        for id in ["", "01", "-1", "+1", "1.0", "1e3", " 1", "x1", "١"] {
            assert_eq!(canonical_number(id), None, "{id:?}");
        }
    }

    #[test]
    fn numeric_and_text_ids_never_alias() {
        let mut u = Users::default();
        let a = u.intern("7").unwrap();
        let b = u.intern("07").unwrap();
        let c = u.intern("seven").unwrap();
        assert_eq!((a, b, c), (0, 1, 2));
        assert_eq!(u.intern("7").unwrap(), 0);
        assert_eq!(u.get("07"), Some(1));
        assert_eq!(u.get("8"), None);
        assert_eq!(u.iter().collect::<Vec<_>>(), ["7", "07", "seven"]);
    }

    #[test]
    fn sparse_and_dense_numbers_agree() {
        let mut u = Users::default();
        // Far beyond the direct-indexed range: the integer table.
        let big = u.intern("123456789012").unwrap();
        let small = u.intern("5").unwrap();
        assert_eq!((big, small), (0, 1));
        // Enough users that the direct range grows past an id first stored
        // in the integer table: it must still be found, not added again.
        let mid = u.intern("2000000").unwrap();
        for k in 0..300_000u32 {
            u.intern(&(10_000_000 + k).to_string()).unwrap();
        }
        let grown = u.intern("2100000").unwrap();
        assert!(u.dense.len() > 2_000_000, "the direct range grew past 2000000");
        assert_eq!(u.intern("2000000").unwrap(), mid);
        assert_eq!(u.get("2100000"), Some(grown));
        assert_eq!(u.intern("123456789012").unwrap(), big);
        assert_eq!(u.get("5"), Some(1));
        assert_eq!(u.len(), 300_004);
    }
}
