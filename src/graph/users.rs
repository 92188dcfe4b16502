//! Interning of external user ids to dense `u32` indices.
//!
//! Ids are arbitrary strings (numeric ids are strings too). While a graph is
//! built each distinct id gets the next index in order of first appearance;
//! at build, `sort_by_id` renumbers them in order of id (unless the
//! configuration keeps first appearance), so the numbering does not depend
//! on the order of the input.
//!
//! Storage is flat, with no allocation per user: the bytes of every id lie
//! back to back in one arena, in index order, and a user's id is found by the
//! offset where it ends (8 bytes per user). Lookups by id go through one
//! open-addressed table of `u32` indices (linear probing, at most half full)
//! that hashes the id's bytes and compares them in the arena. A finished
//! graph's table has exactly 2 slots per user, so a user costs
//! [`Users::BYTES_PER_USER`] bytes plus the length of its id.
//!
//! While a graph is built, canonical decimal ids (`0`, `42`, no sign, no
//! leading zero, below 2^64), the ids of SNAP and KONECT files, take a fast
//! path: they are found by value, small ones (below a bound that grows with
//! the number of users) in a direct-indexed vector and larger ones in a
//! table of integers, instead of a hash probe plus a comparison in the
//! arena. A numeric id is looked up in the vector, then the integer table,
//! then the table of text, and stored in exactly one of them, so lookups
//! agree. When the users are put in order at build (`sort_by_id`) every id
//! moves to the table of text and the other two are dropped.

use std::collections::HashMap;
use std::hash::BuildHasher;

use rayon::prelude::*;

use super::binary::{CrcWriter, Input};
use crate::error::{Error, ErrorKind, Result};
use crate::io::Limits;
use crate::prefetch::prefetch;

/// The table of user ids of one graph: index → id and id → index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Users {
    /// The bytes of every id, back to back in index order (each a whole
    /// `&str`, so every id's bytes are UTF-8).
    text: Vec<u8>,
    /// Where the id of each user ends in `text`; it starts where the
    /// previous one ends.
    ends: Vec<u64>,
    /// Open-addressed hash table of the indices of every id in neither
    /// `dense` nor `by_number`, [`FREE`] in an empty slot; empty, or at most
    /// half full.
    table: Vec<u32>,
    /// The indices in `table`.
    in_table: usize,
    /// Index of canonical decimal id `k` at `dense[k]` ([`FREE`] if none),
    /// while the graph is built.
    dense: Vec<u32>,
    /// Index of canonical decimal ids beyond `dense`, while the graph is
    /// built.
    by_number: HashMap<u64, u32, foldhash::fast::RandomState>,
    /// Whether `table` may hold numeric ids (once `shrink` moved them there).
    numbers_in_table: bool,
    /// foldhash: several times faster than SipHash on short keys, and seeded
    /// per process so crafted ids cannot force collisions. Hash order never
    /// leaks into results: indices follow first appearance, then the order
    /// of ids.
    hasher: foldhash::fast::RandomState,
}

/// Marks a free slot of `Users::dense` and `Users::table`.
pub(crate) const FREE: u32 = u32::MAX;

/// Marks a canonical decimal id among [`id_hash`]es (a text id's hash may
/// be anything too, so a lookup checks the id itself again).
const NUMBER: u64 = u64::MAX;

/// The hasher of one [`Users`]' ids ([`Users::hasher`]), to hash ids on
/// other threads for [`Users::find_hashed`].
#[derive(Debug, Clone)]
pub(crate) struct IdHasher(foldhash::fast::RandomState);

impl IdHasher {
    /// What [`Users::find_hashed`] needs of `id`.
    #[inline]
    pub(crate) fn hash(&self, id: &str) -> u64 {
        id_hash(&self.0, id)
    }
}

/// The hash of `id`'s bytes, or [`NUMBER`] for a canonical decimal id
/// (found by value instead).
#[inline]
fn id_hash(hasher: &foldhash::fast::RandomState, id: &str) -> u64 {
    if canonical_number(id).is_some() { NUMBER } else { hasher.hash_one(id.as_bytes()) }
}

/// How many occupied slots from an id's home [`Users::find_ids`] prefetches
/// the text of: a probe in a table at most half full compares with 1.5 ids
/// on average when it finds one, 2.5 when it does not.
const PROBE_AHEAD: usize = 3;

