//! Did-you-mean: the candidate closest to a mistyped word, if one is close enough to be a likely
//! typo. Used by loading (unknown fields, unknown entity ids, misspelt file names) and by search
//! (ids for a query that matched nothing). It only compares strings; callers word the hint.

/// The candidate closest to `target`, if any is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    target: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let t = target.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&t, &c.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_only() {
        let ids = ["openai", "amazon", "aws"];
        assert_eq!(closest("opnai", ids.into_iter()), Some("openai"));
        assert_eq!(closest("zzzzzz", ids.into_iter()), None);
    }
}
