//! What the line readers (JS, Go, Java) build their [`Config`] with.

use crate::model::{Block, Config, Location, Map, Property, Text};
use crate::syntax::Dialect;

/// Collects sections and properties for the line readers.
pub(crate) struct Collector<'t> {
    pub out: Config<'t>,
}

/// Which map of [`Config`] a section lands in.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Profile,
    SsoSession,
    Services,
}

impl<'t> Collector<'t> {
    pub fn new() -> Self {
        Collector {
            out: Config::new(Dialect::Sdk),
        }
    }

    pub fn map(&mut self, target: Target) -> &mut Map<Text<'t>, Block<'t>> {
        match target {
            Target::Profile => &mut self.out.profiles,
            Target::SsoSession => &mut self.out.sso_sessions,
            Target::Services => &mut self.out.services,
        }
    }

    /// The section `name` in `target`, created (with `header`) when new.
    pub fn section(&mut self, target: Target, name: Text<'t>, header: Location) -> &mut Block<'t> {
        let block = self.map(target).entry(name).or_default();
        block.headers.push(header);
        block
    }
}

/// A plain property.
pub(crate) fn property<'t>(
    text: Text<'t>,
    key: Location,
    value: crate::syntax::Span,
) -> Property<'t> {
    Property {
        text,
        nested: None,
        key,
        value,
        inherited: false,
    }
}
