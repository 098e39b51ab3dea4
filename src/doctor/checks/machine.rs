//! The machine's own checks, which run whatever failed before them: `env-overrides`
//! (variables that replace the profile) and `aws-cli` (the installed AWS CLI can use it).

use crate::doctor::check::{Check, CheckId, Fact, Status};
use crate::doctor::state::Doctor;

pub fn env_overrides(d: &mut Doctor) -> Check {
    let set = |k: &str| d.var(k).filter(|v| !v.is_empty());
    let mut check = Check::new(
        CheckId::EnvOverrides,
        Status::Pass,
        "no environment variable overrides the profile",
    );
    let keys: Vec<&str> = [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ]
    .into_iter()
    .filter(|k| set(k).is_some())
    .collect();
    if !keys.is_empty() {
        check.status = Status::Warn;
        check.summary = format!(
            "{} set: every AWS tool uses these credentials instead of the profile",
            keys.join(", ")
        );
        check.remedy = Some(format!("unset {}", keys.join(" ")));
    }
    if let (Some(a), Some(b)) = (set("AWS_PROFILE"), set("AWS_DEFAULT_PROFILE"))
        && a != b
    {
        check.status = Status::Warn;
        check.detail.push(format!(
            "AWS_PROFILE={a} but AWS_DEFAULT_PROFILE={b}: the AWS CLI uses `{a}`, boto3 uses `{b}`"
        ));
        check
            .remedy
            .get_or_insert_with(|| "unset AWS_DEFAULT_PROFILE (or make both the same)".into());
    }
    if let Some(path) = set("AWS_CONFIG_FILE") {
        check.detail.push(format!("AWS_CONFIG_FILE={path}"));
    }
    check
}

pub fn aws_cli(d: &mut Doctor) -> Check {
    let id = CheckId::AwsCli;
    let Some(cli) = d.aws_cli() else {
        return Check::new(
            id,
            Status::Skip,
            "the AWS CLI is not installed (not needed by ssolint)",
        );
    };
    let (text, major, minor) = (&cli.version, cli.major, cli.minor);
    let sso = d.sso.as_ref();
    let mut check = Check::new(id, Status::Pass, format!("AWS CLI {text}"))
        .fact(Fact::AwsCliVersion(text.clone()));
    let uses_session = sso.is_some_and(|s| s.session.is_some());
    if major < 2 && sso.is_some() {
        // v1 has no IAM Identity Center support at all, and picks the profile by
        // AWS_DEFAULT_PROFILE before AWS_PROFILE.
        check.status = Status::Warn;
        check.summary = format!(
            "AWS CLI {text} is version 1: it has no `aws sso login` and cannot use IAM Identity Center profiles"
        );
        if let (Some(a), Some(b)) = (d.var("AWS_PROFILE"), d.var("AWS_DEFAULT_PROFILE"))
            && !a.is_empty()
            && !b.is_empty()
            && a != b
        {
            check.detail.push(format!(
                "AWS CLI v1 chooses AWS_DEFAULT_PROFILE (`{b}`) before AWS_PROFILE (`{a}`)"
            ));
        }
        check.remedy = Some(format!(
            "install AWS CLI v2; meanwhile `ssolint login` signs in, and `credential_process = ssolint export-credentials --profile {}` gives v1 the role's credentials",
            sso.map_or("PROFILE", |s| s.profile.as_str())
        ));
    } else if uses_session && (major < 2 || (major == 2 && minor < 9)) {
        check.status = Status::Warn;
        check.summary = format!("AWS CLI {text} predates sso-session support (2.9)");
        check.remedy = Some("upgrade the AWS CLI to version 2.9 or later".into());
    } else if major == 2 && minor < 22 {
        check
            .detail
            .push("PKCE sign-in became the default in AWS CLI 2.22".into());
    }
    check
}
