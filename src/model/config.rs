//! What a reader makes of the files: profiles, sso-sessions and services as blocks of
//! properties that keep where they were written, and the problems that make a tool
//! refuse the files or silently drop a part.

use std::borrow::Cow;

use std::hash::BuildHasher;

use hashbrown::HashTable;
use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;

use crate::model::known_keys::KnownKey;
use crate::syntax::{Dialect, Document, Span, SyntaxError};

/// Which of the two shared files a span points into.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    Config,
    Credentials,
}

impl FileKind {
    /// The other file of the pair.
    pub fn other(self) -> FileKind {
        match self {
            FileKind::Config => FileKind::Credentials,
            FileKind::Credentials => FileKind::Config,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FileKind::Config => "config",
            FileKind::Credentials => "credentials",
        }
    }
}

/// A span in one of the two files.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: FileKind,
    pub span: Span,
}

/// One parsed input file. The resolved [`Config`] borrows the text (`'t`), not the tree.
#[derive(Copy, Clone, Debug)]
pub struct SourceFile<'t, 'd> {
    pub kind: FileKind,
    pub text: &'t str,
    pub doc: &'d Document,
}

/// An insertion-ordered map (Python dicts keep insertion order, and so does botocore's
/// output) with a fast non-cryptographic hasher: keys come from the user's own files.
pub type Map<K, V> = IndexMap<K, V, FxBuildHasher>;

/// Names and values borrow from the file text where they are written verbatim.
pub type Text<'a> = Cow<'a, str>;

/// A `key = value` as the dialect resolves it.
#[derive(Clone, Debug)]
pub struct Property<'a> {
    /// The value as a string. For a value with continuation lines: the lines joined by `\n`
    /// (botocore: right-stripped; the SDKs: their raw sub-property string, e.g. `"\nk = v"`).
    pub text: Text<'a>,
    /// Sub-properties (`s3 =` followed by indented `k = v` lines), in file order.
    pub nested: Option<Box<Map<Text<'a>, SubProperty<'a>>>>,
    /// The key as written.
    pub key: Location,
    /// From the first value character to the end of the last continuation line.
    pub value: Span,
    /// Written in a `[DEFAULT]` section, not in this one (botocore only).
    pub inherited: bool,
}

impl<'a> Property<'a> {
    /// The plain string value, or `None` for sub-properties.
    pub fn as_str(&self) -> Option<&str> {
        match self.nested {
            None => Some(&self.text),
            Some(_) => None,
        }
    }

    pub fn value_location(&self) -> Location {
        Location {
            file: self.key.file,
            span: self.value,
        }
    }
}

#[derive(Clone, Debug)]
pub struct SubProperty<'a> {
    pub value: Text<'a>,
    pub key: Location,
}

/// A profile, sso-session, services or other section after merging.
#[derive(Clone, Debug, Default)]
pub struct Block<'a> {
    /// Every header that contributed, in the order the dialect applied them.
    pub headers: Vec<Location>,
    pub properties: Properties<'a>,
}

impl<'a> Block<'a> {
    /// The property of `key`: a name, or a [`KnownKey`] (a bit test when the block lacks it).
    #[inline]
    pub fn get(&self, key: impl KeyName) -> Option<&Property<'a>> {
        self.properties.get(key)
    }

    /// A plain string value (sub-properties excluded).
    #[inline]
    pub fn str(&self, key: impl KeyName) -> Option<&str> {
        self.properties.get(key).and_then(Property::as_str)
    }

    /// Whether the block has a known key (a bit test: no slot is read).
    #[inline]
    pub fn has(&self, key: KnownKey) -> bool {
        self.properties.has(key)
    }
}

/// How a key is looked up: by its name, or, for the keys the model interns, by its
/// [`KnownKey`] (the rules' lookups: no string is compared).
pub trait KeyName: Copy {
    /// The known key this names, if any.
    fn known(self) -> Option<KnownKey>;
    /// The name as written.
    fn name(&self) -> &str;
}

impl KeyName for KnownKey {
    #[inline]
    fn known(self) -> Option<KnownKey> {
        Some(self)
    }
    fn name(&self) -> &str {
        KnownKey::name(*self)
    }
}

