//! Deterministic generators of AWS-config-like documents, shared by the differential
//! test, the property test's corpus and the benchmarks.
#![allow(dead_code)]

/// A small deterministic PRNG (xorshift64*), so generated corpora are reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

pub const HEADERS: &[&str] = &[
    "[default]",
    "[profile default]",
    "[profile {n}]",
    "[profile {n}]",
    "[profile {n}]",
    "[profile \"{n} x\"]",
    "[profile '{n} y']",
    "[profile {n} z]",
    "[Profile {n}]",
    "[ profile {n} ]",
    "[profile\t{n}]",
    "[DEFAULT]",
    "[sso-session {n}]",
    "[sso-session {n}]",
    "[services {n}]",
    "[{n}]",
    "[profile {n}] # note",
    "[profile {n}];c",
    "[profile ünï{n}]",
    "  [profile {n}]",
];

pub const BODY: &[&str] = &[
    "region = us-east-1",
    "region = eu-west-1 # prod",
    "output: json",
    "sso_start_url = https://acme.awsapps.com/start",
    "sso_start_url = https://acme.awsapps.com/start#/",
    "sso_region = us-east-1",
    "sso_session = acme",
    "sso_account_id = 111111111111",
    "sso_role_name = Admin",
    "SSO_Role_Name = Admin",
    "key{n} = value{n}",
    "key{n}=välue ; c",
    "cli_pager =",
    "s3 =",
    "  max_concurrent_requests = 10",
    "  addressing_style = path",
    "  continued{n}",
    "\tk{n} = tabbed",
    "# comment",
    "; comment",
    "  # indented comment",
    "",
    "   ",
    "k:{n} = v",
    "x = a=b",
    "name = 😂",
];

/// A random document of `lines` lines; `unique` renames keys and sections so that
/// botocore's duplicate checks rarely trigger (both outcomes need coverage).
pub fn random_document(rng: &mut Rng, lines: usize, unique: bool) -> String {
    let mut out = String::new();
    let newline = if rng.below(5) == 0 { "\r\n" } else { "\n" };
    if rng.below(40) == 0 {
        out.push('\u{feff}');
    }
    let mut counter = 0;
    for i in 0..lines {
        let header = i == 0 || rng.below(5) == 0;
        let template = if header {
            rng.pick(HEADERS)
        } else {
            rng.pick(BODY)
        };
        counter += 1;
        let n = if unique {
            counter.to_string()
        } else {
            (rng.below(3)).to_string()
        };
        out.push_str(&template.replace("{n}", &n));
        if i + 1 < lines || rng.below(3) > 0 {
            out.push_str(newline);
        }
    }
    out
}

/// A realistic legacy-SSO config with `profiles` profiles (about 200 bytes each).
pub fn legacy_config(profiles: usize) -> String {
    let mut out = String::with_capacity(profiles * 220);
    out.push_str("[default]\nregion = us-east-1\noutput = json\n\n");
    for i in 0..profiles {
        let portal = i % 7;
        out.push_str(&format!(
            "# team {team}\n[profile p{i}]\nsso_start_url = https://org{portal}.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = {account:012}\nsso_role_name = Role{role}\nregion = eu-west-1\noutput = json\n\n",
            team = i / 10,
            account = 100_000_000_000u64 + i as u64,
            role = i % 5,
        ));
    }
    out
}

/// A config mixing legacy SSO profiles (several portals, spellings and regions, `[default]`
/// among them), modern and hybrid profiles, existing sessions, role chains, nested blocks and
/// comments: the input of the migration equivalence test.
pub fn mixed_sso_config(rng: &mut Rng, profiles: usize) -> String {
    const PORTALS: &[&str] = &[
        "https://acme.awsapps.com/start",
        "https://acme.awsapps.com/start/",
        "https://d-9067aaaaaa.awsapps.com/start",
        "https://start.us-gov-home.awsapps.com/directory/acme-gov",
        "https://identitycenter.amazonaws.com/ssoins-1234567890abcdef",
        "https://sso.example.com/start",
    ];
    const REGIONS: &[&str] = &["us-east-1", "eu-west-1", "us-gov-west-1"];
    let newline = if rng.below(5) == 0 { "\r\n" } else { "\n" };
    let spaced = rng.below(4) != 0;
    let kv = |k: &str, v: &str| {
        if spaced {
            format!("{k} = {v}")
        } else {
            format!("{k}={v}")
        }
    };
    let mut lines: Vec<String> = vec!["# generated".into()];
    // Some existing sessions.
    let mut sessions: Vec<(String, &str, &str)> = Vec::new();
    for i in 0..rng.below(3) {
        let (url, region) = (rng.pick(PORTALS), rng.pick(REGIONS));
        let name = if rng.below(2) == 0 {
            "acme".to_string()
        } else {
            format!("s{i}")
        };
        if sessions.iter().any(|(n, _, _)| *n == name) {
            continue;
        }
        lines.push(format!("[sso-session {name}]"));
        lines.push(kv("sso_start_url", url));
        lines.push(kv("sso_region", region));
        lines.push(kv("sso_registration_scopes", "sso:account:access"));
        lines.push(String::new());
        sessions.push((name, url, region));
    }
    for i in 0..profiles {
        let header = if i == 0 && rng.below(2) == 0 {
            "[default]".to_string()
        } else {
            format!("[profile p{i}]")
        };
        if rng.below(3) == 0 {
            lines.push(format!("# profile {i}"));
        }
        lines.push(header);
        let account = format!("{:012}", 100_000_000_000u64 + i as u64);
        match rng.below(10) {
            // Legacy, the common case.
            0..=5 => {
                lines.push(kv("sso_start_url", rng.pick(PORTALS)));
                if rng.below(4) == 0 {
                    lines.push("; the Identity Center region".into());
                }
                lines.push(kv("sso_region", rng.pick(REGIONS)));
                lines.push(kv("sso_account_id", &account));
                lines.push(kv(
                    "sso_role_name",
                    rng.pick(&["Admin", "ReadOnly", "Developer"]),
                ));
            }
            // Modern or hybrid, when a session exists.
            6 | 7 if !sessions.is_empty() => {
                let (name, url, region) = sessions[rng.below(sessions.len())].clone();
                lines.push(kv("sso_session", &name));
                if rng.below(2) == 0 {
                    lines.push(kv("sso_start_url", url));
                    lines.push(kv("sso_region", region));
                }
                lines.push(kv("sso_account_id", &account));
                lines.push(kv("sso_role_name", "Developer"));
            }
            // A role chained on an earlier profile.
            8 if i > 1 => {
                lines.push(kv(
                    "role_arn",
                    &format!("arn:aws:iam::{account}:role/Deploy"),
                ));
                lines.push(kv("source_profile", &format!("p{}", rng.below(i - 1) + 1)));
            }
            _ => {
                lines.push(kv("sso_start_url", rng.pick(PORTALS)));
                lines.push(kv("sso_region", rng.pick(REGIONS)));
            }
        }
        if rng.below(4) == 0 {
            lines.push("s3 =".into());
            lines.push("    max_concurrent_requests = 20".into());
        }
        lines.push(kv("region", rng.pick(REGIONS)));
        lines.push(String::new());
    }
    let mut out = lines.join(newline);
    if rng.below(4) == 0 {
        out.truncate(out.trim_end().len());
    }
    out
}
