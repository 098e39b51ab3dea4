//! `--format sarif`: SARIF 2.1.0 (code scanning in GitHub, GitLab, Azure DevOps). Columns
//! are Unicode code points, 1-based, as the run's `columnKind` says.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::lint::{RULES, Severity};
use crate::model::Location;
use crate::render::{Checked, Group};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(checked: &Checked, group: &Group, at: Location) -> Value {
    let (start, end) = checked.range(group, at);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn location(checked: &Checked, group: &Group, at: Location, message: Option<&str>) -> Value {
    let mut value = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&checked.file(group, at).path) },
            "region": region(checked, group, at),
        }
    });
    if let Some(message) = message {
        value["message"] = json!({ "text": message });
    }
    value
}

/// A relative URI reference for a path (`/` separators, spaces and `%` escaped).
fn uri(path: &str) -> String {
    path.replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
        .replace('#', "%23")
}

pub fn write(out: &mut dyn Write, checked: &Checked) -> io::Result<()> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.summary() },
                "help": { "text": r.doc_body().trim(), "markdown": r.doc_body().trim() },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = checked
        .diagnostics()
        .map(|(group, d)| {
            let rule_index = RULES.iter().position(|r| r.code == d.rule.code).unwrap_or(0);
            let text = d.message.with_help(d.help.as_deref());
            let mut result = json!({
                "ruleId": d.rule.code,
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [location(checked, group, d.at, None)],
            });
            if !d.labels.is_empty() {
                result["relatedLocations"] = d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let mut v = location(checked, group, l.at, Some(&l.message));
                        v["id"] = json!(i);
                        v
                    })
                    .collect();
            }
            if let Some(fix) = &d.fix {
                let changes: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        let at = Location { file: e.file, span: e.span };
                        json!({
                            "artifactLocation": { "uri": uri(&checked.file(group, at).path) },
                            "replacements": [{
                                "deletedRegion": region(checked, group, at),
                                "insertedContent": { "text": e.replacement },
                            }],
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": { "text": format!("{} ({})", fix.title, fix.applicability.name()) },
                    "artifactChanges": changes,
                }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "ssolint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/ssolint/ssolint",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