impl KeyName for &str {
    #[inline]
    fn known(self) -> Option<KnownKey> {
        KnownKey::of(self)
    }
    fn name(&self) -> &str {
        self
    }
}

/// Sections with more keys than this are indexed by hash.
const SCANNED_UP_TO: usize = 16;

/// A section's properties by name, in the order the reader applied them.
///
/// A section holds a handful of keys: scanning one small vector finds a key faster than
/// hashing it, and costs one allocation per section instead of an index map's two (a
/// 10 000-profile file has 10 000 of them, and the rules look keys up in each). A section
/// with many keys gets a hash index beside the vector, so that building and looking up stay
/// linear whatever the file holds.
#[derive(Clone)]
pub struct Properties<'a> {
    slots: Vec<Slot<'a>>,
    /// Which [`KnownKey`]s the section has, one bit each: the rules ask every profile for a
    /// few known keys, and most answers are here without touching the slots.
    known: u64,
    /// The first [`INLINE_IDS`] slots' known-key ids ([`OTHER`] for other keys): a known
    /// key the section has is found by reading these bytes, then only its own slot.
    ids: [u8; INLINE_IDS],
    /// A one-word Bloom filter of the other keys' fingerprints (bit [`filter_bit`]):
    /// lookups of keys the section lacks are answered without scanning.
    filter: u64,
    /// Positions in `slots`, hashed by key: only above [`SCANNED_UP_TO`] entries.
    index: Option<Box<HashTable<u32>>>,
}

/// How many slots' known-key ids a section keeps beside the slots (most sections have
/// fewer keys; the rest are found in the slots themselves).
const INLINE_IDS: usize = 8;

/// The id of a key that is not a [`KnownKey`].
const OTHER: u8 = u8::MAX;

#[derive(Clone)]
struct Slot<'a> {
    /// [`fingerprint`] of an other key (0 for a known one): the scan compares it before
    /// the bytes, so that a key the section does not have costs no string comparison.
    fingerprint: u32,
    /// The key's [`KnownKey`] id, or [`OTHER`].
    id: u8,
    key: Text<'a>,
    property: Property<'a>,
}

/// The length, the last byte and the middle byte: keys that share a prefix (`sso_region`,
/// `sso_role_name`, `sso_start_url`) differ in these.
fn fingerprint(key: &str) -> u32 {
    let bytes = key.as_bytes();
    match bytes.last() {
        None => 0,
        Some(&last) => {
            (bytes.len() as u32) << 16 | u32::from(last) << 8 | u32::from(bytes[bytes.len() / 2])
        }
    }
}

fn filter_bit(fingerprint: u32) -> u64 {
    // Fibonacci hashing: the top six bits of the product pick one of 64.
    1 << (u64::from(fingerprint).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58)
}

fn hash(key: &str) -> u64 {
    FxBuildHasher.hash_one(key)
}

impl Default for Properties<'_> {
    fn default() -> Self {
        Properties::with_capacity(0)
    }
}

impl<'a> Properties<'a> {
    pub fn with_capacity(capacity: usize) -> Self {
        Properties {
            slots: Vec::with_capacity(capacity),
            known: 0,
            ids: [OTHER; INLINE_IDS],
            filter: 0,
            index: None,
        }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    fn position(&self, key: impl KeyName) -> Option<usize> {
        match key.known() {
            Some(known) => self.known_position(known),
            None => self.other_position(key.name()),
        }
    }

    /// The position of a key that is not a [`KnownKey`].
    fn other_position(&self, key: &str) -> Option<usize> {
        match &self.index {
            None => {
                let fingerprint = fingerprint(key);
                if self.filter & filter_bit(fingerprint) == 0 {
                    return None;
                }
                self.slots
                    .iter()
                    .position(|s| s.fingerprint == fingerprint && s.key == key)
            }
            Some(index) => self.indexed_position(index, key),
        }
    }

    fn indexed_position(&self, index: &HashTable<u32>, key: &str) -> Option<usize> {
        index
            .find(hash(key), |&i| self.slots[i as usize].key == key)
            .map(|&i| i as usize)
    }

    #[inline]
    fn known_position(&self, key: KnownKey) -> Option<usize> {
        if self.known & key.bit() == 0 {
            return None;
        }
        let id = key.id();
        if let Some(i) = self.ids.iter().position(|&b| b == id) {
            return Some(i);
        }
        match &self.index {
            // At most `SCANNED_UP_TO` slots: the rest are a short scan by id.
            None => self
                .slots
                .iter()
                .skip(INLINE_IDS)
                .position(|s| s.id == id)
                .map(|i| i + INLINE_IDS),
            // A large section: by hash, so that lookups stay constant-time.
            Some(index) => self.indexed_position(index, key.name()),
        }
    }

    /// Whether the section has a known key (a bit test).
    #[inline]
    pub fn has(&self, key: KnownKey) -> bool {
        self.known & key.bit() != 0
    }

    #[inline]
    pub fn get(&self, key: impl KeyName) -> Option<&Property<'a>> {
        self.position(key).map(|i| &self.slots[i].property)
    }

