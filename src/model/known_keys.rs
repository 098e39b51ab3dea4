//! The keys the model and the rules ask every profile about, interned: a section records
//! which of them it has in one word ([`crate::model::Properties`]), so asking a profile
//! for `sso_session` is a bit test, not a string comparison, and finding one it has reads
//! one byte per key, not the keys' slots (10 000 profiles, a dozen rules asking each
//! profile for four to six keys: the lookups were the largest cost of `check` after the
//! kernel's page clearing).
//!
//! Interning is by the exact spelling, in both dialects: botocore's keys are lower-cased
//! before they are stored, the SDKs' are case-sensitive, so `SSO_Session` is simply not
//! `sso_session` for them (it is stored as an other key and found by its string).

macro_rules! known_keys {
    ($($variant:ident = $name:literal,)*) => {
        /// A key the model or a rule looks up by name (at most 64: one bit each).
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum KnownKey {
            $($variant,)*
        }

        impl KnownKey {
            /// Every known key, in id order.
            pub const ALL: &'static [KnownKey] = &[$(KnownKey::$variant,)*];

            /// The key a name spells exactly, if it is a known one.
            #[inline]
            pub fn of(name: &str) -> Option<KnownKey> {
                match name {
                    $($name => Some(KnownKey::$variant),)*
                    _ => None,
                }
            }

            /// The key as written in the files.
            pub const fn name(self) -> &'static str {
                match self {
                    $(KnownKey::$variant => $name,)*
                }
            }
        }
    };
}

known_keys! {
    SsoSession = "sso_session",
    SsoStartUrl = "sso_start_url",
    SsoRegion = "sso_region",
    SsoAccountId = "sso_account_id",
    SsoRoleName = "sso_role_name",
    SsoRegistrationScopes = "sso_registration_scopes",
    SourceProfile = "source_profile",
    CredentialSource = "credential_source",
    CredentialProcess = "credential_process",
    RoleArn = "role_arn",
    WebIdentityTokenFile = "web_identity_token_file",
    AwsAccessKeyId = "aws_access_key_id",
    AwsSecretAccessKey = "aws_secret_access_key",
    Services = "services",
    CaBundle = "ca_bundle",
    SsoAutoPopulated = "sso_auto_populated",
    CommonFateGeneratedFrom = "common_fate_generated_from",
}

// One bit per key in a section's `known` word.
const _: () = assert!(KnownKey::ALL.len() <= 64);

impl KnownKey {
    /// The key's bit in a section's word of known keys.
    #[inline]
    pub(crate) fn bit(self) -> u64 {
        1 << self as u8
    }

    /// The key's id (its bit's index), as stored per slot.
    #[inline]
    pub(crate) fn id(self) -> u8 {
        self as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_key_is_found_by_its_name_and_only_by_it() {
        for &key in KnownKey::ALL {
            assert_eq!(KnownKey::of(key.name()), Some(key));
            assert_eq!(KnownKey::of(&key.name().to_ascii_uppercase()), None);
            assert_eq!(KnownKey::of(&format!("{} ", key.name())), None);
        }
        let ids: std::collections::HashSet<u8> = KnownKey::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(ids.len(), KnownKey::ALL.len());
        assert_eq!(KnownKey::of("output"), None);
    }
}
