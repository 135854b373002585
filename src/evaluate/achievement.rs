//! Achievement arithmetic shared by KPIs and roll-ups: percentages, rounding, the cap.

use rust_decimal::{Decimal, RoundingStrategy};

/// `a / b × 100`, saturating instead of overflowing on absurd inputs (and on `b = 0`).
pub fn percent_of(a: Decimal, b: Decimal) -> Decimal {
    a.checked_div(b)
        .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
        .unwrap_or(Decimal::MAX)
}

/// Rounding of achievements and weights: 2 decimals, half away from zero.
pub fn round(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A raw achievement within `0..=cap`, rounded.
pub fn capped(raw: Decimal, cap: Decimal) -> Decimal {
    round(raw.min(cap).max(Decimal::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn percent_of_saturates() {
        assert_eq!(percent_of(dec!(1), dec!(8)), dec!(12.5));
        assert_eq!(percent_of(dec!(1), dec!(0)), Decimal::MAX);
        assert_eq!(percent_of(Decimal::MAX, dec!(0.5)), Decimal::MAX);
    }

    #[test]
    fn rounds_half_away_from_zero_to_two_decimals() {
        assert_eq!(round(dec!(66.665)), dec!(66.67));
        assert_eq!(round(dec!(66.664)), dec!(66.66));
        assert_eq!(round(dec!(-0.005)), dec!(-0.01));
    }

    #[test]
    fn capped_keeps_within_zero_and_the_cap() {
        assert_eq!(capped(dec!(150), dec!(120)), dec!(120));
        assert_eq!(capped(dec!(-3), dec!(100)), dec!(0));
        assert_eq!(capped(dec!(99.995), dec!(100)), dec!(100));
        assert_eq!(capped(dec!(83.3333), dec!(100)), dec!(83.33));
    }
}
