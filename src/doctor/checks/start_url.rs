//! `start-url`: the region is a region, and the start URL an https IAM Identity Center
//! portal URL every tool can use.

use crate::aws::endpoints;
use crate::doctor::check::{Check, CheckId, Fact, Status};
use crate::doctor::state::Doctor;

pub fn start_url(d: &mut Doctor) -> Check {
    let id = CheckId::StartUrl;
    let Some(sso) = d.sso.clone() else {
        return Check::skipped(id, "not an IAM Identity Center profile");
    };
    let url = &sso.start_url;
    if let Err(e) = endpoints::check_region(&sso.region) {
        d.stop("sso_region is not a region name");
        return Check::new(id, Status::Fail, format!("sso_region {e}")).remedy(
            "set sso_region to the region of your IAM Identity Center instance, e.g. us-east-1",
        );
    }
    let Ok(parsed) = url::Url::parse(url) else {
        d.stop("the start URL is not a URL");
        return Check::new(id, Status::Fail, format!("`{url}` is not a URL")).remedy(
            "set sso_start_url to your AWS access portal URL, e.g. https://my-org.awsapps.com/start",
        );
    };
    if parsed.scheme() != "https" {
        d.stop("the start URL is not https");
        return Check::new(
            id,
            Status::Fail,
            "the start URL is not https: the AWS CLI refuses it",
        )
        .remedy(format!(
            "use https://{}{}",
            parsed.host_str().unwrap_or(""),
            parsed.path()
        ));
    }
    let host = parsed.host_str().unwrap_or("");
    let aws_owned = crate::model::values::is_identity_center_host(host);
    let mut check = Check::new(
        id,
        Status::Pass,
        format!(
            "{url} ({})",
            if aws_owned {
                "an IAM Identity Center host"
            } else {
                "a vanity URL"
            }
        ),
    )
    .fact(Fact::AwsOwned(aws_owned));
    if parsed.fragment().is_some() || (sso.session.is_none() && parsed.path().ends_with('/')) {
        check.status = Status::Warn;
        check.summary = format!(
            "{url}: the `#` or trailing `/` makes a separate token cache entry for legacy profiles"
        );
        check.remedy = Some(
            "remove the trailing `#`/`/`, or migrate to an [sso-session] (`ssolint migrate`)"
                .into(),
        );
    } else if !aws_owned {
        check.status = Status::Warn;
        check.summary = format!(
            "{host} is a vanity URL: only the AWS CLI (2.35.13+) follows its redirect; the SDKs do not"
        );
        check.remedy = Some("use the portal URL it redirects to (…awsapps.com/start)".into());
    }
    check
}
