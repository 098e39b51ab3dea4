//! What every rule sees: both files parsed and resolved in both dialects, the sections
//! classified as botocore reads them, every tool's reading, the key uses and the key
//! catalogue.

use std::sync::OnceLock;

use crate::lint::files::{FileView, Input, PARALLEL_ABOVE};
use crate::lint::key_uses::KeyUse;
use crate::lint::keys::{self, KeyCatalog};
use crate::lint::settings::Settings;
use crate::model::readers::{self, Reader};
use crate::model::{self, Block, Config, FileKind, Location, SourceFile};
use crate::syntax::{self, Document, Entry, Span};

/// Everything a rule may look at.
pub struct Context<'t> {
    pub config: Option<FileView<'t>>,
    pub credentials: Option<FileView<'t>>,
    /// What the AWS CLI and boto3 load. (Rules read the SDKs' view from each file's
    /// `sdk` tree; nothing needs the SDKs' merged profiles yet.)
    pub botocore: Config<'t>,
    pub keys: &'static KeyCatalog,
    pub settings: &'t Settings,
    key_uses: OnceLock<Vec<KeyUse<'t>>>,
    /// The other tools' readings (Rust, JS, Go, Java), built on first use.
    readings: [OnceLock<Config<'t>>; 4],
    may_diverge: OnceLock<bool>,
}

impl<'t> Context<'t> {
    pub fn new(input: &Input<'t>, settings: &'t Settings) -> Self {
        // botocore's trees come first: reading each line, they also find whether both
        // readers' line grammars read it alike (`Document::uniform_lines`). A large input
        // then uses both cores (`rayon_core::join`): botocore's resolution in one half; in
        // the other, the SDK reader's trees of the files that need their own
        // (`FileView::sdk`: a file of uniform lines has botocore's, copied if a rule asks),
        // then the key uses and whether the tools may read anything differently.
        let parallel = input.is_large();
        let tree = |text: Option<&'t str>| text.map(syntax::parse_judging_lines);
        let view = |kind, text: Option<&'t str>, mode, doc: Option<Document>| {
            Some(FileView::new(kind, text?, mode, doc?))
        };
        let config = view(
            FileKind::Config,
            input.config,
            input.config_mode,
            tree(input.config),
        );
        let credentials = view(
            FileKind::Credentials,
            input.credentials,
            input.credentials_mode,
            tree(input.credentials),
        );
        let resolve = || {
            model::resolve(
                config.as_ref().map(FileView::source),
                credentials.as_ref().map(FileView::source),
            )
        };
        let key_uses = OnceLock::new();
        let may_diverge = OnceLock::new();
        let botocore = if parallel {
            let (botocore, (uses, diverge)) = rayon_core::join(resolve, || {
                let files: Vec<&FileView<'t>> = config.iter().chain(credentials.iter()).collect();
                // Parsed here, beside the resolution, for the files that need it.
                for file in &files {
                    let _ = file.parsed_sdk();
                }
                // The catalogue is read here, off the resolution's path (~1 ms).
                let uses = crate::lint::key_uses::collect(&files, settings, keys::catalog());
                // The resolution takes longer than the key uses: the divergence test (which
                // two rules of different halves would otherwise wait for) fits beside it.
                let diverge = readers::may_diverge_files(
                    config.as_ref().map(FileView::source),
                    credentials.as_ref().map(FileView::source),
                );
                (uses, diverge)
            });
            let _ = key_uses.set(uses);
            let _ = may_diverge.set(diverge);
            botocore
        } else {
            // Small inputs compute the key uses and the divergence test on first use (most
            // rules never ask).
            resolve()
        };
        let keys = keys::catalog();
        Context {
            botocore,
            config,
            credentials,
            keys,
            settings,
            key_uses,
            readings: Default::default(),
            may_diverge,
        }
    }

    /// What `reader` makes of the input (botocore's is built up front; the others on
    /// first use: the spec's and Rust's from the SDK trees, JS, Go and Java by their own
    /// line readers).
    pub fn reading(&self, reader: Reader) -> &Config<'t> {
        let slot = match reader {
            Reader::Botocore => return &self.botocore,
            Reader::Rust | Reader::Spec => 0,
            Reader::Js => 1,
            Reader::Go => 2,
            Reader::Java => 3,
        };
        self.readings[slot].get_or_init(|| {
            let text = |f: &Option<FileView<'t>>| f.as_ref().map(|f| f.text);
            match reader {
                Reader::Rust | Reader::Spec => {
                    let mut config = model::resolve(
                        self.config.as_ref().map(|f| SourceFile {
                            kind: FileKind::Config,
                            text: f.text,
                            doc: f.sdk(),
                        }),
                        self.credentials.as_ref().map(|f| SourceFile {
                            kind: FileKind::Credentials,
                            text: f.text,
                            doc: f.sdk(),
                        }),
                    );
                    config.reader = Reader::Rust;
                    config
                }
                other => readers::load(other, text(&self.config), text(&self.credentials)),
            }
        })
    }

    /// [`Input::is_large`] for the input this context was built from.
    pub fn is_large(&self) -> bool {
        self.files().map(|f| f.text.len()).sum::<usize>() >= PARALLEL_ABOVE
    }

    /// Whether any line or section of the input is one the tools can read differently
    /// ([`readers::may_diverge_files`]); when not, every tool reads what botocore reads.
    pub fn may_diverge(&self) -> bool {
        *self.may_diverge.get_or_init(|| {
            readers::may_diverge_files(
                self.config.as_ref().map(FileView::source),
                self.credentials.as_ref().map(FileView::source),
            )
        })
    }

    /// Every key in the files with the catalogue's verdict (computed once, for K001–K005).
    pub fn key_uses(&self) -> &[KeyUse<'t>] {
        self.key_uses.get_or_init(|| {
            let files: Vec<&FileView<'t>> = self.files().collect();
            crate::lint::key_uses::collect(&files, self.settings, self.keys)
        })
    }

    /// A key use's key lower-cased, as botocore reads it.
    pub fn key_name(&self, key_use: &KeyUse<'t>) -> model::Text<'t> {
        key_use.name(self.file(key_use.key().file).map_or("", |f| f.text))
    }

    /// Where a key use's intended value is.
    pub fn intended_at(&self, key_use: &KeyUse<'t>) -> Location {
        key_use.intended_at(self.file(key_use.key().file).map_or("", |f| f.text))
    }

    pub fn files(&self) -> impl Iterator<Item = &FileView<'t>> {
        self.config.iter().chain(self.credentials.iter())
    }

    pub fn file(&self, kind: FileKind) -> Option<&FileView<'t>> {
        match kind {
            FileKind::Config => self.config.as_ref(),
            FileKind::Credentials => self.credentials.as_ref(),
        }
    }

    /// The text a location points at.
    pub fn text_at(&self, at: Location) -> &'t str {
        self.file(at.file).map_or("", |f| at.span.of(f.text))
    }

    /// The header a block is known by: the one botocore applied last in the config file,
    /// else the first in the credentials file.
    pub fn header(&self, block: &Block) -> Location {
        block
            .headers
            .iter()
            .rev()
            .find(|h| h.file == FileKind::Config)
            .or(block.headers.first())
            .copied()
            .unwrap_or(Location {
                file: FileKind::Config,
                span: Span::new(0, 0),
            })
    }

    /// The botocore entry a property was read from (not for `[DEFAULT]`-inherited ones).
    pub fn entry_of(&self, property: &model::Property) -> Option<(&FileView<'t>, &Entry)> {
        let file = self.file(property.key.file)?;
        Some((file, file.entry_at(property.key.span)?))
    }
}
