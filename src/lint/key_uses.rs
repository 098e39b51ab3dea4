//! Every key written in the files, with the catalogue's verdict on it: what K001–K005
//! check, and what hover and completion will use.

use crate::lint::files::{FileView, SectionKind};
use crate::lint::keys::{KeyCatalog, KeySpec};
use crate::lint::settings::Settings;
use crate::model::values::{intended_value, lower_key, python_lower};
use crate::model::{FileKind, Location, Text};
use crate::syntax::{Entry, Span};

/// One `key = value` (or nested `key = value` under `s3 =` and the like): where its parts
/// are (60 002 of them on 10 000 profiles: every 8 bytes here is ~0.5 MB of fresh memory
/// per check), and the intended value, which K003-K005 read for every key. Borrows the file
/// text (`'t`); botocore's name for the key comes from it (`Context::key_name`).
#[derive(Debug)]
pub struct KeyUse<'t> {
    /// The key as written.
    key: Span,
    /// The value on the key's line (for nested keys: the sub-property's value).
    value: Span,
    /// The value as the user meant it (without a trailing `# comment`), trimmed.
    intended: &'t str,
    pub verdict: Verdict<'static>,
    file: FileKind,
    /// The section kind in the catalogue's terms: an index into [`SECTION_KINDS`].
    kind: u8,
    /// Nested under a parent key (`s3 =` then indented `k = v` lines).
    pub nested: bool,
    /// The value goes on over continuation lines (a nested block or a swallowed line).
    pub continued: bool,
    /// The key as written is its own lower-case form (botocore's name for it borrows it).
    lower: bool,
}

#[derive(Debug)]
pub enum Verdict<'c> {
    Known(&'c KeySpec),
    /// `ec2 =` with nested keys in a profile, or a service id in a [services] section.
    ServiceBlock,
    /// Listed in ssolint.toml's `known-keys`.
    UserKnown,
    /// Known, but for other section kinds (`KeyCatalog::lookup` lists them).
    WrongSection,
    /// In the credentials file, but the catalogue says it belongs in the config file.
    ConfigOnly(&'c KeySpec),
    /// `[services NAME]` entry that is not a service id.
    UnknownService,
    Unknown,
}

/// Walks every file's entries (botocore's reading). Needs the trees, not the resolved
/// profiles, so that it can run beside botocore's resolution.
pub fn collect<'t>(
    files: &[&FileView<'t>],
    settings: &Settings,
    keys: &'static KeyCatalog,
) -> Vec<KeyUse<'t>> {
    let entries: usize = files.iter().map(|f| f.botocore.entries.len()).sum();
    let mut out = Vec::with_capacity(entries);
    for &file in files {
        for (section, kind) in file.sections() {
            let Some(catalog_kind) = kind.catalog_kind() else {
                continue;
            };
            for entry in file.botocore.entries(section) {
                if entry.key.is_empty() {
                    continue;
                }
                top_level(settings, keys, file, kind, catalog_kind, entry, &mut out);
            }
        }
    }
    out
}

fn top_level<'t>(
    settings: &Settings,
    keys: &'static KeyCatalog,
    file: &FileView<'t>,
    kind: &SectionKind,
    catalog_kind: &'static str,
    entry: &Entry,
    out: &mut Vec<KeyUse<'t>>,
) {
    let name = lower_key(entry, file.text);
    let continuations = file.botocore.continuations(entry);
    let is_block = entry.value.is_empty() && continuations.iter().any(|c| c.pair.is_some());
    let verdict = if let SectionKind::Services(_) = kind {
        if keys.is_service_id(&name) {
            Verdict::ServiceBlock
        } else {
            Verdict::UnknownService
        }
    } else {
        verdict(settings, keys, &name, catalog_kind, is_block)
    };
    // Nested keys: `s3 =` then indented `k = v` lines.
    if is_block {
        let nested_kind = match (kind, name.as_ref()) {
            (SectionKind::Services(_), "s3") => "services.s3",
            (SectionKind::Services(_), _) => "services.<service>",
            (_, "s3") => "profile.s3",
            (_, "emr") => "profile.emr",
            (_, "proxies_config") => "profile.proxies_config",
            _ => "profile.<service>",
        };
        for c in continuations {
            let Some((k, _, v)) = c.pair else {
                continue;
            };
            let sub = python_lower(k.of(file.text));
            let sub_verdict = nested_verdict(settings, keys, &sub, nested_kind);
            out.push(KeyUse {
                key: k,
                value: v,
                intended: intended_value(v.of(file.text)),
                verdict: sub_verdict,
                file: file.kind,
                kind: kind_index(nested_kind),
                nested: true,
                continued: false,
                lower: matches!(sub, Text::Borrowed(_)),
            });
        }
    }
    out.push(KeyUse {
        key: entry.key,
        value: entry.value,
        intended: intended_value(entry.value.of(file.text)),
        verdict,
        file: file.kind,
        kind: kind_index(catalog_kind),
        nested: false,
        // Blank lines after a value are kept in botocore's tree but end no value.
        continued: continuations.iter().any(|c| !c.text.is_empty()),
        lower: matches!(name, Text::Borrowed(_)),
    });
}