/// The fewest slots of a table that holds anything.
const MIN_SLOTS: usize = 16;

/// The value of `id` if it is a canonical decimal number.
#[inline]
pub(crate) fn canonical_number(id: &str) -> Option<u64> {
    canonical_number_bytes(id.as_bytes())
}

#[inline]
fn canonical_number_bytes(bytes: &[u8]) -> Option<u64> {
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

/// The canonical decimal text of `k`, written at the end of `buf`.
#[inline]
fn decimal(mut k: u64, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (k % 10) as u8;
        k /= 10;
        if k == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buf[at..]).unwrap_or_default()
}

/// The slot where probing for `hash` starts in a table of `slots` slots:
/// the high bits of the hash scaled to the table (Lemire's multiply-shift),
/// so a table can have any number of slots.
#[inline]
fn home(hash: u64, slots: usize) -> usize {
    ((u128::from(hash) * slots as u128) >> 64) as usize
}

impl Users {
    /// Heap bytes per user of a finished graph's ids, besides the id's own
    /// bytes: 8 for the offset of its end in the arena and 8 for the 2 slots
    /// of the lookup table. While the graph is built, growth slack (vectors
    /// and the table grow by doubling), the direct-indexed vector of small
    /// numeric ids (4 bytes per slot, at most 8 slots per user or 4 MiB) and
    /// the integer table of the larger ones come on top.
    pub(crate) const BYTES_PER_USER: usize = 16;

    /// The index of `id`, interning it if new.
    pub(crate) fn intern(&mut self, id: &str) -> Result<u32> {
        self.intern_within(id, &Limits::default())
    }

    /// The index of `id`, interning it if new and if `limits` allow one
    /// more user.
    pub(crate) fn intern_within(&mut self, id: &str, limits: &Limits) -> Result<u32> {
        match canonical_number(id) {
            Some(k) => self.intern_number(k, id, limits),
            None => self.intern_text(id, limits),
        }
    }

    /// The index of the canonical decimal id `k`, interning it if new and if
    /// `limits` allow one more user: [`Users::intern_within`] for a reader
    /// that has parsed the number already.
    #[inline]
    pub(crate) fn intern_number_within(&mut self, k: u64, limits: &Limits) -> Result<u32> {
        if let Some(i) = self.get_number_by_value(k) {
            return Ok(i);
        }
        let mut buf = [0u8; 20];
        let text = decimal(k, &mut buf);
        self.intern_number(k, text, limits)
    }

    /// The index of canonical decimal id `k` if it is in the direct-indexed
    /// vector or the integer table.
    #[inline]
    fn get_number_by_value(&self, k: u64) -> Option<u32> {
        if let Some(&i) = self.dense.get(k as usize) {
            if i != FREE {
                return Some(i);
            }
        }
        if self.by_number.is_empty() { None } else { self.by_number.get(&k).copied() }
    }

    /// The index of canonical decimal id `k`, written `id`, if interned.
    #[inline]
    fn get_number(&self, k: u64, id: &str) -> Option<u32> {
        self.get_number_by_value(k).or_else(|| {
            if self.numbers_in_table {
                self.probe(self.hasher.hash_one(id.as_bytes()), id.as_bytes()).ok()
            } else {
                None
            }
        })
    }

    /// Looks up many canonical decimal ids at once in the direct-indexed
    /// vector and the integer table: `out[j]` is the index of `numbers[j]`
    /// when found there, and `u32::MAX` otherwise (a new id, or one kept in
    /// the table of text), for [`Users::intern_number_within`] to settle in
    /// order.
    ///
    /// The loads do not depend on each other, so the processor overlaps
    /// their cache misses, which one lookup at a time between other work
    /// does not: this is most of the speed of reading a big numeric edge
    /// list.
    pub(crate) fn find_numbers(&self, numbers: &[u64], out: &mut Vec<u32>) {
        out.clear();
        if self.by_number.is_empty() {
            out.extend(numbers.iter().map(|&k| self.dense.get(k as usize).copied().unwrap_or(FREE)));
        } else {
            out.extend(numbers.iter().map(|&k| match self.dense.get(k as usize) {
                Some(&i) if i != FREE => i,
                _ => self.by_number.get(&k).copied().unwrap_or(FREE),
            }));
        }
    }

