//! A [`ScoreModel`]'s day to day: [`ScoreModel::update`] and
//! [`ScoreModel::forget`], atomic by marking the records, truncating back
//! on an error and renumbering users as a cold build does. A child of
//! `model`, so that it reads the model's fields directly.

use super::*;

/// The length of each of a model's tables at some moment.
#[derive(Debug)]
pub(super) struct Mark {
    users: usize,
    networks: usize,
    kinds: usize,
    topics: usize,
    records: usize,
}

/// A renumbering: the new index of each old user, kind and topic.
#[derive(Debug)]
pub(super) struct Order {
    users: Vec<u32>,
    kinds: Vec<u32>,
    topics: Vec<u32>,
}

impl Order {
    fn is_identity(&self) -> bool {
        [&self.users, &self.kinds, &self.topics].iter().all(|p| p.iter().enumerate().all(|(i, &j)| i as u32 == j))
    }

    /// The renumbering that undoes this one.
    fn inverse(&self) -> Order {
        let invert = |p: &[u32]| {
            let mut q = vec![0u32; p.len()];
            for (old, &new) in p.iter().enumerate() {
                q[new as usize] = old as u32;
            }
            q
        };
        Order { users: invert(&self.users), kinds: invert(&self.kinds), topics: invert(&self.topics) }
    }
}

