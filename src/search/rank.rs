//! Ranking a scan's hits: a stable sort by (exact key match, score, tier) done by counting,
//! on both cores for large results. The scan's order (the index's slot order) breaks the ties.
//! Which entities are hits, and their scores, is the scan's business (`scan`).

use rayon::prelude::*;

use super::Hit;
use super::scan::PARALLEL_MIN;

/// The scan's hits (its parts, in order) sorted best first: an exact key match, then score,
/// then tier; ties keep the scan's order, which is the index's slot order (shorter name, more
/// links, file order).
///
/// So ranking is a stable sort on a small key, and it is done by counting: scores of one query
/// span a narrow range, so the hits fall into few buckets, and one pass counts them, another
/// places them, straight from the scan's parts. At a million entities a one-letter query ranks
/// ~670k hits; a comparison sort of those was a third of its time. A query whose scores spread
/// too wide for buckets (very long queries) falls back to a stable comparison sort.
pub(super) fn rank(parts: Vec<Vec<Hit>>) -> Vec<Hit> {
    let total: usize = parts.iter().map(Vec::len).sum();
    let groups = match total < PARALLEL_MIN {
        true => 1,
        false => rayon::current_num_threads().max(1),
    };
    rank_in_groups(parts, groups)
}

/// [`rank`] on `groups` threads: the buckets are cut into `groups` runs of about equal numbers
/// of hits, and each thread reads every hit and places those of its own buckets, into its own
/// part of the result (so the places are disjoint, and the order within a bucket is the scan's).
fn rank_in_groups(parts: Vec<Vec<Hit>>, groups: usize) -> Vec<Hit> {
    const MAX_BUCKETS: i64 = 1 << 16;
    let all = || parts.iter().flatten();
    let (Some(low), Some(high)) = (all().map(|h| h.score).min(), all().map(|h| h.score).max())
    else {
        return Vec::new();
    };
    let total = parts.iter().map(Vec::len).sum();
    // (tier != 0, worse score, tier) as one number; tiers are 0, 1 or 2.
    let span = high - low + 1;
    let bucket = |h: &Hit| -> usize {
        let inexact = i64::from(h.tier != 0);
        ((inexact * span + (high - h.score)) * 3 + i64::from(h.tier.min(2))) as usize
    };
    let buckets = span.saturating_mul(6);
    if buckets > MAX_BUCKETS {
        let mut hits: Vec<Hit> = parts.into_iter().flatten().collect();
        let key = |h: &Hit| (h.tier != 0, std::cmp::Reverse(h.score), h.tier);
        if hits.len() < PARALLEL_MIN {
            hits.sort_by_key(key);
        } else {
            hits.par_sort_by_key(key);
        }
        return hits;
    }
    let buckets = buckets as usize;
    let count = |mut counts: Vec<usize>, part: &Vec<Hit>| {
        for h in part {
            counts[bucket(h)] += 1;
        }
        counts
    };
    let counts = match groups {
        1 => parts.iter().fold(vec![0usize; buckets], count),
        _ => parts
            .par_iter()
            .fold(|| vec![0usize; buckets], count)
            .reduce(
                || vec![0usize; buckets],
                |mut a, b| {
                    a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
                    a
                },
            ),
    };
    // starts[b]: where bucket b begins in the result.
    let mut starts = Vec::with_capacity(buckets + 1);
    starts.push(0);
    for c in &counts {
        starts.push(starts.last().copied().unwrap_or(0) + c);
    }
    // Group g takes buckets cuts[g]..cuts[g + 1]: the first bucket that starts past its share.
    let mut cuts: Vec<usize> = (0..groups)
        .map(|g| starts.partition_point(|&s| s < total * g / groups))
        .collect();
    cuts[0] = 0;
    cuts.push(buckets);
    let mut ranked = vec![*all().next().expect("a hit: scores had a minimum"); total];
    let mut places: Vec<(&mut [Hit], std::ops::Range<usize>)> = Vec::with_capacity(groups);
    let mut rest = ranked.as_mut_slice();
    for g in 0..groups {
        let (from, to) = (cuts[g].min(cuts[g + 1]), cuts[g + 1]);
        let (mine, after) = rest.split_at_mut(starts[to] - starts[from]);
        places.push((mine, from..to));
        rest = after;
    }
    let place = |(out, range): (&mut [Hit], std::ops::Range<usize>)| {
        let base = starts[range.start];
        let mut at: Vec<usize> = starts[range.clone()].iter().map(|s| s - base).collect();
        for h in all() {
            let b = bucket(h);
            if range.contains(&b) {
                let slot = &mut at[b - range.start];
                out[*slot] = *h;
                *slot += 1;
            }
        }
    };
    match groups {
        1 => places.into_iter().for_each(place),
        _ => places.into_par_iter().for_each(place),
    }
    ranked
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    proptest! {
        /// Counting (narrow scores) and the comparison fallback (scores too spread for buckets)
        /// both give the stable sort by (exact match, score, tier).
        #[test]
        fn rank_is_a_stable_sort_by_exactness_score_and_tier(
            raw in proptest::collection::vec((0u8..3, -40i64..40, any::<bool>()), 0..60)
        ) {
            use super::super::{Hit, MatchedKey};
            let hits: Vec<Hit> = raw
                .iter()
                .enumerate()
                .map(|(i, &(tier, score, wide))| Hit {
                    entity: i as u32,
                    score: if wide { score * 100_000 } else { score },
                    key: MatchedKey::Name,
                    tier,
                })
                .collect();
            let mut want = hits.clone();
            want.sort_by_key(|h| (h.tier != 0, std::cmp::Reverse(h.score), h.tier));
            // In parts of up to 7, as the scan hands them over.
            let parts: Vec<Vec<Hit>> = hits.chunks(7).map(<[Hit]>::to_vec).collect();
            prop_assert_eq!(super::rank(parts.clone()), want.clone());
            // On threads: each places the hits of its run of buckets.
            for groups in 2..5 {
                prop_assert_eq!(super::rank_in_groups(parts.clone(), groups), want.clone());
            }
        }
    }
}
