//! `--format concise`: one line per finding, `path:line:col: CODE [*] message`
//! (`[*]`: fixable with `--fix`).

use std::io::{self, Write};

use crate::render::Checked;

pub fn write(out: &mut dyn Write, checked: &Checked, unsafe_fixes: bool) -> io::Result<()> {
    // Each line is assembled in one buffer and written whole: the formatting machinery
    // cost ~2 000 instructions a line, a large share of a 10 000-finding run.
    let mut line = Vec::with_capacity(512);
    let mut numbers = itoa::Buffer::new();
    for (group, d) in checked.diagnostics() {
        let file = checked.file(group, d.at);
        let start = file.line_col(d.at.span.start());
        line.clear();
        line.extend_from_slice(crate::model::redact::controls(&file.path).as_bytes());
        line.push(b':');
        line.extend_from_slice(numbers.format(start.line).as_bytes());
        line.push(b':');
        line.extend_from_slice(numbers.format(start.column).as_bytes());
        line.extend_from_slice(b": ");
        line.extend_from_slice(d.severity.name().as_bytes());
        line.push(b' ');
        line.extend_from_slice(d.rule.code.as_bytes());
        if crate::fix::allowed(d, false) {
            line.extend_from_slice(b" [*]");
        }
        line.push(b' ');
        for part in d.message.parts() {
            line.extend_from_slice(crate::model::redact::controls(part).as_bytes());
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    if checked.quiet {
        return Ok(());
    }
    writeln!(out, "{}", super::summary_line(checked, unsafe_fixes))
}
