//! `sito.toml` (the body; in the single-plan layout also the plan and its rules) and
//! `piani/<id>/piano.toml` (one plan cycle: its years and dates, rules and PIAO).

use std::ops::Range;

use rust_decimal::Decimal;

use super::problems::Problems;
use super::raw::{self, S};
use super::values::{date, days, percent, polarity, word};
use crate::model::{Body, Piao, PlanInfo, Rules};

/// What `sito.toml` gives.
#[derive(Debug, Clone)]
pub struct Site {
    pub body: Body,
    /// The single-plan layout's plan (`[piano]`); `None` when absent or invalid.
    pub plan: Option<PlanSettings>,
    /// Where `[piano]` is written, when it is.
    pub plan_span: Option<Range<usize>>,
}

/// One plan cycle's own settings: `[piano]`, `[valutazione]`, `[piao]`.
#[derive(Debug, Clone)]
pub struct PlanSettings {
    pub info: PlanInfo,
    pub rules: Rules,
    /// The plan's pages were published at the addresses from before plan folders.
    pub legacy_urls: bool,
}

/// The site file's values, checked; `None` when the body is invalid.
pub fn site_from(f: raw::SiteFile, p: &mut Problems) -> Option<Site> {
    let e = f.ente;
    let mut base_url = e.base_url.get_ref().trim().to_owned();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        p.error(
            e.base_url.span(),
            "base_url deve essere un indirizzo assoluto",
            "ad esempio \"https://www.ente.it/amministrazione-trasparente/performance/\"",
        );
    }
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let body = Body {
        name: e.nome.into_inner(),
        ipa_code: e.codice_ipa.into_inner(),
        website: e.sito.into_inner(),
        base_url,
        office: e.ufficio_responsabile.into_inner(),
        licence: e
            .licenza
            .map(S::into_inner)
            .unwrap_or_else(|| "CC-BY-4.0".to_owned()),
        accessibility_statement: e.dichiarazione_accessibilita.into_inner(),
        privacy: e.privacy.into_inner(),
        legal_notes: e.note_legali.into_inner(),
        self_check_page: f.autoverifica.is_some_and(|a| a.pagina),
    };
    let plan_span = f.piano.as_ref().map(S::span);
    let plan = match f.piano {
        Some(plan) => {
            let plan = plan.into_inner();
            let id = format!(
                "{}-{}",
                plan.anno_inizio.get_ref(),
                plan.anno_fine.get_ref()
            );
            let mut settings =
                settings_from(id, String::new(), plan, f.valutazione, f.piao, &[], p);
            // the single-plan layout's pages are published at these addresses
            if let Some(s) = &mut settings {
                s.legacy_urls = true;
            }
            settings
        }
        None => {
            for (section, span) in [
                ("valutazione", f.valutazione.as_ref().map(S::span)),
                ("piao", f.piao.as_ref().map(S::span)),
            ] {
                if let Some(span) = span {
                    p.error(
                        span,
                        format!("la sezione [{section}] senza [piano]"),
                        format!("spostare [{section}] nel file piano.toml del suo piano (piani/<piano>/piano.toml), o aggiungere [piano] in sito.toml se i contenuti hanno un solo piano"),
                    );
                }
            }
            None
        }
    };
    Some(Site {
        body,
        plan,
        plan_span,
    })
}

/// `piani/<id>/piano.toml`, checked; `None` when a date of the plan is invalid.
pub fn plan_file_from(id: &str, f: raw::PlanFile, p: &mut Problems) -> Option<PlanSettings> {
    let valid_id = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-');
    if !valid_id {
        p.error(
            0..0,
            format!("nome della cartella del piano non valido: \"{id}\""),
            "il nome della cartella diventa parte degli indirizzi delle pagine: usare lettere minuscole, cifre e trattini, ad esempio piani/2023-2025/",
        );
    }
    settings_from(
        id.to_owned(),
        format!("piani/{id}/"),
        f.piano,
        f.valutazione,
        f.piao,
        &f.documento,
        p,
    )
}

