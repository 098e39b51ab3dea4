//! The layering ARCHITECTURE.md describes, as tests over the source: no import circle
//! between modules at any level, the pure core importing no edge, rules sharing helpers
//! only through helper modules or `model`, and nothing outside `lint/` reaching into its
//! rules.
//!
//! A module is a file (`a/mod.rs` is `a` itself). A file's imports are the `crate::`,
//! `super::` and `self::` paths it names (in `use` trees and in expressions), and in a
//! `mod.rs` also paths through its own children's names. A name a `mod.rs` re-exports
//! (`pub use child::Name`, also `pub(crate)`) counts as the child's. `#[cfg(test)]` modules at the end of a
//! file and comments are not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

struct Crate {
    /// Every module with its file's import-bearing text.
    files: BTreeMap<Module, String>,
    /// What each module re-exports: name → the module that defines it.
    reexports: BTreeMap<Module, BTreeMap<String, Module>>,
    /// Module → the modules it imports (resolved, without itself).
    imports: BTreeMap<Module, BTreeSet<Module>>,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn module_of(path: &Path) -> Option<Module> {
    let relative = path.strip_prefix(src()).ok()?.with_extension("");
    let mut parts: Module = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.last().map(String::as_str) {
        // The binary is its own crate.
        Some("main") if parts.len() == 1 => return None,
        Some("mod") | Some("lib") => {
            parts.pop();
        }
        _ => {}
    }
    Some(parts)
}

/// The text without comments and without a trailing `#[cfg(test)] mod …`.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        // Line comments (and doc comments); a `//` inside a string literal is rare in the
        // lines that matter here and only ever hides an import, never invents one.
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Expands a use tree or path starting at `text` (after its first segment) into full
/// paths: `a::{b, c::{d, e}}` → a::b, a::c::d, a::c::e.
fn expand(prefix: &[String], text: &[u8], at: &mut usize, out: &mut Vec<Module>) {
    let mut path = prefix.to_vec();
    loop {
        // Expect `::` then a segment or a group.
        let rest = &text[*at..];
        let skipped = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if !rest[skipped..].starts_with(b"::") {
            break;
        }
        *at += skipped + 2;
        while *at < text.len() && text[*at].is_ascii_whitespace() {
            *at += 1;
        }
        if text.get(*at) == Some(&b'{') {
            *at += 1;
            loop {
                while *at < text.len() && (text[*at].is_ascii_whitespace() || text[*at] == b',') {
                    *at += 1;
                }
                if *at >= text.len() || text[*at] == b'}' {
                    *at += 1;
                    break;
                }
                let start = *at;
                while *at < text.len() && is_ident_byte(text[*at]) {
                    *at += 1;
                }
                if start == *at {
                    // `*` or something unexpected: skip a byte.
                    *at += 1;
                    out.push(path.clone());
                    continue;
                }
                let segment = String::from_utf8_lossy(&text[start..*at]).into_owned();
                let mut inner = path.clone();
                if segment != "self" {
                    inner.push(segment);
                }
                expand(&inner, text, at, out);
                // Skip an `as alias`.
                while *at < text.len() && !matches!(text[*at], b',' | b'}') {
                    *at += 1;
                }
            }
            return;
        }
        let start = *at;
        while *at < text.len() && is_ident_byte(text[*at]) {
            *at += 1;
        }
        if start == *at {
            break;
        }
        path.push(String::from_utf8_lossy(&text[start..*at]).into_owned());
    }
    out.push(path);
}

/// Every path a file names, made absolute.
fn paths_in(module: &Module, is_parent_file: bool, code: &str, children: &[String]) -> Vec<Module> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_ident_byte(bytes[i])
            || (i > 0 && (is_ident_byte(bytes[i - 1]) || bytes[i - 1] == b':'))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_ident_byte(bytes[i]) {
            i += 1;
        }
        let word = &code[start..i];
        if !code[i..].trim_start().starts_with("::") {
            continue;
        }
        // `self::`/a child's name is relative to the module itself; `super::` to its parent.
        let base: Option<Module> = match word {
            "crate" => Some(Vec::new()),
            "self" => Some(module.clone()),
            "super" => Some(module[..module.len().saturating_sub(1)].to_vec()),
            child if is_parent_file && children.iter().any(|c| c == child) => {
                let mut base = module.clone();
                base.push(child.to_string());
                Some(base)
            }
            _ => None,
        };
        let Some(mut base) = base else { continue };
        // `super::super::`.
        while code[i..].trim_start().starts_with("::super") {
            let skip = code[i..].find("::super").unwrap() + "::super".len();
            i += skip;
            base.pop();
        }
        expand(&base, bytes, &mut i, &mut out);
    }
    let _ = is_parent_file;
    out
}

