//! `ssolint resolve`: what one reader makes of the files, as JSON (botocore's `load_config`
//! shape) or a table.

use std::cell::OnceCell;
use std::path::PathBuf;

use serde_json::Value;

use super::{
    DialectArg, EXIT_ERROR, EXIT_FINDINGS, ReaderArg, default_locations, path_arg, write_stdout,
};
use crate::model::readers::{self, Reader};
use crate::model::{Block, FileKind, Location, ProblemKind};
use crate::render::resolve::{BlockJson, ConfigJson, property_json};
use crate::syntax::LineIndex;
use crate::workspace::{self, Source};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The config file. Default: $AWS_CONFIG_FILE, else ~/.aws/config (plus the credentials file).
    pub config: Option<PathBuf>,
    /// The credentials file to merge. Default: $AWS_SHARED_CREDENTIALS_FILE or
    /// ~/.aws/credentials when CONFIG is not given; none when it is.
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
    /// Which program's reading to print (default: botocore, the AWS CLI's).
    #[arg(long, value_enum, value_name = "NAME", conflicts_with = "dialect")]
    pub reader: Option<ReaderArg>,
    /// The older spelling of `--reader`: `botocore`, or `sdk` for `--reader spec`.
    #[arg(long, value_enum)]
    pub dialect: Option<DialectArg>,
    /// Print only this profile's settings.
    #[arg(long, value_name = "P")]
    pub profile: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Print secret values (secret access keys, session tokens) instead of redacting them.
    #[arg(long)]
    pub show_secrets: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Table,
}

/// The two input files with what is needed to point into them.
pub struct Inputs {
    pub config: Option<(Source, OnceCell<LineIndex>)>,
    pub credentials: Option<(Source, OnceCell<LineIndex>)>,
}

impl Inputs {
    /// The files read, for messages: `~/.aws/config and ~/.aws/credentials`.
    fn files_read(&self) -> String {
        let paths: Vec<String> = [&self.config, &self.credentials]
            .into_iter()
            .flatten()
            .map(|(s, _)| s.path.display().to_string())
            .collect();
        if paths.is_empty() {
            "no file (neither exists)".into()
        } else {
            paths.join(" and ")
        }
    }

    fn text(&self, kind: FileKind) -> Option<&str> {
        let file = match kind {
            FileKind::Config => &self.config,
            FileKind::Credentials => &self.credentials,
        };
        file.as_ref().map(|(s, _)| s.text.as_str())
    }

    /// `path:line:column` of a location.
    pub fn position(&self, at: Location) -> String {
        let file = match at.file {
            FileKind::Config => &self.config,
            FileKind::Credentials => &self.credentials,
        };
        match file {
            Some((source, index)) => {
                // Built on first use: most runs never need a position.
                let index = index.get_or_init(|| LineIndex::new(&source.text));
                let lc = index.line_col(&source.text, at.span.start());
                format!("{}:{}:{}", source.path.display(), lc.line, lc.column)
            }
            None => at.file.name().to_string(),
        }
    }
}

