//! Fixes: text edits applied to the files, re-checked until nothing changes, and shown as
//! unified diffs. Pure functions over strings; writing files is the edge's job.

pub mod migrate;
pub mod populate;

use crate::lint::{self, Applicability, Diagnostic, Edit, Input, Report, Settings};
use crate::model::FileKind;
use crate::model::reading::Reading;
use crate::syntax::Dialect;

/// How many check-and-fix rounds `fix` runs at most (a fix may enable another; a bug that
/// makes two fixes undo each other must not loop forever).
pub const MAX_ROUNDS: usize = 10;

/// Applies non-overlapping edits (sorted by position) to `text`. Edits that overlap an
/// earlier one are skipped; returns the new text and how many edits were applied.
pub fn apply(text: &str, edits: &[&Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start(), e.span.end()));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = 0;
    for edit in sorted {
        if edit.span.start() < cursor {
            continue;
        }
        out.push_str(&text[cursor..edit.span.start()]);
        out.push_str(&edit.replacement);
        cursor = edit.span.end();
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// The result of fixing. (`Debug` never shows the texts.)
pub struct Fixed {
    pub config: Option<String>,
    pub credentials: Option<String>,
    /// Findings fixed, over all rounds.
    pub fixed: usize,
    /// The check of the final text.
    pub report: Report,
    /// Rounds run.
    pub rounds: usize,
    /// Fixes that verification refused, with the reason (their findings stay in the report).
    pub dropped: Vec<Dropped>,
    /// Fixes applied, in order (`--show-fixes`).
    pub applied: Vec<Applied>,
}

impl std::fmt::Debug for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::model::redact::Withheld;
        f.debug_struct("Fixed")
            .field("config", &self.config.as_deref().map(Withheld))
            .field("credentials", &self.credentials.as_deref().map(Withheld))
            .field("fixed", &self.fixed)
            .field("report", &self.report)
            .field("rounds", &self.rounds)
            .field("dropped", &self.dropped)
            .field("applied", &self.applied)
            .finish()
    }
}

/// A fix that was not applied because it would have made the file worse.
#[derive(Clone, Debug)]
pub struct Dropped {
    pub rule: &'static lint::Rule,
    pub at: crate::model::Location,
    /// The 1-based line of `at` in the text the fix was computed for.
    pub line: usize,
    pub reason: String,
}

/// Whether a fix may be applied at the requested level.
pub fn allowed(diagnostic: &Diagnostic, unsafe_fixes: bool) -> bool {
    diagnostic
        .fix
        .as_ref()
        .is_some_and(|f| f.applicability == Applicability::Safe || unsafe_fixes)
}

/// The texts of one round and what every reader makes of them.
struct State {
    config: Option<String>,
    credentials: Option<String>,
    readings: [Reading; 2],
    report: Report,
}

const READERS: [(Dialect, &str); 2] = [
    (Dialect::Botocore, "the AWS CLI (botocore)"),
    (Dialect::Sdk, "the AWS SDKs"),
];

impl State {
    fn new(
        config: Option<String>,
        credentials: Option<String>,
        input: &Input,
        settings: &Settings,
    ) -> State {
        let readings = READERS
            .map(|(dialect, _)| Reading::load(dialect, config.as_deref(), credentials.as_deref()));
        let report = lint::check(
            &Input {
                config: config.as_deref(),
                credentials: credentials.as_deref(),
                ..input.clone()
            },
            settings,
        );
        State {
            config,
            credentials,
            readings,
            report,
        }
    }

    /// Errors per rule.
    fn errors(&self) -> std::collections::HashMap<&'static str, usize> {
        let mut out = std::collections::HashMap::new();
        for d in &self.report.diagnostics {
            if d.severity == lint::Severity::Error {
                *out.entry(d.rule.code).or_insert(0) += 1;
            }
        }
        out
    }
}

