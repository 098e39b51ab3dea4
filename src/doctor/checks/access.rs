//! The access checks, with a usable token: `account-access` (the account is assigned),
//! `role-access` (the role is, in that account), `role-credentials` (GetRoleCredentials
//! answers) and `caller-identity` (STS says who the credentials are).

use crate::aws::{cache, oidc, sts};
use crate::doctor::chain::Sso;
use crate::doctor::check::{Check, CheckId, Fact, Status};
use crate::doctor::state::Doctor;

/// What the access checks need: the SSO settings with account and role, and the token.
fn access(d: &Doctor) -> Option<(Sso, String, String, String)> {
    let sso = d.sso.clone()?;
    let account = sso.account.clone()?;
    let role = sso.role.clone()?;
    let token = d.access_token.clone()?;
    Some((sso, account, role, token))
}

pub fn account_access(d: &mut Doctor) -> Check {
    let id = CheckId::AccountAccess;
    let Some((sso, account, _, token)) = access(d) else {
        return Check::skipped(id, "no usable token");
    };
    let portal = d.endpoints(&sso).portal;
    let key = sso.cache_key().to_string();
    let accounts = match d.shared.accounts.get(&key) {
        Some(a) => a.clone(),
        None => {
            let a = oidc::list_accounts(d.http, &portal, &token);
            d.shared.accounts.insert(key, a.clone());
            a
        }
    };
    match accounts {
        Err(e) => {
            d.stop("the portal refused the token");
            Check::new(id, Status::Fail, format!("ListAccounts failed: {e}"))
                .remedy(d.call_remedy(&e, &sso))
        }
        Ok(list) if list.iter().any(|a| a.id == account) => {
            let name = list
                .iter()
                .find(|a| a.id == account)
                .map(|a| a.name.clone())
                .unwrap_or_default();
            Check::new(
                id,
                Status::Pass,
                format!("account {account} ({name}) is assigned to you"),
            )
        }
        Ok(mut list) => {
            d.stop("the account is not visible");
            list.sort_by_key(|a| strsim::levenshtein(&a.id, &account));
            let shown: Vec<String> = list
                .iter()
                .map(|a| format!("{} ({})", a.id, a.name))
                .collect();
            Check::new(
                id,
                Status::Fail,
                format!(
                    "account {account} is not among the {} account(s) you can use",
                    list.len()
                ),
            )
            .detail(format!("your accounts, closest first: {}", shown.join(", ")))
            .fact(Fact::Accounts(list.iter().map(|a| a.id.clone()).collect()))
            .remedy(match list.first() {
                Some(a) if strsim::levenshtein(&a.id, &account) <= 3 => format!(
                    "set sso_account_id = {} in [profile {}] (a typo?)",
                    a.id, sso.profile
                ),
                _ => "ask your Identity Center administrator for an assignment in this account, or use one of the accounts listed".into(),
            })
        }
    }
}

pub fn role_access(d: &mut Doctor) -> Check {
    let id = CheckId::RoleAccess;
    let Some((sso, account, role, token)) = access(d) else {
        return Check::skipped(id, "no usable token");
    };
    let portal = d.endpoints(&sso).portal;
    match oidc::list_account_roles(d.http, &portal, &token, &account) {
        Err(e) => {
            d.stop("roles could not be listed");
            Check::new(id, Status::Fail, format!("ListAccountRoles failed: {e}"))
                .remedy(d.call_remedy(&e, &sso))
        }
        Ok(roles) if roles.contains(&role) => Check::new(
            id,
            Status::Pass,
            format!("role {role} is assigned to you in {account}"),
        ),
        Ok(roles) => {
            d.stop("the role is not assigned");
            let same_but_case = roles.iter().find(|r| r.eq_ignore_ascii_case(&role));
            let check = Check::new(
                id,
                Status::Fail,
                format!("role {role} is not assigned to you in {account}"),
            )
            .detail(format!("your roles there: {}", roles.join(", ")))
            .fact(Fact::Roles(roles.clone()));
            match same_but_case {
                Some(r) => check.remedy(format!(
                    "role names are case-sensitive: set sso_role_name = {r} in [profile {}]",
                    sso.profile
                )),
                None => check.remedy(
                    "use one of the roles listed, or ask your Identity Center administrator for this one",
                ),
            }
        }
    }
}

pub fn role_credentials(d: &mut Doctor) -> Check {
    let id = CheckId::RoleCredentials;
    let Some((sso, account, role, token)) = access(d) else {
        return Check::skipped(id, "no usable token");
    };
    let portal = d.endpoints(&sso).portal;
    match oidc::get_role_credentials(d.http, &portal, &token, &account, &role) {
        Ok((credentials, expires)) => {
            d.role_credentials = Some(credentials);
            Check::new(
                id,
                Status::Pass,
                "GetRoleCredentials returned temporary credentials",
            )
            .fact(Fact::CredentialsExpire(cache::timestamp(expires)))
        }
        Err(e) => {
            d.stop("no role credentials");
            Check::new(id, Status::Fail, format!("GetRoleCredentials failed: {e}"))
                .remedy(d.call_remedy(&e, &sso))
        }
    }
}

pub fn caller_identity(d: &mut Doctor) -> Check {
    let id = CheckId::CallerIdentity;
    let (Some((sso, account, role, _)), Some(credentials)) =
        (access(d), d.role_credentials.clone())
    else {
        return Check::skipped(id, "no role credentials");
    };
    let sts_endpoint = d.endpoints(&sso).sts;
    let now = d.env().now();
    match sts::get_caller_identity(d.http, &sts_endpoint, &sso.region, &credentials, now) {
        Err(e) => Check::new(id, Status::Fail, format!("GetCallerIdentity failed: {e}")).remedy(
            match e.code() {
                Some("SignatureDoesNotMatch") => {
                    "the local clock may be off (see clock-skew); synchronise it".to_string()
                }
                _ => d.call_remedy(&e, &sso),
            },
        ),
        Ok(identity) => {
            let matches = identity.account == account
                && identity.arn.contains(&format!("/AWSReservedSSO_{role}_"));
            let check = Check::new(
                id,
                if matches { Status::Pass } else { Status::Warn },
                format!("you are {}", identity.arn),
            )
            .fact(Fact::Arn(identity.arn.clone()))
            .fact(Fact::Account(identity.account.clone()));
            if matches {
                check
            } else {
                check.remedy("the identity does not match the profile's account and role: check sso_account_id and sso_role_name")
            }
        }
    }
}
