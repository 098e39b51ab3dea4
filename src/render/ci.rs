//! Formats for CI systems: `--format gitlab` (GitLab's Code Quality report, a JSON array)
//! and `--format junit` (JUnit XML: one test case per finding).

use std::io::{self, Write};

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::lint::Severity;
use crate::model::redact::controls;
use crate::render::Checked;

/// GitLab Code Quality: `description`, `check_name`, a stable `fingerprint`, `severity`
/// (`info`, `minor`, `major`, `critical`) and `location.lines.begin`.
pub fn gitlab(out: &mut dyn Write, checked: &Checked) -> io::Result<()> {
    let items: Vec<serde_json::Value> = checked
        .diagnostics()
        .map(|(group, d)| {
            let file = checked.file(group, d.at);
            let (start, end) = checked.range(group, d.at);
            let mut hash = Sha256::new();
            for part in [d.rule.code, file.path.as_str()] {
                hash.update(part.as_bytes());
                hash.update([0]);
            }
            d.message.parts().iter().for_each(|part| hash.update(part));
            hash.update([0]);
            hash.update(start.line.to_le_bytes());
            json!({
                "description": format!("{}: {}", d.rule.code, d.message),
                "check_name": format!("{} {}", d.rule.code, d.rule.name),
                "fingerprint": hex::encode(hash.finalize()),
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "location": {
                    "path": file.path,
                    "lines": { "begin": start.line, "end": end.line },
                },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

/// Text for XML: the five special characters escaped, and no control character (XML 1.0
/// forbids most of them: they are escaped as text first).
fn xml(text: &str) -> String {
    controls(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// JUnit XML: a test suite per checked file, a failing test case per finding.
pub fn junit(out: &mut dyn Write, checked: &Checked) -> io::Result<()> {
    let total = checked.diagnostics().count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="ssolint" tests="{total}" failures="{total}" errors="0">"#
    )?;
    for (index, file) in checked.files.iter().enumerate() {
        let findings: Vec<_> = checked
            .diagnostics()
            .filter(|(group, d)| checked.file_index(group, d.at) == index)
            .collect();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{n}" failures="{n}" errors="0">"#,
            xml(&file.path),
            n = findings.len()
        )?;
        for (group, d) in findings {
            let (start, _) = checked.range(group, d.at);
            writeln!(
                out,
                r#"    <testcase name="{code} {name} at line {line}, column {column}" classname="{path}" file="{path}" line="{line}">"#,
                code = d.rule.code,
                name = d.rule.name,
                line = start.line,
                column = start.column,
                path = xml(&file.path),
            )?;
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}:{}:{}: {} {}</failure>"#,
                xml(&d.message.to_string()),
                d.severity.name(),
                xml(&file.path),
                start.line,
                start.column,
                d.rule.code,
                xml(&d.message.to_string())
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
