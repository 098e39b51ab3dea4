//! `ssolint rule`: the documentation of one rule, or the list of all.

use serde_json::json;

use super::{EXIT_ERROR, write_stdout};
use crate::lint::{RULES, Rule, rule_by_code, split_front_matter};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A rule code (S001) or name (legacy-sso-profile).
    #[arg(required_unless_present = "all")]
    pub rule: Option<String>,
    /// List every rule.
    #[arg(long, conflicts_with = "rule")]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

fn fix_text(rule: &Rule) -> &'static str {
    match rule.fix {
        None => "none",
        Some(crate::lint::Applicability::Safe) => "safe",
        Some(crate::lint::Applicability::Unsafe) => "unsafe",
    }
}

fn rule_json(rule: &Rule) -> serde_json::Value {
    json!({
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.name(),
        "fix": fix_text(rule),
        "summary": rule.summary(),
        "doc": rule.doc_body().trim(),
    })
}

pub fn run(args: Args) -> u8 {
    if args.all {
        return match args.format {
            Format::Json => {
                let all: Vec<_> = RULES.iter().map(|r| rule_json(r)).collect();
                write_stdout(|out| {
                    serde_json::to_writer_pretty(&mut *out, &all)?;
                    writeln!(out)
                })
            }
            Format::Text => write_stdout(|out| {
                for rule in RULES {
                    writeln!(
                        out,
                        "{}  {:32} {:7} {}",
                        rule.code,
                        rule.name,
                        rule.severity.name(),
                        rule.summary()
                    )?;
                }
                Ok(())
            }),
        };
    }
    let wanted = args.rule.unwrap_or_default();
    let Some(rule) = rule_by_code(&wanted) else {
        let names = RULES.iter().flat_map(|r| [r.code, r.name]);
        let close = crate::model::closest_names(&wanted, names);
        eprintln!(
            "error: no rule `{wanted}`{}; `ssolint rule --all` lists them",
            crate::model::did_you_mean_suffix(&close)
        );
        return EXIT_ERROR;
    };
    match args.format {
        Format::Json => write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &rule_json(rule))?;
            writeln!(out)
        }),
        Format::Text => {
            let body = split_front_matter(rule.doc).map_or(rule.doc, |(_, b)| b);
            write_stdout(|out| {
                writeln!(
                    out,
                    "{} ({}) — default severity: {}, fix: {}\n{}",
                    rule.code,
                    rule.name,
                    rule.severity.name(),
                    fix_text(rule),
                    body.trim_end()
                )
            })
        }
    }
}