impl ScoreModel {
    /// Adds a day's interactions (and optionally moves the as-of time) and
    /// recomputes, starting each network's PageRank from the previous
    /// result: fewer iterations than building anew, the same scores within
    /// the tolerance. Interactions that the new as-of time pushes out of the
    /// window are dropped for good. Users, kinds and topics are numbered
    /// afterwards as a cold build of the same interactions numbers them.
    ///
    /// All or nothing: when any interaction of the batch is refused, or a
    /// network's PageRank does not converge, the error is returned and the
    /// model is exactly as it was (same users, same scores to the bit), so
    /// the corrected batch can be sent again.
    ///
    /// # Errors
    ///
    /// An `as_of` earlier than the current one, and the errors of
    /// [`ScoreModelBuilder::build`].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::score::{ScoreConfig, ScoreModel};
    /// use influence::Interaction;
    ///
    /// let base = [Interaction::new("ann", "star"), Interaction::new("bob", "star"), Interaction::new("star", "ann")];
    /// let mut model = ScoreModel::builder(ScoreConfig::default()).build(&base)?;
    /// let before = model.raw_score("star")?;
    /// let bad = [Interaction::new("cy", "star"), Interaction::new("x", "y").weight(-1.0)];
    /// assert!(model.update(&bad, None).is_err());
    /// assert_eq!(model.raw_score("star")?, before);
    /// assert!(model.raw_score("cy").is_err());
    /// let report = model.update(&bad[..1], None)?;
    /// assert_eq!(report.added, 1);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn update<'a>(
        &mut self,
        interactions: impl IntoIterator<Item = &'a Interaction>,
        as_of: Option<i64>,
    ) -> Result<UpdateReport> {
        if let (Some(new), Some(old)) = (as_of, self.effective_as_of) {
            if new < old {
                return Err(Error::config("as_of", new, format!("an update cannot go back in time (now {old})")));
            }
        }
        let mark = self.mark();
        if let Err(e) = interactions.into_iter().try_for_each(|i| self.push(i)) {
            self.truncate(&mark);
            return Err(e);
        }
        let added = self.records.len() - mark.records;
        let order = self.canonical_order();
        self.renumber(&order);
        let given = as_of.or(self.as_of);
        let computed = match self.compute(given, Some(&order.users)) {
            Ok(c) => c,
            Err(e) => {
                self.renumber(&order.inverse());
                self.truncate(&mark);
                return Err(e);
            }
        };
        self.as_of = given;
        self.install(computed);
        // Expire what can never come back into the window: it had no
        // weight in the computation either.
        let expired = match self.effective_as_of {
            Some(now) => {
                let n = self.records.len();
                let config = &self.config;
                self.records
                    .retain(|r| r.time == UNDATED || r.time > now || config.fade(now.saturating_sub(r.time)) > 0.0);
                n - self.records.len()
            }
            None => 0,
        };
        Ok(UpdateReport { added, expired, iterations: self.iterations() })
    }

    /// Removes `user` and every interaction they took part in, then
    /// recomputes: afterwards no score, explanation or topic mentions them.
    /// All or nothing, as [`ScoreModel::update`].
    ///
    /// # Errors
    ///
    /// An unknown user, and the errors of [`ScoreModelBuilder::build`].
    pub fn forget(&mut self, user: &str) -> Result<()> {
        let gone = self.user_index(user)?;
        let shift = |i: u32| if i > gone { i - 1 } else { i };
        let mut rest = ScoreModel::empty(self.config.clone(), self.as_of);
        rest.users =
            Arc::new(interned(self.users.iter().enumerate().filter(|&(u, _)| u != gone as usize).map(|(_, u)| u))?);
        rest.networks = self.networks.clone();
        rest.kinds = self.kinds.clone();
        rest.topics = self.topics.clone();
        rest.records = self
            .records
            .iter()
            .filter(|r| r.actor != gone && r.target != gone)
            .map(|r| Record { actor: shift(r.actor), target: shift(r.target), ..*r })
            .collect();
        rest.facts =
            self.facts.iter().filter(|((u, _), _)| *u != gone).map(|(&(u, n), &f)| ((shift(u), n), f)).collect();
        let computed = rest.compute(rest.as_of, None)?;
        rest.install(computed);
        *self = rest;
        Ok(())
    }

    /// How much of each table there is, to [`ScoreModel::truncate`] back to.
    pub(super) fn mark(&self) -> Mark {
        Mark {
            users: self.users.len(),
            networks: self.networks.len(),
            kinds: self.kinds.len(),
            topics: self.topics.len(),
            records: self.records.len(),
        }
    }

    /// Forgets everything interned since `mark` (only appended to since).
    pub(super) fn truncate(&mut self, mark: &Mark) {
        if self.users.len() > mark.users {
            // Rebuilt rather than cut: the lookup tables hold every id. The
            // ids kept were interned before, so interning them again
            // cannot fail.
            self.users = Arc::new(interned(self.users.iter().take(mark.users)).expect("ids interned before"));
        }
        self.networks.truncate(mark.networks);
        self.kinds.truncate(mark.kinds);
        self.topics.truncate(mark.topics);
        self.records.truncate(mark.records);
    }

    /// The numbering in order of name of users, kinds and topics, so that
    /// results do not depend on the order of the input: the new index of
    /// each current one.
    pub(super) fn canonical_order(&self) -> Order {
        Order {
            users: sorted_order(&self.users.iter().collect::<Vec<&str>>(), |a, b| a.cmp(b)),
            kinds: sorted_order(&self.kinds, |a, b| a.cmp(b)),
            topics: sorted_order(&self.topics, |a, b| a.cmp(b)),
        }
    }

    /// Renumbers users, kinds and topics (and every record and fact that
    /// names them) by `order`.
    pub(super) fn renumber(&mut self, order: &Order) {
        if order.is_identity() {
            return;
        }
        Arc::make_mut(&mut self.users).reorder(&order.inverse().users);
        permute(&mut self.kinds, &order.kinds);
        permute(&mut self.topics, &order.topics);
        let (users, kinds, topics) = (&order.users, &order.kinds, &order.topics);
        self.records.par_iter_mut().for_each(|r| {
            r.actor = users[r.actor as usize];
            r.target = users[r.target as usize];
            r.kind = kinds[r.kind as usize] as u16;
            if r.topic != NO_TOPIC {
                r.topic = topics[r.topic as usize];
            }
        });
        self.facts =
            std::mem::take(&mut self.facts).into_iter().map(|((u, n), f)| ((users[u as usize], n), f)).collect();
    }
}

/// A table of `ids` (distinct), numbered in the order given.
fn interned<'a>(ids: impl Iterator<Item = &'a str>) -> Result<Users> {
    let mut users = Users::default();
    for id in ids {
        users.intern(id)?;
    }
    Ok(users)
}