fn verdict(
    settings: &Settings,
    keys: &'static KeyCatalog,
    name: &str,
    catalog_kind: &str,
    is_block: bool,
) -> Verdict<'static> {
    let lookup_kind = if catalog_kind == "credentials" {
        "profile"
    } else {
        catalog_kind
    };
    if let Some(spec) = keys
        .find(name, lookup_kind)
        .or_else(|| keys.find(name, catalog_kind))
    {
        if catalog_kind == "credentials" && spec.in_credentials_file == "no" {
            return Verdict::ConfigOnly(spec);
        }
        return Verdict::Known(spec);
    }
    if settings.is_known_key(name) {
        return Verdict::UserKnown;
    }
    if is_block && catalog_kind != "sso-session" && keys.is_service_id(name) {
        return Verdict::ServiceBlock;
    }
    not_here(keys, name)
}

/// A key not valid where it is: known elsewhere, or not at all.
fn not_here(keys: &'static KeyCatalog, name: &str) -> Verdict<'static> {
    if keys.lookup(name).next().is_none() {
        Verdict::Unknown
    } else {
        Verdict::WrongSection
    }
}

fn nested_verdict(
    settings: &Settings,
    keys: &'static KeyCatalog,
    name: &str,
    nested_kind: &str,
) -> Verdict<'static> {
    let spec = keys
        .find(name, nested_kind)
        .or_else(|| {
            // The `s3` block of a [services] section takes every service block's keys.
            (nested_kind == "services.s3")
                .then(|| keys.find(name, "services.<service>"))
                .flatten()
        })
        .or_else(|| {
            // `signature_version` is read under any service's block, `s3` included.
            nested_kind
                .starts_with("profile.")
                .then(|| keys.find(name, "profile.<service>"))
                .flatten()
        });
    if let Some(spec) = spec {
        return Verdict::Known(spec);
    }
    if settings.is_known_key(name) {
        return Verdict::UserKnown;
    }
    not_here(keys, name)
}

/// Every section kind a key use can be in, in the catalogue's terms.
const SECTION_KINDS: [&str; 10] = [
    "profile",
    "sso-session",
    "services",
    "credentials",
    "services.s3",
    "services.<service>",
    "profile.s3",
    "profile.emr",
    "profile.proxies_config",
    "profile.<service>",
];

fn kind_index(kind: &'static str) -> u8 {
    let index = SECTION_KINDS.iter().position(|&k| k == kind);
    u8::try_from(index.expect("a section kind of SECTION_KINDS")).expect("ten kinds")
}

