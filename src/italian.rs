//! Italian words that agree with a number.

/// `n` followed by the singular or the plural: `count(1, "errore", "errori")` is
/// "1 errore", `count(2, ...)` "2 errori" (zero takes the plural, as in Italian).
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_noun_agrees_with_the_number() {
        assert_eq!(count(0, "area", "aree"), "0 aree");
        assert_eq!(count(1, "area", "aree"), "1 area");
        assert_eq!(
            count(2, "periodo di monitoraggio", "periodi di monitoraggio"),
            "2 periodi di monitoraggio"
        );
    }
}
