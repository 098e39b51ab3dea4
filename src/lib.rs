//! ssolint: lint, migrate and diagnose AWS IAM Identity Center (SSO) configuration.
//!
//! Layers, each knowing only the ones above it in this list:
//! [`syntax`] → [`model`] → (rules, fixes, outputs). The command line lives in [`cli`].

#![forbid(unsafe_code)]

pub mod aws;
pub mod cli;
pub mod doctor;
pub mod emulator;
pub mod files;
pub mod fix;
pub mod lint;
pub mod login;
pub mod lsp;
pub mod model;
pub mod render;
pub mod syntax;
pub mod workers;
pub mod workspace;
