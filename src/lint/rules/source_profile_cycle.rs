//! R002 source-profile-cycle: `source_profile` chains that loop.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::model::KnownKey;

pub fn check(context: &Context, sink: &mut Sink) {
    let profiles = &context.botocore.profiles;
    let next = |name: &str| -> Option<&str> {
        let profile = profiles.get(name)?;
        let target = profile.str(KnownKey::SourceProfile)?;
        // A profile may name itself when it has static keys: they are the source.
        if target == name && profile.get(KnownKey::AwsAccessKeyId).is_some() {
            return None;
        }
        Some(target)
    };
    // Each profile is walked once: `state` marks profiles on the current path and those
    // already finished, so long chains stay linear.
    #[derive(Copy, Clone, PartialEq)]
    enum State {
        OnPath(usize),
        Done,
    }
    let mut state: rustc_hash::FxHashMap<&str, State> = rustc_hash::FxHashMap::default();
    let mut path: Vec<&str> = Vec::new();
    for (start, profile) in profiles {
        // A chain starts only at a profile with a `source_profile` (most have none: a
        // bit test, no hashing).
        if !profile.has(KnownKey::SourceProfile) {
            continue;
        }
        let mut current: Option<&str> = Some(start.as_ref());
        while let Some(name) = current {
            match state.get(name) {
                Some(State::Done) => break,
                Some(&State::OnPath(i)) => {
                    report_cycle(context, sink, &path[i..]);
                    break;
                }
                None => {
                    state.insert(name, State::OnPath(path.len()));
                    path.push(name);
                    current = next(name);
                }
            }
        }
        for name in path.drain(..) {
            state.insert(name, State::Done);
        }
    }
}

fn report_cycle(context: &Context, sink: &mut Sink, cycle: &[&str]) {
    let profiles = &context.botocore.profiles;
    let shown = cycle
        .iter()
        .chain(cycle.first())
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" → ");
    let Some(first) = profiles.get(cycle[0]) else {
        return;
    };
    let at = first
        .get(KnownKey::SourceProfile)
        .map_or(context.header(first), |p| p.value_location());
    let d = sink.report(
        at,
        format!(
            "source_profile loops: {shown}; no profile in the loop has credentials of its own, so the AWS CLI and SDKs fail (infinite loop detected)"
        ),
    );
    for other in &cycle[1..] {
        if let Some(p) = profiles
            .get(*other)
            .and_then(|p| p.get(KnownKey::SourceProfile))
        {
            d.label(p.value_location(), format!("`{other}` continues the loop"));
        }
    }
    d.help("end the chain at a profile with credentials of its own (SSO, static keys, or credential_source)");
}
