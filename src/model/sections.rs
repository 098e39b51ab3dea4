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
    let kind = match name {
        "default" => Some(SectionKind::Default),
        "DEFAULT" => Some(SectionKind::Defaults),
        "plugins" => Some(SectionKind::Plugins),
        "preview" => Some(SectionKind::Preview),
        _ if name.starts_with("profile") => prefixed_name(name).ok().map(SectionKind::Profile),
        _ if name.starts_with("sso-session") => {
            prefixed_name(name).ok().map(SectionKind::SsoSession)
        }
        _ if name.starts_with("services") => prefixed_name(name).ok().map(SectionKind::Services),
        _ => None,
    };
    kind.unwrap_or(SectionKind::Ignored)
}

/// Whether a section name holds a quote or a backslash, which `shlex.split` interprets
/// (and only some tools do). A byte test: every header is asked, and the characters are
/// ASCII (a char-set search decodes the name first).
pub fn has_shell_quoting(name: &str) -> bool {
    name.bytes().any(|b| matches!(b, b'"' | b'\'' | b'\\'))
}

/// The name botocore gives a prefixed section: the second word of `shlex.split(name)`
/// when it splits into exactly two words; else why botocore ignores the section. Borrows
/// (and allocates nothing) when nothing in the name needs unquoting: `profile dev`.
pub(crate) fn prefixed_name(name: &str) -> Result<Text<'_>, String> {
    let count_is_wrong =
        |n: usize| format!("its name splits into {n} words, not 2 (quote a name that has spaces)");
    if has_shell_quoting(name) {
        return match super::shlex::split(name) {
            None => Err("its name has an unbalanced quote or a trailing backslash".to_string()),
            Some(mut words) if words.len() == 2 => Ok(Cow::Owned(words.pop().expect("two"))),
            Some(words) => Err(count_is_wrong(words.len())),
        };
    }
    // Words between runs of white space, found byte by byte (every header is split).
    let bytes = name.as_bytes();
    let is_space = |i: usize| matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n');
    let (mut words, mut second, mut i) = (0, 0..0, 0);
    while i < bytes.len() {
        if is_space(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !is_space(i) {
            i += 1;
        }
        words += 1;
        if words == 2 {
            second = start..i;
        }
    }
    if words == 2 {
        Ok(Cow::Borrowed(&name[second]))
    } else {
        Err(count_is_wrong(words))
    }
}

#[cfg(test)]
mod tests {
    use super::prefixed_name;

    proptest::proptest! {
        /// The byte scan is `shlex.split` (our port, checked against Python's) wherever it
        /// answers: a name splits into two words exactly when it names the second one.
        #[test]
        fn prefixed_names_are_shlex_words(
            name in proptest::string::string_regex("[a-z \t\r\n\"'\\\\]{0,12}").unwrap()
        ) {
            let words = super::super::shlex::split(&name);
            let expected = words.as_ref().filter(|w| w.len() == 2).map(|w| w[1].clone());
            proptest::prop_assert_eq!(prefixed_name(&name).ok().map(|n| n.into_owned()), expected);
            if let (Err(why), Some(words)) = (prefixed_name(&name), &words) {
                let count = format!("splits into {} words", words.len());
                proptest::prop_assert!(why.contains(&count), "{}", why);
            }
        }
    }
}
