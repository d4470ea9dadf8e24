//! Circular money: A pays B (typically an investment) and B pays A back (typically a commitment
//! to buy A's cloud or chips), as with Microsoft → OpenAI → Azure or Amazon → OpenAI → AWS.
//!
//! Cycles are found on the party-level flows of [`super::flows`], so a unit and its owner are
//! one party unless the flows were built with units kept apart. Only two-party cycles are
//! listed: they are the pattern the users ask about, and finding them is one hash lookup per
//! pair of parties. Longer rings (A → B → C → A) are deliberately not searched.

use super::flows::{Flows, PairFlow};
use crate::conventions::LABEL_INVESTMENT;
use crate::graph::EntityIx;

/// A two-party cycle: money from `a` to `b` (`out`) and back from `b` to `a` (`back`).
#[derive(Clone, Debug, PartialEq)]
pub struct Cycle<'f> {
    /// The party that starts the cycle: the one whose outgoing legs include an investment, or
    /// else the one paying more.
    pub a: EntityIx,
    /// The other party of the cycle.
    pub b: EntityIx,
    /// The money from `a` to `b`.
    pub out: &'f PairFlow,
    /// The money from `b` back to `a`.
    pub back: &'f PairFlow,
}

impl Cycle<'_> {
    /// The money going round, both ways: the sort key.
    pub fn total_usd(&self) -> f64 {
        self.out.total_usd + self.back.total_usd
    }
}

/// Every two-party cycle, largest first.
pub fn cycles<'f>(flows: &'f Flows<'_>) -> Vec<Cycle<'f>> {
    let mut found: Vec<Cycle<'f>> = flows
        .pairs
        .iter()
        .filter(|p| p.payer < p.payee)
        .filter_map(|there| {
            let back = flows.pair(there.payee, there.payer)?;
            Some(orient(flows, there, back))
        })
        .collect();
    found.sort_by(|x, y| {
        y.total_usd()
            .total_cmp(&x.total_usd())
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    found
}

fn orient<'f>(flows: &Flows<'_>, one: &'f PairFlow, other: &'f PairFlow) -> Cycle<'f> {
    let invests = |p: &PairFlow| {
        p.legs
            .iter()
            .any(|&l| flows.legs[l].label == LABEL_INVESTMENT)
    };
    let one_first = match (invests(one), invests(other)) {
        (true, false) => true,
        (false, true) => false,
        _ => one.total_usd >= other.total_usd,
    };
    let (out, back) = if one_first {
        (one, other)
    } else {
        (other, one)
    };
    Cycle {
        a: out.payer,
        b: out.payee,
        out,
        back,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::flows::{flows, tests::graph};

    #[test]
    fn finds_the_investment_that_comes_back_as_spending() {
        let g = graph();
        let f = flows(&g, false);
        let found = cycles(&f);
        let named: Vec<_> = found
            .iter()
            .map(|c| (g.entity(c.a).id(), g.entity(c.b).id()))
            .collect();
        assert_eq!(named, [("amazon", "openai")]);
        let amazon = &found[0];
        assert_eq!(amazon.out.total_usd / 1e9, 50.0);
        assert_eq!(amazon.back.total_usd / 1e9, 138.0);
        assert_eq!(amazon.total_usd() / 1e9, 188.0);
    }

    #[test]
    fn kept_apart_units_break_the_cycle() {
        let g = graph();
        let f = flows(&g, true);
        assert!(cycles(&f).is_empty());
    }
}
