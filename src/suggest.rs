//! Did-you-mean: which known names a mistyped one most likely meant. A leaf, so that loading
//! (unknown fields, ids, anchors) and querying (actors, tags, sources, keys) suggest alike.

/// The closest of `candidates` to `word`, if any is close enough to be a likely typo.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    ranked(word, candidates).into_iter().next()
}

/// Candidates that look like `word`, most similar first: a typo or two away (transpositions
/// count once), or containing the word.
pub fn ranked<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Vec<&'c str> {
    let lower = word.to_lowercase();
    let mut scored: Vec<(usize, u64, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let other = c.to_lowercase();
            let distance = strsim::osa_distance(&lower, &other);
            let near = distance <= (lower.chars().count().min(other.chars().count()) / 3).max(1);
            let contains = lower.chars().count() >= 3 && (other.contains(&lower) || words_within(&lower, &other));
            let similarity = (strsim::jaro_winkler(&lower, &other) * 1e6) as u64;
            (near || contains).then_some((distance, u64::MAX - similarity, c))
        })
        .collect();
    scored.sort();
    let mut seen = std::collections::HashSet::new();
    scored.into_iter().map(|(_, _, c)| c).filter(|c| seen.insert(c.to_lowercase())).collect()
}

/// True when every word of `word` is a word of `other` (`crocus-attack` in `crocus-city-hall-attack`).
fn words_within(word: &str, other: &str) -> bool {
    let split = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect::<Vec<_>>()
    };
    let (mine, theirs) = (split(word), split(other));
    mine.len() > 1 && mine.iter().all(|w| theirs.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_and_ranked() {
        assert_eq!(closest("fbs", ["fsb", "cia", "isis-k"]), Some("fsb"));
        assert_eq!(closest("summery", ["summary", "status"]), Some("summary"));
        assert_eq!(closest("zzz", ["summary", "status"]), None);
        assert_eq!(closest("Confirmd", ["Confirmed", "Claimed"]), Some("Confirmed"));
        assert_eq!(
            ranked("putin", ["Vladimir Putin", "putin-speech", "pudding"]),
            vec!["putin-speech", "Vladimir Putin"]
        );
        assert_eq!(ranked("fbs", ["FSB", "fsb"]), vec!["FSB"]);
        assert_eq!(
            closest("crocus-attack", ["crocus-city-hall-attack", "kyiv-attack"]),
            Some("crocus-city-hall-attack")
        );
    }
}