    /// Interns canonical decimal id `k`, written `id`.
    #[inline]
    fn intern_number(&mut self, k: u64, id: &str, limits: &Limits) -> Result<u32> {
        if let Some(i) = self.get_number(k, id) {
            return Ok(i);
        }
        let i = self.next_index(limits)?;
        // Direct indexing while the ids are dense enough: the vector stays
        // within 8 slots (32 bytes) per user plus 4 MiB.
        let limit = (1u64 << 20).max(8 * self.len() as u64 + 8);
        if k < limit {
            if k as usize >= self.dense.len() {
                let len = (k as usize + 1).next_power_of_two().min(limit as usize);
                self.dense.resize(len, FREE);
            }
            self.dense[k as usize] = i;
        } else {
            self.by_number.insert(k, i);
        }
        self.push_name(id);
        Ok(i)
    }

    /// Interns `id`, which is not a canonical decimal number.
    fn intern_text(&mut self, id: &str, limits: &Limits) -> Result<u32> {
        let hash = self.hasher.hash_one(id.as_bytes());
        let free = match self.probe(hash, id.as_bytes()) {
            Ok(i) => return Ok(i),
            Err(free) => free,
        };
        let i = self.next_index(limits)?;
        self.insert(hash, free, i);
        self.push_name(id);
        Ok(i)
    }

    /// The index a new user gets, if `limits` and `u32` indices allow one
    /// more.
    fn next_index(&self, limits: &Limits) -> Result<u32> {
        limits.check_users(self.len() as u64 + 1)?;
        u32::try_from(self.len())
            .ok()
            .filter(|&i| i < u32::MAX)
            .ok_or_else(|| Error::new(ErrorKind::TooLarge { what: crate::Counted::Users, limit: u32::MAX as u64 - 1 }))
    }

    fn push_name(&mut self, id: &str) {
        self.text.extend_from_slice(id.as_bytes());
        self.ends.push(self.text.len() as u64);
    }

    /// The bytes of the id of user `i` (which exists).
    #[inline]
    fn bytes(&self, i: u32) -> &[u8] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Looks `id`, whose hash is `hash`, up in the table: its index, or the
    /// free slot where it would go (`usize::MAX` in a table without slots).
    #[inline]
    fn probe(&self, hash: u64, id: &[u8]) -> std::result::Result<u32, usize> {
        let slots = self.table.len();
        if slots == 0 {
            return Err(usize::MAX);
        }
        let mut s = home(hash, slots);
        loop {
            let i = self.table[s];
            if i == FREE {
                return Err(s);
            }
            if self.bytes(i) == id {
                return Ok(i);
            }
            s += 1;
            if s == slots {
                s = 0;
            }
        }
    }

    /// Puts index `i`, of an id with `hash`, in the table at slot `free`
    /// found by [`Users::probe`], growing the table first when it would be
    /// more than half full.
    fn insert(&mut self, hash: u64, free: usize, i: u32) {
        if (self.in_table + 1) * 2 > self.table.len() {
            self.rehash((self.table.len() * 2).max(MIN_SLOTS));
            self.place(hash, i);
        } else {
            self.table[free] = i;
        }
        self.in_table += 1;
    }

    /// Puts index `i`, of an id with `hash`, in the first free slot from its
    /// home.
    #[inline]
    fn place(&mut self, hash: u64, i: u32) {
        self.place_past(hash, i, |_, _| {});
    }

    /// [`Users::place`], showing `passed` each index in an occupied slot on
    /// the way.
    #[inline]
    fn place_past(&mut self, hash: u64, i: u32, mut passed: impl FnMut(&Self, u32)) {
        let slots = self.table.len();
        let mut s = home(hash, slots);
        while self.table[s] != FREE {
            passed(self, self.table[s]);
            s += 1;
            if s == slots {
                s = 0;
            }
        }
        self.table[s] = i;
    }

    /// Rebuilds the table with `slots` slots, holding the same indices.
    fn rehash(&mut self, slots: usize) {
        let old = std::mem::take(&mut self.table);
        self.table = vec![FREE; slots];
        for i in old.into_iter().filter(|&i| i != FREE) {
            let hash = self.hasher.hash_one(self.bytes(i));
            self.place(hash, i);
        }
    }

