//! Talking to AWS (and to anything that speaks its protocols, such as `ssolint emulate`):
//! the SSO caches the AWS CLI shares with the SDKs, endpoint resolution, and the SSO OIDC and
//! portal calls. An edge layer: it reads files and the network.

pub mod cache;
pub mod endpoints;
pub mod http;
pub mod oidc;
pub mod sigv4;
pub mod sts;
