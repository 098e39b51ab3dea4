//! The one layer between a file's text and any output: which values are secrets (by their
//! key, including nested keys, near-miss spellings and continuation lines) and how they are
//! hidden, and control characters escaped so that a file (or a server's error text) cannot
//! move the cursor, recolour the screen, ring the bell or reorder text on a terminal.
//!
//! Secret values are found by a reader-independent scan of the lines, more eager than any
//! reader: a line `key = value` or `key: value` whose key is secret hides everything after
//! the delimiter to the end of the physical line, and every following line indented deeper
//! (a continuation for botocore and the SDKs, a nested value's continuation in `s3 =`
//! blocks). Lines are split at every character Python's `splitlines` breaks at, so a value
//! hidden for one reader is hidden for all.

use std::borrow::Cow;
use std::ops::Range;

/// A file's text in `Debug` output: only its length (the text may hold secrets).
pub struct Withheld<'t>(pub &'t str);

impl std::fmt::Debug for Withheld<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} bytes withheld>", self.0.len())
    }
}

/// The placeholder shown instead of a secret value.
pub const REDACTED: &str = "<redacted>";

/// Keys whose values are secrets as the AWS tools name them.
pub const SECRET_KEYS: &[&str] = &[
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

/// Whether a value under `key` (any case, as written or lower-cased) must never be shown:
/// the AWS secret keys, any spelling within two edits of one (`aws_secret_acess_key` still
/// holds a secret), and keys that say what they hold (`…secret…`, `…password…`,
/// `…session_token`).
pub fn is_secret_key(key: &str) -> bool {
    let key = key.trim();
    if key.len() < 6 || key.len() > 64 {
        return false;
    }
    // A file repeats a few keys thousands of times, and every rendering asks for each:
    // the verdicts of the last few hundred distinct keys are kept per thread.
    thread_local! {
        static VERDICTS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, bool>> =
            Default::default();
    }
    const KEPT: usize = 512;
    if let Some(known) = VERDICTS.with_borrow(|v| v.get(key).copied()) {
        return known;
    }
    let verdict = secret_verdict(key);
    VERDICTS.with_borrow_mut(|v| {
        if v.len() >= KEPT {
            v.clear();
        }
        v.insert(key.into(), verdict);
    });
    verdict
}

fn secret_verdict(key: &str) -> bool {
    let lower: Cow<str> = if key.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(key.to_ascii_lowercase())
    } else {
        Cow::Borrowed(key)
    };
    let lower = lower.as_ref();
    // Keys are at most 64 bytes: a first-byte scan beats building a substring searcher
    // (this runs for every key of every rendered reading and diff).
    let has = |needle: &str| {
        let (hay, needle) = (lower.as_bytes(), needle.as_bytes());
        hay.len() >= needle.len()
            && (0..=hay.len() - needle.len())
                .any(|i| hay[i] == needle[0] && &hay[i..i + needle.len()] == needle)
    };
    if SECRET_KEYS.contains(&lower)
        || has("secret")
        || has("password")
        || has("session_token")
        || has("security_token")
    {
        return true;
    }
    SECRET_KEYS
        .iter()
        .any(|secret| within_two_edits(lower, secret))
}

/// Damerau-Levenshtein distance at most 2. The distance is at least the bag distance (an
/// edit changes at most one letter count on each side, a transposition none), which is
/// cheap: most keys are ruled out without the distance's matrix.
fn within_two_edits(a: &str, b: &str) -> bool {
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        let mut counts = [0i32; 128];
        for &x in a.as_bytes() {
            counts[usize::from(x)] += 1;
        }
        for &x in b.as_bytes() {
            counts[usize::from(x)] -= 1;
        }
        let (surplus, deficit) = counts
            .iter()
            .fold((0, 0), |(s, d), &c| (s + c.max(0), d + (-c).max(0)));
        if surplus.max(deficit) > 2 {
            return false;
        }
    }
    strsim::damerau_levenshtein(a, b) <= 2
}