    pub fn get_mut(&mut self, key: impl KeyName) -> Option<&mut Property<'a>> {
        self.position(key).map(|i| &mut self.slots[i].property)
    }

    pub fn contains_key(&self, key: impl KeyName) -> bool {
        self.position(key).is_some()
    }

    /// Sets `key`; a key already present keeps its place and gets the new value
    /// (Python's `dict[key] = value`). Returns the value it replaced.
    pub fn insert(&mut self, key: Text<'a>, property: Property<'a>) -> Option<Property<'a>> {
        let (known, at) = self.interned_position(&key);
        if let Some(i) = at {
            return Some(std::mem::replace(&mut self.slots[i].property, property));
        }
        self.push_new(key, known, property);
        None
    }

    /// Sets `key` only if it is absent (Python's `dict.setdefault`).
    pub fn insert_if_absent(&mut self, key: Text<'a>, property: Property<'a>) {
        let (known, at) = self.interned_position(&key);
        if at.is_none() {
            self.push_new(key, known, property);
        }
    }

    /// The key interned, and its position: interned once, for the lookup and for the slot
    /// a new key gets.
    #[inline]
    fn interned_position(&self, key: &str) -> (Option<KnownKey>, Option<usize>) {
        let known = KnownKey::of(key);
        let at = match known {
            Some(known) => self.known_position(known),
            None => self.other_position(key),
        };
        (known, at)
    }

    /// Appends a key the section does not have (`known`: its interned form, if any).
    fn push_new(&mut self, key: Text<'a>, known: Option<KnownKey>, property: Property<'a>) {
        let at = u32::try_from(self.slots.len()).expect("spans are u32, so are key counts");
        if let Some(index) = &mut self.index {
            let slots = &self.slots;
            index.insert_unique(hash(&key), at, |&i| hash(&slots[i as usize].key));
        }
        // Only other keys are found by fingerprint (a known key is never looked up by it:
        // its name always interns), so known keys skip computing one.
        let (id, fingerprint) = match known {
            Some(known) => {
                self.known |= known.bit();
                (known.id(), 0)
            }
            None => {
                let fingerprint = fingerprint(&key);
                self.filter |= filter_bit(fingerprint);
                (OTHER, fingerprint)
            }
        };
        if let Some(inline) = self.ids.get_mut(at as usize) {
            *inline = id;
        }
        self.slots.push(Slot {
            fingerprint,
            id,
            key,
            property,
        });
        if self.index.is_none() && self.slots.len() > SCANNED_UP_TO {
            let mut index = HashTable::with_capacity(self.slots.len() * 2);
            for (i, slot) in self.slots.iter().enumerate() {
                index.insert_unique(hash(&slot.key), i as u32, |&i| {
                    hash(&self.slots[i as usize].key)
                });
            }
            self.index = Some(Box::new(index));
        }
    }

    pub fn iter(&self) -> Iter<'_, 'a> {
        Iter(self.slots.iter())
    }

    pub fn keys(&self) -> impl Iterator<Item = &Text<'a>> {
        self.slots.iter().map(|s| &s.key)
    }

    pub fn values(&self) -> impl Iterator<Item = &Property<'a>> {
        self.slots.iter().map(|s| &s.property)
    }
}