    /// Drops the direct-indexed vector and every growth slack: the table
    /// holds every user in exactly 2 slots per user, so that a finished
    /// graph costs [`Users::BYTES_PER_USER`] bytes per user besides the ids.
    /// [`Users::sort_by_id`] does it; users kept in order of first
    /// appearance need it called at build.
    pub(crate) fn shrink(&mut self) {
        // The ids of a build are distinct: no need to compare them.
        let _ = self.index_all::<false>();
    }

    /// Drops `dense`, `by_number` and every growth slack and puts every
    /// user in a table of exactly 2 slots per user (see
    /// [`Users::shrink`]). With `CHECK`, compares each id with those of
    /// equal hash on its way and returns the index of one given twice.
    fn index_all<const CHECK: bool>(&mut self) -> Option<u32> {
        self.dense = Vec::new();
        self.by_number = HashMap::default();
        self.numbers_in_table = true;
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        let n = self.len();
        let hashes: Vec<u64> = (0..n as u32).into_par_iter().map(|i| self.hasher.hash_one(self.bytes(i))).collect();
        self.table = Vec::new();
        self.table = vec![FREE; if n == 0 { 0 } else { (2 * n).max(MIN_SLOTS) }];
        let mut twice = None;
        for (i, &hash) in hashes.iter().enumerate() {
            let i = i as u32;
            if CHECK {
                self.place_past(hash, i, |users, j| {
                    if hashes[j as usize] == hash && users.bytes(j) == users.bytes(i) {
                        twice = twice.or(Some(i));
                    }
                });
            } else {
                self.place(hash, i);
            }
        }
        self.in_table = n;
        debug_assert!(self.memory_bytes() <= Self::BYTES_PER_USER * n + self.text.len() + 4 * MIN_SLOTS);
        twice
    }

    /// Renumbers the users in order of id: canonical decimal ids first, by
    /// value, then the others in byte order. Returns the new index of every
    /// old one, or `None` when the order was already that. Either way the
    /// storage is compacted to [`Users::BYTES_PER_USER`] per user.
    pub(crate) fn sort_by_id(&mut self) -> Option<Vec<u32>> {
        let n = self.len() as u32;
        let numbers: Vec<Option<u64>> = (0..n).into_par_iter().map(|i| canonical_number_bytes(self.bytes(i))).collect();
        let key = |i: u32| -> (bool, u64, &[u8]) {
            match numbers[i as usize] {
                Some(k) => (false, k, &[]),
                None => (true, 0, self.bytes(i)),
            }
        };
        if (1..n).all(|i| key(i - 1) < key(i)) {
            drop(numbers);
            self.shrink();
            return None;
        }
        let mut order: Vec<u32> = (0..n).collect();
        order.par_sort_unstable_by(|&a, &b| key(a).cmp(&key(b)));
        drop(numbers);
        Some(self.reorder(&order))
    }