fn load() -> Crate {
    let mut paths = Vec::new();
    walk(&src(), &mut paths);
    let mut files = BTreeMap::new();
    let mut parent_files = BTreeSet::new();
    for path in &paths {
        let Some(module) = module_of(path) else {
            continue;
        };
        let name = path.file_stem().unwrap().to_string_lossy();
        if name == "mod" || name == "lib" {
            parent_files.insert(module.clone());
        }
        files.insert(module, code_of(&std::fs::read_to_string(path).unwrap()));
    }
    let children = |module: &Module| -> Vec<String> {
        files
            .keys()
            .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
            .map(|m| m.last().unwrap().clone())
            .collect()
    };
    let resolve_module = |path: &[String]| -> Module {
        (0..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|m| files.contains_key(m))
            .unwrap_or_default()
    };
    // Re-exports: `pub use` in a file, resolved to where the name is defined.
    let mut reexports: BTreeMap<Module, BTreeMap<String, Module>> = BTreeMap::new();
    for (module, code) in &files {
        let parent = parent_files.contains(module);
        let kids = children(module);
        for statement in code.split(';') {
            let Some((at, keyword)) = ["pub use ", "pub(crate) use "]
                .iter()
                .find_map(|k| statement.find(k).map(|at| (at, k.len())))
            else {
                continue;
            };
            let tree = &statement[at + keyword..];
            for path in paths_in(module, parent, tree, &kids) {
                let target = resolve_module(&path);
                if let Some(name) = path.last()
                    && target != *module
                    && path.len() > target.len()
                {
                    reexports
                        .entry(module.clone())
                        .or_default()
                        .insert(name.clone(), target);
                }
            }
        }
    }
    let mut imports = BTreeMap::new();
    for (module, code) in &files {
        let parent = parent_files.contains(module);
        let kids = children(module);
        let mut to = BTreeSet::new();
        for path in paths_in(module, parent, code, &kids) {
            let mut target = resolve_module(&path);
            // Follow re-exports (a chain of them, e.g. a facade re-exporting a facade).
            for _ in 0..4 {
                let next = path
                    .get(target.len())
                    .and_then(|name| reexports.get(&target).and_then(|names| names.get(name)));
                match next {
                    Some(defined) if *defined != target => target = defined.clone(),
                    _ => break,
                }
            }
            if target != *module && !target.is_empty() {
                to.insert(target);
            }
        }
        imports.insert(module.clone(), to);
    }
    Crate {
        files,
        reexports,
        imports,
    }
}

fn show(module: &[String]) -> String {
    if module.is_empty() {
        "crate".into()
    } else {
        module.join("::")
    }
}

/// At each level of the tree (the crate root, then every module with children), the
/// parent's own file and each child's subtree are nodes; an import between subtrees is an
/// edge. Returns the cycles found, as module lists.
fn cycles(krate: &Crate) -> Vec<String> {
    let mut found = Vec::new();
    let parents: BTreeSet<Module> = krate
        .files
        .keys()
        .filter(|m| !m.is_empty())
        .map(|m| m[..m.len() - 1].to_vec())
        .collect();
    for parent in &parents {
        // The node of a module at this level: the parent itself, or the child it lies under.
        let node_of = |module: &Module| -> Option<Module> {
            if !module.starts_with(parent) {
                return None;
            }
            Some(module[..(parent.len() + 1).min(module.len())].to_vec())
        };
        let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        let mut witness: BTreeMap<(Module, Module), (Module, Module)> = BTreeMap::new();
        for (from, targets) in &krate.imports {
            let Some(a) = node_of(from) else { continue };
            for to in targets {
                let Some(b) = node_of(to) else { continue };
                if a != b {
                    edges.entry(a.clone()).or_default().insert(b.clone());
                    witness
                        .entry((a.clone(), b.clone()))
                        .or_insert((from.clone(), to.clone()));
                }
            }
        }
        // Depth-first search for a back edge; report the cycle it closes.
        fn visit(
            node: &Module,
            edges: &BTreeMap<Module, BTreeSet<Module>>,
            state: &mut BTreeMap<Module, u8>,
            stack: &mut Vec<Module>,
            out: &mut Vec<Vec<Module>>,
        ) {
            state.insert(node.clone(), 1);
            stack.push(node.clone());
            for next in edges.get(node).into_iter().flatten() {
                match state.get(next).copied().unwrap_or(0) {
                    0 => visit(next, edges, state, stack, out),
                    1 => {
                        let at = stack.iter().position(|m| m == next).unwrap();
                        let mut cycle = stack[at..].to_vec();
                        cycle.push(next.clone());
                        out.push(cycle);
                    }
                    _ => {}
                }
            }
            stack.pop();
            state.insert(node.clone(), 2);
        }
        let mut state = BTreeMap::new();
        let mut raw = Vec::new();
        for node in edges.keys() {
            if !state.contains_key(node) {
                visit(node, &edges, &mut state, &mut Vec::new(), &mut raw);
            }
        }
        for cycle in raw {
            let steps: Vec<String> = cycle
                .windows(2)
                .map(|pair| {
                    let (from, to) = &witness[&(pair[0].clone(), pair[1].clone())];
                    format!(
                        "{} → {} ({} imports {})",
                        show(&pair[0]),
                        show(&pair[1]),
                        show(from),
                        show(to)
                    )
                })
                .collect();
            found.push(steps.join("; "));
        }
    }
    found
}

