//! The domain conventions kgx reads from a graph file: the core entity kinds, deal statuses,
//! the roles by which parties take part in deals and pay each other, the relation types and
//! attribute keys the analyses look for, and what a valid date is.
//!
//! The file format itself stays open (any kind, any relation type, any attribute); these are
//! only the words that carry meaning for validation and analysis. Adding a deal status or a money
//! role is a change to this file alone. This is a leaf: it imports nothing from the crate, and it
//! holds names and one validity check, no behaviour over a graph.

/// The kinds the explorer and search know by name; every other kind counts as "other".
pub(crate) const CORE_KINDS: [&str; 4] = [KIND_COMPANY, KIND_CHIP, KIND_CLOUD, KIND_DEAL];
/// A company (Amazon, OpenAI).
pub(crate) const KIND_COMPANY: &str = "company";
/// A chip (Trainium3, GB200); its designer owns it when nobody operates it.
pub(crate) const KIND_CHIP: &str = "chip";
/// A cloud (AWS, Azure), usually operated by a company.
pub(crate) const KIND_CLOUD: &str = "cloud";
/// A deal entity: parties point at it with role relations ([`PARTY_ROLES`]).
pub(crate) const KIND_DEAL: &str = "deal";

/// The statuses a deal may have; others load with a warning.
pub(crate) const KNOWN_STATUSES: &[&str] = &[
    "rumored",
    "talks",
    "announced",
    "signed",
    "completed",
    "cancelled",
];

/// Statuses of a deal not yet agreed: its amount and valuation are proposals, so a valuation it
/// carries does not date a company's valuation (the as-of view skips it).
pub(crate) const PROPOSED_STATUSES: &[&str] = &["rumored", "talks"];

/// How a deal ended (`ended_how`, beside the `ended` date); others load with a warning.
pub(crate) const KNOWN_ENDINGS: &[&str] = &[
    ENDED_SUPERSEDED,
    "terminated",
    "not_exercised",
    "on_hold",
    "withdrawn",
];
/// The ending of a deal that a newer deal replaced (the newer one `supersedes` it).
pub(crate) const ENDED_SUPERSEDED: &str = "superseded";

/// Relation types by which a party takes part in a deal, in the order parties are listed.
pub(crate) const PARTY_ROLES: &[&str] = &[
    "investor", "investee", "customer", "provider", "buyer", "supplier", "partner",
];

/// The party role of the company a funding round values (its `valuation_usd`).
pub(crate) const ROLE_INVESTEE: &str = "investee";
/// The party role of the company a deal without an investee values (an employee share sale:
/// the buyers are `buyer`s, the company whose shares change hands a `partner`).
pub(crate) const ROLE_PARTNER: &str = "partner";

/// What a leg of money is for when it buys something ([`MONEY_ROLES`]).
pub(crate) const LABEL_PURCHASE: &str = "purchase";
/// What a leg of money is for when it buys a stake ([`MONEY_ROLES`]).
pub(crate) const LABEL_INVESTMENT: &str = "investment";

/// Deal roles that move money: (payer role, payee role, what the payment is).
pub(crate) const MONEY_ROLES: &[(&str, &str, &str)] = &[
    ("investor", "investee", LABEL_INVESTMENT),
    ("customer", "provider", LABEL_PURCHASE),
    ("buyer", "supplier", LABEL_PURCHASE),
];

/// Relation types carrying `amount_usd` whose money goes from `to` to `from`
/// (`aws -provider-> openai`: OpenAI pays AWS). Every other type pays from `from` to `to`.
pub(crate) const PAYEE_FIRST_TYPES: &[&str] = &["provider", "supplier", "investee", "sells_to"];

/// `owner -operates-> unit` (`amazon -operates-> aws`): the unit counts as its owner's party.
pub(crate) const REL_OPERATES: &str = "operates";
/// `designer -designs-> chip`: a chip nobody operates counts as its first designer's party.
pub(crate) const REL_DESIGNS: &str = "designs";
/// `deal -covers-> cloud or chip`: what a purchase buys; its seller is the covered unit.
pub(crate) const REL_COVERS: &str = "covers";
/// `newer -supersedes-> older`: the newer deal replaces the older one in totals.
pub(crate) const REL_SUPERSEDES: &str = "supersedes";
/// `deal -part_of-> larger deal`: the part does not count on its own in totals.
pub(crate) const REL_PART_OF: &str = "part_of";
/// `cloud -offers-> chip`: a cloud rents out a chip.
pub(crate) const REL_OFFERS: &str = "offers";

/// The attribute holding an amount of money in US dollars.
pub(crate) const ATTR_AMOUNT_USD: &str = "amount_usd";
/// A flag beside [`ATTR_AMOUNT_USD`]: the amount is a floor (`at least $10B`).
pub(crate) const ATTR_AT_LEAST: &str = "at_least";
/// The attribute holding a date ([`is_valid_date`]).
pub(crate) const ATTR_DATE: &str = "date";
/// The attribute holding a deal's status ([`KNOWN_STATUSES`]).
pub(crate) const ATTR_STATUS: &str = "status";
/// The attribute holding the date a deal ended ([`is_valid_date`]); before it the deal was live.
pub(crate) const ATTR_ENDED: &str = "ended";
/// The attribute saying how a deal ended ([`KNOWN_ENDINGS`]); it needs [`ATTR_ENDED`].
pub(crate) const ATTR_ENDED_HOW: &str = "ended_how";
/// The attribute holding a company's valuation in US dollars, dated by [`ATTR_VALUATION_DATE`]
/// on the company, or by the deal's [`ATTR_DATE`] on a funding round.
pub(crate) const ATTR_VALUATION_USD: &str = "valuation_usd";
/// The date of a company's own [`ATTR_VALUATION_USD`].
pub(crate) const ATTR_VALUATION_DATE: &str = "valuation_date";
/// The prefix of a valuation and its qualifiers (`valuation_usd_at_least`, ...), which the as-of
/// view replaces together.
pub(crate) const VALUATION_PREFIX: &str = "valuation_";

/// Whether an attribute key names a date by convention: `date` or a key ending in `_date`
/// (`valuation_date`). The overview also treats as dates any key whose values are mostly dates.
pub(crate) fn is_date_key(key: &str) -> bool {
    key == ATTR_DATE || key.ends_with("_date")
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a plausible month and day.
pub(crate) fn is_valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => num(y, 4),
        [y, m] => num(y, 4) && num(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)),
        [y, m, d] => {
            num(y, 4)
                && num(m, 2)
                && num(d, 2)
                && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&d.parse::<u32>().unwrap_or(0))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for ok in ["2025", "2025-11", "2025-11-03"] {
            assert!(is_valid_date(ok), "{ok}");
        }
        for bad in ["25", "2025-13", "2025-1-3", "2025-11-32", "Nov 2025", ""] {
            assert!(!is_valid_date(bad), "{bad}");
        }
    }
}
