//! X001 unused-suppression: an `# ssolint: ignore[…]` comment that silences nothing.
//! Reported by the engine (`lint::suppress`) after the other rules ran.

use crate::lint::context::Context;
use crate::lint::rules::Rule;
use crate::lint::{Applicability, Severity, Sink};

pub static RULE: Rule = Rule {
    code: "X001",
    name: "unused-suppression",
    severity: Severity::Warning,
    fix: Some(Applicability::Safe),
    doc: include_str!("../../../rules/X001.md"),
    check,
};

fn check(_: &Context, _: &mut Sink) {}
