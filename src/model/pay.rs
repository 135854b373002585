//! Performance pay (premi collegati alla performance, art. 20 d.lgs. 33/2013): the
//! amounts allocated and paid in a year, and their distribution by evaluation band,
//! for managers and for the other staff. Only aggregate figures exist here: a band
//! counts people, it never names them, and a count of 1 or 2 cannot be built.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::Date;

/// The premi of one year (`premi/<anno>.toml`).
#[derive(Debug, Clone, Serialize)]
pub struct PayYear {
    /// The year the performance was evaluated for.
    pub year: i32,
    /// The date the figures refer to.
    pub date: Date,
    /// The act that allocated or paid the premi, as written.
    pub act: String,
    pub act_url: Option<String>,
    /// The body's own document with the criteria, besides the SMVP page of the section.
    pub criteria_url: Option<String>,
    /// What the body writes about the degree of differentiation, verbatim.
    pub statement: String,
    pub managers: PayGroup,
    pub staff: PayGroup,
    /// The year's acts (`[[documento]]`: the contratto integrativo, the determina of
    /// distribution…).
    pub documents: Vec<super::document::Document>,
}

impl PayYear {
    /// Both groups, managers first.
    pub fn groups(&self) -> [(Staff, &PayGroup); 2] {
        [
            (Staff::Managers, &self.managers),
            (Staff::Others, &self.staff),
        ]
    }

    /// Allocated to both groups.
    pub fn allocated(&self) -> Decimal {
        self.managers.allocated.get() + self.staff.allocated.get()
    }

    /// Paid to both groups.
    pub fn paid(&self) -> Decimal {
        self.managers.paid.get() + self.staff.paid.get()
    }
}

/// The two groups art. 20 keeps apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Staff {
    /// Dirigenti.
    Managers,
    /// Personale non dirigente.
    Others,
}

impl Staff {
    /// The table of the content file, and the code in data files and addresses.
    pub fn code(self) -> &'static str {
        match self {
            Staff::Managers => "dirigenti",
            Staff::Others => "personale",
        }
    }

    /// Label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Staff::Managers => "Dirigenti",
            Staff::Others => "Personale non dirigente",
        }
    }
}

/// The premi of one group in one year.
#[derive(Debug, Clone, Serialize)]
pub struct PayGroup {
    pub allocated: Euro,
    pub paid: Euro,
    /// From the highest evaluation band to the lowest; empty when the body publishes
    /// no distribution for the group (e.g. fewer than three managers).
    pub bands: Vec<Band>,
}

impl PayGroup {
    /// People in every band.
    pub fn people(&self) -> u32 {
        self.bands.iter().map(|b| b.people.get()).sum()
    }

    /// Paid in every band together.
    pub fn bands_paid(&self) -> Decimal {
        self.bands.iter().map(|b| b.paid.get()).sum()
    }

    /// Average premium over every person in the bands; `None` without people.
    pub fn average(&self) -> Option<Decimal> {
        average(self.bands_paid(), self.people())
    }

    /// Share of people in the highest band, in percent: the lower, the more selective.
    /// `None` without people.
    pub fn top_share(&self) -> Option<Decimal> {
        let top = self.bands.first()?;
        share(top.people.get(), self.people())
    }

    /// Ratio between the highest and the lowest average premium of the bands with
    /// people: 1 means no differentiation. `None` with fewer than two such bands, or
    /// when the lowest average is zero (the ratio has no bound).
    pub fn spread(&self) -> Option<Decimal> {
        let averages: Vec<Decimal> = self.bands.iter().filter_map(Band::average).collect();
        if averages.len() < 2 {
            return None;
        }
        let high = averages.iter().max()?;
        let low = averages.iter().min()?;
        if low.is_zero() {
            return None;
        }
        high.checked_div(*low)
            .map(|r| r.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }
}

/// An evaluation band of a group: how many people, and what they were paid together.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// As the body writes it: "da 90 a 100".
    pub label: String,
    pub people: Headcount,
    pub paid: Euro,
}

impl Band {
    /// The average premium in the band; `None` for an empty band.
    pub fn average(&self) -> Option<Decimal> {
        average(self.paid.get(), self.people.get())
    }
}

/// A number of people that identifies nobody: zero, or three or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Headcount(u32);

/// Below this many people (zero apart) a band tells who they are.
pub const FEWEST: u32 = 3;

impl Headcount {
    /// The count, when it identifies nobody.
    pub fn new(people: u32) -> Option<Headcount> {
        (people == 0 || people >= FEWEST).then_some(Headcount(people))
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// An amount in euro, never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Euro(Decimal);

impl Euro {
    /// The amount, when it is not negative.
    pub fn new(value: Decimal) -> Option<Euro> {
        (value >= Decimal::ZERO).then_some(Euro(value))
    }

    pub fn get(self) -> Decimal {
        self.0
    }
}

/// `part` of `whole` in percent; `None` when `whole` is zero.
pub fn share(part: u32, whole: u32) -> Option<Decimal> {
    (whole > 0).then(|| Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole))
}

/// `total` over `people`, to the cent; `None` without people.
fn average(total: Decimal, people: u32) -> Option<Decimal> {
    (people > 0).then(|| {
        (total / Decimal::from(people))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn band(label: &str, people: u32, paid: Decimal) -> Band {
        Band {
            label: label.into(),
            people: Headcount::new(people).unwrap(),
            paid: Euro::new(paid).unwrap(),
        }
    }

    fn group(bands: Vec<Band>) -> PayGroup {
        PayGroup {
            allocated: Euro::new(dec!(100000)).unwrap(),
            paid: Euro::new(dec!(90000)).unwrap(),
            bands,
        }
    }

    #[test]
    fn one_or_two_people_identify_them() {
        assert_eq!(Headcount::new(0).map(Headcount::get), Some(0));
        assert_eq!(Headcount::new(1), None);
        assert_eq!(Headcount::new(2), None);
        assert_eq!(Headcount::new(3).map(Headcount::get), Some(3));
        assert_eq!(Euro::new(dec!(-0.01)), None);
    }

    #[test]
    fn differentiation_is_measured_on_the_bands() {
        let g = group(vec![
            band("da 90 a 100", 25, dec!(50000)),
            band("da 70 a 89", 8, dec!(12000)),
            band("sotto 70", 3, dec!(1500)),
            band("non valutati", 0, dec!(0)),
        ]);
        assert_eq!(g.people(), 36);
        assert_eq!(g.bands_paid(), dec!(63500));
        assert_eq!(g.average(), Some(dec!(1763.89)));
        // 25 of 36 people
        assert_eq!(g.top_share().map(|s| s.round_dp(1)), Some(dec!(69.4)));
        // 2000 / 500
        assert_eq!(g.spread(), Some(dec!(4.00)));
    }

    #[test]
    fn without_two_paid_bands_there_is_no_ratio() {
        assert_eq!(group(vec![band("unica", 5, dec!(100))]).spread(), None);
        let zero = group(vec![band("alta", 5, dec!(100)), band("bassa", 4, dec!(0))]);
        assert_eq!(zero.spread(), None);
        let empty = group(Vec::new());
        assert_eq!((empty.top_share(), empty.average()), (None, None));
    }
}