impl<'t> KeyUse<'t> {
    /// The section kind in the catalogue's terms (`profile`, `sso-session`, `profile.s3`, …).
    pub fn section_kind(&self) -> &'static str {
        SECTION_KINDS[usize::from(self.kind)]
    }

    /// The key as written.
    pub fn key(&self) -> Location {
        self.at(self.key)
    }

    /// The value on the key's line (for nested keys: the sub-property's value).
    pub fn value(&self) -> Location {
        self.at(self.value)
    }

    /// The value as the user meant it (without a trailing `# comment`), trimmed.
    pub fn intended(&self) -> &'t str {
        self.intended
    }

    /// Where [`KeyUse::intended`] is, in the text of its file (it is a part of the value).
    pub fn intended_at(&self, file_text: &str) -> Location {
        let written = self.value.of(file_text);
        let offset = (self.intended.as_ptr() as usize)
            .checked_sub(written.as_ptr() as usize)
            .filter(|&o| o <= written.len())
            .unwrap_or(0);
        let start = self.value.start() + offset;
        self.at(Span::new(start, start + self.intended.len()))
    }

    /// The key lower-cased, as botocore reads it, from the text of its file.
    pub fn name(&self, file_text: &'t str) -> Text<'t> {
        let written = self.key.of(file_text);
        if self.lower {
            Text::Borrowed(written)
        } else {
            python_lower(written)
        }
    }

    fn at(&self, span: Span) -> Location {
        Location {
            file: self.file,
            span,
        }
    }
}

/// Human name of a catalogue section kind.
pub fn section_kind_text(kind: &str) -> String {
    match kind {
        "profile" => "a profile".into(),
        "credentials" => "the credentials file".into(),
        "sso-session" => "an [sso-session]".into(),
        "services.<service>" => "a service block of a [services] section".into(),
        "services.s3" => "the `s3` block of a [services] section".into(),
        "profile.<service>" => "a service block (`ec2 =` …) of a profile".into(),
        "plugins" => "[plugins]".into(),
        other => match other.strip_prefix("profile.") {
            Some(parent) => format!("`{parent} =` in a profile"),
            None => other.to_string(),
        },
    }
}

// One per key line (60 002 on 10 000 profiles): every 8 bytes here is ~0.5 MB of fresh
// memory per check.
const _: () = assert!(std::mem::size_of::<KeyUse>() <= 56);

#[cfg(test)]
mod tests {
    use crate::lint::{Context, Input, Settings};

    /// A key use's intended value is found where it is written, without its trailing
    /// comment, and botocore's lower-case name of a key written in capitals is its own.
    #[test]
    fn the_intended_value_and_the_name_are_read_from_the_text() {
        let config = "[default]\nRegion = eu-west-1 # where\nregion_x = eu-west-2\n";
        let settings = Settings::default();
        let input = Input {
            config: Some(config),
            ..Input::default()
        };
        let context = Context::new(&input, &settings);
        let uses = context.key_uses();
        assert_eq!(uses.len(), 2);
        assert_eq!(uses[0].intended(), "eu-west-1");
        assert_eq!(context.text_at(context.intended_at(&uses[0])), "eu-west-1");
        assert_eq!(context.key_name(&uses[0]), "region");
        assert_eq!(context.text_at(uses[0].key()), "Region");
        assert_eq!(context.key_name(&uses[1]), "region_x");
        assert_eq!(context.text_at(context.intended_at(&uses[1])), "eu-west-2");
    }

    /// Every kind of section and nested block a key can be in has its index (a kind
    /// missing from `SECTION_KINDS` would stop the whole check).
    #[test]
    fn every_section_kind_has_an_index() {
        let config = "[default]\nregion = eu-west-1\n\
            [profile a]\ns3 =\n  addressing_style = path\nemr =\n  x = 1\n\
            proxies_config =\n  proxy_ca_bundle = a\nec2 =\n  endpoint_url = http://x\n\
            [sso-session s]\nsso_region = eu-west-1\n\
            [services s]\ns3 =\n  endpoint_url = http://x\nec2 =\n  endpoint_url = http://x\n";
        let credentials = "[c]\naws_access_key_id = AKIAEXAMPLE\n";
        let settings = Settings::default();
        let input = Input {
            config: Some(config),
            credentials: Some(credentials),
            ..Input::default()
        };
        let context = Context::new(&input, &settings);
        let kinds: std::collections::BTreeSet<&str> = context
            .key_uses()
            .iter()
            .map(|u| u.section_kind())
            .collect();
        let all: std::collections::BTreeSet<&str> = super::SECTION_KINDS.into_iter().collect();
        assert_eq!(kinds, all);
    }
}