/// Key-value pairs by reference, like a map's.
pub struct Iter<'b, 'a>(std::slice::Iter<'b, Slot<'a>>);

impl<'b, 'a> Iterator for Iter<'b, 'a> {
    type Item = (&'b Text<'a>, &'b Property<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|s| (&s.key, &s.property))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'b, 'a> IntoIterator for &'b Properties<'a> {
    type Item = (&'b Text<'a>, &'b Property<'a>);
    type IntoIter = Iter<'b, 'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Key-value pairs by value.
pub struct IntoIter<'a>(std::vec::IntoIter<Slot<'a>>);

impl<'a> Iterator for IntoIter<'a> {
    type Item = (Text<'a>, Property<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|s| (s.key, s.property))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'a> IntoIterator for Properties<'a> {
    type Item = (Text<'a>, Property<'a>);
    type IntoIter = IntoIter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        IntoIter(self.slots.into_iter())
    }
}

impl<'a> Extend<(Text<'a>, Property<'a>)> for Properties<'a> {
    fn extend<I: IntoIterator<Item = (Text<'a>, Property<'a>)>>(&mut self, items: I) {
        for (key, property) in items {
            self.insert(key, property);
        }
    }
}

impl<'a> FromIterator<(Text<'a>, Property<'a>)> for Properties<'a> {
    fn from_iter<I: IntoIterator<Item = (Text<'a>, Property<'a>)>>(items: I) -> Self {
        let mut out = Properties::default();
        out.extend(items);
        out
    }
}

/// Shows the pairs as a map does (values go through `Property`'s own `Debug`).
impl std::fmt::Debug for Properties<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// A line the reader rejects.
    Syntax(crate::syntax::SyntaxErrorKind),
    /// The same header text twice in one file (botocore: DuplicateSectionError).
    DuplicateSection,
    /// The same key twice in one section, case-insensitively (botocore: DuplicateOptionError).
    DuplicateKey,
    /// A nested `key =` block with a line that has no `=`.
    NestedWithoutEquals,
    /// A section the dialect drops without a word.
    SectionIgnored,
    /// A key the dialect drops (SDKs: not a valid identifier).
    KeyIgnored,
    /// A section replaced or dropped because another one maps to the same name.
    SectionShadowed,
    /// The reader's program crashes on the files (Go: a panic).
    Crash,
    /// The reader loads the files but refuses to use one profile (Go: partial credentials).
    ProfileRefused,
}

/// Something a dialect refuses (fatal) or silently does (note), with where and why.
#[derive(Clone, Debug)]
pub struct Problem {
    pub kind: ProblemKind,
    pub at: Location,
    pub related: Vec<Location>,
    pub message: String,
}

/// The whole configuration as one dialect sees it.
#[derive(Clone, Debug)]
pub struct Config<'a> {
    pub dialect: Dialect,
    /// The reader whose view this is.
    pub reader: crate::model::tools::Reader,
    pub profiles: Map<Text<'a>, Block<'a>>,
    pub sso_sessions: Map<Text<'a>, Block<'a>>,
    pub services: Map<Text<'a>, Block<'a>>,
    /// botocore: bare `[name]` sections of the config file (its top-level keys);
    /// the SDKs: sections with another prefix, keyed `"prefix name"`.
    pub other: Map<Text<'a>, Block<'a>>,
    /// Problems that make the tool refuse the files. Non-empty means: nothing loads.
    pub fatal: Vec<Problem>,
    /// Things the tool does silently that a user would want to know.
    pub notes: Vec<Problem>,
}

