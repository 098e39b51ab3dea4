//! Suggesting names: the closest profile, session or rule names to a misspelt one.

/// The names in `candidates` closest to `wanted` (a misspelt profile or rule name), best
/// first, at most three: those that start with it or contain it, then those within a third
/// of its length in edits (at least two).
pub fn closest_names<'c>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Vec<&'c str> {
    let lower = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != wanted)
        .filter_map(|c| {
            let candidate = c.to_lowercase();
            if !lower.is_empty() && (candidate.starts_with(&lower) || candidate.contains(&lower)) {
                return Some((0, c));
            }
            let distance = strsim::damerau_levenshtein(&lower, &candidate);
            (distance <= limit).then_some((distance, c))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// ` (did you mean `a`, `b`?)` for [`closest_names`], or nothing.
pub fn did_you_mean_suffix(names: &[&str]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!(" (did you mean {}?)", quoted.join(", "))
}