/// The plan's settings; `None` when a date of the plan is invalid.
fn settings_from(
    id: String,
    folder: String,
    plan: raw::PlanRaw,
    rules: Option<S<raw::RulesRaw>>,
    piao: Option<S<raw::PiaoRaw>>,
    documents: &[super::raw::DocumentRaw],
    p: &mut Problems,
) -> Option<PlanSettings> {
    let (first, last) = (*plan.anno_inizio.get_ref(), *plan.anno_fine.get_ref());
    if !(2000..=2100).contains(&first) || last < first || last - first > 10 {
        p.error(
            plan.anno_fine.span(),
            format!("periodo del piano non valido: {first}–{last}"),
            "anno_inizio e anno_fine tra 2000 e 2100, con anno_fine >= anno_inizio",
        );
    }
    let published = date(&plan.data_pubblicazione, "data_pubblicazione", p);
    let updated = date(&plan.data_aggiornamento, "data_aggiornamento", p);
    if let (Some(pu), Some(up)) = (published, updated)
        && up < pu
    {
        p.error(
            plan.data_aggiornamento.span(),
            "la data di aggiornamento precede quella di pubblicazione",
            "data_aggiornamento deve essere uguale o successiva a data_pubblicazione",
        );
    }
    let rules = rules.map(S::into_inner);
    let smvp_documents = rules
        .as_ref()
        .map(|r| super::documents::documents_from(&r.documento, p))
        .unwrap_or_default();
    let rules = rules_from(rules, p);
    let piao = piao.map(|s| piao_from(s.into_inner()));
    let documents = super::documents::documents_from(documents, p);
    Some(PlanSettings {
        info: PlanInfo {
            id,
            folder,
            title: plan.titolo.into_inner(),
            first_year: first as i32,
            last_year: last as i32,
            published: published?,
            updated: updated?,
            piao,
            documents,
            smvp_documents,
        },
        rules,
        legacy_urls: plan.indirizzi_precedenti.is_some_and(|b| *b.get_ref()),
    })
}

fn piao_from(raw: raw::PiaoRaw) -> Piao {
    let text = |s: S<String>| s.into_inner().trim().to_owned();
    Piao {
        title: text(raw.titolo),
        act: text(raw.atto),
        url: raw.url.map(text).filter(|u| !u.is_empty()),
        strategic_label: raw
            .etichetta_obiettivi_strategici
            .map(text)
            .filter(|l| !l.is_empty()),
    }
}

