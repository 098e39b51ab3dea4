//! The first network checks: `endpoint-reachable` (the OIDC and portal endpoints answer)
//! and `clock-skew` (the local clock against the server's `Date`).

use std::time::Instant;

use crate::doctor::check::{Check, CheckId, Fact, Status};
use crate::doctor::state::Doctor;

pub fn endpoint_reachable(d: &mut Doctor) -> Check {
    let id = CheckId::EndpointReachable;
    let Some(sso) = d.sso.clone() else {
        return Check::skipped(id, "not an IAM Identity Center profile");
    };
    let endpoints = d.endpoints(&sso);
    let mut check = Check::new(id, Status::Pass, "the OIDC and portal endpoints answer");
    for (name, url) in [("OIDC", &endpoints.oidc), ("portal", &endpoints.portal)] {
        let started = Instant::now();
        let probe = d.http.raw(reqwest::Method::GET, url, &[], None);
        let ms = started.elapsed().as_millis();
        match probe {
            Ok(r) => {
                check
                    .detail
                    .push(format!("{name} {url}: HTTP {} in {ms} ms", r.status));
                if d.server_date.is_none() {
                    d.server_date = r.date.map(|date| (date, d.env().now()));
                }
            }
            Err(e) => {
                check.status = Status::Fail;
                check.summary = format!("the {name} endpoint does not answer");
                check
                    .detail
                    .push(format!("{name} {url}: {e} after {ms} ms"));
                check.remedy = Some(
                    "check the network; behind a proxy set HTTPS_PROXY; with TLS inspection set AWS_CA_BUNDLE to your CA bundle; an endpoint override (AWS_ENDPOINT_URL_*, endpoint_url) may point nowhere".into(),
                );
            }
        }
    }
    if check.status == Status::Fail {
        d.stop("the endpoints do not answer");
    }
    check
}

pub fn clock_skew(d: &mut Doctor) -> Check {
    clock_check(d.server_date.as_ref())
}

/// The clock check on a server's `Date` header and the local time it arrived at.
pub fn clock_check(date: Option<&(String, u64)>) -> Check {
    let id = CheckId::ClockSkew;
    let Some((header, local)) = date else {
        return Check::skipped(id, "no Date header to compare with");
    };
    let format = time::format_description::well_known::Rfc2822;
    let server = time::OffsetDateTime::parse(&header.replace(" GMT", " +0000"), &format)
        .ok()
        .and_then(|t| u64::try_from(t.unix_timestamp()).ok());
    let Some(server) = server else {
        return Check::skipped(id, &format!("unreadable Date header `{header}`"));
    };
    let skew = *local as i64 - server as i64;
    let check = Check::new(
        id,
        Status::Pass,
        format!("the local clock is {skew:+} s from the server's"),
    )
    .fact(Fact::SkewSeconds(skew));
    match skew.unsigned_abs() {
        s if s > 300 => Check {
            status: Status::Fail,
            summary: format!("the local clock is {skew:+} s off: signed requests fail beyond 15 minutes and token expiry is misjudged"),
            ..check
        }
        .remedy("synchronise the clock (e.g. `sudo timedatectl set-ntp true`, or the OS's time settings)"),
        s if s > 60 => Check {
            status: Status::Warn,
            summary: format!("the local clock is {skew:+} s off"),
            ..check
        }
        .remedy("synchronise the clock with NTP"),
        _ => check,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skew_decides_pass_warn_and_fail() {
        let date = "Sun, 06 Nov 1994 08:49:37 GMT".to_string();
        let server = 784_111_777;
        let at = |local: u64| clock_check(Some(&(date.clone(), local)));
        assert_eq!(at(server + 5).status, Status::Pass);
        assert_eq!(at(server + 5).facts, [Fact::SkewSeconds(5)]);
        assert_eq!(at(server - 120).status, Status::Warn);
        assert_eq!(at(server + 1000).status, Status::Fail);
        assert!(at(server + 1000).remedy.is_some());
        assert_eq!(clock_check(None).status, Status::Skip);
        let garbled = clock_check(Some(&("yesterday".into(), server)));
        assert_eq!(garbled.status, Status::Skip);
        assert!(garbled.summary.contains("unreadable Date header"));
    }
}
