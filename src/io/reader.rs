//! [`Reader`]: one builder that reads every interaction input (edge lists,
//! interaction CSV, JSON lines, and delimited text whose columns the caller
//! names), plain or gzipped, into a [`GraphBuilder`] or one interaction at a
//! time. The settings it takes ([`Columns`], [`KindMap`], [`Delimiter`],
//! [`Header`], [`NegativeWeights`]) and the [`Note`]s it returns live in
//! `settings.rs`, which the parsers read without depending on this file.
//!
//! This module decides which parser reads an input and checks that the
//! settings fit together; the parsers live beside it. It must never guess
//! silently: every assumption the caller did not state (a third column read
//! as weights, a first line read as a header) comes back as a [`Note`], and
//! every row left out on request is counted.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::Limits;
use super::blocks::BlockConfig;
use super::delimited::{Layout, read_delimited};
use super::fields::quote;
use super::interactions::{self, Format, Sink};
use super::rules::Rules;
use super::settings::{Columns, Delimiter, Field, Header, KindMap, NegativeWeights};
use super::{Batch, InputFormat, ReadStats, edgelist, gzip, held};
use crate::error::{Error, Position, Result};
use crate::graph::GraphBuilder;
use crate::interaction::{Interaction, InteractionKind, Network};

/// Reads interactions from any input the crate understands, configured
/// Config-style: each setter takes and returns the reader, and
/// [`Reader::default`] reads exactly as [`load`](super::load) and
/// [`for_each_interaction`](super::for_each_interaction) always did.
///
/// - **Format**: [`InputFormat`]; `Auto` goes by the file name, looking
///   through a `.gz` ending (`ties.csv.gz` is CSV).
/// - **Gzip**: an input that starts with the gzip magic bytes (`1f 8b`) is
///   decompressed as it is read, whatever its name; a truncated or corrupt
///   one is an I/O error naming the file, never a partial result.
/// - **Columns**: [`Reader::columns`] names what each column of delimited
///   text holds, for published files that are neither an edge list
///   `source target [weight [time]]` nor CSV with a header naming its
///   columns. [`Reader::delimiter`] and [`Reader::header`] say how such text
///   is cut.
/// - **Kinds and networks**: [`Reader::kinds`] maps the cells of a kind
///   column (and JSON `kind` values) to kinds or skips them;
///   [`Reader::default_kind`] and [`Reader::default_network`] fill in
///   records that have none.
/// - **Limits and negative weights**: [`Reader::limits`] caps what records
///   read one at a time may hold ([`Reader::load`] obeys the builder's own
///   limits); [`Reader::negative_weights`] may skip negative weights rather
///   than fail.
///
/// Comment lines (starting with `#` or `%`) and blank lines of edge lists,
/// delimited text and JSON lines are skipped and counted in
/// [`ReadStats::skipped`]; interaction CSV with a header has no comments.
/// Times are read by [`parse_time`](super::parse_time): Unix seconds
/// (fractions rounded down) or ISO 8601 dates, UTC unless they carry a zone.
/// What the reader assumed comes back in [`ReadStats::notes`].
///
/// # Example
///
/// SNAP's Higgs Twitter activity, `userA userB unix_seconds RT|MT|RE`:
///
/// ```
/// use influence::io::{Reader, ReadStats};
/// use influence::{InteractionKind, Network};
///
/// let higgs = "223789 213163 1341100972 MT\n223789 213163 1341100972 RE\n376989 50329 1341101181 RT\n";
/// let reader = Reader::default()
///     .columns("actor,target,time,kind".parse()?)
///     .kinds("RT=reshare,MT=mention,RE=reply".parse()?)
///     .default_network(Network::Twitter);
/// let (records, stats) = reader.collect(higgs.as_bytes(), None)?;
/// assert_eq!(records.len(), 3);
/// assert_eq!(records[2].kind, Some(InteractionKind::Reshare));
/// assert_eq!(records[2].time, Some(1_341_101_181));
/// assert_eq!(records[2].network, Some(Network::Twitter));
/// assert!(stats.notes.is_empty());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Reader {
    format: InputFormat,
    columns: Option<Columns>,
    delimiter: Delimiter,
    header: Header,
    kinds: Option<KindMap>,
    default_kind: Option<InteractionKind>,
    default_network: Option<Network>,
    limits: Limits,
    negative_weights: NegativeWeights,
}

