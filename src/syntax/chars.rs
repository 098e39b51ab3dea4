//! The character classes of the two readers. They differ, and the difference matters:
//! Python's `str.strip()` / `\s` treat U+001C..U+001F and U+0085 as white space,
//! the SDKs trim only space and tab.

/// Python's `str.isspace()` (and `\s` in `re` str patterns).
pub fn is_py_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\x0b'
            | '\x0c'
            | '\r'
            | '\x1c'..='\x1f'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// The SDKs' notion of white space when trimming: space and tab only.
pub fn is_sdk_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Python's `str.strip()`.
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// Python's `str.rstrip()`.
pub fn py_rstrip(s: &str) -> &str {
    trim_end_fast(s, is_py_space)
}

/// Python's `str.splitlines()` (without keepends): it breaks at more characters than
/// the file reader does, which matters for botocore's nested-value parsing.
pub fn py_splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if is_break {
            out.push(&s[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r' && matches!(iter.peek(), Some((_, '\n'))) {
                iter.next();
                next += 1;
            }
            start = next;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The SDKs' identifier rule for section, property and sub-property names.
/// The empty string passes, as it does in the SDKs (a vacuous `all`).
pub fn is_sdk_identifier(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '.' | '%' | '@' | ':' | '+')
    })
}

/// `s` without the leading characters matching `pred`: a byte loop while the bytes are
/// ASCII (the norm), characters decoded only from the first non-ASCII byte on.
#[inline]
pub fn trim_start_fast(s: &str, pred: impl Fn(char) -> bool + Copy) -> &str {
    let bytes = s.as_bytes();
    let mut start = 0;
    while start < bytes.len() && bytes[start].is_ascii() && pred(bytes[start] as char) {
        start += 1;
    }
    let rest = &s[start..];
    match rest.as_bytes().first() {
        Some(b) if !b.is_ascii() => rest.trim_start_matches(pred),
        _ => rest,
    }
}

/// `s` without the trailing characters matching `pred` (as [`trim_start_fast`]).
#[inline]
pub fn trim_end_fast(s: &str, pred: impl Fn(char) -> bool + Copy) -> &str {
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    while end > 0 && bytes[end - 1].is_ascii() && pred(bytes[end - 1] as char) {
        end -= 1;
    }
    let rest = &s[..end];
    match rest.as_bytes().last() {
        Some(b) if !b.is_ascii() => rest.trim_end_matches(pred),
        _ => rest,
    }
}

/// Span (relative to `s`) of `s` with leading and trailing characters matching `pred` removed.
/// Scans ASCII bytes directly (the hot path on every line) and decodes characters only
/// when it meets a non-ASCII byte at either end.
pub fn trimmed_range(s: &str, pred: impl Fn(char) -> bool + Copy) -> (usize, usize) {
    let rest = trim_start_fast(s, pred);
    let start = s.len() - rest.len();
    (start, start + trim_end_fast(rest, pred).len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitlines_matches_python() {
        assert_eq!(
            py_splitlines("\na = 1\r\nb\x0cc"),
            vec!["", "a = 1", "b", "c"]
        );
        assert_eq!(py_splitlines(""), Vec::<&str>::new());
        assert_eq!(py_splitlines("x\n"), vec!["x"]);
    }

    #[test]
    fn python_strips_more_than_the_sdk() {
        assert_eq!(py_strip("\u{1f} x \u{85}"), "x");
        assert_eq!("\u{1f} x ".trim_matches(is_sdk_space), "\u{1f} x");
    }

    #[test]
    fn trimmed_range_handles_unicode_white_space_at_either_end() {
        assert_eq!(trimmed_range(" \u{85}a b\u{3000} ", is_py_space), (3, 6));
        assert_eq!(trimmed_range("\u{3000}", is_py_space), (3, 3));
        assert_eq!(trimmed_range(" é ", is_sdk_space), (1, 3));
        assert_eq!(trimmed_range("", is_sdk_space), (0, 0));
    }

    proptest::proptest! {
        /// The byte-loop trims are the standard library's, on texts that mix ASCII and
        /// Unicode white space with other characters at both ends.
        #[test]
        fn fast_trims_are_the_standard_ones(
            s in proptest::string::string_regex("[ \t\x0b\x1c\u{85}\u{3000}\u{a0}a=é\u{1f600}]{0,12}").unwrap()
        ) {
            for pred in [is_py_space as fn(char) -> bool, is_sdk_space] {
                proptest::prop_assert_eq!(trim_start_fast(&s, pred), s.trim_start_matches(pred));
                proptest::prop_assert_eq!(trim_end_fast(&s, pred), s.trim_end_matches(pred));
            }
        }
    }

    #[test]
    fn identifiers() {
        assert!(is_sdk_identifier("ABCxyz019_-/.%@:+"));
        assert!(is_sdk_identifier(""));
        assert!(!is_sdk_identifier("in valid"));
        assert!(!is_sdk_identifier("foo!bar"));
    }
}
