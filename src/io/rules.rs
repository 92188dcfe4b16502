//! `Rules`: what a [`Reader`](super::Reader) does to every record whatever
//! its format: kinds through the [`KindMap`], the default kind and network,
//! negative weights skipped on request, and the count of rows left out.
//!
//! Every parser hands its kind and weight cells through here and finishes
//! each record here, so the formats cannot drift apart. With the default
//! settings the rules do exactly what the parsers did before them. This
//! module must never drop a row without counting it.

use super::fields::{check_interaction, check_weight, quote};
use super::settings::{KindMap, NegativeWeights, Note};
use super::{ReadStats, fields};
use crate::error::{Error, Result};
use crate::interaction::{Interaction, InteractionKind, Network};

/// Why a row is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Skip {
    /// Its kind is the `usize`-th entry of the kind mapping, mapped to `-`.
    Kind(usize),
    /// Its weight is negative.
    Negative,
}

/// A cell read: a value, or the reason its row is left out.
pub(super) type Cell<T> = std::result::Result<T, Skip>;

/// The settings, and the rows left out so far.
#[derive(Debug)]
pub(super) struct Rules<'a> {
    kinds: Option<&'a KindMap>,
    default_kind: Option<&'a InteractionKind>,
    default_network: Option<&'a Network>,
    negative: NegativeWeights,
    /// Rows skipped per entry of `kinds`.
    kind_skips: Vec<u64>,
    negative_skips: u64,
    first_negative: u64,
}

impl<'a> Rules<'a> {
    pub(super) fn new(
        kinds: Option<&'a KindMap>,
        default_kind: Option<&'a InteractionKind>,
        default_network: Option<&'a Network>,
        negative: NegativeWeights,
    ) -> Rules<'a> {
        let kind_skips = vec![0; kinds.map_or(0, KindMap::len)];
        Rules { kinds, default_kind, default_network, negative, kind_skips, negative_skips: 0, first_negative: 0 }
    }

    /// Whether a kind mapping was given.
    pub(super) fn maps_kinds(&self) -> bool {
        self.kinds.is_some()
    }

    /// The kind a (non-empty) kind cell means.
    ///
    /// # Errors
    ///
    /// A kind the mapping does not name, or (without a mapping) an empty one.
    pub(super) fn kind(&self, text: &str) -> Result<Cell<InteractionKind>> {
        let Some(map) = self.kinds else {
            return Ok(Ok(text.parse()?));
        };
        match map.position(text) {
            Some(i) => Ok(map.entry(i).1.cloned().ok_or(Skip::Kind(i))),
            None => Err(Error::parse(format!(
                "kind {} is not in the kind mapping ({}); map every kind the input holds, to - for those to leave \
                 out",
                quote(text.trim()),
                map.names().collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// The weight a weight cell means.
    ///
    /// # Errors
    ///
    /// Text that is not a number, and a NaN, infinite or (unless skipped)
    /// negative weight, quoting it.
    #[inline]
    pub(super) fn weight(&self, text: &str) -> Result<Cell<f64>> {
        match self.negative {
            NegativeWeights::Error => fields::parse_weight(text).map(Ok),
            NegativeWeights::Skip => {
                let trimmed = text.trim();
                match trimmed.parse::<f64>() {
                    Ok(w) if w < 0.0 && w.is_finite() => Ok(Err(Skip::Negative)),
                    Ok(w) => check_weight(w, trimmed).map(Ok),
                    Err(_) => Err(Error::parse(format!("weight {} is not a number", quote(text)))),
                }
            }
        }
    }

    /// The weight a number read as `text` means (JSON values).
    pub(super) fn weight_value(&self, w: f64, text: &str) -> Result<Cell<f64>> {
        if self.negative == NegativeWeights::Skip && w < 0.0 && w.is_finite() {
            return Ok(Err(Skip::Negative));
        }
        check_weight(w, text).map(Ok)
    }

    /// `interaction` checked, with the default kind and network filled in;
    /// `None`, counted, when `skip` says to leave its row (on `line`) out.
    pub(super) fn finish(
        &mut self,
        mut interaction: Interaction,
        skip: Option<Skip>,
        line: u64,
    ) -> Result<Option<Interaction>> {
        check_interaction(&interaction)?;
        if !self.keep(skip, line) {
            return Ok(None);
        }
        self.defaults(&mut interaction.kind, &mut interaction.network);
        Ok(Some(interaction))
    }

    /// Whether a checked row on `line` is kept: `false`, counted, when
    /// `skip` says to leave it out.
    pub(super) fn keep(&mut self, skip: Option<Skip>, line: u64) -> bool {
        match skip {
            Some(Skip::Kind(i)) => {
                if let Some(n) = self.kind_skips.get_mut(i) {
                    *n += 1;
                }
                false
            }
            Some(Skip::Negative) => {
                if self.negative_skips == 0 {
                    self.first_negative = line;
                }
                self.negative_skips += 1;
                false
            }
            None => true,
        }
    }

    /// Fills in the default kind and network where a row has none.
    pub(super) fn defaults(&self, kind: &mut Option<InteractionKind>, network: &mut Option<Network>) {
        if kind.is_none() {
            *kind = self.default_kind.cloned();
        }
        if network.is_none() {
            *network = self.default_network.cloned();
        }
    }

    /// The same settings without any row left out yet: for a block of
    /// records parsed on its own, [`Rules::absorb`]ed afterwards in input
    /// order.
    pub(super) fn fork(&self) -> Rules<'a> {
        Rules::new(self.kinds, self.default_kind, self.default_network, self.negative)
    }

    /// Adds the rows that `block` (a [`Rules::fork`] whose lines were
    /// counted from 1 at the block's first) left out; `first_line` is that
    /// line. Blocks must be absorbed in input order.
    pub(super) fn absorb(&mut self, block: &Rules<'_>, first_line: u64) {
        for (n, b) in self.kind_skips.iter_mut().zip(&block.kind_skips) {
            *n += b;
        }
        if self.negative_skips == 0 && block.negative_skips > 0 {
            self.first_negative = block.first_negative + first_line - 1;
        }
        self.negative_skips += block.negative_skips;
    }

    /// Adds the rows left out to `stats`, with a note for each cause.
    pub(super) fn report(&self, stats: &mut ReadStats) {
        if let Some(map) = self.kinds {
            for (i, &rows) in self.kind_skips.iter().enumerate() {
                if rows > 0 {
                    stats.kinds_skipped += rows;
                    stats.notes.push(Note::KindSkipped { kind: map.entry(i).0.to_string(), rows });
                }
            }
        }
        if self.negative_skips > 0 {
            stats.negative_skipped += self.negative_skips;
            stats
                .notes
                .push(Note::NegativeWeightsSkipped { rows: self.negative_skips, first_line: self.first_negative });
        }
    }
}
