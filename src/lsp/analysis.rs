//! What the language server knows about one document, as pure functions of its text: the
//! names it defines and references, hover text, completion candidates. No LSP types here:
//! `lsp/mod.rs` converts.

use std::sync::{Arc, OnceLock};

use crate::lint::keys::{self, KeySpec};
use crate::model::sections::SectionKind;
use crate::model::{FileKind, KnownKey};
use crate::syntax::{self, Dialect, Document, Span};

/// What a name is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum NameKind {
    Profile,
    SsoSession,
    Services,
}

/// A name written in the document: a section header's name, or a reference value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub kind: NameKind,
    pub name: String,
    pub span: Span,
    pub definition: bool,
}

/// What a completion candidate is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CandidateKind {
    Section,
    Key,
    Value,
    Name,
}

/// One thing that may be typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub label: String,
    pub detail: String,
    pub documentation: Option<String>,
    pub kind: CandidateKind,
}

impl Candidate {
    fn new(label: &str, detail: &str, kind: CandidateKind) -> Candidate {
        Candidate {
            label: label.to_string(),
            detail: detail.to_string(),
            documentation: None,
            kind,
        }
    }
}

/// The candidates at a position, and the typed text a choice replaces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completions {
    pub replace: Span,
    pub items: Vec<Candidate>,
}

/// What a highlighted part of the text is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Section,
    Key,
    Value,
    Comment,
}

/// A highlighted part of the text (never across a line break).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// A secret's value (`aws_secret_access_key`, `aws_session_token`, …).
    pub secret: bool,
}

/// A section, for the outline.
#[derive(Clone, Debug)]
pub struct Symbol<'a> {
    pub title: String,
    pub kind: NameKind,
    /// The whole section (header to the last line before the next header).
    pub span: Span,
    pub name_span: Span,
    /// The section's `key = value` lines (borrowed: a large file's outline lists only
    /// the sections, and its 60 000 keys would be copied for nothing).
    pub keys: &'a [syntax::Entry],
}

/// What one text parses to, for every request about that text: the server keeps it with
/// the document's version, so that a hover on a 10 000-profile file does not parse 2 MB
/// again (nor scan it again for lines the tools read differently).
#[derive(Clone)]
pub struct Parsed {
    tree: Arc<Document>,
    may_diverge: Arc<OnceLock<bool>>,
}

impl Parsed {
    pub fn new(text: &str) -> Parsed {
        Parsed::of(Arc::new(syntax::parse_judging_lines(text)))
    }

    /// What the text parsed to, from its tree as the lint read it
    /// ([`syntax::parse_judging_lines`], the same reading as [`Parsed::new`]'s).
    pub fn of(tree: Arc<Document>) -> Parsed {
        Parsed {
            tree,
            may_diverge: Arc::default(),
        }
    }
}

#[cfg(test)]
impl Parsed {
    /// The whole tree, to compare two readings.
    pub(crate) fn tree_debug(&self) -> String {
        format!("{:?}", self.tree)
    }
}

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Parsed({} lines)", self.tree.lines.len())
    }
}

pub struct Analysis<'t> {
    pub text: &'t str,
    pub file: FileKind,
    pub doc: Arc<Document>,
    may_diverge: Arc<OnceLock<bool>>,
    kinds: Vec<SectionKind<'t>>,
    /// The other file of the pair, whose profiles count too (`source_profile` in the config
    /// names a profile of the credentials file as often as one of its own).
    pub companion: Option<Box<Analysis<'t>>>,
}

impl<'t> Analysis<'t> {
    pub fn new(text: &'t str, file: FileKind) -> Self {
        Analysis::of(text, file, Parsed::new(text))
    }

    /// The analysis of `text` from what it parsed to (`Parsed::new(text)`, kept).
    pub fn of(text: &'t str, file: FileKind, parsed: Parsed) -> Self {
        let kinds = parsed
            .tree
            .sections
            .iter()
            .map(|s| crate::model::sections::classify_header(file, s.name.of(text)))
            .collect();
        Analysis {
            text,
            file,
            doc: parsed.tree,
            may_diverge: parsed.may_diverge,
            kinds,
            companion: None,
        }
    }