/// Which parser reads an input.
#[derive(Debug)]
enum Plan {
    /// The edge list in parallel blocks (only into a builder) or by line.
    EdgeList,
    /// Interaction CSV with a header naming its columns.
    Csv {
        delimiter: u8,
    },
    JsonLines,
    /// Delimited text, the columns given or the edge list's.
    Delimited(Layout),
}

impl Reader {
    /// The limits records read one at a time obey.
    #[cfg(feature = "distributed")]
    pub(crate) fn limits_ref(&self) -> &Limits {
        &self.limits
    }

    /// The input's format [default: [`InputFormat::Auto`]].
    pub fn format(mut self, format: InputFormat) -> Reader {
        self.format = format;
        self
    }

    /// What each column holds, for edge lists and CSV (not JSON lines)
    /// [default: the format's own: `source target [weight [time]]` for an
    /// edge list, the header's names for CSV].
    ///
    /// # Example
    ///
    /// SNAP's CollegeMsg, `sender receiver unix_seconds`:
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let reader = Reader::default().columns("actor,target,time".parse()?);
    /// let (records, _) = reader.collect("1 2 1082040961\n3 4 1082155839\n".as_bytes(), None)?;
    /// assert_eq!((records[0].time, records[0].weight), (Some(1_082_040_961), None));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn columns(mut self, columns: Columns) -> Reader {
        self.columns = Some(columns);
        self
    }

    /// What separates cells [default: [`Delimiter::Auto`]].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::{Delimiter, Reader};
    ///
    /// let reader = Reader::default().columns("actor,target,time".parse()?).delimiter(Delimiter::Tab);
    /// let (records, _) = reader.collect("ann\tbob\t2001-05-14 16:39:00\n".as_bytes(), None)?;
    /// assert_eq!(records[0].time, Some(989_858_340));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn delimiter(mut self, delimiter: Delimiter) -> Reader {
        self.delimiter = delimiter;
        self
    }

    /// Whether the first line is a header: a [`Header`] or a `bool`
    /// [default: [`Header::Auto`]].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let input = "from to Time\nann bob 1700000000\n";
    /// let reader = Reader::default().columns("actor,target,time".parse()?).header(true);
    /// let (records, stats) = reader.collect(input.as_bytes(), None)?;
    /// assert_eq!((records.len(), stats.lines), (1, 2));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn header(mut self, header: impl Into<Header>) -> Reader {
        self.header = header.into();
        self
    }

    /// How kind cells map to kinds, and which kinds to skip [default: each
    /// cell parsed as [`InteractionKind`] parses it]. The input must have a
    /// kind column (or, for JSON lines, `kind` keys).
    ///
    /// # Example
    ///
    /// Enron's recipients, where every `bcc` row repeats a `cc` row:
    ///
    /// ```
    /// use influence::io::{Note, Reader};
    ///
    /// let input = "1\t2\t2001-05-14 16:39:00\tto\n1\t3\t2001-05-14 16:39:00\tcc\n1\t3\t2001-05-14 16:39:00\tbcc\n";
    /// let reader = Reader::default()
    ///     .columns("actor,target,time,kind".parse()?)
    ///     .kinds("to=message,cc=copy,bcc=-".parse()?);
    /// let (records, stats) = reader.collect(input.as_bytes(), None)?;
    /// assert_eq!((records.len(), stats.kinds_skipped), (2, 1));
    /// assert_eq!(stats.notes, [Note::KindSkipped { kind: "bcc".into(), rows: 1 }]);
    ///
    /// let err = reader.collect("1\t2\t2001-05-14 16:39:00\tfwd\n".as_bytes(), None).unwrap_err();
    /// assert_eq!(err.position().map(|p| p.line()), Some(1));
    /// assert!(err.to_string().contains("kind \"fwd\" is not in the kind mapping"), "{err}");
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn kinds(mut self, kinds: KindMap) -> Reader {
        self.kinds = Some(kinds);
        self
    }

    /// The kind of every record that has none [default: none, a generic
    /// reaction].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::InteractionKind;
    ///
    /// let reader = Reader::default().columns("actor,target,time".parse()?).default_kind(InteractionKind::Reply);
    /// let (records, _) = reader.collect("1 4 1254192988\n".as_bytes(), None)?;
    /// assert_eq!(records[0].kind, Some(InteractionKind::Reply));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn default_kind(mut self, kind: InteractionKind) -> Reader {
        self.default_kind = Some(kind);
        self
    }

    /// The network of every record that has none [default: none].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::Network;
    ///
    /// let reader = Reader::default().default_network(Network::Other("email".into()));
    /// let (records, _) = reader.collect("ann bob\n".as_bytes(), None)?;
    /// assert_eq!(records[0].network, Some(Network::Other("email".into())));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn default_network(mut self, network: Network) -> Reader {
        self.default_network = Some(network);
        self
    }

    /// Caps on what [`Reader::for_each`] and [`Reader::collect`] read
    /// [default: [`Limits::default`]]; [`Reader::load`] obeys the builder's
    /// limits instead.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::Limits;
    ///
    /// let reader = Reader::default().limits(Limits::default().max_edges(1));
    /// let err = reader.collect("ann bob\nbob cy\n".as_bytes(), None).unwrap_err();
    /// assert_eq!(err.to_string(), "<input>:2: too many edges: more than 1");
    /// ```
    pub fn limits(mut self, limits: Limits) -> Reader {
        self.limits = limits;
        self
    }

    /// What to do with negative weights [default: [`NegativeWeights::Error`]].
    ///
    /// # Example
    ///
    /// SNAP's Bitcoin OTC trust ratings, `rater,ratee,rating,unix_seconds`:
    ///
    /// ```
    /// use influence::io::{NegativeWeights, Reader};
    ///
    /// let input = "6,2,4,1289241911.72836\n1,15,-1,1289243140.39049\n";
    /// let reader = Reader::default().columns("actor,target,weight,time".parse()?);
    /// let err = reader.collect(input.as_bytes(), None).unwrap_err();
    /// assert!(err.to_string().starts_with("<input>:2: invalid weight -1"), "{err}");
    ///
    /// let (records, stats) = reader.negative_weights(NegativeWeights::Skip).collect(input.as_bytes(), None)?;
    /// assert_eq!((records.len(), stats.negative_skipped), (1, 1));
    /// assert_eq!(records[0].time, Some(1_289_241_911));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn negative_weights(mut self, negative_weights: NegativeWeights) -> Reader {
        self.negative_weights = negative_weights;
        self
    }

    /// Reads `input` into `builder`, under the builder's
    /// [`Limits`](crate::GraphConfig::limits). `path` names the input in
    /// errors and, for [`InputFormat::Auto`], gives the format (an input
    /// without a path is an edge list).
    ///
    /// Default edge lists are parsed in parallel blocks (see
    /// [`load_edge_list`](super::load_edge_list)) and every other input
    /// line by line, its ids looked up a batch at a time.
    ///
    /// # Errors
    ///
    /// Settings that do not fit the input
    /// ([`ErrorKind::InvalidConfig`](crate::ErrorKind::InvalidConfig)), and
    /// the format's errors, each with the file and line: see
    /// [`load_edge_list`](super::load_edge_list),
    /// [`load_csv`](super::load_csv) and [`load_jsonl`](super::load_jsonl).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::GraphBuilder;
    ///
    /// let mut builder = GraphBuilder::default();
    /// let stats = Reader::default().columns("target,actor".parse()?).load("bob ann\n".as_bytes(), None, &mut builder)?;
    /// assert_eq!(stats.records, 1);
    /// let graph = builder.build()?;
    /// let (ann, bob) = (graph.user_index("ann").unwrap(), graph.user_index("bob").unwrap());
    /// assert_eq!(graph.combined().in_edges(bob).next().map(|(u, _)| u), Some(ann));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn load<R: Read>(&self, input: R, path: Option<&Path>, builder: &mut GraphBuilder) -> Result<ReadStats> {
        let plan = self.plan(path)?;
        let input = gzip::open(input).map_err(|e| Error::io(path, e).at(Position::new(path, 1)))?;
        let max_bytes = builder.limits().get_max_line_bytes();
        let mut rules = self.rules();
        let mut batch = Batch::default();
        let format = match plan {
            // The blocks go to the builder directly.
            Plan::EdgeList => return edgelist::load_edge_list_in_blocks(input, path, builder, BlockConfig::default()),
            // So do the rows of CSV and JSON lines, parsed in blocks.
            Plan::Csv { delimiter } => Format::Csv(delimiter),
            Plan::JsonLines => Format::JsonLines,
            Plan::Delimited(layout) => {
                let mut push = |i: Interaction, line: u64| batch.push(i, line, builder, path);
                let read = read_delimited(input, path, max_bytes, &layout, &mut rules, &mut push);
                // The records still held come before wherever reading
                // stopped, so an error among them is the first.
                batch.flush(builder, path)?;
                return read;
            }
        };
        let sink = Sink::Builder(builder);
        interactions::read_in_blocks(input, path, sink, max_bytes, format, &mut rules, BlockConfig::default())
    }

    /// Opens the file at `path` and reads it into `builder` (see
    /// [`Reader::load`]).
    ///
    /// # Errors
    ///
    /// An I/O error naming `path`, and those of [`Reader::load`].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::GraphBuilder;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("msgs.txt");
    /// std::fs::write(&path, "1 2 1082040961\n").unwrap();
    /// let mut builder = GraphBuilder::default();
    /// Reader::default().columns("actor,target,time".parse()?).load_file(&path, &mut builder)?;
    /// assert_eq!(builder.build()?.edge_count(), 1);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn load_file(&self, path: &Path, builder: &mut GraphBuilder) -> Result<ReadStats> {
        let file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
        self.load(file, Some(path), builder)
    }

    /// Hands each interaction of `input` to `each` as it is read, so that
    /// memory does not grow with the input, under [`Reader::limits`]; what
    /// [`ScoreModelBuilder::build_from`](crate::score::ScoreModelBuilder::build_from)
    /// reads from. An error from `each` stops the reading and is returned
    /// with the line of the record it came from (unless it names one).
    ///
    /// # Errors
    ///
    /// Those of [`Reader::load`], those of `each`, and
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line
    /// beyond the limits.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let mut targets = Vec::new();
    /// let stats = Reader::default().for_each("# a comment\nann bob\nbob cy\n".as_bytes(), None, |i| {
    ///     targets.push(i.target);
    ///     Ok(())
    /// })?;
    /// assert_eq!(targets, ["bob", "cy"]);
    /// assert_eq!((stats.records, stats.skipped), (2, 1));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn for_each<R: Read>(
        &self,
        input: R,
        path: Option<&Path>,
        mut each: impl FnMut(Interaction) -> Result<()>,
    ) -> Result<ReadStats> {
        let plan = self.plan(path)?;
        let input = gzip::open(input).map_err(|e| Error::io(path, e).at(Position::new(path, 1)))?;
        let max_bytes = self.limits.get_max_line_bytes();
        let mut held = held::Held::new(self.limits);
        let mut each = |i: Interaction, _line: u64| {
            held.interaction(&i)?;
            each(i)
        };
        let mut rules = self.rules();
        match plan {
            Plan::EdgeList => edgelist::for_each_interaction_edge_list(input, path, max_bytes, |i| each(i, 0)),
            Plan::Csv { delimiter } => {
                let sink = Sink::Each(&mut each);
                let format = Format::Csv(delimiter);
                interactions::read_in_blocks(input, path, sink, max_bytes, format, &mut rules, BlockConfig::default())
            }
            Plan::JsonLines => {
                let sink = Sink::Each(&mut each);
                let format = Format::JsonLines;
                interactions::read_in_blocks(input, path, sink, max_bytes, format, &mut rules, BlockConfig::default())
            }
            Plan::Delimited(layout) => read_delimited(input, path, max_bytes, &layout, &mut rules, &mut each),
        }
    }

    /// Opens the file at `path` and hands each interaction to `each` (see
    /// [`Reader::for_each`]).
    ///
    /// # Errors
    ///
    /// An I/O error naming `path`, and those of [`Reader::for_each`].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("ties.csv");
    /// std::fs::write(&path, "actor,target\nann,bob\n").unwrap();
    /// let mut n = 0;
    /// Reader::default().for_each_in_file(&path, |_| Ok(n += 1))?;
    /// assert_eq!(n, 1);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn for_each_in_file(&self, path: &Path, each: impl FnMut(Interaction) -> Result<()>) -> Result<ReadStats> {
        let file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
        self.for_each(file, Some(path), each)
    }

    /// Reads every interaction of `input` into a vector (see
    /// [`Reader::for_each`]), with what was read.
    ///
    /// # Errors
    ///
    /// Those of [`Reader::for_each`].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let (records, stats) = Reader::default().collect("ann bob 2\n".as_bytes(), None)?;
    /// assert_eq!((records[0].weight, stats.records), (Some(2.0), 1));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn collect<R: Read>(&self, input: R, path: Option<&Path>) -> Result<(Vec<Interaction>, ReadStats)> {
        let mut out = Vec::new();
        let stats = self.for_each(input, path, |i| {
            out.push(i);
            Ok(())
        })?;
        Ok((out, stats))
    }

    /// Opens the file at `path` and reads every interaction into a vector
    /// (see [`Reader::collect`]).
    ///
    /// # Errors
    ///
    /// An I/O error naming `path`, and those of [`Reader::for_each`].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("ties.jsonl");
    /// std::fs::write(&path, "{\"actor\": \"ann\", \"target\": \"bob\"}\n").unwrap();
    /// let (records, _) = Reader::default().collect_file(&path)?;
    /// assert_eq!(records[0].target, "bob");
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn collect_file(&self, path: &Path) -> Result<(Vec<Interaction>, ReadStats)> {
        let file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
        self.collect(file, Some(path))
    }

    /// Reads user facts CSV (`user,network[,posts,audience]`, see
    /// [`read_facts_from`](super::read_facts_from)) under this reader's
    /// [`Limits`]; the interaction settings (format, columns, kinds) do not
    /// apply. `path` names the input in errors.
    ///
    /// # Errors
    ///
    /// Those of [`read_facts_from`](super::read_facts_from), and
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line of the
    /// record beyond [`Limits::max_users`] (each record is held until the
    /// end, so that cap bounds the records).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::{ErrorKind, Limits};
    ///
    /// let csv = "user,network,posts\nann,twitter,3\nbob,twitter,4\n";
    /// let facts = Reader::default().read_facts(csv.as_bytes(), None)?;
    /// assert_eq!(facts[1].posts, Some(4));
    /// let capped = Reader::default().limits(Limits::default().max_users(1));
    /// let err = capped.read_facts(csv.as_bytes(), None).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::TooLarge { limit: 1, .. }), "{err}");
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn read_facts<R: Read>(&self, input: R, path: Option<&Path>) -> Result<Vec<crate::UserFacts>> {
        super::facts::read_facts_from_with_limits(input, path, self.limits)
    }

    /// [`Reader::read_facts`] on the file at `path`.
    ///
    /// # Errors
    ///
    /// Those of [`Reader::read_facts`], and an I/O error naming the file.
    pub fn read_facts_file(&self, path: &Path) -> Result<Vec<crate::UserFacts>> {
        super::facts::read_facts_with_limits(path, self.limits)
    }

    /// Reads user ids, one per line (see [`read_user_ids`](super::read_user_ids)),
    /// under this reader's [`Limits`]: a line longer than
    /// [`Limits::max_line_bytes`] and more ids than [`Limits::max_users`]
    /// are errors.
    ///
    /// # Errors
    ///
    /// Those of [`read_user_ids`](super::read_user_ids), and
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line beyond
    /// a limit.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::Limits;
    ///
    /// let ids = Reader::default().read_user_ids("# seeds\nann\nbob\n".as_bytes(), None)?;
    /// assert_eq!(ids, ["ann", "bob"]);
    /// let capped = Reader::default().limits(Limits::default().max_users(1));
    /// assert!(capped.read_user_ids("ann\nbob\n".as_bytes(), None).is_err());
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn read_user_ids<R: Read>(&self, input: R, path: Option<&Path>) -> Result<Vec<String>> {
        super::users::read_user_ids_with_limits(input, path, self.limits)
    }

    /// Reads a personalization vector (`user [weight]` lines, see
    /// [`read_personalization`](super::read_personalization)) under this
    /// reader's [`Limits`].
    ///
    /// # Errors
    ///
    /// Those of [`read_personalization`](super::read_personalization), and
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line beyond
    /// a limit.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let entries = Reader::default().read_personalization("ann 2\nbob 0.5\n".as_bytes(), None)?;
    /// assert_eq!(entries, [("ann".to_string(), 2.0), ("bob".to_string(), 0.5)]);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn read_personalization<R: Read>(&self, input: R, path: Option<&Path>) -> Result<Vec<(String, f64)>> {
        super::personalization::read_personalization_with_limits(input, path, self.limits)
    }

    /// Reads a personalization vector for `graph` (see
    /// [`read_personalization_for`](super::read_personalization_for): a user
    /// the graph lacks is an error at its line) under this reader's
    /// [`Limits`].
    ///
    /// # Errors
    ///
    /// Those of [`read_personalization_for`](super::read_personalization_for),
    /// and [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line
    /// beyond a limit.
    pub fn read_personalization_for<R: Read>(
        &self,
        input: R,
        path: Option<&Path>,
        graph: &crate::InfluenceGraph,
    ) -> Result<Vec<(String, f64)>> {
        super::personalization::read_personalization_for_with_limits(input, path, graph, self.limits)
    }

    /// Reads scores written by [`write_scores`](super::write_scores) in
    /// `format` (see [`read_scores`](super::read_scores)) under this
    /// reader's [`Limits`].
    ///
    /// # Errors
    ///
    /// Those of [`read_scores`](super::read_scores), and
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line beyond
    /// a limit.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::{self, OutputFormat, Reader};
    /// use influence::score::UserScore;
    ///
    /// let mut out = Vec::new();
    /// io::write_scores(&[UserScore::new("ann", 63.5, 2.25)], &mut out, OutputFormat::Csv, None)?;
    /// let back = Reader::default().read_scores(&out[..], OutputFormat::Csv, None)?;
    /// assert_eq!(back, [UserScore::new("ann", 63.5, 2.25)]);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn read_scores<R: Read>(
        &self,
        input: R,
        format: super::OutputFormat,
        path: Option<&Path>,
    ) -> Result<Vec<crate::score::UserScore>> {
        super::scores::read_scores_with_limits(input, format, path, self.limits)
    }

    fn rules(&self) -> Rules<'_> {
        Rules::new(
            self.kinds.as_ref(),
            self.default_kind.as_ref(),
            self.default_network.as_ref(),
            self.negative_weights,
        )
    }

    /// The parser for an input named `path`, or an error for settings that
    /// do not fit it.
    fn plan(&self, path: Option<&Path>) -> Result<Plan> {
        let format = match (self.format, path) {
            (InputFormat::Auto, Some(p)) => InputFormat::detect(p),
            (InputFormat::Auto, None) => InputFormat::EdgeList,
            (f, _) => f,
        };
        let has_kind = |columns: &Columns| columns.contains(Field::Kind);
        match (format, &self.columns) {
            (InputFormat::JsonLines, _) => {
                let given = [
                    ("columns", self.columns.is_some()),
                    ("delimiter", self.delimiter != Delimiter::Auto),
                    ("header", self.header != Header::Auto),
                ];
                if let Some((what, _)) = given.iter().find(|(_, g)| *g) {
                    return Err(Error::config(
                        "input settings",
                        format!("({what})"),
                        format!("JSON lines name their fields in every object; a {what} applies to delimited text"),
                    ));
                }
                Ok(Plan::JsonLines)
            }
            (InputFormat::Csv, None) => {
                let delimiter = match self.delimiter {
                    Delimiter::Auto | Delimiter::Comma => b',',
                    Delimiter::Tab => b'\t',
                    Delimiter::Whitespace => {
                        return Err(Error::config(
                            "delimiter",
                            "whitespace",
                            "CSV with a header is split at commas or tabs; name the columns to split at whitespace",
                        ));
                    }
                };
                if self.header == Header::Absent {
                    return Err(Error::config(
                        "header",
                        "absent",
                        "CSV without a header needs its columns named (actor,target,...)",
                    ));
                }
                Ok(Plan::Csv { delimiter })
            }
            (InputFormat::Csv, Some(columns)) | (InputFormat::EdgeList | InputFormat::Auto, Some(columns)) => {
                if self.kinds.is_some() && !has_kind(columns) {
                    return Err(no_kind_column(columns));
                }
                Ok(Plan::Delimited(Layout::named(
                    columns.clone(),
                    self.delimiter,
                    self.header,
                    format == InputFormat::Csv,
                )))
            }
            (InputFormat::EdgeList | InputFormat::Auto, None) => {
                if self.kinds.is_some() {
                    return Err(Error::config(
                        "kind mapping",
                        quote(&self.kinds.as_ref().map(ToString::to_string).unwrap_or_default()),
                        "an edge list (source target [weight [time]]) has no kind column; name the columns, e.g. \
                         actor,target,time,kind",
                    ));
                }
                // An edge list read as it comes refuses a first line that
                // looks like a header; told there is none, every line is read.
                let plain = self.delimiter == Delimiter::Auto
                    && self.header == Header::Auto
                    && self.default_kind.is_none()
                    && self.default_network.is_none()
                    && self.negative_weights == NegativeWeights::Error;
                if plain {
                    Ok(Plan::EdgeList)
                } else {
                    Ok(Plan::Delimited(Layout::edge_list(self.delimiter, self.header)))
                }
            }
        }
    }
}

fn no_kind_column(columns: &Columns) -> Error {
    Error::config("kind mapping", "given", format!("the columns {} have no kind column", quote(&columns.to_string())))
}
