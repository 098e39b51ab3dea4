//! P014 readers-disagree: a setting or a section that two AWS tools read differently, with
//! each tool's reading side by side. The general case of the portability rules: a file in
//! which nothing can read differently ([`Context::may_diverge`]) costs one pass over its keys.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::model::readers::divergences;
use crate::model::readers::{Reader, Readers};
use crate::model::{Config, ProblemKind};

pub fn check(context: &Context, sink: &mut Sink) {
    if !context.may_diverge() {
        return;
    }
    // The three line readers are independent: for a large input, build them side by side
    // on the two cores (handing one to a worker costs more than a small file's reading).
    if context.is_large() {
        rayon_core::join(
            || {
                context.reading(Reader::Js);
                context.reading(Reader::Java);
            },
            || {
                context.reading(Reader::Go);
            },
        );
    }
    let configs: Vec<&Config> = Reader::TOOLS.iter().map(|&r| context.reading(r)).collect();
    // A tool that crashes on the files: say so where it does.
    for config in &configs {
        for problem in config.fatal.iter().filter(|p| p.kind == ProblemKind::Crash) {
            sink.report(problem.at, problem.message.clone())
                .help("remove the stray quote (or quote the whole value)")
                .affects(Readers::only(config.reader));
        }
    }
    // Tools that refuse the files are the refusal rules' business (P001–P003, P007).
    let loading: Vec<&Config> = configs.into_iter().filter(|c| c.fatal.is_empty()).collect();
    if loading.len() < 2 {
        return;
    }
    for d in divergences(&loading) {
        let readings = d.describe();
        let message = match &d.key {
            Some(key) => format!(
                "the AWS tools read `{key}` in {} `{}` differently: {readings}",
                d.kind, d.section
            ),
            None => format!(
                "the AWS tools disagree on whether {} `{}` exists: {readings}",
                d.kind, d.section
            ),
        };
        // The finding concerns the tools that read something other than the first one
        // compared (botocore, when it loads the files).
        let baseline = &d.readings[0].1;
        let affected = Readers::of(
            d.readings
                .iter()
                .filter(|(_, v)| v != baseline)
                .map(|(r, _)| *r),
        );
        sink.report(d.at, message)
            .help("write the line the way every tool reads alike (see `ssolint resolve --reader NAME`)")
            .affects(affected);
    }
}
