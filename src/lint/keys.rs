//! The key catalogue (`rules/keys.toml`): every known setting, where it belongs, what
//! values it takes, and every region of every partition. Embedded in the binary (as JSON,
//! converted by `build.rs`) and read on first use.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// `rules/keys.toml` as JSON (`build.rs`): read at every start, in ~0.2 ms where the TOML
/// parser took ~2 ms.
const COMPILED: &str = include_str!(concat!(env!("OUT_DIR"), "/keys.json"));

#[derive(Debug, Deserialize)]
pub struct KeyCatalog {
    #[serde(rename = "key")]
    pub keys: Vec<KeySpec>,
    pub enums: BTreeMap<String, toml::Value>,
    pub regions: BTreeMap<String, toml::Value>,
    pub services_section: ServicesSection,
    #[serde(rename = "confusable")]
    pub confusables: Vec<Confusable>,
    #[serde(skip)]
    partitions: Vec<Partition>,
    /// Key name → indexes into `keys` (a name may be listed for several sections).
    #[serde(skip)]
    by_name: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// Listed region or pseudo-region → (index into `partitions`, whether a pseudo-region):
    /// K003 asks for every region value of every profile.
    #[serde(skip)]
    listed_regions: rustc_hash::FxHashMap<String, (usize, bool)>,
}

#[derive(Debug, Deserialize)]
pub struct KeySpec {
    pub name: String,
    #[serde(default)]
    pub path: Option<String>,
    pub group: String,
    /// Section kinds: `profile`, `credentials`, `sso-session`, `services.<service>`,
    /// `services.s3`, `profile.s3`, `profile.emr`, `profile.proxies_config`,
    /// `profile.<service>`, `plugins`.
    pub sections: Vec<String>,
    /// `yes`, `tolerated` or `no`.
    pub in_credentials_file: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub range: Option<String>,
    #[serde(default)]
    pub default: Option<toml::Value>,
    #[serde(default)]
    pub env: Vec<String>,
    pub tools: Vec<String>,
    pub status: String,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub deprecated: Option<String>,
    pub description: String,
    #[serde(default)]
    pub notes: Option<String>,
    /// An empty value means something (`cli_pager =` turns paging off).
    #[serde(default)]
    pub allow_empty: bool,
}

impl KeySpec {
    pub fn allowed_in(&self, section_kind: &str) -> bool {
        self.sections.iter().any(|s| s == section_kind)
    }

    /// Read by no AWS tool: a third-party tool's own key.
    pub fn is_third_party(&self) -> bool {
        self.status == "third-party"
    }

    /// Inclusive integer range from `a..=b` or `a..`.
    pub fn int_range(&self) -> Option<(i64, Option<i64>)> {
        let range = self.range.as_deref()?;
        let (low, high) = range.split_once("..")?;
        let low = low.trim().parse().ok()?;
        let high = high.trim_start_matches('=').trim();
        Some((
            low,
            if high.is_empty() {
                None
            } else {
                high.parse().ok()
            },
        ))
    }