/// Why `after` is worse than `before` for a set of fixes (`all_safe`: none may change a
/// reading), or `None` when it is not: no reader refuses a file it accepted, no rule finds
/// more errors, no reader has fewer profiles, and safe fixes change no reader's reading.
fn worse(before: &State, after: &State, all_safe: bool, intended: &[&str]) -> Option<String> {
    for (i, (_, reader)) in READERS.iter().enumerate() {
        let (b, a) = (&before.readings[i], &after.readings[i]);
        if !b.refused && a.refused {
            return Some(format!("it would make {reader} refuse the file"));
        }
        if b.refused {
            continue;
        }
        if all_safe && !a.same_except(b, intended) {
            return Some(format!("it would change what {reader} reads"));
        }
        // A fix may rename a profile (P008, P009), never merge two or drop one.
        if a.profiles.len() < b.profiles.len() {
            let kept: std::collections::HashSet<&str> = a.profile_names().collect();
            let lost = b.profile_names().find(|n| !kept.contains(n)).unwrap_or("?");
            return Some(format!("{reader} would lose profile `{lost}`"));
        }
    }
    let errors_after = after.errors();
    for (code, count) in errors_after {
        if count > before.errors().get(code).copied().unwrap_or(0) {
            return Some(format!("it would add a {code} error"));
        }
    }
    None
}

