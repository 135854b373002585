//! Monitoring periods (`monitoraggio/<periodo>/periodo.toml`): each file on its own,
//! then all of them against the plan's years.

use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;

use super::placed::{Placed, check_unique};
use super::problems::Problems;
use super::raw;
use super::values::{date, percent};
use crate::diagnostic::Diagnostic;
use crate::model::number::format_percent;
use crate::model::{Date, Period, PlanInfo};

/// Where a period file's values are, for the checks against the plan and the other periods.
#[derive(Debug, Clone)]
pub struct PeriodSpans {
    /// The key `anno`.
    pub year: Range<usize>,
    /// The value of `fine`.
    pub end: Range<usize>,
    /// The value of `quota_anno`.
    pub share: Range<usize>,
}

/// The period of the file in folder `folder`; `None` when its id is not the folder's
/// name or a value is invalid.
pub fn period_from(
    folder: &str,
    f: raw::PeriodFile,
    p: &mut Problems,
) -> Option<(Period, PeriodSpans)> {
    let id = f.id.get_ref().trim().to_owned();
    let id_matches = id == folder;
    if !id_matches {
        p.error(
            f.id.span(),
            format!("l'id del periodo \"{id}\" non corrisponde alla cartella \"{folder}\""),
            format!("usare id = \"{folder}\" o rinominare la cartella"),
        );
    }
    let end = date(&f.fine, "fine", p);
    let published = date(&f.data_pubblicazione, "data_pubblicazione", p);
    let updated = date(&f.data_aggiornamento, "data_aggiornamento", p);
    let share = percent(&f.quota_anno, "quota_anno", p);
    if let Some(s) = share
        && (s.is_zero() || s > Decimal::ONE_HUNDRED)
    {
        p.error(
            f.quota_anno.span(),
            "quota_anno deve essere tra 0% (escluso) e 100%",
            "ad esempio \"50%\" al 30 giugno, \"100%\" a fine anno",
        );
    }
    let year = *f.anno.get_ref() as i32;
    if let Some(e) = end
        && e.year() != year
    {
        p.error(
            f.fine.span(),
            format!("la data di fine {} non è nell'anno {year}", e.iso()),
            "la data di fine del periodo cade nell'anno del periodo",
        );
    }
    // only a period with a valid end and share can be told a year end or not
    if let (Some(e), Some(s)) = (end, share)
        && e.year() == year
        && !s.is_zero()
        && s <= Decimal::ONE_HUNDRED
    {
        check_year_end(e, s, f.quota_anno.span(), p);
    }
    if let (Some(pu), Some(up)) = (published, updated)
        && up < pu
    {
        p.error(
            f.data_aggiornamento.span(),
            "la data di aggiornamento precede quella di pubblicazione",
            "data_aggiornamento deve essere uguale o successiva a data_pubblicazione",
        );
    }
    if !id_matches {
        return None;
    }
    let spans = PeriodSpans {
        year: p.key_of(&f.anno),
        end: f.fine.span(),
        share: f.quota_anno.span(),
    };
    let period = Period {
        id,
        title: f.titolo.into_inner(),
        year,
        end: end?,
        year_share: share?,
        published: published?,
        updated: updated?,
        reports: Vec::new(),
    };
    Some((period, spans))
}

/// The year end is the period on 31 December with the whole year elapsed: one without
/// the other would evaluate final results as interim ones, or pro-rate final targets.
fn check_year_end(end: Date, share: Decimal, share_span: Range<usize>, p: &mut Problems) {
    let on_year_end = Date::new(end.year(), 12, 31) == Some(end);
    let whole_year = share >= Decimal::ONE_HUNDRED;
    if on_year_end && !whole_year {
        p.error(
            share_span,
            format!(
                "il periodo termina il {} ma quota_anno è {}: al 31 dicembre è trascorso tutto l'anno",
                end.italian(),
                format_percent(share)
            ),
            "per i risultati di fine anno (consuntivo) usare quota_anno = \"100%\"; per un monitoraggio intermedio correggere la data di fine",
        );
    } else if whole_year && !on_year_end {
        p.error(
            share_span,
            format!(
                "quota_anno 100% indica i risultati di fine anno, ma il periodo termina il {}",
                end.italian()
            ),
            format!(
                "per il consuntivo usare fine = {}-12-31; per un monitoraggio intermedio indicare la parte dell'anno trascorsa alla data di fine (ad esempio \"50%\" al 30 giugno)",
                end.year()
            ),
        );
    }
}

/// Whether a period is on 31 December exactly when the whole year has elapsed.
fn year_end_consistent(p: &Period) -> bool {
    (Date::new(p.end.year(), 12, 31) == Some(p.end)) == p.is_final()
}

/// Periods within the plan's years and with distinct ids; returned oldest first.
///
/// `owner` says which plan a year belongs to when there are several (the one adopted
/// most recently among those covering it): a period of a year that a newer plan
/// covers belongs to that plan.
pub fn check_periods<'a>(
    mut periods: Vec<Placed<'a, Period, PeriodSpans>>,
    info: &PlanInfo,
    owner: &dyn Fn(i32) -> Option<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Placed<'a, Period, PeriodSpans>> {
    for period in &periods {
        let p = &period.value;
        if p.year < info.first_year || p.year > info.last_year {
            Problems::new(period.src, diags).error(
                period.spans.year.clone(),
                format!(
                    "il periodo {} è del {}, fuori dal piano {}–{}",
                    p.id, p.year, info.first_year, info.last_year
                ),
                "controllare l'anno del periodo, o gli anni del piano (anno_inizio, anno_fine)",
            );
        } else if let Some(other) = owner(p.year).filter(|o| *o != info.id) {
            Problems::new(period.src, diags).error(
                period.spans.year.clone(),
                format!("il periodo {} è del {}, un anno del piano {other}, adottato dopo il piano {}", p.id, p.year, info.id),
                format!("ogni anno si misura con il piano più recente che lo comprende: spostare la cartella del periodo in piani/{other}/monitoraggio/"),
            );
        }
    }
    periods
        .sort_by(|a, b| (a.value.end.cmp(&b.value.end)).then_with(|| a.value.id.cmp(&b.value.id)));
    check_unique(
        periods
            .iter()
            .map(|p| (p.value.id.as_str(), p.src, p.id_span.clone())),
        "periodo",
        diags,
    );
    check_order(&periods, diags);
    periods
}