pub fn run(args: Args) -> u8 {
    let reader: Reader = match (args.reader, args.dialect) {
        (Some(r), _) => r.into(),
        (None, Some(d)) => d.into(),
        (None, None) => Reader::Botocore,
    };
    let inputs = match load_inputs(&args, reader) {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let config = readers::load(
        reader,
        inputs.text(FileKind::Config),
        inputs.text(FileKind::Credentials),
    );

    for note in &config.notes {
        eprintln!("{}: note: {}", inputs.position(note.at), note.message);
    }
    if !config.fatal.is_empty() {
        let crash = config.fatal.iter().any(|p| p.kind == ProblemKind::Crash);
        let who = match reader {
            _ if crash => format!("{} crashes on these files", reader.tools()),
            Reader::Botocore => "botocore (AWS CLI, boto3) refuses these files: it would say only \"Unable to parse config file\"".to_string(),
            other => format!("{} refuses these files (\"could not parse profile file\")", other.tools()),
        };
        eprintln!("error: {who}");
        for problem in &config.fatal {
            eprintln!(
                "{}: error: {}",
                inputs.position(problem.at),
                problem.message
            );
            for related in &problem.related {
                eprintln!("{}: note: first defined here", inputs.position(*related));
            }
        }
        return EXIT_FINDINGS;
    }

    let secrets = args.show_secrets;
    if let Some(name) = &args.profile {
        let Some(block) = config.profiles.get(name.as_str()) else {
            let close =
                crate::model::closest_names(name, config.profiles.keys().map(|k| k.as_ref()));
            eprintln!(
                "error: The config profile ({name}) could not be found in {}{}",
                inputs.files_read(),
                crate::model::did_you_mean_suffix(&close)
            );
            return EXIT_FINDINGS;
        };
        return match args.format {
            Format::Json => print_json(&BlockJson { block, secrets }),
            Format::Table => print_table(
                &inputs,
                [("profile", name.as_str(), block)].into_iter(),
                secrets,
            ),
        };
    }
    match args.format {
        Format::Json => print_json(&ConfigJson {
            config: &config,
            secrets,
        }),
        Format::Table => {
            let rows = config
                .profiles
                .iter()
                .map(|(n, b)| ("profile", n.as_ref(), b))
                .chain(
                    config
                        .sso_sessions
                        .iter()
                        .map(|(n, b)| ("sso-session", n.as_ref(), b)),
                )
                .chain(
                    config
                        .services
                        .iter()
                        .map(|(n, b)| ("services", n.as_ref(), b)),
                );
            print_table(&inputs, rows, secrets)
        }
    }
}

fn load_inputs(args: &Args, reader: Reader) -> Result<Inputs, workspace::ReadError> {
    let explicit_config = path_arg(&args.config);
    let locations = default_locations(reader.dialect());
    let config = match &explicit_config {
        Some(path) => Some(workspace::read(path)?),
        None => workspace::read_optional(&PathBuf::from(&locations.config))?,
    };
    let credentials = match (path_arg(&args.credentials), &explicit_config) {
        (Some(path), _) => Some(workspace::read(&path)?),
        (None, Some(_)) => None,
        (None, None) => workspace::read_optional(&PathBuf::from(&locations.credentials))?,
    };
    Ok(Inputs {
        config: config.map(|s| (s, OnceCell::new())),
        credentials: credentials.map(|s| (s, OnceCell::new())),
    })
}

fn print_json(value: &impl serde::Serialize) -> u8 {
    write_stdout(|out| {
        serde_json::to_writer_pretty(&mut *out, value)?;
        writeln!(out)
    })
}

fn print_table<'a, 'b: 'a>(
    inputs: &Inputs,
    blocks: impl Iterator<Item = (&'a str, &'a str, &'a Block<'b>)>,
    secrets: bool,
) -> u8 {
    let mut rows: Vec<[String; 4]> = vec![[
        "SECTION".into(),
        "KEY".into(),
        "VALUE".into(),
        "FROM".into(),
    ]];
    for (kind, name, block) in blocks {
        let section = format!("{kind} {name}");
        if block.properties.is_empty() {
            rows.push([
                section.clone(),
                String::new(),
                String::new(),
                inputs.position(block.headers[0]),
            ]);
        }
        for (key, p) in &block.properties {
            let value = match property_json(key, p, secrets) {
                Value::String(s) => s.replace('\n', "\\n"),
                other => other.to_string(),
            };
            let mut from = inputs.position(p.key);
            if p.inherited {
                from.push_str(" ([DEFAULT])");
            }
            rows.push([section.clone(), key.to_string(), value, from]);
        }
    }
    // Names and values come from the file: no raw control character reaches the terminal.
    for row in &mut rows {
        for cell in row.iter_mut() {
            if let std::borrow::Cow::Owned(escaped) = crate::model::redact::controls(cell) {
                *cell = escaped;
            }
        }
    }
    let widths: Vec<usize> = (0..3)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    write_stdout(|out| {
        for row in rows {
            writeln!(
                out,
                "{:w0$}  {:w1$}  {:w2$}  {}",
                row[0],
                row[1],
                row[2],
                row[3],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2]
            )?;
        }
        Ok(())
    })
}