    /// Human list of the tools that read the key.
    pub fn tools_text(&self) -> String {
        self.tools
            .iter()
            .map(|t| tool_name(t))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub fn tool_name(tool: &str) -> &str {
    match tool {
        "cli-v2" => "AWS CLI v2",
        "cli-v1" => "AWS CLI v1",
        "botocore" => "boto3/botocore",
        "rust" => "AWS SDK for Rust",
        "sdks" => "the AWS SDKs",
        "java-v2" => "AWS SDK for Java 2.x",
        "dotnet" => "AWS SDK for .NET",
        other => other,
    }
}

#[derive(Debug, Deserialize)]
pub struct ServicesSection {
    pub service_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Confusable {
    pub written: String,
    pub means: String,
    pub why: String,
}

/// One partition's regions.
#[derive(Debug)]
pub struct Partition {
    pub name: String,
    pub regex: regex_lite::Regex,
    pub names: Vec<String>,
    pub pseudo_regions: Vec<String>,
}

/// What the catalogue knows about a region name.
#[derive(Debug, PartialEq, Eq)]
pub enum RegionStatus<'c> {
    /// A region botocore's partitions list.
    Known(&'c str),
    /// Shaped like the partition's regions but not (yet) listed: new regions appear often.
    Unlisted(&'c str),
    /// An endpoint pseudo-region such as `aws-global`: not a region.
    Pseudo(&'c str),
    Invalid,
}

impl KeyCatalog {
    /// Every catalogue entry for a key name (a name may exist at several places).
    pub fn lookup<'c>(&'c self, name: &str) -> impl Iterator<Item = &'c KeySpec> {
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .map(|&i| &self.keys[i])
    }

    /// The entry for `name` valid in `section_kind`, if any.
    pub fn find(&self, name: &str, section_kind: &str) -> Option<&KeySpec> {
        self.lookup(name).find(|k| k.allowed_in(section_kind))
    }

    pub fn enum_values(&self, key: &str) -> Option<Vec<&str>> {
        self.enums
            .get(key)?
            .as_array()
            .map(|a| a.iter().filter_map(toml::Value::as_str).collect())
    }

    pub fn partitions(&self) -> &[Partition] {
        &self.partitions
    }

    pub fn region_status(&self, region: &str) -> RegionStatus<'_> {
        if let Some(&(partition, pseudo)) = self.listed_regions.get(region) {
            let name = &self.partitions[partition].name;
            return if pseudo {
                RegionStatus::Pseudo(name)
            } else {
                RegionStatus::Known(name)
            };
        }
        for p in &self.partitions {
            if p.regex.is_match(region) {
                return RegionStatus::Unlisted(&p.name);
            }
        }
        RegionStatus::Invalid
    }

    /// Every listed region, for suggestions and completion.
    pub fn region_names(&self) -> impl Iterator<Item = &str> {
        self.partitions
            .iter()
            .flat_map(|p| p.names.iter().map(String::as_str))
    }

    pub fn is_service_id(&self, id: &str) -> bool {
        self.services_section
            .service_ids
            .binary_search_by(|s| s.as_str().cmp(id))
            .is_ok()
    }

    fn with_partitions(mut self) -> Result<Self, String> {
        for (name, value) in &self.regions {
            let Some(table) = value.as_table() else {
                continue; // `source`, `note`
            };
            let strings = |field: &str| -> Vec<String> {
                table
                    .get(field)
                    .and_then(toml::Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let regex = table
                .get("regex")
                .and_then(toml::Value::as_str)
                .ok_or_else(|| format!("regions.{name} has no regex"))?;
            self.partitions.push(Partition {
                name: name.clone(),
                regex: regex_lite::Regex::new(regex)
                    .map_err(|e| format!("regions.{name}.regex: {e}"))?,
                names: strings("names"),
                pseudo_regions: strings("pseudo_regions"),
            });
        }
        // The first partition that lists a name wins, a region before a pseudo-region
        // (the order the linear search had).
        for (i, p) in self.partitions.iter().enumerate() {
            for (names, pseudo) in [(&p.names, false), (&p.pseudo_regions, true)] {
                for name in names {
                    self.listed_regions
                        .entry(name.clone())
                        .or_insert((i, pseudo));
                }
            }
        }
        self.services_section.service_ids.sort();
        for (i, key) in self.keys.iter().enumerate() {
            self.by_name.entry(key.name.clone()).or_default().push(i);
        }
        Ok(self)
    }
}

/// Parses a catalogue in its TOML source form (`rules/keys.toml`).
pub fn parse(source: &str) -> Result<KeyCatalog, String> {
    toml::from_str::<KeyCatalog>(source)
        .map_err(|e| e.to_string())?
        .with_partitions()
}

/// The embedded catalogue, read once (a catalogue that does not fit the types is a build
/// defect, caught by `cargo test`).
pub fn catalog() -> &'static KeyCatalog {
    static CATALOG: OnceLock<KeyCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        serde_json::from_str::<KeyCatalog>(COMPILED)
            .map_err(|e| e.to_string())
            .and_then(KeyCatalog::with_partitions)
            .expect("rules/keys.toml is valid (tests/tidy.rs)")
    })
}

#[cfg(test)]
mod tests {
    /// The JSON the build made is the TOML source, read the same.
    #[test]
    fn the_compiled_catalogue_is_the_source() {
        let source = include_str!("../../rules/keys.toml");
        let from_toml = super::parse(source).expect("rules/keys.toml parses");
        assert_eq!(format!("{from_toml:?}"), format!("{:?}", super::catalog()));
        assert!(super::catalog().keys.len() > 100);
    }

    /// The region index answers what a search of the partitions in order would.
    #[test]
    fn region_index_is_the_ordered_search() {
        use super::RegionStatus;
        let catalog = super::catalog();
        let searched = |region: &str| {
            for p in catalog.partitions() {
                if p.names.iter().any(|n| n == region) {
                    return RegionStatus::Known(&p.name);
                }
                if p.pseudo_regions.iter().any(|n| n == region) {
                    return RegionStatus::Pseudo(&p.name);
                }
            }
            for p in catalog.partitions() {
                if p.regex.is_match(region) {
                    return RegionStatus::Unlisted(&p.name);
                }
            }
            RegionStatus::Invalid
        };
        let mut asked = 0;
        for p in catalog.partitions() {
            for name in p.names.iter().chain(&p.pseudo_regions) {
                for region in [name.clone(), format!("{name}x"), name.replace('1', "9")] {
                    assert_eq!(
                        catalog.region_status(&region),
                        searched(&region),
                        "{region}"
                    );
                    asked += 1;
                }
            }
        }
        assert!(asked > 100);
        assert_eq!(
            catalog.region_status("eu-west-1"),
            RegionStatus::Known("aws")
        );
    }
}
