//! One file per check or small family of checks. Each check is a function from the
//! diagnosis in progress (`state::Doctor`) to its result; it records what later checks
//! need (the SSO settings, the token, the credentials) and stops the chain on a failure
//! that makes the rest meaningless. `doctor::run_check` maps each `CheckId` to its
//! function.

pub mod access;
pub mod files;
pub mod machine;
pub mod network;
pub mod start_url;
pub mod token;
