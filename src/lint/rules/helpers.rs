//! Helpers shared by several rules (a rule never imports another rule's file).

use crate::lint::context::Context;
use crate::lint::files::{FileView, SectionKind};
use crate::model::{Block, KnownKey, Location, Property};
use crate::syntax::{Entry, Section};

/// Every botocore entry of a file with its section and that section's kind.
pub(crate) fn entries<'v, 't>(
    file: &'v FileView<'t>,
) -> impl Iterator<Item = (&'v Section, &'v SectionKind<'t>, &'v Entry)> {
    file.sections().flat_map(move |(section, kind)| {
        file.botocore
            .entries(section)
            .iter()
            .map(move |e| (section, kind, e))
    })
}

/// The closest candidate by edit distance, if close enough to be a likely typo.
pub(crate) fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    Suggestions::new(candidates).closest(word)
}

/// Names to suggest from, prepared once when many words are looked up against the same
/// names (a config can have thousands of profiles and thousands of dangling references).
pub(crate) struct Suggestions<'c> {
    names: Vec<Name<'c>>,
}

struct Name<'c> {
    text: &'c str,
    chars: usize,
    letters: u64,
}

impl<'c> Suggestions<'c> {
    pub(crate) fn new(candidates: impl IntoIterator<Item = &'c str>) -> Self {
        let names = candidates
            .into_iter()
            .map(|text| Name {
                text,
                chars: text.chars().count(),
                letters: Letters::set(text),
            })
            .collect();
        Suggestions { names }
    }

    pub(crate) fn closest(&self, word: &str) -> Option<&'c str> {
        // Long words are not typos of short names (and edit distance is quadratic).
        if word.len() > 64 {
            return None;
        }
        let word = word.to_ascii_lowercase();
        let length = word.chars().count();
        let limit = (length / 3).clamp(1, 4);
        let letters = Letters::of(&word);
        let set = Letters::set(&word);
        let mut best: Option<(usize, &str)> = None;
        for name in &self.names {
            // Cheap lower bounds first; most pairs are nowhere near each other.
            if name.chars.abs_diff(length) > limit
                || (set & !name.letters).count_ones() as usize > limit
                || (name.letters & !set).count_ones() as usize > limit
                || letters.distance_bound(name.text) > limit
            {
                continue;
            }
            let distance = strsim::damerau_levenshtein(&word, &name.text.to_ascii_lowercase());
            let better = best.is_none_or(|(d, c)| (distance, name.text.len()) < (d, c.len()));
            if distance <= limit && better {
                best = Some((distance, name.text));
            }
        }
        best.map(|(_, c)| c)
    }
}

/// A word's letters as a multiset (ASCII case-folded; every other character in one bucket).
/// An edit changes at most one letter on each side and a transposition none, so the
/// multiset difference is a lower bound of the edit distance, found in linear time.
struct Letters {
    counts: [u16; 129],
    total: usize,
}

impl Letters {
    fn bucket(c: char) -> usize {
        if c.is_ascii() {
            c.to_ascii_lowercase() as usize
        } else {
            128
        }
    }

    /// Which letters occur (buckets folded onto 64 bits). Each distinct letter of one word
    /// missing from the other costs at least one edit, so the popcount of the difference is
    /// a lower bound too, in a few instructions.
    fn set(word: &str) -> u64 {
        word.chars()
            .fold(0, |set, c| set | 1 << (Letters::bucket(c) % 64))
    }

    fn of(word: &str) -> Letters {
        let mut counts = [0u16; 129];
        for c in word.chars() {
            counts[Letters::bucket(c)] += 1;
        }
        Letters {
            counts,
            total: word.chars().count(),
        }
    }

    /// max(letters only in the word, letters only in `other`) ≤ the edit distance.
    fn distance_bound(&self, other: &str) -> usize {
        let mut left = self.counts;
        let (mut shared, mut extra) = (0usize, 0usize);
        for c in other.chars() {
            let slot = &mut left[Letters::bucket(c)];
            if *slot > 0 {
                *slot -= 1;
                shared += 1;
            } else {
                extra += 1;
            }
        }
        extra.max(self.total - shared)
    }
}

/// A profile uses IAM Identity Center (botocore's `SSOProvider` trigger and then some).
pub(crate) fn is_sso_profile(profile: &Block) -> bool {
    [
        KnownKey::SsoAccountId,
        KnownKey::SsoRoleName,
        KnownKey::SsoSession,
        KnownKey::SsoStartUrl,
    ]
    .into_iter()
    .any(|k| profile.has(k))
}

/// Profiles whose `sso_session` names an existing session: (profile name, profile,
/// session name, session).
pub(crate) fn profiles_with_session<'c, 't>(
    context: &'c Context<'t>,
) -> impl Iterator<Item = (&'c str, &'c Block<'t>, &'c str, &'c Block<'t>)> {
    context
        .botocore
        .profiles
        .iter()
        .filter_map(|(name, profile)| {
            let session_name = profile.str(KnownKey::SsoSession)?;
            let session = context.botocore.sso_sessions.get(session_name)?;
            Some((name.as_ref(), profile, session_name, session))
        })
}

/// The profile's own (not `[DEFAULT]`-inherited) property.
pub(crate) fn own<'b, 'a>(block: &'b Block<'a>, key: KnownKey) -> Option<&'b Property<'a>> {
    block.get(key).filter(|p| !p.inherited)
}

/// How a message names a profile: "profile `NAME`".
pub(crate) fn profile_label(name: &str) -> String {
    ["profile `", name, "`"].concat()
}

/// The span of the whole value, or the key when the value is empty (an empty span is
/// hard to point at).
pub(crate) fn value_or_key(property: &Property) -> Location {
    if property.value.is_empty() {
        property.key
    } else {
        property.value_location()
    }
}

pub(crate) use crate::model::values::intended_value;

#[cfg(test)]
mod tests {
    use super::*;

    /// Words over a small alphabet (so that many pairs are close), from a fixed seed.
    fn words(count: usize) -> Vec<String> {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let length = 1 + (next() % 9) as usize;
                (0..length)
                    .map(|_| ['a', 'b', 'C', 'd', '-', 'é', '1'][(next() % 7) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_letter_bound_never_exceeds_the_edit_distance() {
        let words = words(300);
        for a in &words {
            let letters = Letters::of(&a.to_ascii_lowercase());
            for b in &words {
                let exact =
                    strsim::damerau_levenshtein(&a.to_ascii_lowercase(), &b.to_ascii_lowercase());
                assert!(letters.distance_bound(b) <= exact, "{a} {b}");
            }
        }
    }

    #[test]
    fn did_you_mean_finds_what_comparing_every_pair_finds() {
        let words = words(400);
        let (queries, candidates) = words.split_at(100);
        for word in queries {
            let lower = word.to_ascii_lowercase();
            let limit = (lower.chars().count() / 3).clamp(1, 4);
            let brute = candidates
                .iter()
                .map(|c| {
                    (
                        strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase()),
                        c,
                    )
                })
                .filter(|&(d, _)| d <= limit)
                .min_by_key(|&(d, c)| (d, c.len()))
                .map(|(_, c)| c.as_str());
            assert_eq!(
                did_you_mean(word, candidates.iter().map(String::as_str)),
                brute,
                "{word}"
            );
        }
    }
}
