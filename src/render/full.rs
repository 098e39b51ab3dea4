//! `--format full`: rustc-style reports through codespan-reporting — the finding, the
//! source with primary and secondary labels, `help:` and the fix.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, LabelStyle, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::WriteColor;
use codespan_reporting::term::{self, Config};

use std::borrow::Cow;

use crate::lint::{Applicability, Severity};
use crate::model::redact::{Escaped, controls};
use crate::render::Checked;

pub fn write(out: &mut dyn WriteColor, checked: &Checked, unsafe_fixes: bool) -> io::Result<()> {
    // Code frames show the files' lines: never with a secret in them, never with a raw
    // control character (spans are mapped onto the escaped text).
    let masked: Vec<Cow<str>> = checked.files.iter().map(|f| f.masked()).collect();
    let escaped: Vec<Escaped> = masked.iter().map(|t| Escaped::new(t)).collect();
    let mut files = SimpleFiles::new();
    let ids: Vec<usize> = checked
        .files
        .iter()
        .zip(&escaped)
        .map(|(f, e)| files.add(controls(&f.path).into_owned(), e.text.as_ref()))
        .collect();
    let config = Config::default();
    for (group, d) in checked.diagnostics() {
        let level = match d.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Info => Level::Note,
        };
        let index = checked.file_index(group, d.at);
        let mut labels = vec![Label::new(
            LabelStyle::Primary,
            ids[index],
            escaped[index].map_range(d.at.span.range()),
        )];
        for l in &d.labels {
            let index = checked.file_index(group, l.at);
            labels.push(
                Label::new(
                    LabelStyle::Secondary,
                    ids[index],
                    escaped[index].map_range(l.at.span.range()),
                )
                .with_message(controls(l.message.as_ref())),
            );
        }
        let mut notes = Vec::new();
        if let Some(help) = &d.help {
            notes.push(format!("help: {}", controls(help)));
        }
        if let Some(fix) = &d.fix {
            let how = match fix.applicability {
                Applicability::Safe => "safe, with --fix",
                Applicability::Unsafe if unsafe_fixes => "unsafe, with --fix --unsafe-fixes",
                Applicability::Unsafe => "unsafe: review it, then --fix --unsafe-fixes",
            };
            notes.push(format!("fix ({how}): {}", controls(&fix.title)));
        }
        notes.push(format!("docs: ssolint rule {}", d.rule.code));
        let report = Report::new(level)
            .with_code(format!("{} {}", d.rule.code, d.rule.name))
            .with_message(controls(&d.message.to_string()))
            .with_labels(labels)
            .with_notes(notes);
        term::emit_to_write_style(out, &config, &files, &report)
            .map_err(|e| io::Error::other(e.to_string()))?;
    }
    if checked.quiet {
        return Ok(());
    }
    writeln!(out, "{}", super::summary_line(checked, unsafe_fixes))
}
