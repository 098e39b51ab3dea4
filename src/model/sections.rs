//! How botocore classifies a section header: facts about the file, shared by the rules,
//! the migration planner, doctor and the language server.

use std::borrow::Cow;

use super::{FileKind, Text};

/// A section as botocore classifies its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SectionKind<'t> {
    /// `[profile NAME]` (and `[profile default]`).
    Profile(Text<'t>),
    /// `[default]` in the config file.
    Default,
    SsoSession(Text<'t>),
    Services(Text<'t>),
    /// `[DEFAULT]`: configparser's defaults, merged into every section.
    Defaults,
    /// `[plugins]`: the AWS CLI's plugin list.
    Plugins,
    /// `[preview]`: AWS CLI v1 preview commands.
    Preview,
    /// A credentials-file section: a profile named exactly as written.
    Credentials(&'t str),
    /// Anything botocore does not read as a profile, sso-session or services section.
    Ignored,
}

impl SectionKind<'_> {
    /// The key catalogue's name for the section kind, if its keys are checked.
    pub fn catalog_kind(&self) -> Option<&'static str> {
        match self {
            SectionKind::Profile(_) | SectionKind::Default | SectionKind::Defaults => {
                Some("profile")
            }
            SectionKind::SsoSession(_) => Some("sso-session"),
            SectionKind::Services(_) => Some("services"),
            SectionKind::Credentials(_) => Some("credentials"),
            SectionKind::Plugins | SectionKind::Preview | SectionKind::Ignored => None,
        }
    }

    pub fn is_profile(&self) -> bool {
        matches!(
            self,
            SectionKind::Profile(_) | SectionKind::Default | SectionKind::Credentials(_)
        )
    }
}

/// botocore's `build_profile_map` decision for one header.
pub fn classify_header(file: FileKind, name: &str) -> SectionKind<'_> {
    if file == FileKind::Credentials {
        return SectionKind::Credentials(name);
    }
    fn second_word(name: &str) -> Option<Text<'_>> {
        let words = if name.contains(['"', '\'', '\\']) {
            super::shlex::split(name)?
                .into_iter()
                .map(Cow::Owned)
                .collect::<Vec<_>>()
        } else {
            name.split([' ', '\t', '\r', '\n'])
                .filter(|w| !w.is_empty())
                .map(Cow::Borrowed)
                .collect()
        };
        match <[Text; 2]>::try_from(words) {
            Ok([_, second]) => Some(second),
            Err(_) => None,
        }
    }
    let kind = match name {
        "default" => Some(SectionKind::Default),
        "DEFAULT" => Some(SectionKind::Defaults),
        "plugins" => Some(SectionKind::Plugins),
        "preview" => Some(SectionKind::Preview),
        _ if name.starts_with("profile") => second_word(name).map(SectionKind::Profile),
        _ if name.starts_with("sso-session") => second_word(name).map(SectionKind::SsoSession),
        _ if name.starts_with("services") => second_word(name).map(SectionKind::Services),
        _ => None,
    };
    kind.unwrap_or(SectionKind::Ignored)
}
