//! [`Ranked`]: a search's hits in order, of which a lazy search has ordered only the first
//! screens; the rest are scored and ranked the first time a hit past them is read. How the
//! first screens are found is `lazy`'s business; this is the list the explorer and the CLI read.

use std::cell::OnceCell;
use std::sync::Arc;

use super::Hit;
use super::index::SearchIndex;
use super::lazy::Rest;

/// A search's hits, best first. `len` is known at once; [`Ranked::get`] of a hit past the first
/// screens of a lazy search ranks every hit (once, kept), so every read sees the order a full
/// ranking gives.
#[derive(Clone, Default)]
pub struct Ranked {
    /// The first hits in order: all of them, unless `rest` holds what ranks the others.
    first: Vec<Hit>,
    len: usize,
    rest: Option<(Rest, Arc<SearchIndex>)>,
    /// Every hit in order, once ranked (for a lazy search).
    all: OnceCell<Vec<Hit>>,
}

impl Ranked {
    /// `first` of `len` hits in order, the rest ranked from `rest` when asked for.
    pub(super) fn lazy(first: Vec<Hit>, len: usize, rest: Rest, index: Arc<SearchIndex>) -> Self {
        Ranked {
            first,
            len,
            rest: Some((rest, index)),
            all: OnceCell::new(),
        }
    }

    /// The number of hits.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no hits.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The hit at rank `i` (0 is the best).
    pub fn get(&self, i: usize) -> Option<&Hit> {
        match self.first.get(i) {
            Some(hit) => Some(hit),
            None if i < self.len => self.all().get(i),
            None => None,
        }
    }

    /// The first hit.
    pub fn first(&self) -> Option<&Hit> {
        self.get(0)
    }

    /// The hits in order; those past the first screens are ranked when the iterator reaches
    /// them.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            ranked: self,
            next: 0,
        }
    }

    /// Every hit in order.
    pub fn into_vec(self) -> Vec<Hit> {
        if self.rest.is_none() {
            return self.first;
        }
        self.all();
        self.all.into_inner().unwrap_or_default()
    }

    /// Whether the order past the first screens is still to be worked out.
    pub fn is_partial(&self) -> bool {
        self.rest.is_some() && self.all.get().is_none()
    }

    /// Every hit in order, ranking them now if needed.
    fn all(&self) -> &[Hit] {
        match &self.rest {
            None => &self.first,
            Some((rest, index)) => self.all.get_or_init(|| rest.finish(index)),
        }
    }
}

/// The hits of a [`Ranked`] in order ([`Ranked::iter`]).
pub struct Iter<'a> {
    ranked: &'a Ranked,
    next: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Hit;

    fn next(&mut self) -> Option<&'a Hit> {
        let hit = self.ranked.get(self.next)?;
        self.next += 1;
        Some(hit)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.ranked.len - self.next;
        (left, Some(left))
    }
}

impl<'a> IntoIterator for &'a Ranked {
    type Item = &'a Hit;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl From<Vec<Hit>> for Ranked {
    fn from(hits: Vec<Hit>) -> Ranked {
        Ranked {
            len: hits.len(),
            first: hits,
            rest: None,
            all: OnceCell::new(),
        }
    }
}

impl std::fmt::Debug for Ranked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ranked")
            .field("len", &self.len)
            .field("first", &self.first)
            .field("partial", &self.is_partial())
            .finish()
    }
}

/// Equal when the hits are, in the same order (ranking what either has not yet).
impl PartialEq for Ranked {
    fn eq(&self, other: &Ranked) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for Ranked {}

impl PartialEq<Vec<Hit>> for Ranked {
    fn eq(&self, other: &Vec<Hit>) -> bool {
        self.len == other.len() && self.iter().eq(other.iter())
    }
}
