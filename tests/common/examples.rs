//! The code blocks of a rule doc's "Example" and "Fixed example" sections.
//!
//! A block tagged ```` ```ini ```` is a config file, ```` ```ini credentials ```` a
//! credentials file; `mode=644` gives the file's permission bits (C004).

use ssolint::lint::Input;

#[derive(Clone, Debug, Default)]
pub struct Example {
    pub config: Option<String>,
    pub credentials: Option<String>,
    pub config_mode: Option<u32>,
    pub credentials_mode: Option<u32>,
}

impl Example {
    /// Several blocks of one section as one pair of files.
    pub fn merge(blocks: &[Example]) -> Example {
        let mut out = Example::default();
        for b in blocks {
            out.config = out.config.or(b.config.clone());
            out.credentials = out.credentials.or(b.credentials.clone());
            out.config_mode = out.config_mode.or(b.config_mode);
            out.credentials_mode = out.credentials_mode.or(b.credentials_mode);
        }
        out
    }

    pub fn input(&self) -> Input<'_> {
        Input {
            config: self.config.as_deref(),
            credentials: self.credentials.as_deref(),
            config_mode: self.config_mode,
            credentials_mode: self.credentials_mode,
        }
    }
}

/// (example blocks, fixed-example blocks).
pub fn doc_examples(doc: &str) -> (Vec<Example>, Vec<Example>) {
    let mut bad = Vec::new();
    let mut good = Vec::new();
    let mut section = "";
    let mut lines = doc.split_inclusive('\n');
    while let Some(line) = lines.next() {
        if let Some(title) = line.strip_prefix("## ") {
            section = match title.trim() {
                "Example" => "bad",
                "Fixed example" => "good",
                _ => "",
            };
            continue;
        }
        let Some(info) = line.trim_end().strip_prefix("```ini") else {
            continue;
        };
        let mut text = String::new();
        for body in lines.by_ref() {
            if body.trim_end() == "```" {
                break;
            }
            text.push_str(body);
        }
        let mut example = Example::default();
        let words: Vec<&str> = info.split_whitespace().collect();
        let mode = words
            .iter()
            .find_map(|w| w.strip_prefix("mode="))
            .map(|m| u32::from_str_radix(m, 8).expect("octal mode"));
        if words.contains(&"credentials") {
            example.credentials = Some(text);
            example.credentials_mode = mode;
        } else {
            example.config = Some(text);
            example.config_mode = mode;
        }
        match section {
            "bad" => bad.push(example),
            "good" => good.push(example),
            _ => {}
        }
    }
    (bad, good)
}
