//! Each tool's lookup of the sso-session a profile names.

use crate::model::tools::Reader;
use crate::model::{Block, Config};

/// The sso-session section `name` (a profile's `sso_session` value) as `reader` looks it up,
/// or `None` when that reader finds none.
pub fn session<'c, 't>(
    reader: Reader,
    config: &'c Config<'t>,
    name: &str,
) -> Option<&'c Block<'t>> {
    match reader {
        // Go looks up the section `sso-session ` + the trimmed value, literally.
        Reader::Go => config.sso_sessions.get(name.trim()),
        _ => config.sso_sessions.get(name),
    }
}
