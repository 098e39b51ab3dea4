//! STS GetCallerIdentity (query protocol, XML), signed with SigV4.

use crate::aws::http::{CallError, Http};
use crate::aws::sigv4::{self, Credentials};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub arn: String,
    pub account: String,
    pub user_id: String,
}

/// The text of `<tag>…</tag>` in an AWS XML answer (their shape is fixed and flat).
fn element(xml: &str, tag: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(
        xml[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

pub fn get_caller_identity(
    http: &Http,
    endpoint: &str,
    region: &str,
    credentials: &Credentials,
    now: u64,
) -> Result<Identity, CallError> {
    let url = url::Url::parse(endpoint).map_err(|e| CallError::Transport(e.to_string()))?;
    let body = "Action=GetCallerIdentity&Version=2011-06-15";
    let headers = sigv4::sign_form_post(&url, body, credentials, region, "sts", now);
    let response = http.raw(
        reqwest::Method::POST,
        url.as_str(),
        &headers,
        Some(body.to_string()),
    )?;
    if response.status != 200 {
        return Err(CallError::Service {
            status: response.status,
            code: element(&response.body, "Code").unwrap_or_else(|| response.status.to_string()),
            message: element(&response.body, "Message").unwrap_or_default(),
        });
    }
    Ok(Identity {
        arn: element(&response.body, "Arn").unwrap_or_default(),
        account: element(&response.body, "Account").unwrap_or_default(),
        user_id: element(&response.body, "UserId").unwrap_or_default(),
    })
}