/// Checks, applies every allowed fix whose edits do not overlap another's, and repeats
/// until no fix applies (at most [`MAX_ROUNDS`]). Every round is verified before it is
/// kept: the fixed texts are re-read by every reader and re-checked, and a set of fixes
/// that makes the files worse ([`worse`]) is split until the fixes responsible are found;
/// those are dropped (and reported), the rest applied.
pub fn fix(input: &Input, settings: &Settings, unsafe_fixes: bool) -> Fixed {
    let mut state = State::new(
        input.config.map(str::to_string),
        input.credentials.map(str::to_string),
        input,
        settings,
    );
    let mut fixed = 0;
    let mut rounds = 0;
    let mut dropped: Vec<Dropped> = Vec::new();
    let mut applied: Vec<Applied> = Vec::new();
    // Fixes already refused, by rule, file, span and replacement (they come back each round).
    let mut refused: std::collections::HashSet<(&'static str, FileKind, u32, u32, String)> =
        std::collections::HashSet::new();
    let key = |d: &Diagnostic| {
        let edits = &d.fix.as_ref().expect("a fix").edits;
        (
            d.rule.code,
            d.at.file,
            d.at.span.start() as u32,
            d.at.span.end() as u32,
            edits
                .iter()
                .map(|e| e.replacement.as_str())
                .collect::<Vec<_>>()
                .join("\u{0}"),
        )
    };
    while rounds < MAX_ROUNDS {
        // Choose fixes whose edits do not overlap any chosen one (a fix is all or nothing).
        let mut chosen: Vec<&Diagnostic> = Vec::new();
        let mut chosen_edits: Vec<&Edit> = Vec::new();
        for d in state
            .report
            .diagnostics
            .iter()
            .filter(|d| allowed(d, unsafe_fixes) && !refused.contains(&key(d)))
        {
            let edits = &d.fix.as_ref().expect("allowed implies a fix").edits;
            let overlaps = edits.iter().any(|e| {
                chosen_edits.iter().any(|c| {
                    c.file == e.file
                        && (c.span.start() < e.span.end() && e.span.start() < c.span.end()
                            || c.span.start() == e.span.start())
                })
            });
            if overlaps {
                continue;
            }
            chosen_edits.extend(edits.iter());
            chosen.push(d);
        }
        if chosen.is_empty() {
            break;
        }
        let mut rejected = Vec::new();
        let (accepted, next) = accept(&state, &chosen, &mut rejected, input, settings);
        let accepted_count = accepted.len();
        for (d, reason) in rejected {
            refused.insert(key(d));
            let text = match d.at.file {
                FileKind::Config => state.config.as_deref(),
                FileKind::Credentials => state.credentials.as_deref(),
            }
            .unwrap_or_default();
            let before = &text.as_bytes()[..d.at.span.start().min(text.len())];
            dropped.push(Dropped {
                rule: d.rule,
                at: d.at,
                line: memchr::memchr_iter(b'\n', before).count() + 1,
                reason,
            });
        }
        let Some(next) = next else {
            continue; // Everything chosen was refused: choose again without it.
        };
        fixed += accepted_count;
        applied.extend(accepted);
        rounds += 1;
        state = next;
    }
    Fixed {
        config: state.config,
        credentials: state.credentials,
        fixed,
        report: state.report,
        rounds,
        dropped,
        applied,
    }
}

/// The state after applying `fixes` to `base`'s texts.
fn applied(base: &State, fixes: &[&Diagnostic], input: &Input, settings: &Settings) -> State {
    let for_file = |kind: FileKind| -> Vec<&Edit> {
        fixes
            .iter()
            .flat_map(|d| d.fix.as_ref().expect("a fix").edits.iter())
            .filter(|e| e.file == kind)
            .collect()
    };
    State::new(
        base.config
            .as_deref()
            .map(|t| apply(t, &for_file(FileKind::Config)).0),
        base.credentials
            .as_deref()
            .map(|t| apply(t, &for_file(FileKind::Credentials)).0),
        input,
        settings,
    )
}

/// Applies as many of `fixes` to `base` as verification allows: all when the result is not
/// worse, else the halves in turn (a bad fix is found in about log₂(n) checks). Returns how
/// many were applied and the resulting state (`None` when none was).
fn accept<'d>(
    base: &State,
    fixes: &[&'d Diagnostic],
    rejected: &mut Vec<(&'d Diagnostic, String)>,
    input: &Input,
    settings: &Settings,
) -> (Vec<Applied>, Option<State>) {
    fn go<'d>(
        base: &State,
        kept: &mut Vec<&'d Diagnostic>,
        fixes: &[&'d Diagnostic],
        rejected: &mut Vec<(&'d Diagnostic, String)>,
        input: &Input,
        settings: &Settings,
    ) -> Option<State> {
        let trial: Vec<&Diagnostic> = kept.iter().chain(fixes).copied().collect();
        let all_safe = trial.iter().all(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        });
        let mut intended: Vec<&str> = trial
            .iter()
            .flat_map(|d| d.fix.as_ref().map_or(&[][..], |f| f.changes))
            .copied()
            .collect();
        intended.sort_unstable();
        intended.dedup();
        let after = applied(base, &trial, input, settings);
        match worse(base, &after, all_safe, &intended) {
            None => {
                kept.extend(fixes);
                Some(after)
            }
            Some(reason) if fixes.len() == 1 => {
                rejected.push((fixes[0], reason));
                None
            }
            Some(_) => {
                let (first, second) = fixes.split_at(fixes.len() / 2);
                let a = go(base, kept, first, rejected, input, settings);
                let b = go(base, kept, second, rejected, input, settings);
                b.or(a)
            }
        }
    }
    let mut kept = Vec::new();
    let state = go(base, &mut kept, fixes, rejected, input, settings);
    let applied = kept.iter().map(|d| applied_fix(base, d)).collect();
    (applied, state.filter(|_| !kept.is_empty()))
}

/// What `--show-fixes` lists for an applied fix.
fn applied_fix(base: &State, d: &Diagnostic) -> Applied {
    let text = match d.at.file {
        FileKind::Config => base.config.as_deref(),
        FileKind::Credentials => base.credentials.as_deref(),
    }
    .unwrap_or_default();
    let before = &text.as_bytes()[..d.at.span.start().min(text.len())];
    Applied {
        rule: d.rule,
        file: d.at.file,
        line: memchr::memchr_iter(b'\n', before).count() + 1,
        title: d.fix.as_ref().map_or(String::new(), |f| f.title.clone()),
    }
}

/// A fix that was applied: its rule, file, line (in the text of its round) and title.
#[derive(Clone, Debug)]
pub struct Applied {
    pub rule: &'static lint::Rule,
    pub file: FileKind,
    pub line: usize,
    pub title: String,
}

/// How a diff shows the file's lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// Through the redaction layer: secret values read `<redacted>`, control characters are
    /// escaped. What every printed diff uses.
    Shown,
    /// The real bytes: a patch that applies. Never printed; for tests of the diff itself.
    Raw,
}

/// A text as a diff shows pieces of it: secrets redacted and control characters escaped
/// ([`crate::model::redact`]), or raw. The file's real bytes are what is written.
///
/// The text after a fix is also searched for the secret values of the text before it: a
/// fix may move a secret's continuation line where it no longer reads as one.
struct Shown<'t> {
    text: &'t str,
    mode: Lines,
    secrets: Vec<std::ops::Range<usize>>,
    known_secrets: Vec<String>,
}

