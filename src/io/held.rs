//! `Held`: what a reader that returns records (rather than feeding a
//! builder) holds, counted against [`Limits`].
//!
//! The builder counts users and edges itself; readers that collect
//! interactions, personalization entries or scores into a vector count here,
//! so that the same [`Limits`] bound them. This module must never keep more
//! than the limits allow, and keeps nothing at all for a limit left at its
//! default.

use std::collections::HashSet;

use super::Limits;
use crate::error::Result;
use crate::interaction::Interaction;

/// Records and distinct users held so far.
#[derive(Debug)]
pub(super) struct Held {
    limits: Limits,
    records: u64,
    /// The distinct ids seen, only when [`Limits::max_users`] is below its
    /// default (the structural limit, which the builder checks anyway).
    users: Option<HashSet<String>>,
}

impl Held {
    pub(super) fn new(limits: Limits) -> Held {
        let users = (limits.get_max_users() < Limits::DEFAULT_MAX_USERS).then(HashSet::new);
        Held { limits, records: 0, users }
    }

    /// Counts one more interaction: a record against [`Limits::max_edges`],
    /// and its actor and target, if new, against [`Limits::max_users`].
    pub(super) fn interaction(&mut self, i: &Interaction) -> Result<()> {
        self.limits.check_edges(self.records + 1)?;
        self.user(&i.actor)?;
        self.user(&i.target)?;
        self.records += 1;
        Ok(())
    }

    /// Counts `id` against [`Limits::max_users`] if it was not seen before.
    pub(super) fn user(&mut self, id: &str) -> Result<()> {
        if let Some(seen) = &mut self.users {
            if !seen.contains(id) {
                self.limits.check_users(seen.len() as u64 + 1)?;
                seen.insert(id.to_string());
            }
        }
        Ok(())
    }

    /// Counts one more entry that names a user and is kept as given (a
    /// personalization entry, a score, an id of a list) against
    /// [`Limits::max_users`].
    pub(super) fn entry(&mut self) -> Result<()> {
        self.limits.check_users(self.records + 1)?;
        self.records += 1;
        Ok(())
    }
}
