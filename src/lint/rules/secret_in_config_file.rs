//! C001 secret-in-config-file: a secret access key or session token in the config file.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::entries;
use crate::model::is_secret_key_as_written;

pub fn check(context: &Context, sink: &mut Sink) {
    let Some(file) = &context.config else {
        return;
    };
    for (_, kind, entry) in entries(file) {
        if !is_secret_key_as_written(entry.key.of(file.text))
            || !kind.is_profile()
            || entry.value.is_empty()
        {
            continue;
        }
        let key = entry.key.of(file.text).to_lowercase();
        // The value is never shown: the span points at the key.
        sink.report(
            file.at(entry.key),
            format!(
                "`{key}` is a secret, and the config file is the one people share, paste into tickets and commit to dotfiles repositories; the AWS tools read secrets from the credentials file"
            ),
        )
        .help("move the static keys of this profile to ~/.aws/credentials (mode 600) — better, replace them with IAM Identity Center");
    }
}
