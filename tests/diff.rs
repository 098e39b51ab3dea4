//! `fix::edits_diff` is a correct unified diff: applied by a strict patcher (context lines
//! must match, line numbers must be right) it turns the text into `fix::apply`'s result.
//! Checked on random texts and edits, and on every migration fixture.

use proptest::prelude::*;
use ssolint::fix;
use ssolint::lint::Edit;
use ssolint::model::FileKind;
use ssolint::syntax::Span;

/// A strict `patch`: every hunk's header must match its body, context and removed lines
/// must equal the text at the stated line, and "\ No newline" markers are honoured.
fn patch(before: &str, diff: &str) -> Result<String, String> {
    let lines: Vec<&str> = before.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut next = 0usize; // next old line to copy
    let mut diff_lines = diff.split_inclusive('\n').peekable();
    let header_a = diff_lines.next().ok_or("no header")?;
    let header_b = diff_lines.next().ok_or("no header")?;
    if !header_a.starts_with("--- ") || !header_b.starts_with("+++ ") {
        return Err("bad file headers".into());
    }
    while let Some(header) = diff_lines.next() {
        let header = header
            .strip_prefix("@@ -")
            .ok_or(format!("bad hunk header {header:?}"))?;
        let (ranges, _) = header.split_once(" @@").ok_or("bad hunk header")?;
        let (old, new) = ranges.split_once(" +").ok_or("bad ranges")?;
        let parse = |r: &str| -> (usize, usize) {
            match r.split_once(',') {
                Some((s, c)) => (s.parse().unwrap(), c.parse().unwrap()),
                None => (r.parse().unwrap(), 1),
            }
        };
        let ((old_start, old_count), (_, new_count)) = (parse(old), parse(new));
        let first = if old_count == 0 {
            old_start
        } else {
            old_start - 1
        };
        if first < next {
            return Err("hunks overlap or go backwards".into());
        }
        for l in &lines[next..first] {
            out.push_str(l);
        }
        next = first;
        let (mut seen_old, mut seen_new) = (0, 0);
        while seen_old < old_count || seen_new < new_count {
            let line = diff_lines.next().ok_or("hunk ends early")?;
            let (kind, mut text) = line.split_at(1);
            let mut text_owned = text.to_string();
            if diff_lines
                .peek()
                .is_some_and(|l| l.starts_with("\\ No newline"))
            {
                diff_lines.next();
                text_owned.pop();
                text = &text_owned;
            }
            match kind {
                " " | "-" => {
                    let have = lines.get(next).ok_or("past the end")?;
                    if *have != text {
                        return Err(format!("line {} is {have:?}, diff says {text:?}", next + 1));
                    }
                    if kind == " " {
                        out.push_str(text);
                        seen_new += 1;
                    }
                    next += 1;
                    seen_old += 1;
                }
                "+" => {
                    out.push_str(text);
                    seen_new += 1;
                }
                _ => return Err(format!("bad line {line:?}")),
            }
        }
        if seen_old != old_count || seen_new != new_count {
            return Err("hunk counts do not match its body".into());
        }
    }
    for l in &lines[next..] {
        out.push_str(l);
    }
    Ok(out)
}

fn edits_strategy() -> impl Strategy<Value = (String, Vec<Edit>)> {
    let line = prop::sample::select(vec![
        "[profile a]\n",
        "region = x\n",
        "\n",
        "# c\n",
        "key=v\r\n",
        "tail",
    ]);
    prop::collection::vec(line, 0..12)
        .prop_flat_map(|lines| {
            let text: String = lines.concat();
            let len = text.len();
            let edit = (
                0..=len,
                0..=len,
                prop::sample::select(vec!["", "x", "new line\n", "\n", "a\nb\n"]),
            );
            (Just(text), prop::collection::vec(edit, 0..5))
        })
        .prop_map(|(text, raw)| {
            let mut edits: Vec<Edit> = raw
                .into_iter()
                .map(|(a, b, r)| {
                    let (s, e) = (a.min(b), a.max(b));
                    Edit {
                        file: FileKind::Config,
                        span: Span::new(s, e),
                        replacement: r.to_string(),
                    }
                })
                .filter(|e| {
                    text.is_char_boundary(e.span.start()) && text.is_char_boundary(e.span.end())
                })
                .collect();
            edits.sort_by_key(|e| e.span.start());
            (text, edits)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn edits_diff_applies_to_the_same_result((text, edits) in edits_strategy()) {
        let refs: Vec<&Edit> = edits.iter().collect();
        let (after, _) = fix::apply(&text, &refs);
        match fix::edits_diff_as("f", &text, &edits, fix::Lines::Raw) {
            None => prop_assert_eq!(&after, &text),
            Some(diff) => {
                let patched = patch(&text, &diff);
                prop_assert_eq!(patched.as_deref(), Ok(after.as_str()), "diff:\n{}", diff);
                // The printed diff is the same diff, line for line, with values hidden or
                // escaped: same hunks, same kinds of line.
                let shown = fix::edits_diff("f", &text, &edits).unwrap();
                let shape = |d: &str| -> Vec<String> {
                    d.lines()
                        .map(|l| if l.starts_with("@@") { l.to_string() } else { l.chars().take(1).collect() })
                        .collect()
                };
                prop_assert_eq!(shape(&shown), shape(&diff));
            }
        }
    }
}

#[test]
fn migration_fixture_diffs_apply() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/migrate");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let plan = ssolint::fix::migrate::plan(&text, &Default::default()).unwrap();
        let after = ssolint::fix::migrate::apply(&text, &plan);
        if let Some(diff) = fix::edits_diff_as("f", &text, &plan.edits, fix::Lines::Raw) {
            assert_eq!(patch(&text, &diff).unwrap(), after, "{diff}");
        }
    }
}