/// Within each year, periods sorted by end date: at most one year end, nothing after it,
/// and each period with more of the year elapsed than the one before.
fn check_order(periods: &[Placed<Period, PeriodSpans>], diags: &mut Vec<Diagnostic>) {
    let mut by_year: BTreeMap<i32, Vec<&Placed<Period, PeriodSpans>>> = BTreeMap::new();
    for period in periods {
        by_year.entry(period.value.year).or_default().push(period);
    }
    for (year, periods) in by_year {
        let mut year_end: Option<&Placed<Period, PeriodSpans>> = None;
        let mut previous: Option<&Placed<Period, PeriodSpans>> = None;
        for period in periods {
            let p = &period.value;
            let mut problems = Problems::new(period.src, diags);
            match (p.is_final(), year_end, previous) {
                (true, Some(first), _) => problems.error(
                    period.spans.share.clone(),
                    format!(
                        "secondo periodo di fine anno per il {year}: {} ha già quota_anno 100% ({})",
                        first.value.id,
                        first.src.path().display()
                    ),
                    "un anno ha un solo consuntivo: tenere un solo periodo con quota_anno = \"100%\", o correggere l'anno o la quota dell'altro",
                ),
                (false, Some(end), _) => problems.error(
                    period.spans.end.clone(),
                    format!(
                        "il periodo {} (al {}) viene dopo i risultati di fine anno {year} (periodo {}, quota_anno 100%)",
                        p.id,
                        p.end.italian(),
                        end.value.id
                    ),
                    "dopo il consuntivo non ci sono altri monitoraggi dello stesso anno: correggere la data di fine o la quota dell'anno di uno dei due periodi",
                ),
                // a year end on the wrong day, or the reverse, is reported on its own
                (_, None, Some(before))
                    if p.year_share <= before.value.year_share && year_end_consistent(p) =>
                {
                    problems
                    .error(
                        period.spans.share.clone(),
                        format!(
                            "quota_anno {} del periodo {} non è maggiore di quella del periodo precedente {} ({})",
                            format_percent(p.year_share),
                            p.id,
                            before.value.id,
                            format_percent(before.value.year_share)
                        ),
                        "nello stesso anno, un periodo che termina più tardi ha una parte dell'anno trascorsa maggiore: correggere quota_anno o la data di fine",
                    );
                }
                _ => {}
            }
            if p.is_final() && year_end.is_none() {
                year_end = Some(period);
            }
            previous = Some(period);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Source;
    use crate::load::parsed::{Item, ParsedFile};

    const PERIOD: &str = "id = \"2022-S1\"\ntitolo = \"Primo semestre\"\nanno = 2022\nfine = 2022-06-30\nquota_anno = \"50%\"\ndata_pubblicazione = 2022-07-31\ndata_aggiornamento = 2022-07-31\n";

    fn parse(folder: &str, text: &str) -> (Item, Vec<(usize, usize, String)>) {
        let path = format!("monitoraggio/{folder}/periodo.toml");
        let mut file = ParsedFile::parse(Source::new(path, text));
        let claimed = file.claim(false);
        let said = claimed
            .diags
            .iter()
            .map(|d| (d.line, d.column, d.message.clone()))
            .collect();
        (claimed.item, said)
    }

    #[test]
    fn a_period_reads_with_the_span_of_its_year() {
        let (item, said) = parse("2022-S1", PERIOD);
        assert!(said.is_empty(), "{said:?}");
        let Item::Period(Some(period)) = item else {
            panic!("no period")
        };
        let (period, spans) = *period;
        assert_eq!((period.id.as_str(), period.year), ("2022-S1", 2022));
        assert_eq!(period.year_share, rust_decimal::Decimal::from(50));
        assert_eq!(&PERIOD[spans.year], "anno");
    }

    #[test]
    fn the_id_must_be_the_folder_name() {
        let (item, said) = parse("2022-S2", PERIOD);
        assert!(matches!(item, Item::Period(None)));
        assert_eq!(
            said,
            [(
                1,
                6,
                "l'id del periodo \"2022-S1\" non corrisponde alla cartella \"2022-S2\"".to_owned()
            )]
        );
    }

    #[test]
    fn share_end_and_dates_are_checked() {
        let text = PERIOD
            .replace("\"50%\"", "\"150%\"")
            .replace("fine = 2022-06-30", "fine = 2023-06-30")
            .replace(
                "data_aggiornamento = 2022-07-31",
                "data_aggiornamento = 2022-07-01",
            );
        let (item, said) = parse("2022-S1", &text);
        assert!(
            matches!(item, Item::Period(Some(_))),
            "the values are still read"
        );
        let said: Vec<(usize, usize, &str)> =
            said.iter().map(|(l, c, m)| (*l, *c, m.as_str())).collect();
        assert_eq!(
            said,
            [
                (5, 14, "quota_anno deve essere tra 0% (escluso) e 100%"),
                (4, 8, "la data di fine 2023-06-30 non è nell'anno 2022"),
                (
                    7,
                    22,
                    "la data di aggiornamento precede quella di pubblicazione"
                ),
            ]
        );
    }
}