impl<'t> Shown<'t> {
    fn new(text: &'t str, mode: Lines) -> Self {
        Shown {
            text,
            mode,
            secrets: match mode {
                Lines::Shown => crate::model::redact::secret_ranges(text),
                Lines::Raw => Vec::new(),
            },
            known_secrets: Vec::new(),
        }
    }

    /// The text after the edits, hiding the secrets of `before` (shown as `old`) wherever
    /// they went.
    fn after(text: &'t str, old: &Shown, mode: Lines) -> Self {
        let mut shown = Shown::new(text, mode);
        if mode == Lines::Shown {
            shown.known_secrets = crate::model::redact::values_in(old.text, &old.secrets);
        }
        shown
    }

    /// Pushes the lines of `range` (whole lines, or a region's new text), each with `prefix`.
    fn push_lines(&self, out: &mut String, prefix: char, range: std::ops::Range<usize>) {
        let piece = self.piece(range);
        for line in piece.split_inclusive('\n') {
            let (content, end) = match line.strip_suffix("\r\n") {
                Some(c) => (c, "\r\n"),
                None => match line.strip_suffix('\n') {
                    Some(c) => (c, "\n"),
                    None => (line, ""),
                },
            };
            out.push(prefix);
            match self.mode {
                Lines::Shown => out.push_str(&crate::model::redact::controls(content)),
                Lines::Raw => out.push_str(content),
            }
            out.push_str(end);
            if end.is_empty() {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }

    /// `text[range]` with the secret parts replaced.
    fn piece(&self, range: std::ops::Range<usize>) -> std::borrow::Cow<'t, str> {
        let text = &self.text[range.clone()];
        let first = self.secrets.partition_point(|r| r.end <= range.start);
        let overlapping = self.secrets[first..]
            .iter()
            .take_while(|r| r.start < range.end);
        let mut out: Option<String> = None;
        let mut at = range.start;
        for r in overlapping {
            let (start, end) = (r.start.max(range.start), r.end.min(range.end));
            let o = out.get_or_insert_with(String::new);
            o.push_str(&self.text[at..start]);
            o.push_str(crate::model::REDACTED);
            at = end;
        }
        let mut piece = match out {
            Some(mut o) => {
                o.push_str(&self.text[at..range.end]);
                std::borrow::Cow::Owned(o)
            }
            None => std::borrow::Cow::Borrowed(text),
        };
        for secret in &self.known_secrets {
            if piece.contains(secret.as_str()) {
                piece =
                    std::borrow::Cow::Owned(piece.replace(secret.as_str(), crate::model::REDACTED));
            }
        }
        piece
    }
}

fn hunk_range(start: usize, count: usize) -> String {
    match count {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{count}", start + 1),
    }
}

/// A unified diff of `before` → `after` with `path` in the headers, or `None` when equal.
/// Lines are shown through the redaction layer: a secret's line reads `<redacted>`.
pub fn unified_diff(path: &str, before: &str, after: &str) -> Option<String> {
    unified_diff_as(path, before, after, Lines::Shown)
}

/// [`unified_diff`] with the lines shown as `mode` says.
pub fn unified_diff_as(path: &str, before: &str, after: &str, mode: Lines) -> Option<String> {
    if before == after {
        return None;
    }
    // Patience anchors on unique lines, which config files are full of (headers, account
    // ids): on a 10 000-profile file it is ~4x faster than Myers. (When the edits are known
    // in one list, `edits_diff` needs no search at all.)
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_lines(before, after);
    let old = Shown::new(before, mode);
    let new = Shown::after(after, &old, mode);
    let line_bounds = |text: &str| -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        if starts.last() != Some(&text.len()) {
            starts.push(text.len());
        }
        starts
    };
    let (old_starts, new_starts) = (line_bounds(before), line_bounds(after));
    let old_line = |i: usize| old_starts[i]..old_starts[i + 1];
    let new_line = |i: usize| new_starts[i]..new_starts[i + 1];
    let path = crate::model::redact::controls(path);
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    for group in diff.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_span = first.old_range().start..last.old_range().end;
        let new_span = first.new_range().start..last.new_range().end;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(old_span.start, old_span.len()),
            hunk_range(new_span.start, new_span.len())
        ));
        for op in &group {
            match op.tag() {
                similar::DiffTag::Equal => {
                    for i in op.old_range() {
                        old.push_lines(&mut out, ' ', old_line(i));
                    }
                }
                similar::DiffTag::Delete => {
                    for i in op.old_range() {
                        old.push_lines(&mut out, '-', old_line(i));
                    }
                }
                similar::DiffTag::Insert => {
                    for i in op.new_range() {
                        new.push_lines(&mut out, '+', new_line(i));
                    }
                }
                similar::DiffTag::Replace => {
                    for i in op.old_range() {
                        old.push_lines(&mut out, '-', old_line(i));
                    }
                    for i in op.new_range() {
                        new.push_lines(&mut out, '+', new_line(i));
                    }
                }
            }
        }
    }
    Some(out)
}

