//! P011 non-portable-section-name: a section name that only some tools can find (quotes,
//! spaces, characters outside the SDKs' identifier set).

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::files::SectionKind;
use crate::model::readers::{Reader, Readers};
use crate::model::sections::has_shell_quoting;
use crate::model::values::is_valid_session_name;
use crate::syntax::chars::is_sdk_identifier;

pub fn check(context: &Context, sink: &mut Sink) {
    for file in context.files() {
        for (section, kind) in file.sections() {
            let raw = section.name.of(file.text);
            let (what, name) = match kind {
                SectionKind::Profile(n) => ("profile", n.as_ref()),
                SectionKind::Services(n) => ("services section", n.as_ref()),
                // Invalid session names are S012's, with the rename advice.
                SectionKind::SsoSession(n) if is_valid_session_name(n) => {
                    ("sso-session", n.as_ref())
                }
                // `[profile x]` in the credentials file is P009's.
                SectionKind::Credentials(n)
                    if !["profile ", "sso-session ", "services "]
                        .iter()
                        .any(|p| n.trim_start().starts_with(p)) =>
                {
                    ("profile", *n)
                }
                _ => continue,
            };
            let quoted = has_shell_quoting(raw);
            if is_sdk_identifier(name) && !quoted {
                continue;
            }
            // Who finds the section under which name, as each tool reads it.
            let (mut plain, mut literal, mut none) = (Readers::NONE, Readers::NONE, Readers::NONE);
            let literal_name = raw
                .split_once(char::is_whitespace)
                .map_or(raw, |(_, n)| n)
                .trim();
            for reader in Reader::TOOLS {
                let config = context.reading(reader);
                let map = match what {
                    "sso-session" => &config.sso_sessions,
                    "services section" => &config.services,
                    _ => &config.profiles,
                };
                if map.contains_key(name) {
                    plain = plain.with(reader);
                } else if literal_name != name && map.contains_key(literal_name) {
                    literal = literal.with(reader);
                } else {
                    none = none.with(reader);
                }
            }
            let mut parts = Vec::new();
            if !plain.is_empty() {
                parts.push(format!("{} {what} `{name}`", plain.say("reads", "read")));
            }
            if !literal.is_empty() {
                parts.push(format!(
                    "{} `{literal_name}`, quotes included",
                    literal.say("reads", "read")
                ));
            }
            if !none.is_empty() {
                parts.push(format!("{} the section", none.say("ignores", "ignore")));
            }
            let message = format!("[{raw}]: {}", parts.join("; "));
            sink.report(file.at(section.name), message)
                .help("use a name of letters, digits, `-` and `_`, without quotes, and update every reference to it")
                .affects(literal.union(none));
        }
    }
}
