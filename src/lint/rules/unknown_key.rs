//! K001 unknown-key: a key no AWS tool (and no known third-party tool) reads.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Diagnostic, Edit, Sink};
use crate::lint::key_uses::{Verdict, section_kind_text};
use crate::lint::registry::Applicability;
use crate::lint::rules::helpers::did_you_mean;
use crate::model::Location;

pub fn check(context: &Context, sink: &mut Sink) {
    let keys = context.keys;
    for key_use in context.key_uses() {
        if !matches!(key_use.verdict, Verdict::Unknown | Verdict::UnknownService) {
            continue;
        }
        let name = context.key_name(key_use);
        let name = name.as_ref();
        match key_use.verdict {
            Verdict::Unknown => {}
            Verdict::UnknownService => {
                let d = sink.report(
                    key_use.key(),
                    format!(
                        "`{name}` is not a service id: entries in a [services] section are service ids (lower case, `_` for spaces) with an indented `endpoint_url`, and no tool reads this one"
                    ),
                );
                if let Some(close) = did_you_mean(
                    name,
                    keys.services_section.service_ids.iter().map(String::as_str),
                ) {
                    suggest_rename(d, key_use.key(), close);
                }
                continue;
            }
            _ => continue,
        }
        let place = section_kind_text(key_use.section_kind());
        let confusable = keys.confusables.iter().find(|c| {
            c.written
                .split(" / ")
                .any(|w| w.trim().eq_ignore_ascii_case(name))
        });
        let d = sink.report(
            key_use.key(),
            format!("`{name}` is not a setting the AWS CLI or SDKs read in {place}: it is ignored"),
        );
        if let Some(c) = confusable {
            d.help(format!("did you mean `{}`? ({})", c.means, c.why));
            if keys.lookup(&c.means).next().is_some() {
                d.fix(
                    Applicability::Unsafe,
                    format!("Rename to `{}`", c.means),
                    vec![Edit {
                        file: key_use.key().file,
                        span: key_use.key().span,
                        replacement: c.means.clone(),
                    }],
                );
            }
            continue;
        }
        let candidates = keys
            .keys
            .iter()
            .filter(|k| {
                k.allowed_in(key_use.section_kind())
                    || (key_use.section_kind() == "credentials" && k.allowed_in("profile"))
            })
            .map(|k| k.name.as_str());
        match did_you_mean(name, candidates) {
            Some(close) => suggest_rename(d, key_use.key(), close),
            None => {
                d.help(
                    "if another tool reads it, add it to `known-keys` in ssolint.toml, or suppress with `# ssolint: ignore[K001]` on the line above"
                    );
            }
        }
    }
}

/// "did you mean `close`?" with the rename as an unsafe fix (a typo's fix changes what the
/// tools read: that is the point, but the user should see it).
fn suggest_rename(d: &mut Diagnostic, key: Location, close: &str) {
    d.help(format!("did you mean `{close}`?")).fix(
        Applicability::Unsafe,
        format!("Rename to `{close}`"),
        vec![Edit {
            file: key.file,
            span: key.span,
            replacement: close.to_string(),
        }],
    );
}