impl Config<'_> {
    pub(crate) fn new(dialect: Dialect) -> Self {
        Config {
            dialect,
            reader: match dialect {
                Dialect::Botocore => crate::model::tools::Reader::Botocore,
                Dialect::Sdk => crate::model::tools::Reader::Spec,
            },
            profiles: Map::default(),
            sso_sessions: Map::default(),
            services: Map::default(),
            other: Map::default(),
            fatal: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn is_loadable(&self) -> bool {
        self.fatal.is_empty()
    }
}

pub(crate) fn syntax_problem(file: FileKind, error: &SyntaxError, dialect: Dialect) -> Problem {
    Problem {
        kind: ProblemKind::Syntax(error.kind.clone()),
        at: Location {
            file,
            span: error.span,
        },
        related: Vec::new(),
        message: error.message(dialect).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Span;

    fn property(n: u32) -> Property<'static> {
        Property {
            text: Text::Owned(n.to_string()),
            nested: None,
            key: Location {
                file: FileKind::Config,
                span: Span::new(n as usize, n as usize + 1),
            },
            value: Span::new(0, 0),
            inherited: false,
        }
    }

    /// The `i`th key of a test section: every other one a known key (taken from the end
    /// of the list, so that sections of every size have known keys before, inside and
    /// after the inline ids), the rest other keys.
    fn test_key(i: u32) -> String {
        let known = KnownKey::ALL;
        match (i % 2 == 1).then(|| known.get(known.len() - 1 - (i as usize / 2) % known.len())) {
            Some(Some(key)) if (i as usize / 2) < known.len() => key.name().to_string(),
            _ => format!("k{i}"),
        }
    }

    /// A known key past the inline ids, in a section still scanned (not indexed), is found
    /// by its slot's id, by name and by [`KnownKey`].
    #[test]
    fn a_known_key_past_the_inline_ids_is_found_in_its_slot() {
        for at in [INLINE_IDS - 1, INLINE_IDS, SCANNED_UP_TO - 1] {
            let mut ours = Properties::default();
            for n in 0..at as u32 {
                ours.insert(Text::Owned(format!("k{n}")), property(n));
            }
            ours.insert(Text::Borrowed("sso_region"), property(99));
            assert!(ours.index.is_none());
            let found = |p: Option<&Property>| p.map(|p| p.text.to_string());
            assert_eq!(
                found(ours.get(KnownKey::SsoRegion)),
                Some("99".into()),
                "at {at}"
            );
            assert_eq!(found(ours.get("sso_region")), Some("99".into()), "at {at}");
            assert_eq!(found(ours.get(KnownKey::SsoSession)), None);
        }
    }

    /// Both representations (scanned and indexed) against `IndexMap`, which has the same
    /// semantics: replacing keeps the first position, order is insertion order; known
    /// keys (looked up by name and by [`KnownKey`]) and other keys alike.
    #[test]
    fn behaves_as_an_insertion_ordered_map_below_and_above_the_index() {
        for size in [
            0,
            1,
            5,
            INLINE_IDS,
            INLINE_IDS + 3,
            SCANNED_UP_TO,
            SCANNED_UP_TO + 1,
            200,
        ] {
            let mut ours = Properties::default();
            let mut oracle: crate::model::Map<String, u32> = Default::default();
            for n in 0..size as u32 * 2 {
                // Every key twice, the second time with a new value.
                let key = test_key(n % size.max(1) as u32);
                assert_eq!(
                    ours.insert(Text::Owned(key.clone()), property(n))
                        .map(|p| p.text.into_owned()),
                    oracle.insert(key, n).map(|v| v.to_string())
                );
                ours.insert_if_absent(Text::Owned(format!("new{n}")), property(n));
                oracle.entry(format!("new{n}")).or_insert(n);
            }
            let ours_pairs: Vec<(String, String)> = ours
                .iter()
                .map(|(k, p)| (k.to_string(), p.text.to_string()))
                .collect();
            let oracle_pairs: Vec<(String, String)> = oracle
                .iter()
                .map(|(k, v)| (k.clone(), v.to_string()))
                .collect();
            assert_eq!(ours_pairs, oracle_pairs, "size {size}");
            for (key, value) in &oracle {
                assert_eq!(
                    ours.get(key.as_str()).map(|p| p.text.to_string()),
                    Some(value.to_string())
                );
            }
            assert!(ours.get("absent").is_none());
            for &known in KnownKey::ALL {
                let expected = oracle.get(known.name()).map(|v| v.to_string());
                assert_eq!(
                    ours.get(known).map(|p| p.text.to_string()),
                    expected,
                    "size {size}, {known:?}"
                );
                assert_eq!(ours.has(known), expected.is_some());
            }
            assert_eq!(
                ours.index.is_some(),
                ours.len() > SCANNED_UP_TO,
                "size {size}"
            );
        }
    }
}