    /// This analysis with the other file of the pair beside it.
    pub fn with_companion(mut self, companion: Option<Analysis<'t>>) -> Self {
        self.companion = companion.map(Box::new);
        self
    }

    /// Where `name` is defined: in this file (`false`), else in the companion (`true`).
    pub fn definition(&self, name: &Name) -> Option<(Span, bool)> {
        let defines = |n: &Name| n.definition && n.kind == name.kind && n.name == name.name;
        if let Some(here) = self.names().into_iter().find(defines) {
            return Some((here.span, false));
        }
        // Only profiles are shared: sso-session and services sections live in the config.
        let other = self
            .companion
            .as_ref()
            .filter(|_| name.kind == NameKind::Profile)?;
        other
            .names()
            .into_iter()
            .find(defines)
            .map(|n| (n.span, true))
    }

    /// The span of the name inside a header (`dev` of `[profile dev]`).
    fn header_name(&self, section: &syntax::Section) -> Span {
        let raw = section.name.of(self.text);
        match raw.trim().split_once(char::is_whitespace) {
            Some((prefix, _)) if matches!(prefix, "profile" | "sso-session" | "services") => {
                let rest = &raw[raw.find(prefix).unwrap_or(0) + prefix.len()..];
                let lead = rest.len() - rest.trim_start().len();
                let start =
                    section.name.start() + raw.find(prefix).unwrap_or(0) + prefix.len() + lead;
                Span::new(start, start + rest.trim().len())
            }
            _ => section.name,
        }
    }

    /// Every definition and reference of a profile, sso-session or services name.
    pub fn names(&self) -> Vec<Name> {
        let mut out = Vec::new();
        for (section, kind) in self.doc.sections.iter().zip(&self.kinds) {
            let (name_kind, name) = match kind {
                SectionKind::Profile(n) => (NameKind::Profile, n.to_string()),
                SectionKind::Default => (NameKind::Profile, "default".to_string()),
                SectionKind::Credentials(n) => (NameKind::Profile, n.to_string()),
                SectionKind::SsoSession(n) => (NameKind::SsoSession, n.to_string()),
                SectionKind::Services(n) => (NameKind::Services, n.to_string()),
                _ => continue,
            };
            out.push(Name {
                kind: name_kind,
                name,
                span: self.header_name(section),
                definition: true,
            });
            for entry in self.doc.entries(section) {
                let key = entry.key.of(self.text).to_ascii_lowercase();
                let kind = match key.as_str() {
                    "sso_session" => NameKind::SsoSession,
                    "source_profile" => NameKind::Profile,
                    "services" => NameKind::Services,
                    _ => continue,
                };
                if entry.value.is_empty() {
                    continue;
                }
                out.push(Name {
                    kind,
                    name: entry.value.of(self.text).to_string(),
                    span: entry.value,
                    definition: false,
                });
            }
        }
        out
    }

    /// The name under `offset`, if any.
    pub fn name_at(&self, offset: usize) -> Option<Name> {
        self.names()
            .into_iter()
            .find(|n| n.span.start() <= offset && offset <= n.span.end())
    }