/// Characters Python's `str.splitlines` breaks at besides `\n` (botocore's line ends).
fn is_extra_line_break(c: char) -> bool {
    matches!(
        c,
        '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The byte ranges of `text` that hold secret values (never containing a `\n`, nor the `\r`
/// of a CRLF), in order.
pub fn secret_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    // The indentation of the secret key whose continuation lines we are in.
    let mut in_secret: Option<usize> = None;
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..])
            .map_or(text.len(), |i| line_start + i);
        let content_end = if text.as_bytes()[..line_end].ends_with(b"\r") && line_end < text.len() {
            line_end - 1
        } else {
            line_end
        };
        let line = &text[line_start..content_end];
        // Segments between the other line breaks (rare: plain lines are one segment, which
        // a byte test tells without decoding the line).
        let mut segment_start = 0;
        let may_break = line.bytes().fold(false, |found, b| {
            found | matches!(b, 0x0b | 0x0c | 0x1c..=0x1e | 0x80..)
        });
        let mut segments = line
            .char_indices()
            .take_while(|_| may_break)
            .filter(|&(_, c)| is_extra_line_break(c))
            .map(|(i, c)| (i, c.len_utf8()))
            .chain(std::iter::once((line.len(), 0)));
        for (break_at, break_len) in &mut segments {
            let segment = &line[segment_start..break_at];
            let offset = line_start + segment_start;
            segment_start = break_at + break_len;
            let indent = segment
                .bytes()
                .position(|b| b != b' ' && b != b'\t')
                .unwrap_or(segment.len());
            let content = &segment[indent..];
            // All white space (stops at the first other character, unlike a trim).
            if content.chars().all(char::is_whitespace) {
                continue; // Blank lines neither end nor show a value.
            }
            if let Some(secret_indent) = in_secret {
                if indent > secret_indent {
                    ranges.push(offset + indent..line_start + line.len());
                    break;
                }
                in_secret = None;
            }
            if content.starts_with(['[', '#', ';']) {
                continue;
            }
            let Some(delimiter) = content.bytes().position(|b| b == b'=' || b == b':') else {
                continue;
            };
            if is_secret_key(&content[..delimiter]) {
                let value_start = offset + indent + delimiter + 1;
                let value = &text[value_start..line_start + line.len()];
                let skip = value.len() - value.trim_start_matches([' ', '\t']).len();
                if value_start + skip < line_start + line.len() {
                    ranges.push(value_start + skip..line_start + line.len());
                }
                in_secret = Some(indent);
                break;
            }
        }
        line_start = line_end + 1;
    }
    ranges
}

/// Whether the line holding `offset` is (part of) a secret value: a continuation line under
/// a secret key, however deep. Walks back only through the lines of its block.
pub fn is_secret_line(text: &str, offset: usize) -> bool {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let indent_of = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let line_at = |start: usize| {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        &text[start..end]
    };
    let mut indent = indent_of(line_at(start));
    let mut at = start;
    while indent > 0 && at > 0 {
        let prev_start = text[..at - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = line_at(prev_start).trim_end_matches('\r');
        at = prev_start;
        let content = line.trim_start_matches([' ', '\t']);
        if content.is_empty() || indent_of(line) >= indent {
            continue;
        }
        if content.starts_with(['[', '#', ';']) {
            return false;
        }
        if let Some(delimiter) = content.find(['=', ':']) {
            return is_secret_key(&content[..delimiter]);
        }
        indent = indent_of(line);
    }
    false
}

/// `text` with every secret value replaced by `*`, byte for byte (spans still fit): what
/// code frames may show.
pub fn mask(text: &str) -> Cow<'_, str> {
    let ranges = secret_ranges(text);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        bytes[range].fill(b'*');
    }
    Cow::Owned(String::from_utf8(bytes).expect("whole characters replaced by ASCII"))
}

/// The distinct secret values of `text` (at least 4 bytes, longest first): to hide them in a
/// later version of the text wherever they went.
pub fn secret_values(text: &str) -> Vec<String> {
    values_in(text, &secret_ranges(text))
}

/// [`secret_values`] from the [`secret_ranges`] of `text`, when the caller has them.
pub fn values_in(text: &str, ranges: &[Range<usize>]) -> Vec<String> {
    let mut values: Vec<String> = ranges
        .iter()
        .map(|r| text[r.clone()].trim().to_string())
        .filter(|s| s.len() >= 4)
        .collect();
    values.sort_unstable_by_key(|s| std::cmp::Reverse(s.len()));
    values.dedup();
    values
}

/// [`mask`], also masking every occurrence of the `also` values.
pub fn mask_also<'t>(text: &'t str, also: &[String]) -> Cow<'t, str> {
    let masked = mask(text);
    if also.is_empty() {
        return masked;
    }
    let mut bytes = masked.into_owned().into_bytes();
    for value in also {
        let finder = memchr::memmem::Finder::new(value.as_bytes());
        let starts: Vec<usize> = finder.find_iter(text.as_bytes()).collect();
        for start in starts {
            bytes[start..start + value.len()].fill(b'*');
        }
    }
    Cow::Owned(String::from_utf8(bytes).expect("whole values replaced by ASCII"))
}

