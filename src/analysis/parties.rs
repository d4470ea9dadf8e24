//! Parties: which entity counts as which company. An owner and the unit it `operates` (Amazon
//! and AWS), or the chip it designs when nobody operates that chip (Nvidia and its GB200), are
//! one party.
//!
//! Deals (`--party` filters) and flows (who pays whom) both ask this; neither owns it. This
//! module only maps entities to parties: it does not read deals or money.

use crate::conventions::{KIND_CHIP, REL_DESIGNS, REL_OPERATES};
use crate::graph::{EntityIx, Graph};

/// How far `operates` chains are followed to find a unit's owner.
const MAX_OWNER_DEPTH: usize = 8;

/// Maps every entity to the party it counts as: the top owner of what it is operated by, or
/// itself.
#[derive(Clone, Debug)]
pub struct Units {
    owner: Vec<EntityIx>,
}

impl Units {
    /// Owners from `operates` relations (`amazon -operates-> aws`), and for a chip nobody
    /// operates, its first designer (`nvidia -designs-> nvidia-gb200`).
    pub fn new(graph: &Graph) -> Units {
        let mut owner: Vec<EntityIx> = (0..graph.entity_count() as u32).collect();
        for r in graph.relations() {
            if r.rtype() == REL_OPERATES && r.source_ix() != r.target_ix() {
                owner[r.target_ix() as usize] = r.source_ix();
            }
        }
        for r in graph.relations() {
            let chip = r.target_ix() as usize;
            if r.rtype() == REL_DESIGNS
                && owner[chip] == r.target_ix()
                && r.source_ix() != r.target_ix()
                && r.to().kind() == KIND_CHIP
            {
                owner[chip] = r.source_ix();
            }
        }
        for e in 0..owner.len() {
            let mut top = owner[e];
            for _ in 0..MAX_OWNER_DEPTH {
                let up = owner[top as usize];
                if up == top {
                    break;
                }
                top = up;
            }
            owner[e] = top;
        }
        Units { owner }
    }

    /// Every entity is its own party.
    pub fn separate(graph: &Graph) -> Units {
        Units {
            owner: (0..graph.entity_count() as u32).collect(),
        }
    }

    /// The party `e` counts as.
    pub fn party(&self, e: EntityIx) -> EntityIx {
        self.owner[e as usize]
    }

    /// Heap bytes held (one index per entity).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.owner.capacity() * std::mem::size_of::<EntityIx>()
    }
}
