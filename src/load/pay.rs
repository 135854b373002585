//! `premi/<anno>.toml`: the premi of one year (art. 20 d.lgs. 33/2013), read on its own.
//! Everything is checked within the file: amounts, bands, the privacy guard (a band of
//! 1 or 2 people, a list of names), and whether the sums agree.

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::value::Datetime;

use super::problems::Problems;
use super::raw::S;
use super::toml_error::parse;
use super::values::{date, decimal};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::number::format_euro;
use crate::model::pay::{Band, Euro, FEWEST, Headcount, PayGroup, PayYear, Staff};

/// The folder of the premi files, in the content folder.
pub const FOLDER: &str = "premi";

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PayFile {
    data: S<Datetime>,
    atto: S<String>,
    url_atto: Option<S<String>>,
    url_criteri: Option<S<String>>,
    #[serde(default)]
    differenziazione: String,
    dirigenti: GroupRaw,
    personale: GroupRaw,
    #[serde(default)]
    documento: Vec<super::raw::DocumentRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupRaw {
    stanziati: S<toml::Value>,
    distribuiti: S<toml::Value>,
    #[serde(default)]
    fascia: Vec<BandRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BandRaw {
    valutazione: S<String>,
    persone: S<toml::Value>,
    distribuiti: S<toml::Value>,
}

/// The premi of the file `premi/<stem>.toml`; `None` when anything in it is an error
/// (reported in `p`).
pub fn pay_from(stem: &str, p: &mut Problems) -> Option<PayYear> {
    let Some(year) = year_of(stem) else {
        p.diags.push(
            Diagnostic::file(
                Severity::Error,
                p.src.path(),
                format!("il file dei premi \"{stem}.toml\" non ha per nome un anno"),
            )
            .hint("chiamare il file con l'anno della valutazione a cui si riferiscono i premi, ad esempio premi/2025.toml"),
        );
        return None;
    };
    let file = match parse::<PayFile>(p.src.get()) {
        Ok(f) => f,
        Err(d) => {
            p.diags.push(names_refused(d));
            return None;
        }
    };
    let errors = p.diags.iter().filter(|d| d.is_error()).count();
    let on = date(&file.data, "data", p);
    let act = file.atto.get_ref().trim().to_owned();
    if act.is_empty() {
        p.error(
            file.atto.span(),
            "premi senza atto",
            "scrivere l'atto che ha stanziato o liquidato i premi, ad esempio atto = \"Determinazione del Segretario generale n. 45 del 30/06/2026\"",
        );
    }
    let act_url = file
        .url_atto
        .as_ref()
        .and_then(|u| web_address(u, "url_atto", p));
    let criteria_url = file
        .url_criteri
        .as_ref()
        .and_then(|u| web_address(u, "url_criteri", p));
    let managers = group_from(Staff::Managers, &file.dirigenti, p);
    let staff = group_from(Staff::Others, &file.personale, p);
    let documents = super::documents::documents_from(&file.documento, p);
    if p.diags.iter().filter(|d| d.is_error()).count() > errors {
        return None;
    }
    Some(PayYear {
        year,
        date: on?,
        act,
        act_url,
        criteria_url,
        statement: file.differenziazione.trim().to_owned(),
        managers: managers?,
        staff: staff?,
        documents,
    })
}

/// `2025` from the file stem `2025`.
fn year_of(stem: &str) -> Option<i32> {
    let digits = stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| stem.parse().ok()).flatten()
}

/// An unknown key that looks like a list of people is refused for what it is: premi
/// are published in aggregate form only.
fn names_refused(d: Diagnostic) -> Diagnostic {
    let key = d
        .message
        .strip_prefix("chiave sconosciuta `")
        .and_then(|rest| rest.strip_suffix('`'));
    match key {
        Some(key) if looks_like_names(key) => Diagnostic {
            message: format!("chiave `{key}`: i premi non si pubblicano con i nomi delle persone"),
            hint: Some("pubblicare solo dati aggregati (art. 20 d.lgs. 33/2013; Garante, provv. 398/2023): togliere l'elenco e indicare per ogni fascia il numero di persone e l'importo distribuito".into()),
            ..d
        },
        _ => d,
    }
}

/// True for a key naming people one by one (`nominativi`, `beneficiari`, `cognome`...).
fn looks_like_names(key: &str) -> bool {
    const STEMS: [&str; 9] = [
        "nom",
        "cognom",
        "beneficiar",
        "assegnatar",
        "percettor",
        "elenc",
        "matricol",
        "codice_fiscale",
        "codici_fiscali",
    ];
    let key = key.to_lowercase();
    STEMS.iter().any(|s| key.starts_with(s))
}

/// An absolute web address, or an error.
fn web_address(u: &S<String>, what: &str, p: &mut Problems) -> Option<String> {
    let url = u.get_ref().trim();
    let absolute = url.starts_with("https://") || url.starts_with("http://");
    if !absolute {
        p.error(
            u.span(),
            format!("{what}: \"{url}\" non è un indirizzo web"),
            "scrivere l'indirizzo completo del documento pubblicato, ad esempio \"https://www.ente.it/atti/premi-2025.pdf\"",
        );
    }
    absolute.then(|| url.to_owned())
}

/// An amount in euro, not negative.
fn euro(value: &S<toml::Value>, what: &str, p: &mut Problems) -> Option<Euro> {
    let amount = decimal(value, what, p)?;
    let euro = Euro::new(amount);
    if euro.is_none() {
        p.error(
            value.span(),
            format!("{what}: importo negativo"),
            "scrivere l'importo in euro senza segno, ad esempio \"12.345,67\"",
        );
    }
    euro
}

fn group_from(staff: Staff, raw: &GroupRaw, p: &mut Problems) -> Option<PayGroup> {
    let code = staff.code();
    // the key as written in the group's table: the hints show the line to write
    let allocated = euro(&raw.stanziati, "stanziati", p);
    let paid = euro(&raw.distribuiti, "distribuiti", p);
    let bands: Vec<Option<Band>> = raw.fascia.iter().map(|b| band_from(b, code, p)).collect();
    let bands: Option<Vec<Band>> = bands.into_iter().collect();
    let group = PayGroup {
        allocated: allocated?,
        paid: paid?,
        bands: bands?,
    };
    if group.paid > group.allocated {
        p.warn(
            raw.distribuiti.span(),
            format!(
                "{code}: distribuiti {} più dei {} stanziati",
                format_euro(group.paid.get()),
                format_euro(group.allocated.get())
            ),
            "controllare gli importi: si distribuisce al massimo quanto stanziato; se lo stanziamento è stato integrato, indicare lo stanziamento complessivo",
        );
    }
    let in_bands = group.bands_paid();
    if !group.bands.is_empty() && in_bands != group.paid.get() {
        p.warn(
            raw.distribuiti.span(),
            format!(
                "{code}: le fasce sommano {}, ma distribuiti è {}",
                format_euro(in_bands),
                format_euro(group.paid.get())
            ),
            "le fasce ripartiscono l'importo distribuito: correggere gli importi delle fasce o il totale distribuito",
        );
    }
    Some(group)
}

fn band_from(raw: &BandRaw, code: &str, p: &mut Problems) -> Option<Band> {
    let label = raw.valutazione.get_ref().trim().to_owned();
    if label.is_empty() {
        p.error(
            raw.valutazione.span(),
            "fascia senza valutazione",
            "scrivere la fascia di valutazione, ad esempio valutazione = \"da 90 a 100\"",
        );
    }
    let people = headcount(raw, &label, code, p);
    let paid = euro(&raw.distribuiti, "distribuiti", p);
    if let (Some(people), Some(paid)) = (people, paid)
        && people.get() == 0
        && paid.get() > Decimal::ZERO
    {
        p.error(
            raw.distribuiti.span(),
            format!(
                "fascia \"{label}\" senza persone ma con {} distribuiti",
                format_euro(paid.get())
            ),
            "una fascia senza persone ha distribuiti = 0: correggere il numero di persone o l'importo",
        );
        return None;
    }
    if label.is_empty() {
        return None;
    }
    Some(Band {
        label,
        people: people?,
        paid: paid?,
    })
}

/// The people of a band: a whole number, zero or at least [`FEWEST`].
fn headcount(raw: &BandRaw, label: &str, code: &str, p: &mut Problems) -> Option<Headcount> {
    let span = raw.persone.span();
    let n = match raw.persone.get_ref() {
        toml::Value::Integer(n) => *n,
        toml::Value::Array(_) => {
            p.error(
                span,
                format!("fascia \"{label}\": persone è un elenco, non un numero"),
                "i premi si pubblicano solo in forma aggregata (art. 20 d.lgs. 33/2013): scrivere quante persone ci sono nella fascia, ad esempio persone = 12, mai i loro nomi",
            );
            return None;
        }
        _ => {
            let written = p.src.get().text.get(span.clone()).unwrap_or("").trim();
            p.error(
                span,
                format!("fascia \"{label}\": persone = {written} non è un numero intero di persone"),
                "scrivere quante persone ci sono nella fascia, un numero intero senza virgolette, ad esempio persone = 12",
            );
            return None;
        }
    };
    let Ok(n) = u32::try_from(n) else {
        p.error(
            span,
            format!("fascia \"{label}\": persone = {n} non è un numero di persone"),
            "scrivere quante persone ci sono nella fascia, un numero intero da 0 in su",
        );
        return None;
    };
    let counted = Headcount::new(n);
    if counted.is_none() {
        p.error(
            span,
            format!(
                "{code}: la fascia \"{label}\" ha {} e le rende riconoscibili",
                crate::italian::count(n as usize, "persona", "persone")
            ),
            format!("i premi si pubblicano solo in forma aggregata (art. 20 d.lgs. 33/2013): unire la fascia a quella vicina, perché ogni fascia abbia almeno {FEWEST} persone (0 va bene)"),
        );
    }
    counted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;
    use crate::load::text::Text;
    use rust_decimal_macros::dec;

    const GOOD: &str = include_str!("../init/completo/premi/2025.toml");

    fn read(text: &str) -> (Option<PayYear>, Vec<Diagnostic>) {
        let src = Text::new(Source::new("premi/2025.toml", text));
        let mut diags = Vec::new();
        let year = pay_from("2025", &mut Problems::new(&src, &mut diags));
        (year, diags)
    }

    /// `line:column message` of each diagnostic.
    fn said(diags: &[Diagnostic]) -> Vec<String> {
        diags
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn the_example_reads_into_aggregate_figures() {
        let (year, diags) = read(GOOD);
        assert!(diags.is_empty(), "{diags:#?}");
        let year = year.expect("premi");
        assert_eq!(
            (year.year, year.date.iso()),
            (2025, "2026-06-30".to_owned())
        );
        assert_eq!(year.allocated(), dec!(222000.00));
        assert_eq!(year.paid(), dec!(211750.00));
        let labels: Vec<(&str, u32)> = year
            .staff
            .bands
            .iter()
            .map(|b| (b.label.as_str(), b.people.get()))
            .collect();
        assert_eq!(
            labels,
            [
                ("da 90 a 100", 41),
                ("da 80 a 89", 12),
                ("da 70 a 79", 9),
                ("sotto 70", 0)
            ]
        );
        assert_eq!(year.staff.spread(), Some(dec!(1.48)));
    }

    #[test]
    fn a_band_of_two_is_refused_with_how_to_merge_it() {
        let text = GOOD.replace("persone = 12", "persone = 2");
        let (year, diags) = read(&text);
        assert!(year.is_none());
        assert_eq!(
            said(&diags),
            ["38:11 personale: la fascia \"da 80 a 89\" ha 2 persone e le rende riconoscibili"]
        );
        assert!(
            diags[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("unire la fascia a quella vicina")
        );
    }

    #[test]
    fn sums_that_disagree_are_warnings_with_both_amounts() {
        let text = GOOD
            .replace(
                "distribuiti = \"40.500,00\"\n\n#",
                "distribuiti = \"43.000,00\"\n\n#",
            )
            .replace(
                "persone = 9\ndistribuiti = \"18.250,00\"",
                "persone = 9\ndistribuiti = \"18.000,00\"",
            );
        let (year, diags) = read(&text);
        assert!(year.is_some());
        assert!(diags.iter().all(|d| !d.is_error()));
        assert_eq!(
            said(&diags),
            [
                "14:15 dirigenti: distribuiti 43.000,00 € più dei 42.000,00 € stanziati",
                "14:15 dirigenti: le fasce sommano 40.500,00 €, ma distribuiti è 43.000,00 €",
                "29:15 personale: le fasce sommano 171.000,00 €, ma distribuiti è 171.250,00 €",
            ]
        );
    }

    #[test]
    fn a_list_of_names_is_refused_as_such() {
        let text = format!("nominativi = [\"Mario Rossi\"]\n{GOOD}");
        let (year, diags) = read(&text);
        assert!(year.is_none());
        assert_eq!(
            said(&diags),
            ["1:1 chiave `nominativi`: i premi non si pubblicano con i nomi delle persone"]
        );
    }

    #[test]
    fn only_a_four_digit_year_names_a_file() {
        assert_eq!(year_of("2025"), Some(2025));
        for other in ["25", "02025", "premi-2025", "anno", "+202"] {
            assert_eq!(year_of(other), None, "{other}");
        }
    }

    #[test]
    fn keys_that_name_people_are_recognised() {
        for names in [
            "nominativi",
            "Nomi",
            "cognome",
            "beneficiari",
            "elenco_dipendenti",
        ] {
            assert!(looks_like_names(names), "{names}");
        }
        for other in ["dipendenti", "persone", "fasce", "note"] {
            assert!(!looks_like_names(other), "{other}");
        }
    }
}
