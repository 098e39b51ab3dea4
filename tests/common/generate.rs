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