    pub fn symbols(&self) -> Vec<Symbol<'_>> {
        let mut out = Vec::new();
        for (i, (section, kind)) in self.doc.sections.iter().zip(&self.kinds).enumerate() {
            let name_kind = match kind {
                SectionKind::SsoSession(_) => NameKind::SsoSession,
                SectionKind::Services(_) => NameKind::Services,
                _ => NameKind::Profile,
            };
            let end = self
                .doc
                .sections
                .get(i + 1)
                .map_or(self.text.len(), |n| self.doc.lines[n.line].span.start());
            let start = self.doc.lines[section.line].span.start();
            out.push(Symbol {
                title: format!("[{}]", section.name.of(self.text)),
                kind: name_kind,
                span: Span::new(start, end.max(start)),
                name_span: section.name,
                keys: self.doc.entries(section),
            });
        }
        out
    }

    /// The text's parts for highlighting, in order, each on one line: comments, section
    /// names, keys, values (secret ones marked, so that an editor can dim or mask them).
    pub fn tokens(&self) -> Vec<Token> {
        let mut out = Vec::new();
        let mut push = |span: Span, kind: TokenKind, secret: bool| {
            if !span.is_empty() {
                out.push(Token { span, kind, secret });
            }
        };
        let mut sections = self.doc.sections.iter().peekable();
        let mut entries = self.doc.entries.iter().peekable();
        for (i, line) in self.doc.lines.iter().enumerate() {
            match line.kind {
                syntax::LineKind::Comment => {
                    let content = line.content.of(self.text);
                    let lead = content.len() - content.trim_start().len();
                    push(
                        Span::new(line.content.start() + lead, line.content.end()),
                        TokenKind::Comment,
                        false,
                    );
                }
                syntax::LineKind::Header => {
                    while sections.peek().is_some_and(|s| s.line < i) {
                        sections.next();
                    }
                    if let Some(section) = sections.peek().filter(|s| s.line == i) {
                        push(self.header_name(section), TokenKind::Section, false);
                    }
                }
                syntax::LineKind::Property => {
                    while entries.peek().is_some_and(|e| (e.line as usize) < i) {
                        entries.next();
                    }
                    if let Some(entry) = entries.peek().filter(|e| e.line as usize == i) {
                        let secret = crate::model::is_secret_key(entry.key.of(self.text));
                        push(entry.key, TokenKind::Key, false);
                        push(entry.value, TokenKind::Value, secret);
                        for c in self.doc.continuations(entry) {
                            match c.pair {
                                Some((key, _, value)) => {
                                    let nested =
                                        secret || crate::model::is_secret_key(key.of(self.text));
                                    push(key, TokenKind::Key, false);
                                    push(value, TokenKind::Value, nested);
                                }
                                None => push(c.text, TokenKind::Value, secret),
                            }
                        }
                        if let Some(comment) = entry.comment() {
                            push(comment, TokenKind::Comment, false);
                        }
                    }
                }
                _ => {}
            }
        }
        out.sort_by_key(|t| t.span.start());
        out
    }

    /// Each section as a fold: its header line to its last non-blank line (0-based).
    pub fn folds(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for section in &self.doc.sections {
            let last = section
                .lines
                .clone()
                .rev()
                .find(|&i| !self.doc.lines[i].content.of(self.text).trim().is_empty())
                .unwrap_or(section.line);
            if last > section.line {
                out.push((section.line, last));
            }
        }
        out
    }

    /// Links in the text: each rule code of a suppression comment to its documentation
    /// (`docs` + `/CODE.md`), and each http(s) start URL to itself.
    pub fn links(&self, docs: &str) -> Vec<(Span, String)> {
        let mut out = Vec::new();
        for line in &self.doc.lines {
            let content = line.content.of(self.text);
            let trimmed = content.trim_start();
            if !(trimmed.starts_with(['#', ';']) && trimmed.contains("ssolint:")) {
                continue;
            }
            let Some(open) = content.find('[') else {
                continue;
            };
            let close = content[open..]
                .find(']')
                .map_or(content.len(), |i| open + i);
            let mut at = open + 1;
            for code in content[open + 1..close].split(',') {
                let start = at + (code.len() - code.trim_start().len());
                let word = code.trim();
                at += code.len() + 1;
                if let Some(rule) = crate::lint::rule_by_code(word) {
                    let begin = line.content.start() + start;
                    out.push((
                        Span::new(begin, begin + word.len()),
                        format!("{docs}/{}.md", rule.code),
                    ));
                }
            }
        }
        for entry in &self.doc.entries {
            let key = entry.key.of(self.text);
            let value = entry.value.of(self.text);
            if key.eq_ignore_ascii_case("sso_start_url")
                && (value.starts_with("https://") || value.starts_with("http://"))
                && !value.contains(char::is_whitespace)
            {
                out.push((entry.value, value.to_string()));
            }
        }
        out
    }

    /// The section kind (in the catalogue's terms) around `offset`.
    fn section_kind_at(&self, offset: usize) -> Option<&'static str> {
        let i = self
            .doc
            .sections
            .iter()
            .rposition(|s| self.doc.lines[s.line].span.start() <= offset)?;
        self.kinds[i].catalog_kind()
    }

    /// Hover text (Markdown) for the key, name or rule code at `offset`.
    pub fn hover(&self, offset: usize) -> Option<(String, Span)> {
        // A rule code inside a suppression comment.
        let line =
            self.doc.lines.iter().find(|l| {
                l.span.start() <= offset && offset < l.span.end().max(l.span.start() + 1)
            })?;
        let content = line.content.of(self.text);
        if content.trim_start().starts_with(['#', ';']) && content.contains("ssolint:") {
            let rel = content.floor_char_boundary(offset.saturating_sub(line.content.start()));
            let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-';
            // The word around `rel`: its bounds are after the last non-word character
            // before it (which may be several bytes long) and at the first one after it.
            let word_start = content[..rel]
                .char_indices()
                .rev()
                .find(|&(_, c)| !is_word(c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word_end = content[rel..]
                .find(|c: char| !is_word(c))
                .map_or(content.len(), |i| rel + i);
            let word = &content[word_start..word_end];
            if let Some(rule) = crate::lint::rule_by_code(word) {
                let span = Span::new(
                    line.content.start() + word_start,
                    line.content.start() + word_end,
                );
                return Some((rule.doc_body().trim().to_string(), span));
            }
            return None;
        }
        let readings = self.readings_table(line.span);
        let Some(entry) = self.doc.entries.iter().find(|e| {
            (e.line as usize) < self.doc.lines.len()
                && self.doc.lines[e.line as usize].span == line.span
        }) else {
            // A header (or another line) that the tools read differently.
            return readings.map(|table| (table, line.content));
        };
        let hover = self.entry_hover(entry, offset);
        match (readings, hover) {
            (Some(table), Some((text, span))) => Some((format!("{table}\n{text}"), span)),
            (Some(table), None) => Some((table, entry.key)),
            (None, hover) => hover,
        }
    }

    /// The hover of a `key = value` line: the sso-session it names, or the key's documentation.
    fn entry_hover(&self, entry: &crate::syntax::Entry, offset: usize) -> Option<(String, Span)> {
        let key = entry.key.of(self.text).to_ascii_lowercase();
        if offset >= entry.value.start() && key == "sso_session" {
            let name = entry.value.of(self.text);
            let (config, _) = crate::model::load(Dialect::Botocore, Some(self.text), None);
            let session = config.sso_sessions.get(name);
            let text = match session {
                Some(s) => format!(
                    "**sso-session `{name}`**\n\n- start URL: `{}`\n- region: `{}`\n- scopes: `{}`",
                    s.str(KnownKey::SsoStartUrl).unwrap_or("(missing)"),
                    s.str(KnownKey::SsoRegion).unwrap_or("(missing)"),
                    s.str(KnownKey::SsoRegistrationScopes).unwrap_or("(none)")
                ),
                None => format!("**sso-session `{name}`** is not defined in this file"),
            };
            return Some((text, entry.value));
        }
        self.key_hover(entry)
    }

    /// The catalogue's documentation of an entry's key.
    fn key_hover(&self, entry: &crate::syntax::Entry) -> Option<(String, Span)> {
        let catalog = keys::catalog();
        let key = entry.key.of(self.text).to_ascii_lowercase();
        let kind = self.section_kind_at(entry.key.start()).unwrap_or("profile");
        let spec = catalog
            .find(
                &key,
                if kind == "credentials" {
                    "profile"
                } else {
                    kind
                },
            )
            .or_else(|| catalog.lookup(&key).next())?;
        Some((key_doc(spec), entry.key))
    }

    /// A small table of what each tool reads, when the tools read the setting or section
    /// on `line` differently (the readers issue's hover): `None` on ordinary lines, which
    /// botocore's tree of the text recognises (`readers::may_diverge`).
    fn readings_table(&self, line: Span) -> Option<String> {
        use crate::model::readers::{self, Reader};
        let may_diverge = *self.may_diverge.get_or_init(|| {
            readers::may_diverge(crate::model::SourceFile {
                kind: self.file,
                text: self.text,
                doc: &self.doc,
            })
        });
        if !may_diverge {
            return None;
        }
        let (config, credentials) = match self.file {
            FileKind::Config => (Some(self.text), None),
            FileKind::Credentials => (None, Some(self.text)),
        };
        let configs: Vec<crate::model::Config> = Reader::TOOLS
            .iter()
            .map(|&r| readers::load(r, config, credentials))
            .collect();
        let loading: Vec<&crate::model::Config> =
            configs.iter().filter(|c| c.fatal.is_empty()).collect();
        let on_line =
            |at: Span| line.start() <= at.start() && at.start() < line.end().max(line.start() + 1);
        let refused: Vec<Reader> = configs
            .iter()
            .filter(|c| c.fatal.iter().any(|p| on_line(p.at.span)))
            .map(|c| c.reader)
            .collect();
        let divergence = readers::divergences(&loading)
            .into_iter()
            .find(|d| on_line(d.at.span));
        if divergence.is_none() && refused.is_empty() {
            return None;
        }
        let mut table =
            String::from("**What each tool reads here**\n\n| tool | reads |\n| --- | --- |\n");
        if let Some(d) = &divergence {
            for (reader, value) in &d.readings {
                // A `|` in a value would end the Markdown cell.
                let shown = d.reading_text(value.as_deref()).replace('|', "\\|");
                table.push_str(&format!("| {} | {shown} |\n", reader.tools()));
            }
        }
        for reader in &refused {
            table.push_str(&format!(
                "| {} | refuses the whole file |\n",
                reader.tools()
            ));
        }
        Some(table)
    }

    /// The section whose lines hold `offset`.
    fn section_at(&self, offset: usize) -> Option<&syntax::Section> {
        self.doc
            .sections
            .iter()
            .rev()
            .find(|s| self.doc.lines[s.line].span.start() <= offset)
    }

    /// What may be typed at `offset`, and the span of the text the choice replaces (what
    /// is already typed of it): a section header after `[`, a key (not one the section
    /// already has) at the start of a line, a value after `=` (regions, enums, booleans,
    /// the file's names; `source_profile` never offers its own profile).
    pub fn completions(&self, offset: usize) -> Completions {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let catalog = keys::catalog();
        let line_start = self.text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let before = &self.text[line_start..offset];
        // What is typed of the current word: back to white space, `[` or `=`.
        let typed_from = |stops: &[char]| -> usize {
            before
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace() || stops.contains(&c))
                .map_or(line_start, |(i, c)| line_start + i + c.len_utf8())
        };
        let header_context = before.trim_start().starts_with('[');
        let empty_config = before.trim().is_empty()
            && self.file == FileKind::Config
            && self.doc.sections.is_empty();
        if header_context || empty_config {
            if self.file != FileKind::Config {
                return Completions::default();
            }
            let replace = match before.find('[') {
                Some(i) => Span::new(line_start + i + 1, offset),
                None => Span::new(offset, offset),
            };
            let items = ["profile ", "sso-session ", "services ", "default"]
                .iter()
                .map(|h| Candidate::new(h, "section", CandidateKind::Section))
                .collect();
            return Completions { replace, items };
        }
        let kind = self.section_kind_at(offset).unwrap_or("profile");
        let lookup_kind = if kind == "credentials" {
            "profile"
        } else {
            kind
        };
        let section = self.section_at(offset);
        match before.split_once('=') {
            None => {
                let replace = Span::new(typed_from(&[]), offset);
                // Keys the section already has on other lines.
                let present: Vec<String> = section
                    .map(|s| {
                        self.doc
                            .entries(s)
                            .iter()
                            .filter(|e| {
                                // The line being typed on is the one holding `offset`
                                // (a line's span ends after its terminator).
                                let line = self.doc.lines[e.line as usize].span;
                                let holds = line.start() <= offset
                                    && (offset < line.end() || line.end() == self.text.len());
                                !holds
                            })
                            .map(|e| e.key.of(self.text).to_ascii_lowercase())
                            .collect()
                    })
                    .unwrap_or_default();
                let items = catalog
                    .keys
                    .iter()
                    .filter(|k| {
                        k.allowed_in(lookup_kind)
                            && (kind != "credentials" || k.in_credentials_file != "no")
                            && !present.contains(&k.name)
                    })
                    .map(|k| Candidate {
                        documentation: Some(key_doc(k)),
                        ..Candidate::new(&k.name, &k.kind, CandidateKind::Key)
                    })
                    .collect();
                Completions { replace, items }
            }
            Some((key, _)) => {
                let replace = Span::new(typed_from(&['=']), offset);
                let key = key.trim().to_ascii_lowercase();
                let items = self.value_candidates(&key, lookup_kind, section);
                Completions { replace, items }
            }
        }
    }

    fn value_candidates(
        &self,
        key: &str,
        lookup_kind: &str,
        section: Option<&syntax::Section>,
    ) -> Vec<Candidate> {
        let catalog = keys::catalog();
        let own_name = section.and_then(|s| {
            let i = self.doc.sections.iter().position(|o| std::ptr::eq(o, s))?;
            match &self.kinds[i] {
                SectionKind::Profile(n) => Some(n.to_string()),
                SectionKind::Credentials(n) => Some(n.to_string()),
                SectionKind::Default => Some("default".to_string()),
                _ => None,
            }
        });
        let defined = |kind: NameKind| -> Vec<Candidate> {
            let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
            let here = self
                .names()
                .into_iter()
                .map(|n| (n, "defined in this file"));
            // Profiles of the other file of the pair, after this file's own.
            let there = self
                .companion
                .iter()
                .filter(|_| kind == NameKind::Profile)
                .flat_map(|other| {
                    let detail = match other.file {
                        FileKind::Config => "defined in the config file",
                        FileKind::Credentials => "defined in the credentials file",
                    };
                    other.names().into_iter().map(move |n| (n, detail))
                });
            here.chain(there)
                .filter(|(n, _)| n.definition && n.kind == kind)
                // A profile cannot be its own source.
                .filter(|(n, _)| {
                    !(kind == NameKind::Profile && own_name.as_deref() == Some(&n.name))
                })
                .filter(|(n, _)| seen.insert(n.name.clone()))
                .map(|(n, detail)| Candidate::new(&n.name, detail, CandidateKind::Name))
                .collect()
        };
        match key {
            "sso_session" => return defined(NameKind::SsoSession),
            "source_profile" => return defined(NameKind::Profile),
            "services" => return defined(NameKind::Services),
            _ => {}
        }
        let Some(spec) = catalog.find(key, lookup_kind) else {
            return Vec::new();
        };
        let value = |v: &str, detail: &str| Candidate::new(v, detail, CandidateKind::Value);
        match spec.kind.as_str() {
            "region" | "region-list" => {
                catalog.region_names().map(|r| value(r, "region")).collect()
            }
            "bool" => ["true", "false"].iter().map(|v| value(v, "bool")).collect(),
            "enum" => {
                let values: Vec<String> = if spec.values.is_empty() {
                    catalog
                        .enum_values(key)
                        .unwrap_or_default()
                        .into_iter()
                        .map(str::to_string)
                        .collect()
                } else {
                    spec.values.clone()
                };
                values.iter().map(|v| value(v, key)).collect()
            }
            "scope-list" => vec![value(crate::model::values::DEFAULT_SCOPES, "scope")],
            _ => Vec::new(),
        }
    }
}

/// A key's documentation from the catalogue.
pub fn key_doc(spec: &KeySpec) -> String {
    let mut text = format!("**{}** ({})\n\n{}", spec.name, spec.kind, spec.description);
    if !spec.values.is_empty() {
        text.push_str(&format!(
            "\n\nValues: {}",
            spec.values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !spec.env.is_empty() {
        text.push_str(&format!(
            "\n\nEnvironment: {}",
            spec.env
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    text.push_str(&format!("\n\nRead by: {}", spec.tools_text()));
    if let Some(notes) = &spec.notes {
        text.push_str(&format!("\n\n{notes}"));
    }
    text
}