/// The evaluation rules, each left at its default when absent or invalid.
fn rules_from(raw: Option<raw::RulesRaw>, p: &mut Problems) -> Rules {
    let mut rules = Rules::default();
    let Some(r) = raw else { return rules };
    if let Some(v) = r.polarita_predefinita.as_ref().and_then(|v| polarity(v, p)) {
        rules.default_polarity = v;
    }
    let unknown_aggregation = |w: &str| format!("aggregazione \"{}\" sconosciuta", w.trim());
    if let Some(v) = r
        .aggregazione
        .as_ref()
        .and_then(|v| word(v, unknown_aggregation, p))
    {
        rules.aggregation = v;
    }
    let unknown_interim = |w: &str| format!("regola intermedia \"{}\" sconosciuta", w.trim());
    if let Some(v) = r
        .intermedio
        .as_ref()
        .and_then(|v| word(v, unknown_interim, p))
    {
        rules.interim = v;
    }
    if let Some(v) = &r.tetto
        && let Some(d) = percent(v, "tetto", p)
    {
        if d < Decimal::ONE_HUNDRED {
            p.error(
                v.span(),
                "il tetto non può essere inferiore a 100%",
                "usare 100% (nessun extra-raggiungimento) o un valore maggiore, es. 120%",
            );
        } else {
            rules.cap = d;
        }
    }
    if let Some(v) = &r.soglia_raggiunto
        && let Some(d) = percent(v, "soglia_raggiunto", p)
    {
        rules.achieved_from = d;
    }
    if let Some(v) = &r.soglia_parziale
        && let Some(d) = percent(v, "soglia_parziale", p)
    {
        rules.partial_from = d;
    }
    if let Some(v) = &r.tolleranza_scadenze
        && let Some(d) = days(v, "tolleranza_scadenze", p)
    {
        rules.deadline_tolerance = d;
    }
    let unknown_frequency =
        |w: &str| format!("frequenza dei monitoraggi \"{}\" sconosciuta", w.trim());
    if let Some(v) = r
        .monitoraggi
        .as_ref()
        .and_then(|v| word(v, unknown_frequency, p))
    {
        rules.monitoring = v;
    }
    if let Some(v) = &r.giorni_pubblicazione_monitoraggio
        && let Some(d) = days(v, "giorni_pubblicazione_monitoraggio", p)
    {
        rules.monitoring_days = d;
    }
    if rules.partial_from > rules.achieved_from {
        let span = r.soglia_parziale.as_ref().map(S::span).unwrap_or(0..0);
        p.error(span, "soglia_parziale supera soglia_raggiunto", "la soglia di raggiungimento parziale deve essere minore o uguale a quella di raggiungimento");
    }
    rules
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use crate::diagnostic::{Diagnostic, Source};
    use crate::load::parsed::{Item, ParsedFile};
    use crate::model::{Polarity, rules::Aggregation, rules::Interim};

    use super::*;

    const ENTE: &str = "[ente]\nnome = \"Ente\"\ncodice_ipa = \"x\"\nsito = \"https://ente.it\"\nbase_url = \"https://ente.it/p\"\nufficio_responsabile = \"u\"\ndichiarazione_accessibilita = \"a\"\nprivacy = \"p\"\nnote_legali = \"n\"\n";
    const PIANO: &str = "[piano]\ntitolo = \"Piano\"\nanno_inizio = 2022\nanno_fine = 2024\ndata_pubblicazione = 2022-01-31\ndata_aggiornamento = 2022-02-01\n";

    /// The site of a `sito.toml` made of the standard body and plan and `rest`.
    fn site(rest: &str) -> (Option<Site>, Vec<Diagnostic>) {
        let text = format!("{ENTE}{PIANO}{rest}");
        let mut file = ParsedFile::parse(Source::new("sito.toml", text));
        let claimed = file.claim(false);
        match claimed.item {
            Item::Site(site) => (site.map(|s| *s), claimed.diags),
            other => panic!("not a site: {other:?}"),
        }
    }

    fn said(diags: &[Diagnostic]) -> Vec<(usize, usize, &str)> {
        diags
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect()
    }

    #[test]
    fn a_complete_site_reads_with_default_rules() {
        let (site, diags) = site("");
        assert!(diags.is_empty(), "{diags:?}");
        let site = site.unwrap();
        assert_eq!(site.body.base_url, "https://ente.it/p/");
        assert_eq!(site.body.licence, "CC-BY-4.0");
        let plan = site.plan.unwrap();
        assert_eq!((plan.info.first_year, plan.info.last_year), (2022, 2024));
        assert_eq!(plan.info.id, "2022-2024");
        assert!(plan.legacy_urls);
        assert_eq!(plan.rules, Rules::default());
    }

    #[test]
    fn rules_are_read_by_their_words() {
        let (site, diags) = site(
            "[valutazione]\npolarita_predefinita = \"esatta\"\naggregazione = \"tutti_raggiunti\"\nintermedio = \" intero\"\ntetto = \"120%\"\nsoglia_raggiunto = \"90%\"\nsoglia_parziale = \"60\"\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let rules = site.unwrap().plan.unwrap().rules;
        assert_eq!(rules.default_polarity, Polarity::Esatta);
        assert_eq!(rules.aggregation, Aggregation::TuttiRaggiunti);
        assert_eq!(rules.interim, Interim::Intero);
        assert_eq!(
            (rules.cap, rules.achieved_from, rules.partial_from),
            (dec!(120), dec!(90), dec!(60))
        );
    }

    #[test]
    fn unknown_rule_words_and_bad_thresholds_are_errors_at_their_values() {
        let (site, diags) = site(
            "[valutazione]\naggregazione = \"media\"\nintermedio = \"metà\"\ntetto = \"90%\"\nsoglia_parziale = \"120%\"\n",
        );
        let rules = site.unwrap().plan.unwrap().rules;
        assert_eq!(
            rules,
            Rules {
                partial_from: dec!(120),
                ..Rules::default()
            }
        );
        assert_eq!(
            said(&diags),
            [
                (17, 16, "aggregazione \"media\" sconosciuta"),
                (18, 14, "regola intermedia \"metà\" sconosciuta"),
                (19, 9, "il tetto non può essere inferiore a 100%"),
                (20, 19, "soglia_parziale supera soglia_raggiunto"),
            ]
        );
        assert_eq!(
            diags[0].hint.as_deref(),
            Some("valori ammessi: \"media_ponderata\", \"tutti_raggiunti\"")
        );
    }

    #[test]
    fn plan_years_and_dates_are_checked() {
        let text = format!(
            "{ENTE}[piano]\ntitolo = \"P\"\nanno_inizio = 2024\nanno_fine = 2022\ndata_pubblicazione = 2022-01-31T10:00:00\ndata_aggiornamento = 2022-01-01\n"
        );
        let mut file = ParsedFile::parse(Source::new("sito.toml", text));
        let claimed = file.claim(false);
        assert!(matches!(claimed.item, Item::Site(Some(ref s)) if s.plan.is_none()));
        let messages: Vec<&str> = claimed.diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "periodo del piano non valido: 2024–2022",
                "data_pubblicazione: \"2022-01-31T10:00:00\" non è una data valida",
            ]
        );
    }

    #[test]
    fn a_relative_base_url_is_an_error() {
        let text = format!("{}{PIANO}", ENTE.replace("https://ente.it/p", "/p"));
        let mut file = ParsedFile::parse(Source::new("sito.toml", text));
        let diags = file.claim(false).diags;
        assert_eq!(
            said(&diags),
            [(5, 12, "base_url deve essere un indirizzo assoluto")]
        );
    }
}