/// The unified diff of applying `edits` to `before` (as [`apply`] does: sorted, an edit that
/// overlaps an earlier one is skipped), or `None` when nothing changes. Built from the edits
/// themselves — no search for a longest common subsequence — so it costs time in proportion
/// to the file plus the edits: a 10 000-profile migration's diff takes a few milliseconds
/// where `similar`'s best algorithm takes 30.
pub fn edits_diff(path: &str, before: &str, edits: &[Edit]) -> Option<String> {
    edits_diff_as(path, before, edits, Lines::Shown)
}

/// [`edits_diff`] with the lines shown as `mode` says.
pub fn edits_diff_as(path: &str, before: &str, edits: &[Edit], mode: Lines) -> Option<String> {
    const CONTEXT: usize = 3;
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start(), e.span.end()));
    let mut kept: Vec<&Edit> = Vec::with_capacity(sorted.len());
    let mut kept_all: Vec<&Edit> = Vec::with_capacity(sorted.len());
    let mut cursor = 0;
    for edit in sorted {
        if edit.span.start() < cursor {
            continue;
        }
        cursor = edit.span.end();
        kept_all.push(edit);
        if edit.replacement != before[edit.span.range()] {
            kept.push(edit);
        }
    }
    if kept.is_empty() {
        return None;
    }
    // Lines end at `\n`, as diff and patch count them; `starts[i]` is where line i starts.
    let mut starts = vec![0];
    starts.extend(before.match_indices('\n').map(|(i, _)| i + 1));
    if starts.last() == Some(&before.len()) {
        starts.pop(); // A final newline opens no line.
    }
    let line_count = if before.is_empty() { 0 } else { starts.len() };
    let line_start = |i: usize| starts.get(i).copied().unwrap_or(before.len());
    // The lines an edit changes, [a, b): an insertion at a line start changes none.
    let lines_of = |edit: &Edit| -> (usize, usize) {
        let (start, end) = (edit.span.start(), edit.span.end());
        let a = if start == before.len() && (before.is_empty() || before.ends_with('\n')) {
            line_count
        } else {
            starts.partition_point(|&s| s <= start) - 1
        };
        let inserts_whole_lines = start == end
            && line_start(a) == start
            && (edit.replacement.ends_with('\n') || a == line_count);
        let b = if inserts_whole_lines {
            a
        } else if end > start {
            starts.partition_point(|&s| s < end)
        } else {
            a + 1
        };
        (a, b.min(line_count.max(a)))
    };
    // Regions: edits whose lines touch or overlap, with the region's new text.
    struct Region {
        a: usize,
        b: usize,
        /// Where the region's new text starts in the text after the edits.
        new_from: usize,
        new: String,
    }
    let mut groups: Vec<(usize, usize, Vec<&Edit>)> = Vec::new();
    for edit in kept {
        let (a, b) = lines_of(edit);
        match groups.last_mut() {
            Some(last) if a <= last.1 => {
                last.1 = last.1.max(b);
                last.2.push(edit);
            }
            _ => groups.push((a, b, vec![edit])),
        }
    }
    let mut byte_delta: isize = 0;
    let regions: Vec<Region> = groups
        .into_iter()
        .map(|(a, b, group)| {
            let (from, to) = (line_start(a), line_start(b));
            let mut new = String::new();
            let mut at = from;
            for e in group {
                new.push_str(&before[at..e.span.start()]);
                new.push_str(&e.replacement);
                at = e.span.end();
            }
            new.push_str(&before[at..to.max(at)]);
            let new_from = from.saturating_add_signed(byte_delta);
            byte_delta += new.len() as isize - (to.max(at) - from) as isize;
            Region {
                a,
                b,
                new_from,
                new,
            }
        })
        .collect();

    let after = apply(before, &kept_all).0;
    let old = Shown::new(before, mode);
    let new = Shown::after(&after, &old, mode);
    let old_line = |i: usize| line_start(i)..line_start(i + 1);
    let path = crate::model::redact::controls(path);
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let range = hunk_range;
    let mut delta: isize = 0;
    let mut i = 0;
    while i < regions.len() {
        // One hunk: regions whose gaps are at most twice the context.
        let mut j = i;
        while j + 1 < regions.len() && regions[j + 1].a <= regions[j].b + 2 * CONTEXT {
            j += 1;
        }
        let old_start = regions[i].a.saturating_sub(CONTEXT);
        let old_end = (regions[j].b + CONTEXT).min(line_count);
        let new_start = old_start.saturating_add_signed(delta);
        let mut body = String::new();
        let mut new_count = 0;
        let mut line = old_start;
        for region in &regions[i..=j] {
            for l in line..region.a {
                old.push_lines(&mut body, ' ', old_line(l));
            }
            new_count += region.a - line;
            for l in region.a..region.b {
                old.push_lines(&mut body, '-', old_line(l));
            }
            let added = region.new.split_inclusive('\n').count();
            new.push_lines(
                &mut body,
                '+',
                region.new_from..region.new_from + region.new.len(),
            );
            new_count += added;
            delta += added as isize - (region.b - region.a) as isize;
            line = region.b;
        }
        for l in line..old_end {
            old.push_lines(&mut body, ' ', old_line(l));
        }
        new_count += old_end.saturating_sub(line);
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(old_start, old_end - old_start),
            range(new_start, new_count)
        ));
        out.push_str(&body);
        i = j + 1;
    }
    Some(out)
}

