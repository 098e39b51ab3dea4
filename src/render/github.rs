//! `--format github`: GitHub Actions workflow commands, one annotation per finding.

use std::io::{self, Write};

use crate::lint::Severity;
use crate::render::Checked;

pub fn write(out: &mut dyn Write, checked: &Checked) -> io::Result<()> {
    for (group, d) in checked.diagnostics() {
        let file = checked.file(group, d.at);
        let (start, end) = checked.range(group, d.at);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let message = d.message.with_help(d.help.as_deref());
        writeln!(
            out,
            "::{level} title={},file={},line={},col={},endLine={},endColumn={}::{}",
            property(&format!("{} {}", d.rule.code, d.rule.name)),
            property(&file.path),
            start.line,
            start.column,
            end.line,
            end.column,
            data(&message)
        )?;
    }
    Ok(())
}

/// Escapes a message (`%`, CR, LF), as the runner's toolkit does; secrets redacted and other
/// control characters escaped first (the log is a terminal too).
fn data(s: &str) -> String {
    crate::model::redact::controls(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}
