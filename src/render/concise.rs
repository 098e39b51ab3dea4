//! `--format concise`: one line per finding, `path:line:col: CODE [*] message`
//! (`[*]`: fixable with `--fix`).

use std::io::{self, Write};

use crate::render::Checked;

pub fn write(out: &mut dyn Write, checked: &Checked, unsafe_fixes: bool) -> io::Result<()> {
    for (group, d) in checked.diagnostics() {
        let file = checked.file(group, d.at);
        let start = file.line_col(d.at.span.start());
        let marker = if crate::fix::allowed(d, false) {
            " [*]"
        } else {
            ""
        };
        writeln!(
            out,
            "{}:{}:{}: {} {}{marker} {}",
            crate::model::redact::controls(&file.path),
            start.line,
            start.column,
            d.severity.name(),
            d.rule.code,
            crate::model::redact::controls(&d.message)
        )?;
    }
    if checked.quiet {
        return Ok(());
    }
    writeln!(out, "{}", super::summary_line(checked, unsafe_fixes))
}