/// `text` with every secret value replaced by [`REDACTED`] (the line structure kept): what
/// diffs and messages may show.
pub fn redact(text: &str) -> Cow<'_, str> {
    let ranges = secret_ranges(text);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in ranges {
        out.push_str(&text[at..range.start]);
        out.push_str(REDACTED);
        at = range.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// A line (or a few) of the file as an output may show it: secrets redacted, controls
/// escaped.
pub fn shown(text: &str) -> Cow<'_, str> {
    match redact(text) {
        Cow::Borrowed(t) => controls(t),
        Cow::Owned(t) => Cow::Owned(controls(&t).into_owned()),
    }
}

/// Whether `c` must not reach a terminal raw. Tab and line feed are layout; a carriage
/// return is allowed only as the first half of a CRLF (decided by the caller).
fn is_hidden(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\x7f'..='\u{9f}')
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

fn escape_into(out: &mut String, c: char) {
    use std::fmt::Write;
    if (c as u32) < 0x80 {
        let _ = write!(out, "\\x{:02x}", c as u32);
    } else {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    }
}

/// Whether `text` holds a character [`controls`] escapes, decided on bytes: C0 bytes but
/// tab and line feed, DEL, C1 controls (0xC2 0x80–0x9F), U+061C (0xD8 0x9C) and the
/// bidirectional marks U+200E/F, U+202A–E, U+2066–9 (0xE2 0x80/0x81 …). One pass, no
/// decoding: messages and paths are almost always plain.
fn may_hide(text: &str) -> bool {
    let b = text.as_bytes();
    // C0 (but tab and line feed) and DEL: a branch-free fold the compiler vectorises.
    let c0 = b.iter().fold(false, |found, &x| {
        found | ((x < 0x20) & (x != b'\t') & (x != b'\n')) | (x == 0x7f)
    });
    if c0 {
        return true;
    }
    if text.is_ascii() {
        return false;
    }
    // The lead bytes of the multi-byte ones, found with memchr, then checked.
    memchr::memchr3_iter(0xc2, 0xd8, 0xe2, b).any(|i| match (b[i], b.get(i + 1), b.get(i + 2)) {
        (0xc2, Some(n), _) => (0x80..0xa0).contains(n),
        (0xd8, Some(0x9c), _) => true,
        (0xe2, Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) => true,
        (0xe2, Some(0x81), Some(0xa6..=0xa9)) => true,
        _ => false,
    })
}

/// `text` with every control character except tab and line feed escaped (`\x1b`,
/// `\u{202e}`); borrowed when there is none (almost always).
pub fn controls(text: &str) -> Cow<'_, str> {
    if !may_hide(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\r' || is_hidden(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A whole file's text prepared for code frames: control characters escaped except the
/// line structure (LF, and CR of a CRLF), with a map from offsets in the original text to
/// offsets in the escaped one, so that spans still point at the same characters.
#[derive(Debug)]
pub struct Escaped<'a> {
    pub text: Cow<'a, str>,
    /// (offset in the original just after an escaped character, bytes added so far).
    shifts: Vec<(usize, usize)>,
}

impl<'a> Escaped<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let hidden_at =
            |i: usize, c: char| is_hidden(c) || (c == '\r' && bytes.get(i + 1) != Some(&b'\n'));
        if !text.char_indices().any(|(i, c)| hidden_at(i, c)) {
            return Escaped {
                text: Cow::Borrowed(text),
                shifts: Vec::new(),
            };
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut shifts = Vec::new();
        let mut added = 0;
        for (i, c) in text.char_indices() {
            if hidden_at(i, c) {
                let before = out.len();
                escape_into(&mut out, c);
                added += out.len() - before - c.len_utf8();
                shifts.push((i + c.len_utf8(), added));
            } else {
                out.push(c);
            }
        }
        Escaped {
            text: Cow::Owned(out),
            shifts,
        }
    }

    /// Where `offset` of the original text is in the escaped text.
    pub fn map(&self, offset: usize) -> usize {
        let at = self.shifts.partition_point(|&(end, _)| end <= offset);
        offset + if at == 0 { 0 } else { self.shifts[at - 1].1 }
    }

    pub fn map_range(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.map(range.start)..self.map(range.end)
    }
}

