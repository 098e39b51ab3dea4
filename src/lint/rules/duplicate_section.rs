//! P004 duplicate-section: the same header twice in one file.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::model::ProblemKind;

pub fn check(context: &Context, sink: &mut Sink) {
    for problem in &context.botocore.fatal {
        if problem.kind != ProblemKind::DuplicateSection {
            continue;
        }
        let name = context.text_at(problem.at);
        let d = sink.report(
            problem.at,
            format!(
                "[{name}] appears twice in this file: the AWS CLI and boto3 refuse the whole file (\"Unable to parse config file\", with no line number); the AWS SDKs merge the two sections key by key"
            ),
        );
        for &first in &problem.related {
            d.label(first, "first defined here");
        }
        d.help("merge the two sections into one, or rename one of them");
    }
}
