//! Facts about values as the AWS tools read them: what a value with an inline comment was
//! meant to be, which session names every tool accepts, which hosts are Identity Center's.

/// The value as the user meant it: without a trailing `# comment` (which botocore keeps
/// and P006 reports), trimmed.
pub fn intended_value(value: &str) -> &str {
    let bytes = value.as_bytes();
    // (A byte loop: values are a few bytes, where a vectorised search costs more to call.)
    let cut = (1..bytes.len())
        .find(|&i| matches!(bytes[i], b'#' | b';') && matches!(bytes[i - 1], b' ' | b'\t'))
        .unwrap_or(bytes.len());
    let meant = &value[..cut];
    // The readers hand values over trimmed: when both ends are visible ASCII, there is no
    // white space to trim (and no character to decode for the Unicode trim).
    match (meant.as_bytes().first(), meant.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => meant,
        _ => meant.trim(),
    }
}

/// Python's `str.lower()`, as botocore applies it to every key: borrowed when there is
/// nothing to lower (the norm). Asked of every key by the resolution and the key uses,
/// so the test is a branch-free fold over the bytes (upper-case ASCII, or any non-ASCII).
pub fn python_lower(key: &str) -> std::borrow::Cow<'_, str> {
    let lowering = key.bytes().fold(false, |found, b| {
        found | b.is_ascii_uppercase() | (b >= 0x80)
    });
    if lowering {
        std::borrow::Cow::Owned(key.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(key)
    }
}

/// botocore's name for an entry's key ([`python_lower`]): borrowed without another look
/// at its bytes when botocore's reader found it plain ([`Entry::plain_key`]).
pub fn lower_key<'t>(entry: &crate::syntax::Entry, text: &'t str) -> std::borrow::Cow<'t, str> {
    let key = entry.key.of(text);
    if entry.plain_key {
        debug_assert!(matches!(python_lower(key), std::borrow::Cow::Borrowed(_)));
        std::borrow::Cow::Borrowed(key)
    } else {
        python_lower(key)
    }
}

/// A byte of a name every tool and RegisterClient accept: an ASCII letter or digit, `-`,
/// `_` or `.` (the one definition: session names, migration's suggested names and the
/// readers' plain section names all use it).
pub const fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

/// Letters, digits, `-`, `_` and `.`: what every tool and RegisterClient accept.
pub fn is_valid_session_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(is_name_byte)
}

/// `name` with every character a session name cannot hold replaced by `-`.
pub fn session_name_from(name: &str) -> String {
    name.chars()
        .map(|c| match u8::try_from(c) {
            Ok(b) if is_name_byte(b) => c,
            _ => '-',
        })
        .collect()
}

/// Hosts that belong to IAM Identity Center (from the key catalogue).
pub const AWS_HOST_SUFFIXES: [&str; 8] = [
    ".app.aws",
    ".portal.amazonaws.com",
    ".portal.amazonaws.com.cn",
    ".app.amazonwebservices.com.cn",
    ".portal.amazonaws.eu",
    ".api.amazonwebservices.eu",
    ".awsapps.com",
    ".awsapps.cn",
];

/// An IAM Identity Center host (portal or issuer), as the AWS CLI decides it: no vanity URL.
pub fn is_identity_center_host(host: &str) -> bool {
    AWS_HOST_SUFFIXES.iter().any(|s| host.ends_with(s)) || host.starts_with("identitycenter.")
}

/// The scopes a client registration asks for when `sso_registration_scopes` is not set
/// (what the AWS CLI registers with).
pub const DEFAULT_SCOPES: &str = "sso:account:access";

/// An AWS account id as `sso_account_id` takes it: exactly 12 ASCII digits.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A start URL as the portal it names: scheme and host lower-cased, and a final `#/`, `#`
/// and `/` dropped. `https://Acme.awsapps.com/start/` and `https://acme.awsapps.com/start#/`
/// are the same portal to every reader and to AWS; they differ only as token-cache keys of
/// legacy profiles.
pub fn portal_key(url: &str) -> String {
    let mut rest = url.trim();
    for suffix in ["#/", "#"] {
        if let Some(stripped) = rest.strip_suffix(suffix) {
            rest = stripped;
            break;
        }
    }
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    // Built in one allocation: migrations compare every profile's portal, twice per reader.
    let mut key = rest.to_string();
    if let Some(scheme_end) = rest.find("://") {
        let host_start = scheme_end + 3;
        let host_end = rest[host_start..]
            .find('/')
            .map_or(rest.len(), |i| host_start + i);
        key[..host_end].make_ascii_lowercase();
    }
    key
}

#[cfg(test)]
mod tests {
    use super::{intended_value, is_valid_session_name, portal_key, session_name_from};

    /// The definition, without the fast paths: cut at the first `#`/`;` after a space or
    /// tab, then trim.
    fn intended_by_definition(value: &str) -> &str {
        let bytes = value.as_bytes();
        let cut = (1..bytes.len())
            .find(|&i| matches!(bytes[i], b'#' | b';') && matches!(bytes[i - 1], b' ' | b'\t'))
            .unwrap_or(bytes.len());
        value[..cut].trim()
    }

    /// Borrowed exactly when there is nothing to lower; lowered as `str::to_lowercase`.
    #[test]
    fn python_lower_borrows_only_what_is_lower_case() {
        use std::borrow::Cow;
        for key in ["sso_start_url", "region", "", "a-b.c_9"] {
            assert!(matches!(super::python_lower(key), Cow::Borrowed(k) if k == key));
        }
        for (key, lowered) in [
            ("SSO_Start_URL", "sso_start_url"),
            ("r\u{c9}gion", "r\u{e9}gion"),
        ] {
            assert!(matches!(super::python_lower(key), Cow::Owned(k) if k == lowered));
        }
    }

    proptest::proptest! {
        /// The fast path (visible ASCII at both ends: nothing to trim) answers as the
        /// definition.
        #[test]
        fn intended_value_is_its_definition(
            value in proptest::string::string_regex("[a-z#; \t\u{a0}\u{2003}\u{1c}é-]{0,12}").unwrap()
        ) {
            proptest::prop_assert_eq!(intended_value(&value), intended_by_definition(&value));
        }
    }

    #[test]
    fn session_names_keep_only_name_bytes() {
        // Non-ASCII (also Latin-1, whose chars fit in a byte) and spaces become `-`.
        assert_eq!(session_name_from("Acme corp/é.1_x"), "Acme-corp--.1_x");
        assert!(is_valid_session_name(&session_name_from(
            "a b\u{e9}\u{1f600}"
        )));
        assert!(!is_valid_session_name("caf\u{e9}"));
        assert!(!is_valid_session_name(""));
    }

    #[test]
    fn spellings_of_one_portal_have_one_key() {
        for url in [
            "https://Acme.AWSapps.com/start",
            "https://acme.awsapps.com/start/",
            " HTTPS://acme.awsapps.com/start#/ ",
            "https://acme.awsapps.com/start#",
        ] {
            assert_eq!(portal_key(url), "https://acme.awsapps.com/start", "{url}");
        }
        // The path keeps its case; a host without a path, and text without a scheme, too.
        assert_eq!(
            portal_key("https://X.awsapps.com/Start"),
            "https://x.awsapps.com/Start"
        );
        assert_eq!(portal_key("https://X.awsapps.com"), "https://x.awsapps.com");
        assert_eq!(portal_key("Not A URL/"), "Not A URL");
    }
}
