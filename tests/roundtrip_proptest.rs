//! Property test: any document built from AWS-config-like lines (and arbitrary text)
//! round-trips byte for byte through the tree, has well-formed spans, and resolves
//! without panicking, in both dialects.

use proptest::prelude::*;
use ssolint::model;
use ssolint::syntax::{Dialect, Document, LineIndex, Span, parse, physical_lines};

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[default]".to_string()),
        Just("[DEFAULT]".to_string()),
        "\\[profile [a-z\"' ]{0,8}\\]".prop_map(|s| s),
        "\\[sso-session [a-z]{1,5}\\]( # c)?".prop_map(|s| s),
        "[ \t]{0,3}\\[[^\\]\n\r]{0,10}\\]?[^\n\r]{0,5}".prop_map(|s| s),
        "[ \t]{0,4}[A-Za-z_]{1,10}[ \t]{0,2}[=:][ \t]{0,2}[^\n\r]{0,20}".prop_map(|s| s),
        "[ \t]{1,4}[a-z]{1,6} = [a-z0-9]{0,6}".prop_map(|s| s),
        "[ \t]{0,3}[#;][^\n\r]{0,10}".prop_map(|s| s),
        "[ \t]{0,4}".prop_map(|s| s),
        "\\PC{0,12}".prop_map(|s| s),
        Just("s3 =".to_string()),
        Just("region = us-east-1 # prod".to_string()),
        Just("\u{feff}[default]".to_string()),
    ]
}

/// Lines of the shape botocore's reader calls uniform (`Document::uniform_lines`), and
/// lines a character away from it, so that both sides of the verdict are generated.
fn near_plain_line() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z_]{1,8} = [a-z0-9./:-]{1,12}".prop_map(|s| s),
        2 => "\\[profile [a-z0-9]{1,4}\\]".prop_map(|s| s),
        1 => "\\[sso-session [a-z]{1,4}\\]".prop_map(|s| s),
        1 => Just("[default]".to_string()),
        2 => Just(String::new()),
        1 => "[#;][ a-z]{0,8}".prop_map(|s| s),
        1 => "[ \t]{1,2}[a-z]{1,4} = [a-z]{0,4}".prop_map(|s| s),
        1 => "[a-z]{1,4} = [a-z]{1,4} [#;] [a-z]{0,4}".prop_map(|s| s),
        // A character away: markers right after `=` or in a header, `:` delimiters, white
        // space the SDKs do not trim, quotes, upper case, trailing white space.
        1 => "[a-z]{1,4} ?=[ \t]?[#;][a-z]{0,3}".prop_map(|s| s),
        1 => "\\[[a-z]{1,3}[#; ]?[a-z]{0,3}\\][ #]?".prop_map(|s| s),
        1 => "[a-zA-Z]{1,4}[:=][a-z:]{0,4}".prop_map(|s| s),
        1 => "[a-z]{1,4}[ \t\u{b}\u{c}\u{a0}]?=[ \t\u{b}\u{c}\u{a0}]?[a-z\"']{1,4}[ \t\u{c}\u{a0}]?"
            .prop_map(|s| s),
        1 => "[a-z]{1,4} = [a-z]{1,3}[\t\u{c}\u{a0}][#;][a-z]{0,3}".prop_map(|s| s),
    ]
}

fn terminator() -> impl Strategy<Value = &'static str> {
    prop_oneof![4 => Just("\n"), 2 => Just("\r\n"), 1 => Just("\r"), 1 => Just("")]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec((line(), terminator()), 0..40)
        .prop_map(|lines| lines.into_iter().map(|(l, t)| l + t).collect())
}