    /// Renumbers users so that `order[new]` is the old index of user `new`
    /// (`order` is a permutation of `0..len`) and compacts the storage, as
    /// [`Users::sort_by_id`] does; returns the new index of every old one.
    pub(crate) fn reorder(&mut self, order: &[u32]) -> Vec<u32> {
        let mut new_index = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old as usize] = new as u32;
        }
        let mut text = Vec::with_capacity(self.text.len());
        let mut ends = Vec::with_capacity(self.ends.len());
        for &old in order {
            text.extend_from_slice(self.bytes(old));
            ends.push(text.len() as u64);
        }
        (self.text, self.ends) = (text, ends);
        self.shrink();
        new_index
    }

    /// Looks many ids up at once: `out[j]` is the index of `ids[j]`, or
    /// [`FREE`] (`u32::MAX`) for an id not interned yet, for the caller to
    /// intern in order. `hashes` is scratch space.
    ///
    /// A lookup of a text id is three dependent cache misses on a big graph
    /// (its table slot, the end offsets of the index found there, then its
    /// text), which one lookup at a time between other work cannot overlap.
    /// Here each is prefetched for every id before any is needed, in three
    /// passes, so the misses of different ids overlap; the lookups
    /// themselves then read from the cache. Numeric ids take the
    /// direct-indexed vector, prefetched in the first pass.
    pub(crate) fn find_ids(&self, ids: &[&str], hashes: &mut Vec<u64>, out: &mut Vec<u32>) {
        hashes.clear();
        hashes.extend(ids.iter().map(|id| id_hash(&self.hasher, id)));
        self.find_hashed(ids, hashes, out);
    }

    /// The hasher of this table's ids, for [`Users::find_hashed`]'s hashes
    /// made on other threads.
    pub(crate) fn hasher(&self) -> IdHasher {
        IdHasher(self.hasher.clone())
    }

    /// [`Users::find_ids`] with the ids' hashes already made by
    /// [`IdHasher::hash`] (on other threads, perhaps).
    pub(crate) fn find_hashed(&self, ids: &[&str], hashes: &[u64], out: &mut Vec<u32>) {
        debug_assert_eq!(ids.len(), hashes.len());
        let slots = self.table.len();
        for (id, &hash) in ids.iter().zip(hashes) {
            if hash == NUMBER {
                if let Some(k) = canonical_number(id) {
                    prefetch(&self.dense, k as usize);
                }
            } else if slots > 0 {
                prefetch(&self.table, home(hash, slots));
            }
        }
        // The indices a probe will compare with: those in the slots from
        // the id's home to the first free one (a few at most, in a table at
        // most half full; only the first PROBE_AHEAD are prefetched).
        let probed = |hash: u64| {
            let start = if slots == 0 || hash == NUMBER { 0 } else { home(hash, slots) };
            let n = if slots == 0 || hash == NUMBER { 0 } else { PROBE_AHEAD };
            // `start + k` wraps at most once (n < slots): a subtraction,
            // not a division, on this path of every lookup.
            (0..n)
                .map(move |k| {
                    let s = start + k;
                    self.table[if s >= slots { s - slots } else { s }]
                })
                .take_while(|&i| i != FREE)
        };
        for &hash in hashes.iter() {
            for i in probed(hash) {
                prefetch(&self.ends, (i as usize).saturating_sub(1));
            }
        }
        for &hash in hashes.iter() {
            for i in probed(hash) {
                let start = if i == 0 { 0 } else { self.ends[i as usize - 1] as usize };
                prefetch(&self.text, start);
            }
        }
        out.clear();
        out.extend(ids.iter().zip(hashes.iter()).map(|(id, &hash)| {
            let found = match canonical_number(id) {
                Some(k) => self.get_number(k, id),
                None => self.probe(hash, id.as_bytes()).ok(),
            };
            found.unwrap_or(FREE)
        }));
    }

    /// Writes the ids into a graph file: their count, the length of their
    /// text, the text, and where each id ends in it.
    pub(crate) fn write_binary<W: std::io::Write>(&self, w: &mut CrcWriter<W>) -> Result<()> {
        w.u64(self.len() as u64)?;
        w.u64(self.text.len() as u64)?;
        w.bytes(&self.text)?;
        w.array(&self.ends, u64::to_le_bytes)
    }

    /// Reads ids written by [`Users::write_binary`] (at most `most` of
    /// them), checking that each is UTF-8 and non-empty, in parallel.
    /// [`Users::index_distinct`] builds the lookup table.
    pub(crate) fn read_binary(r: &mut impl Input, most: u64) -> Result<Users> {
        let bad = |what: &str| Error::parse(format!("the graph file is invalid: {what}"));
        let n = r.len("user count", most)?;
        let len = r.len("id text length", u64::MAX >> 1)?;
        let text: Vec<u8> = r.numbers(len)?;
        let ends: Vec<u64> = r.numbers(n)?;
        let start = |i: usize| if i == 0 { 0 } else { ends[i - 1] };
        let broken = (0..n).into_par_iter().with_min_len(1 << 12).find_first(|&i| {
            let (start, end) = (start(i), ends[i]);
            end <= start || end > len as u64 || std::str::from_utf8(&text[start as usize..end as usize]).is_err()
        });
        if let Some(i) = broken {
            let (start, end) = (start(i), ends[i]);
            return Err(bad(if end <= start || end > len as u64 {
                "an id is empty or runs past the ids' text"
            } else {
                "an id is not UTF-8"
            }));
        }
        if ends.last().copied().unwrap_or(0) != len as u64 {
            return Err(bad("the ids' text has bytes no id uses"));
        }
        Ok(Users { text, ends, ..Users::default() })
    }

    /// Builds the lookup table of ids read by [`Users::read_binary`],
    /// checking that none is given twice.
    pub(crate) fn index_distinct(&mut self) -> Result<()> {
        match self.index_all::<true>() {
            Some(_) => Err(Error::parse("the graph file is invalid: an id is given twice")),
            None => Ok(()),
        }
    }

    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        match canonical_number(id) {
            Some(k) => self.get_number(k, id),
            None => self.probe(self.hasher.hash_one(id.as_bytes()), id.as_bytes()).ok(),
        }
    }

    pub(crate) fn name(&self, index: u32) -> Option<&str> {
        ((index as usize) < self.len()).then(|| self.str_at(index))
    }

    /// The id of user `i` (which exists) as text.
    #[inline]
    fn str_at(&self, i: u32) -> &str {
        // Every id was pushed whole from a `&str`: always UTF-8.
        std::str::from_utf8(self.bytes(i)).unwrap_or_default()
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len() as u32).map(|i| self.str_at(i))
    }

    /// The heap bytes held: the arena of id text, the end offsets, the
    /// table's slots and the direct-indexed vector, each at its capacity.
    /// For a finished graph that is [`Users::BYTES_PER_USER`] per user plus
    /// the ids' bytes (and at most 64 bytes more for a table's minimum size).
    pub(crate) fn memory_bytes(&self) -> usize {
        let by_number = self.by_number.capacity() * (std::mem::size_of::<(u64, u32)>() + 1);
        self.text.capacity()
            + self.ends.capacity() * 8
            + self.table.capacity() * 4
            + self.dense.capacity() * 4
            + by_number
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

    #[test]
    fn sorting_keeps_every_lookup_and_costs_a_fixed_size_per_user() {
        let ids: Vec<String> = (0..5000u64)
            .map(|k| match k % 4 {
                0 => (k * 7919).to_string(),
                1 => format!("user-{k}"),
                2 => format!("0{k}"),
                _ => (k * 1_000_000_007).to_string(),
            })
            .collect();
        let mut u = Users::default();
        for id in ids.iter().rev() {
            u.intern(id).unwrap();
        }
        let new_index = u.sort_by_id().unwrap();
        assert_eq!(new_index.len(), ids.len());
        let text: usize = ids.iter().map(String::len).sum();
        assert_eq!(u.memory_bytes(), Users::BYTES_PER_USER * ids.len() + text);
        let sorted: Vec<String> = u.iter().map(String::from).collect();
        let mut expected: Vec<&str> = ids.iter().map(String::as_str).collect();
        expected.sort_by_key(|id| (canonical_number(id).is_none(), canonical_number(id), id.to_string()));
        assert_eq!(sorted, expected);
        for (i, id) in sorted.iter().enumerate() {
            assert_eq!(u.get(id), Some(i as u32), "{id}");
            assert_eq!(u.name(i as u32), Some(id.as_str()));
            assert_eq!(u.intern(id).unwrap(), i as u32);
        }
        for absent in ["user-5000", "5", "00", "", "18446744073709551615"] {
            assert_eq!(u.get(absent), None, "{absent}");
        }
        assert_eq!(u.name(5000), None);
        // Already in order: compacted all the same, and still growing.
        assert_eq!(u.sort_by_id(), None);
        assert_eq!(u.intern("zz").unwrap(), 5000);
        assert_eq!(u.intern("3").unwrap(), 5001);
        let user1 = sorted.iter().position(|id| id == "user-1").map(|i| i as u32);
        assert_eq!((u.get("zz"), u.get("3"), u.get("user-1")), (Some(5000), Some(5001), user1));
    }

    #[test]
    fn numbers_interned_by_value_and_by_text_agree() {
        let mut u = Users::default();
        let limits = Limits::default();
        for k in [0u64, 5, 1 << 40, 9_999_999_999_999_999_999, 3] {
            let by_value = u.intern_number_within(k, &limits).unwrap();
            assert_eq!(u.intern(&k.to_string()).unwrap(), by_value);
            assert_eq!(u.name(by_value), Some(k.to_string().as_str()));
        }
        let mut found = Vec::new();
        u.find_numbers(&[3, 5, 6, 1 << 40], &mut found);
        assert_eq!(found, [4, 1, FREE, 2]);
        let err = u.intern_number_within(77, &Limits::default().max_users(5)).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::TooLarge { what: crate::Counted::Users, limit: 5 }));
    }
}