/// `--add-suppressions` (ruff's `--add-noqa`): an own-line `# ssolint: ignore[CODES]` above
/// the key or header each finding belongs to (a continuation line's key, so the comment
/// covers it), one comment per line with every code found there. Edits for `kind`'s text.
/// The result must read like the original for every reader ([`Reading`]): a comment that
/// would change a reading is not added.
pub fn suppression_edits(text: &str, kind: FileKind, report: &Report) -> Vec<Edit> {
    use std::collections::BTreeMap;
    let doc = crate::syntax::parse(text, Dialect::Botocore);
    let mut codes_at: BTreeMap<usize, Vec<&'static str>> = BTreeMap::new();
    for d in report.diagnostics.iter().filter(|d| d.at.file == kind) {
        let mut line = doc
            .lines
            .partition_point(|l| l.span.end() <= d.at.span.start())
            .min(doc.lines.len().saturating_sub(1));
        while line > 0 && doc.lines[line].kind == crate::syntax::LineKind::Continuation {
            line -= 1;
        }
        let Some(start) = doc.lines.get(line).map(|l| l.span.start()) else {
            continue;
        };
        let codes = codes_at.entry(start).or_default();
        if !codes.contains(&d.rule.code) {
            codes.push(d.rule.code);
        }
    }
    let newline = crate::model::layout::newline_of(text);
    let load = |dialect, t: &str| match kind {
        FileKind::Config => Reading::load(dialect, Some(t), None),
        FileKind::Credentials => Reading::load(dialect, None, Some(t)),
    };
    let before = READERS.map(|(dialect, _)| load(dialect, text));
    let unchanged = |edits: &[&Edit]| {
        let after = apply(text, edits).0;
        READERS
            .iter()
            .zip(&before)
            .all(|((dialect, _), b)| b.refused || load(*dialect, &after) == *b)
    };
    let edits: Vec<Edit> = codes_at
        .into_iter()
        .map(|(start, mut codes)| {
            codes.sort_unstable();
            Edit {
                file: kind,
                span: crate::syntax::Span::empty(start),
                replacement: format!("# ssolint: ignore[{}]{newline}", codes.join(", ")),
            }
        })
        .collect();
    // All at once (the common case: comments change no reading); one by one otherwise.
    if unchanged(&edits.iter().collect::<Vec<_>>()) {
        return edits;
    }
    edits.into_iter().filter(|e| unchanged(&[e])).collect()
}
