//! Runs the real AWS SDK for Rust profile-file parser (`aws-runtime`'s `env_config`, which
//! `aws-config` uses) on ssolint's test corpus, one process for the whole corpus.
//!
//! Input: JSON lines `{config, credentials, keys, sessions, services}` (file contents base64,
//! `null` when absent; `keys`: the property names to ask for, since the SDK can look a
//! property up but not list a section's properties). Output: JSON lines
//! `{refused, profiles, "sso-sessions", services}`.

use std::future::Future;
use std::io::{BufRead, Write};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use aws_runtime::env_config::property::PropertiesKey;
use aws_runtime::env_config::section::EnvConfigSections;
use aws_types::os_shim_internal::{Env, Fs};
use base64::Engine;
use serde_json::{Map, Value, json};

/// The loader is async but, with in-memory contents, never waits.
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the in-memory profile loader waited"),
    }
}

fn contents(value: &Value) -> Option<String> {
    let encoded = value.as_str()?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .expect("base64 input");
    // What the SDK does with a file that is not UTF-8: an empty file (see `source.rs`).
    Some(String::from_utf8(bytes).unwrap_or_default())
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn read(doc: &Value) -> Value {
    let keys = strings(&doc["keys"]);
    let mut files = EnvConfigFiles::builder()
        .include_default_config_file(false)
        .include_default_credentials_file(false);
    if let Some(text) = contents(&doc["config"]) {
        files = files.with_contents(EnvConfigFileKind::Config, text);
    }
    if let Some(text) = contents(&doc["credentials"]) {
        files = files.with_contents(EnvConfigFileKind::Credentials, text);
    }
    let files = files.build();
    let env = Env::from_slice(&[]);
    let fs = Fs::from_slice(&[]);
    let source = ready(aws_runtime::env_config::source::load(&env, &fs, &files))
        .expect("in-memory files load");
    let sections = match EnvConfigSections::parse(source) {
        Ok(sections) => sections,
        Err(error) => {
            return json!({"refused": true, "error": error.to_string(), "profiles": {},
                          "sso-sessions": {}, "services": {}});
        }
    };
    let mut profiles = Map::new();
    let mut names: Vec<&str> = sections.profiles().collect();
    names.sort_unstable();
    for name in names {
        let profile = sections.get_profile(name).expect("listed profile");
        let mut settings = Map::new();
        for key in &keys {
            if let Some(value) = profile.get(key) {
                settings.insert(key.clone(), Value::from(value));
            }
        }
        profiles.insert(name.to_string(), Value::Object(settings));
    }
    let mut sessions = Map::new();
    let mut names: Vec<&str> = sections.sso_sessions().collect();
    names.sort_unstable();
    for name in names {
        let session = sections.sso_session(name).expect("listed session");
        let mut settings = Map::new();
        for key in &keys {
            if let Some(value) = session.get(key) {
                settings.insert(key.clone(), Value::from(value));
            }
        }
        sessions.insert(name.to_string(), Value::Object(settings));
    }
    // `[services NAME]` sections: sub-properties are looked up one by one.
    let mut services = Map::new();
    for name in strings(&doc["services"]) {
        let mut settings = Map::new();
        for service in &keys {
            for sub in &keys {
                let Ok(key) = PropertiesKey::builder()
                    .section_key("services")
                    .section_name(&name)
                    .property_name(service)
                    .sub_property_name(sub)
                    .build()
                else {
                    continue;
                };
                if let Some(value) = sections.other_sections().get(&key) {
                    settings.insert(format!("{service}.{sub}"), Value::from(value.to_string()));
                }
            }
        }
        if !settings.is_empty() {
            services.insert(name, Value::Object(settings));
        }
    }
    json!({"refused": false, "profiles": profiles, "sso-sessions": sessions, "services": services})
}

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        if line.trim().is_empty() {
            continue;
        }
        let doc: Value = serde_json::from_str(&line).expect("a JSON document");
        serde_json::to_writer(&mut out, &read(&doc)).expect("stdout");
        out.write_all(b"\n").expect("stdout");
    }
}