/// Whether `key`, as written, is exactly one of the AWS secret keys (rules that talk about
/// credentials; redaction uses the wider [`is_secret_key`]).
pub fn is_secret_key_as_written(key: &str) -> bool {
    SECRET_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// A `key = value` line as it may be shown: the value replaced by [`REDACTED`] when the
/// key (before the first `=` or `:`) names a secret.
pub fn redact_assignment(line: &str) -> Cow<'_, str> {
    let Some(at) = line.find(['=', ':']) else {
        return Cow::Borrowed(line);
    };
    if is_secret_key(&line[..at]) {
        Cow::Owned(format!("{} {REDACTED}", line[..=at].trim_end()))
    } else {
        Cow::Borrowed(line)
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// The bag-distance shortcut never changes the answer of the edit distance.
        #[test]
        fn two_edits_shortcut_is_exact(
            key in proptest::string::string_regex("[a-z_é]{10,24}").unwrap(),
            secret in proptest::sample::select(super::SECRET_KEYS),
        ) {
            let exact = strsim::damerau_levenshtein(&key, secret) <= 2;
            proptest::prop_assert_eq!(super::within_two_edits(&key, secret), exact);
            // Near misses too: the secret with up to three letters changed.
            let near: String = secret.chars().zip(key.chars().chain(std::iter::repeat('x')))
                .enumerate()
                .map(|(i, (s, k))| if i % 7 == 0 { k } else { s })
                .collect();
            let exact = strsim::damerau_levenshtein(&near, secret) <= 2;
            proptest::prop_assert_eq!(super::within_two_edits(&near, secret), exact);
        }
    }

    use super::*;

    #[test]
    fn secret_keys_by_name_spelling_and_case() {
        for key in [
            "aws_secret_access_key",
            "AWS_Secret_Access_Key",
            "aws_secret_acess_key",
            "aws_sesion_token",
            "aws_security_tokn",
            "my_client_secret",
            "db_password",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "region",
            "aws_access_key_id",
            "sso_session",
            "web_identity_token_file",
            "sso_registration_scopes",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn secrets_of_an_earlier_text_stay_hidden_where_a_fix_moved_them() {
        let before = "[a]\naws_session_token = first\n  SECONDPART\n";
        // After un-indenting, `SECONDPART` no longer reads as the token's continuation.
        let after = "[a]\naws_session_token = first\nSECONDPART\n";
        assert!(mask(after).contains("SECONDPART"));
        let masked = mask_also(after, &secret_values(before));
        assert!(
            !masked.contains("SECONDPART") && !masked.contains("first"),
            "{masked}"
        );
        assert_eq!(masked.len(), after.len());
    }

    #[test]
    fn continuation_lines_know_their_secret_key() {
        let text = "[a]\naws_session_token = x\n  more\n    deeper\nregion = y\n  cont\ns3 =\n  aws_secret_access_key = z\n    nested-cont\n  other = 1\n";
        let line = |needle: &str| text.find(needle).unwrap();
        for (needle, secret) in [
            ("more", true),
            ("deeper", true),
            ("region", false),
            ("cont\n", false),
            ("nested-cont", true),
            ("other", false),
        ] {
            assert_eq!(is_secret_line(text, line(needle)), secret, "{needle}");
        }
    }

    #[test]
    fn secret_values_in_every_position() {
        let text = "[default]\r\naws_secret_access_key = S1\r\n  cont1\r\nregion = x\n\
                    [profile a]\ns3 =\n  aws_secret_access_key = S4\n    cont4\n  region = y\n\
                    aws_secret_acess_key: S5\nname = v\raws_session_token=S6\x0bS7\n";
        let hidden: Vec<&str> = secret_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(hidden, ["S1", "cont1", "S4", "cont4", "S5", "S6\x0bS7"]);
        let masked = mask(text);
        assert_eq!(masked.len(), text.len());
        for s in ["S1", "cont1", "S4", "cont4", "S5", "S6", "S7"] {
            assert!(!masked.contains(s) && !redact(text).contains(s), "{s}");
        }
        assert!(redact(text).contains("region = x\n"));
        assert!(
            redact(text).contains("  region = y\n"),
            "the nested block goes on"
        );
    }

    #[test]
    fn the_byte_test_agrees_with_the_character_classes() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(
                may_hide(&text),
                c == '\r' || is_hidden(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn controls_are_escaped_and_layout_kept() {
        assert!(matches!(controls("plain\ttext\n"), Cow::Borrowed(_)));
        assert_eq!(controls("a\u{1b}[2Jb\u{7}\r"), "a\\x1b[2Jb\\x07\\x0d");
        assert_eq!(controls("x\u{202e}y\u{9b}"), "x\\u{202e}y\\u{9b}");
    }

    #[test]
    fn spans_still_point_at_the_same_text() {
        let text = "a = \u{1b}[31mred\r\nb = x\ry\n";
        let escaped = Escaped::new(text);
        assert_eq!(escaped.text, "a = \\x1b[31mred\r\nb = x\\x0dy\n");
        for (range, expect) in [
            (0..1, "a"),
            (4..5, "\u{1b}"),
            (5..12, "[31mred"),
            (14..15, "b"),
        ] {
            assert_eq!(&text[range.clone()], expect);
            let mapped = escaped.map_range(range.clone());
            let shown = &escaped.text[mapped];
            assert_eq!(shown, controls(expect), "{range:?}");
        }
        assert_eq!(escaped.map(text.len()), escaped.text.len());
    }
}
