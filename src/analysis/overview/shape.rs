//! The shape of a graph: its most connected entities, the isolated ones, and its connected
//! components (relations taken in both directions), in linear time: one pass over the degrees,
//! one partial selection for the top, and a union-find over the relations' ends.
//!
//! What it does not do: paths or anything that depends on direction (that is `analysis::path`).

use super::MOST_CONNECTED;
use crate::graph::{EntityIx, Graph};

/// One of the most connected entities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connected {
    /// The entity.
    pub entity: EntityIx,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// Relations touching it, both directions.
    pub degree: usize,
}

/// The connected components.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Components {
    /// How many (an isolated entity is a component of one).
    pub count: usize,
    /// Entities in the largest.
    pub largest: usize,
}

pub(super) struct Shape {
    pub most_connected: Vec<Connected>,
    pub isolated: Vec<EntityIx>,
    pub components: Components,
}

pub(super) fn collect(g: &Graph) -> Shape {
    let isolated = g.entity_ixs().filter(|&ix| g.degree(ix) == 0).collect();
    Shape {
        most_connected: most_connected(g),
        isolated,
        components: components(g),
    }
}

/// The top entities by degree, ties in file order; entities with no relation are left out.
fn most_connected(g: &Graph) -> Vec<Connected> {
    let mut all: Vec<(std::cmp::Reverse<usize>, EntityIx)> = g
        .entity_ixs()
        .map(|ix| (std::cmp::Reverse(g.degree(ix)), ix))
        .filter(|(d, _)| d.0 > 0)
        .collect();
    if all.len() > MOST_CONNECTED {
        all.select_nth_unstable(MOST_CONNECTED - 1);
        all.truncate(MOST_CONNECTED);
    }
    all.sort_unstable();
    all.into_iter()
        .map(|(d, ix)| {
            let e = g.entity(ix);
            Connected {
                entity: ix,
                id: e.id().to_string(),
                name: e.name().to_string(),
                kind: e.kind().to_string(),
                degree: d.0,
            }
        })
        .collect()
}

/// Union-find with path halving and union by size.
fn components(g: &Graph) -> Components {
    let n = g.entity_count();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut size = vec![1u32; n];
    fn root(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let up = parent[parent[x as usize] as usize];
            parent[x as usize] = up;
            x = up;
        }
        x
    }
    let mut count = g.visible_entity_count();
    for r in g.relation_ixs() {
        let (a, b) = g.relation_ends(r);
        let (mut a, mut b) = (root(&mut parent, a), root(&mut parent, b));
        if a == b {
            continue;
        }
        if size[a as usize] < size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        parent[b as usize] = a;
        size[a as usize] += size[b as usize];
        count -= 1;
    }
    let largest = (0..n)
        .filter(|&i| parent[i] == i as u32 && g.shows_entity(i as u32))
        .map(|i| size[i] as usize)
        .max()
        .unwrap_or(0);
    Components { count, largest }
}