fn check_spans(text: &str, doc: &Document) {
    assert_eq!(
        doc.print(text),
        text,
        "printing the tree must reproduce the input"
    );
    let mut at = 0;
    for line in &doc.lines {
        assert_eq!(line.span.start(), at, "lines tile the input");
        assert!(line.span.contains(line.content));
        at = line.span.end();
    }
    assert_eq!(at, text.len());
    let within = |span: Span, line: usize| {
        assert!(
            doc.lines[line].content.contains(span) || span.is_empty(),
            "{span:?} outside line {line}"
        );
        assert!(text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()));
    };
    for section in &doc.sections {
        within(section.header, section.line);
        within(section.name, section.line);
        within(section.trailing, section.line);
        for entry in doc.entries(section) {
            within(entry.key, entry.line as usize);
            within(entry.delimiter, entry.line as usize);
            within(entry.value, entry.line as usize);
            for c in doc.continuations(entry) {
                within(c.text, c.line);
            }
        }
    }
    for error in &doc.errors {
        assert!(error.span.end() <= text.len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000)
    ))]

    #[test]
    fn round_trip_and_spans(text in document()) {
        for dialect in Dialect::ALL {
            let doc = parse(&text, dialect);
            check_spans(&text, &doc);
            let (config, _) = model::load(dialect, Some(&text), Some(&text));
            // Everything a resolved value points at lies inside the text.
            for block in config.profiles.values().chain(config.sso_sessions.values()) {
                for p in block.properties.values() {
                    prop_assert!(p.key.span.end() <= text.len() && p.value.end() <= text.len());
                }
            }
            let index = LineIndex::new(&text);
            for problem in config.fatal.iter().chain(&config.notes) {
                let lc = index.line_col(&text, problem.at.span.start());
                prop_assert!(lc.line >= 1 && lc.line <= index.line_count());
            }
        }
    }

    /// botocore's reader judging the lines builds the same tree, and a key it calls plain
    /// is lower-case ASCII letters, digits and `_` (the resolution takes it as its own
    /// lower-case form without looking at it again); a key of those bytes is called plain.
    #[test]
    fn judged_trees_are_the_trees_and_plain_keys_are_plain(text in document()) {
        let judged = ssolint::syntax::parse_judging_lines(&text);
        let mut plain = parse(&text, Dialect::Botocore);
        plain.uniform_lines = judged.uniform_lines;
        for (entry, judged_entry) in plain.entries.iter_mut().zip(&judged.entries) {
            entry.plain_key = judged_entry.plain_key;
        }
        prop_assert_eq!(format!("{plain:?}"), format!("{judged:?}"));
        for entry in &judged.entries {
            let key = entry.key.of(&text);
            let plain_bytes = !key.is_empty()
                && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            prop_assert!(!entry.plain_key || plain_bytes, "{:?}", key);
            let before_delimiter = &text[entry.key.end()..entry.delimiter.start()];
            if plain_bytes && before_delimiter.bytes().all(|b| b == b' ' || b == b'\t') {
                prop_assert!(entry.plain_key, "{:?}", key);
            }
        }
    }

    /// botocore's reader on two threads, the text cut at a header line, builds the tree the
    /// one-thread reading builds, at every header line where it could be cut (what
    /// `parse_judging_lines` does with a large text, cut near its middle).
    #[test]
    fn a_tree_read_in_two_parts_is_the_tree(text in document()) {
        let whole = ssolint::syntax::parse_judging_lines(&text);
        if let Some(at) = ssolint::syntax::fresh_start(&text) {
            prop_assert!(
                whole.lines.iter().any(|l| l.span.start() == at
                    && l.kind == ssolint::syntax::LineKind::Header),
                "the cut at {} is not a header line", at
            );
        }
        let bytes = text.as_bytes();
        for line in &whole.lines {
            let at = line.span.start();
            if at == 0 || bytes[at - 1] != b'\n' || bytes[at] != b'[' {
                continue;
            }
            if line.kind == ssolint::syntax::LineKind::Header {
                let split = ssolint::syntax::parse_judging_lines_split(&text, at);
                prop_assert_eq!(format!("{split:?}"), format!("{whole:?}"), "cut at {}", at);
            }
        }
    }

    /// A line cursor answers as the line index, for offsets in order (a report's findings)
    /// and out of order (its fallback), with and without a CR in the text.
    #[test]
    fn line_cursor_answers_as_the_line_index(
        with_cr in document(),
        mut offsets in prop::collection::vec(0usize..400, 0..20),
        sorted in any::<bool>(),
    ) {
        for text in [with_cr.replace('\r', ""), with_cr] {
            let index = LineIndex::new(&text);
            let mut cursor = ssolint::syntax::LineCursor::new(&text);
            if sorted {
                offsets.sort_unstable();
            }
            for &offset in &offsets {
                prop_assert_eq!(cursor.line_col(offset), index.line_col(&text, offset), "{}", offset);
            }
        }
    }

    /// The two line scanners (the tree's physical lines and the outputs' line index) break
    /// at the same places: `\n`, `\r\n` and a lone `\r`, with or without a CR in the file.
    #[test]
    fn line_index_and_physical_lines_agree(with_cr in document()) {
        for text in [with_cr.replace('\r', ""), with_cr] {
            let starts: Vec<usize> = physical_lines(&text).map(|l| l.span.start()).collect();
            let index = LineIndex::new(&text);
            let open_last = text.is_empty() || text.ends_with(['\n', '\r']);
            prop_assert_eq!(index.line_count(), starts.len() + usize::from(open_last));
            for (line, &start) in starts.iter().enumerate() {
                prop_assert_eq!(index.line_start(line), start);
            }
        }
    }

    /// `lint::FileView::sdk` copies botocore's tree for the SDK reader where every line is
    /// read alike (`Document::uniform_lines`): the copy must be exactly what the SDK reader
    /// parses. (Gated on the flag itself, not on `may_diverge`, which also refuses names,
    /// keys and values that only the readings differ on: more documents are compared.)
    #[test]
    fn plain_documents_have_one_tree(
        lines in prop::collection::vec(
            (near_plain_line(), prop_oneof![6 => Just("\n"), 2 => Just("\r\n"), 1 => Just("\r")]),
            0..30,
        ),
    ) {
        let text: String = std::iter::once("[profile a]\n".to_string())
            .chain(lines.into_iter().map(|(l, t)| l + t))
            .collect();
        let botocore = ssolint::syntax::parse_judging_lines(&text);
        if botocore.uniform_lines {
            let copied = botocore.plain_as_sdk();
            prop_assert_eq!(
                format!("{copied:?}"),
                format!("{:?}", parse(&text, Dialect::Sdk))
            );
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        for dialect in Dialect::ALL {
            let doc = parse(&text, dialect);
            check_spans(&text, &doc);
            let _ = model::load(dialect, Some(&text), None);
        }
    }
}
