//! C004 permissive-file-mode: a file with secrets that other users can read.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::entries;
use crate::model::{FileKind, is_secret_key_as_written};

pub fn check(context: &Context, sink: &mut Sink) {
    for file in context.files() {
        let Some(mode) = file.mode else {
            continue;
        };
        if mode & 0o077 == 0 {
            continue;
        }
        let secret = entries(file)
            .find(|(_, _, e)| is_secret_key_as_written(e.key.of(file.text)) && !e.value.is_empty());
        let Some((_, _, entry)) = secret else {
            continue;
        };
        let who = if mode & 0o007 != 0 {
            "every user of this machine"
        } else {
            "the file's group"
        };
        let name = match file.kind {
            FileKind::Config => "config",
            FileKind::Credentials => "credentials",
        };
        sink.report(
            file.at(entry.key),
            format!(
                "the {name} file holds secrets but its mode is {mode:03o}: {who} can read them"
            ),
        )
        .help(format!("restrict it to yourself: chmod 600 ~/.aws/{name}"));
    }
}
