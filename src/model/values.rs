//! Facts about values as the AWS tools read them: what a value with an inline comment was
//! meant to be, which session names every tool accepts, which hosts are Identity Center's.

/// The value as the user meant it: without a trailing `# comment` (which botocore keeps
/// and P006 reports), trimmed.
pub fn intended_value(value: &str) -> &str {
    let bytes = value.as_bytes();
    let cut = (1..bytes.len())
        .find(|&i| matches!(bytes[i], b'#' | b';') && matches!(bytes[i - 1], b' ' | b'\t'))
        .unwrap_or(bytes.len());
    value[..cut].trim()
}

/// Letters, digits, `-`, `_` and `.`: what every tool and RegisterClient accept.
pub fn is_valid_session_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
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