#[test]
fn no_import_circle_between_modules() {
    let krate = load();
    assert!(
        krate.files.len() > 100,
        "read {} modules",
        krate.files.len()
    );
    let found = cycles(&krate);
    assert!(
        found.is_empty(),
        "import circles (move what both sides need below both):\n{}",
        found.join("\n")
    );
}

/// The test's own parser finds what it must: circles it is shown, re-exports it follows.
#[test]
fn the_import_reader_sees_circles_and_reexports() {
    let module = |s: &str| -> Module { s.split("::").map(String::from).collect() };
    let code = "use crate::{model::{self, Config}, lint::diagnostic::Sink};\nfn f() { rules::RULES; super::x::y(); }";
    let mut paths = paths_in(&module("lint"), true, code, &["rules".to_string()]);
    paths.sort();
    assert_eq!(
        paths,
        vec![
            module("lint::diagnostic::Sink"),
            module("lint::rules::RULES"),
            module("model"),
            module("model::Config"),
            module("x::y"),
        ]
    );
    let mut files = BTreeMap::new();
    for m in ["a", "a::b", "a::c"] {
        files.insert(module(m), String::new());
    }
    let mut imports = BTreeMap::new();
    imports.insert(module("a::b"), BTreeSet::from([module("a::c")]));
    imports.insert(module("a::c"), BTreeSet::from([module("a::b")]));
    let krate = Crate {
        files,
        reexports: BTreeMap::new(),
        imports,
    };
    assert_eq!(cycles(&krate).len(), 1);
    // The real crate: `lint`'s facade re-exports what it defines nowhere else.
    let real = load();
    assert!(
        real.reexports
            .get(&module("lint"))
            .is_some_and(|r| !r.is_empty()),
        "no re-export found in lint/mod.rs"
    );
}

/// The pure core (`syntax`, `model`, `lint`, `fix`) imports none of the edges.
#[test]
fn the_core_imports_no_edge() {
    let krate = load();
    let core = ["syntax", "model", "lint", "fix"];
    let mut offenders = Vec::new();
    for (from, targets) in &krate.imports {
        if !core.contains(&from.first().map(String::as_str).unwrap_or("")) {
            continue;
        }
        for to in targets {
            let top = to.first().map(String::as_str).unwrap_or("");
            let allowed = core[..=core
                .iter()
                .position(|c| Some(*c) == from.first().map(String::as_str))
                .unwrap()]
                .contains(&top);
            if !allowed {
                offenders.push(format!("{} imports {}", show(from), show(to)));
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

/// A rule's file imports no other rule's file: shared helpers live in the rules' helper
/// modules (`lint/rules/` files that are no rule's check) or in `model`. The rules are the
/// modules `CHECKS` in `lint/rules/mod.rs` names.
#[test]
fn rules_share_helpers_not_each_other() {
    let krate = load();
    let rules: Module = vec!["lint".into(), "rules".into()];
    let table = &krate.files[&rules];
    let is_rule = |name: &str| table.contains(&format!(" {name}::check)"));
    assert!(is_rule("legacy_sso_profile") && !is_rule("helpers"));
    let mut offenders = Vec::new();
    for (from, targets) in &krate.imports {
        if from.len() != 3 || !from.starts_with(&rules) || !is_rule(&from[2]) {
            continue;
        }
        for to in targets {
            if to.len() == 3 && to.starts_with(&rules) && is_rule(&to[2]) {
                offenders.push(format!("{} imports {}", show(from), show(to)));
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

/// Facts about the file live in `model`: nothing outside `src/lint/` reaches into the rules
/// (the migration planner, doctor and the language server once did, for section kinds,
/// intended values, session names and Identity Center hosts).
#[test]
fn nothing_outside_lint_imports_its_rules_or_context() {
    let krate = load();
    let mut offenders = Vec::new();
    for (from, targets) in &krate.imports {
        if from.first().map(String::as_str) == Some("lint") {
            continue;
        }
        for to in targets {
            if to.len() >= 2 && to[0] == "lint" && to[1] == "rules" {
                offenders.push(format!("{} imports {}", show(from), show(to)));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "use `model`:\n{}",
        offenders.join("\n")
    );
}

/// Both crate roots forbid unsafe code (the one `unsafe` call, for file leases, lives in
/// `crates/lease`).
#[test]
fn the_crate_forbids_unsafe_code() {
    for root in ["lib.rs", "main.rs"] {
        let text = std::fs::read_to_string(src().join(root)).unwrap();
        assert!(text.contains("#![forbid(unsafe_code)]"), "{root}");
    }
}
