//! Where a client sends SSO OIDC, SSO portal and STS calls, in botocore's order
//! (`shared/reference/botocore-semantics.md` §7.4): `AWS_ENDPOINT_URL_<SERVICE>`,
//! `AWS_ENDPOINT_URL`, the profile's `[services]` block, the profile's `endpoint_url`, then
//! the regional AWS host (FIPS and dual-stack honoured). Pure: the environment is a function.

use crate::model::{Block, Config};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Service {
    Oidc,
    Portal,
    Sts,
}

impl Service {
    /// The key in a `[services]` section and (upper-cased) in `AWS_ENDPOINT_URL_<…>`.
    fn id(self) -> &'static str {
        match self {
            Service::Oidc => "sso_oidc",
            Service::Portal => "sso",
            Service::Sts => "sts",
        }
    }
}

/// The DNS suffix of a region's partition.
fn dns_suffix(region: &str, dual_stack: bool) -> &'static str {
    match (region, dual_stack) {
        (r, false) if r.starts_with("cn-") => "amazonaws.com.cn",
        (r, true) if r.starts_with("cn-") => "api.amazonwebservices.com.cn",
        (r, _) if r.starts_with("eusc-") => "amazonaws.eu",
        (r, _) if r.starts_with("us-isob-") => "sc2s.sgov.gov",
        (r, _) if r.starts_with("us-iso-") => "c2s.ic.gov",
        (_, true) => "api.aws",
        _ => "amazonaws.com",
    }
}

fn truthy(value: Option<String>) -> bool {
    value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// A region name that cannot be put into a host name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidRegion(pub String);

impl std::fmt::Display for InvalidRegion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a region name (letters, digits and `-`, e.g. us-east-1): ssolint will not build a host name from it",
            crate::model::redact::controls(&self.0)
        )
    }
}

impl std::error::Error for InvalidRegion {}

/// Checks a region as botocore's `validate_region_name` does (`^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$`)
/// before it becomes part of a host name: `x@127.0.0.1:47555/#` would otherwise send the
/// request (and the token) wherever the file says.
pub fn check_region(region: &str) -> Result<(), InvalidRegion> {
    let bytes = region.as_bytes();
    let ok = (1..=63).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-';
    if ok {
        Ok(())
    } else {
        Err(InvalidRegion(region.to_string()))
    }
}

/// The endpoint for `service` in `region`, for the active `profile` (if any) of `config`.
pub fn resolve(
    service: Service,
    region: &str,
    env: &dyn Fn(&str) -> Option<String>,
    config: &Config,
    profile: Option<&Block>,
) -> String {
    let setting = |key: &str| profile.and_then(|p| p.str(key)).map(str::to_string);
    let ignore = truthy(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
        || truthy(setting("ignore_configured_endpoint_urls"));
    if !ignore {
        let specific = format!("AWS_ENDPOINT_URL_{}", service.id().to_ascii_uppercase());
        if let Some(url) = env(&specific).filter(|u| !u.is_empty()) {
            return url;
        }
        if let Some(url) = env("AWS_ENDPOINT_URL").filter(|u| !u.is_empty()) {
            return url;
        }
        let from_services = setting("services")
            .and_then(|name| config.services.get(name.as_str()))
            .and_then(|section| section.get(service.id()))
            .and_then(|block| block.nested.as_ref())
            .and_then(|nested| nested.get("endpoint_url"))
            .map(|sub| sub.value.to_string());
        if let Some(url) = from_services {
            return url;
        }
        if let Some(url) = setting("endpoint_url").filter(|u| !u.is_empty()) {
            return url;
        }
    }
    let fips = truthy(env("AWS_USE_FIPS_ENDPOINT")) || truthy(setting("use_fips_endpoint"));
    let dual =
        truthy(env("AWS_USE_DUALSTACK_ENDPOINT")) || truthy(setting("use_dualstack_endpoint"));
    // GovCloud's standard hosts are already FIPS: no `-fips` host name there (dual-stack aside).
    let fips_host = fips && (dual || !region.starts_with("us-gov-"));
    let host = match (service, fips_host) {
        (Service::Oidc, false) => "oidc",
        (Service::Oidc, true) => "oidc-fips",
        (Service::Portal, false) => "portal.sso",
        (Service::Portal, true) => "portal.sso-fips",
        (Service::Sts, false) => "sts",
        (Service::Sts, true) => "sts-fips",
    };
    format!("https://{host}.{region}.{}", dns_suffix(region, dual))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names_that_are_not_host_labels_are_refused() {
        for good in [
            "us-east-1",
            "eu-west-3",
            "us-gov-west-1",
            "cn-north-1",
            "X1",
        ] {
            assert_eq!(check_region(good), Ok(()), "{good}");
        }
        for bad in [
            "x@127.0.0.1:47555/#",
            "",
            "-us",
            "us-",
            "us east",
            "us.east",
            "a/b",
            &"a".repeat(64),
        ] {
            assert!(check_region(bad).is_err(), "{bad}");
        }
    }
    use crate::syntax::Dialect;

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn botocore_precedence() {
        let text = "[profile p]\nservices = local\nendpoint_url = http://profile\n[services local]\nsso_oidc =\n  endpoint_url = http://services-oidc\n";
        let (config, _) = crate::model::load(Dialect::Botocore, Some(text), None);
        let p = config.profiles.get("p");
        let none = env(&[]);
        assert_eq!(
            resolve(Service::Oidc, "eu-west-1", &none, &config, p),
            "http://services-oidc"
        );
        assert_eq!(
            resolve(Service::Portal, "eu-west-1", &none, &config, p),
            "http://profile"
        );
        let general = env(&[("AWS_ENDPOINT_URL", "http://all")]);
        assert_eq!(
            resolve(Service::Portal, "eu-west-1", &general, &config, p),
            "http://all"
        );
        let specific = env(&[
            ("AWS_ENDPOINT_URL", "http://all"),
            ("AWS_ENDPOINT_URL_SSO_OIDC", "http://oidc"),
        ]);
        assert_eq!(
            resolve(Service::Oidc, "eu-west-1", &specific, &config, p),
            "http://oidc"
        );
        let ignore = env(&[
            ("AWS_ENDPOINT_URL", "http://all"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ]);
        assert_eq!(
            resolve(Service::Oidc, "eu-west-1", &ignore, &config, p),
            "https://oidc.eu-west-1.amazonaws.com"
        );
    }

    #[test]
    fn default_hosts_per_partition() {
        let (config, _) = crate::model::load(Dialect::Botocore, Some(""), None);
        let none = env(&[]);
        assert_eq!(
            resolve(Service::Portal, "cn-north-1", &none, &config, None),
            "https://portal.sso.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(
            resolve(Service::Sts, "us-east-1", &none, &config, None),
            "https://sts.us-east-1.amazonaws.com"
        );
        let fips = env(&[("AWS_USE_FIPS_ENDPOINT", "true")]);
        assert_eq!(
            resolve(Service::Oidc, "us-east-1", &fips, &config, None),
            "https://oidc-fips.us-east-1.amazonaws.com"
        );
        assert_eq!(
            resolve(Service::Oidc, "us-gov-west-1", &fips, &config, None),
            "https://oidc.us-gov-west-1.amazonaws.com"
        );
        let dual = env(&[("AWS_USE_DUALSTACK_ENDPOINT", "true")]);
        assert_eq!(
            resolve(Service::Oidc, "eu-west-1", &dual, &config, None),
            "https://oidc.eu-west-1.api.aws"
        );
    }
}
