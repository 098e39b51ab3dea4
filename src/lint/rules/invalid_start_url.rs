//! S008 invalid-start-url: a start URL that is not an https URL of an access portal, or
//! that carries a `#` fragment or other variants that split the token cache.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::registry::{Applicability, Severity};
use crate::lint::rules::helpers::intended_value;
use crate::model::{Block, KnownKey, Property};

use crate::model::values::AWS_HOST_SUFFIXES;

pub fn check(context: &Context, sink: &mut Sink) {
    let blocks = context
        .botocore
        .profiles
        .values()
        .chain(context.botocore.sso_sessions.values());
    // Most profiles share a handful of start URLs: check each distinct good one once.
    let mut good: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for block in blocks {
        if let Some(p) = own_url(block) {
            if good.contains(p.text.as_ref()) {
                continue;
            }
            let before = sink.len();
            check_url(p, sink);
            if sink.len() == before {
                good.insert(p.text.as_ref());
            }
        }
    }
}

fn own_url<'b, 'a>(block: &'b Block<'a>) -> Option<&'b Property<'a>> {
    block
        .get(KnownKey::SsoStartUrl)
        .filter(|p| !p.inherited && p.nested.is_none())
}

fn check_url(p: &Property, sink: &mut Sink) {
    let written = intended_value(&p.text);
    if written.is_empty() {
        return; // K005.
    }
    let at = p.value_location();
    let url = match url::Url::parse(written) {
        Ok(url) => url,
        Err(e) => {
            sink.report(at, format!("`{written}` is not a URL ({e}): sign-in fails"))
                .help("the start URL is the AWS access portal URL, e.g. https://my-org.awsapps.com/start");
            return;
        }
    };
    if url.scheme() != "https" {
        sink.report(
            at,
            format!(
                "the start URL uses `{}:`, not `https:`: the AWS CLI (2.35.13 and later) refuses to sign in with it",
                url.scheme()
            ),
        )
        .help("use the https:// URL of your AWS access portal");
        return;
    }
    let host = url.host_str().unwrap_or("");
    // The fragment as written: `Url::fragment` is percent-encoded (`#ééé` is `%C3%A9…`), so
    // its length says nothing about the text.
    if let Some(hash) = url.fragment().and(written.find('#')) {
        let (clean, fragment) = (&written[..hash], &written[hash + 1..]);
        let d = sink.report(
            at,
            format!(
                "the start URL ends in `#{fragment}`: tools disagree about it (some strip `#` as a comment), and legacy profiles cache their token under the exact string, so `{clean}` and `{written}` need separate logins"
            ),
        );
        d.severity(Severity::Warning);
        // The value's place in the file is known only for a one-line value.
        if let Some(offset) = p.text.find(written).filter(|_| !p.text.contains('\n')) {
            d.fix(
                Applicability::Unsafe,
                format!("Remove `#{fragment}`"),
                vec![Edit {
                    file: p.key.file,
                    span: crate::syntax::Span::new(
                        p.value.start() + offset + hash,
                        p.value.start() + offset + written.len(),
                    ),
                    replacement: String::new(),
                }],
            );
        }
        return;
    }
    let aws_owned =
        AWS_HOST_SUFFIXES.iter().any(|s| host.ends_with(s)) || host.starts_with("identitycenter.");
    if host.ends_with(".awsapps.com") || host.ends_with(".awsapps.cn") {
        let path = url.path();
        let ok = path == "/start" || path == "/start/" || path.starts_with("/directory/");
        if !ok {
            sink.report(
                at,
                format!(
                    "`{written}` is an access-portal host with the path `{path}`: the portal's start URL ends in `/start`"
                ),
            )
            .severity(Severity::Warning)
            .help(format!("use https://{host}/start"));
        }
    } else if !aws_owned {
        sink.report(
            at,
            format!(
                "`{host}` is not an IAM Identity Center host: only the AWS CLI (2.35.13 and later) follows a vanity URL's redirect, the AWS SDKs and other tools do not"
            ),
        )
        .severity(Severity::Warning)
        .help("use the portal URL your vanity URL redirects to (…awsapps.com/start or …app.aws)");
    }
}
