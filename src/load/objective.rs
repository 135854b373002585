//! Objective files: the keys each kind allows or requires, the id, year, budget and
//! weight; the KPIs are converted by [`super::kpi`].

use std::ops::Range;

use super::kpi::{KpiSpans, kpis_from};
use super::problems::Problems;
use super::raw::{self, ObjectiveFile, S};
use super::spans::key_before;
use super::values::decimal;
use crate::model::{Details, Kind, Objective};

/// Where an objective file's values are, for the checks made once every file is read.
#[derive(Debug, Clone)]
pub struct ObjectiveSpans {
    /// The key of the parent (`area` or `obiettivo_strategico`).
    pub parent: Option<Range<usize>>,
    /// The key `anno`.
    pub year: Option<Range<usize>>,
    /// One per KPI, in order.
    pub kpis: Vec<KpiSpans>,
    /// `prosegue`, as written: checked once every plan is read.
    pub continues: Option<S<String>>,
    /// Each KPI's `prosegue`, with the KPI's id.
    pub kpi_continues: Vec<(String, S<String>)>,
}

/// The objective of a file in the folder of `kind`, with its own checks.
pub fn objective_from(
    kind: Kind,
    mut f: ObjectiveFile,
    p: &mut Problems,
) -> (Objective, ObjectiveSpans) {
    check_keys(kind, &f, p);
    let id = f.id.get_ref().trim().to_owned();
    if id.is_empty() {
        p.error(
            f.id.span(),
            "id vuoto",
            "ogni obiettivo ha un id, ad esempio \"1.6.1\"",
        );
    }
    let year = f.anno.as_ref().map(|a| *a.get_ref() as i32);
    if kind == Kind::Operational && year.is_none() {
        p.error(
            f.id.span(),
            "manca il campo obbligatorio `anno`",
            "aggiungere `anno = 2022`, l'anno dell'obiettivo operativo",
        );
    }
    let budget = f.budget.as_ref().and_then(|b| decimal(b, "budget", p));
    if let Some(b) = budget
        && b.is_sign_negative()
        && !b.is_zero()
    {
        p.error(
            f.budget.as_ref().map(S::span).unwrap_or(0..0),
            "budget negativo",
            "indicare l'importo in euro, positivo",
        );
    }
    let general_weight = f
        .peso_generale
        .as_ref()
        .and_then(|w| decimal(w, "peso_generale", p));
    if let Some(holder) = &f.titolare {
        check_privacy(holder.get_ref(), &f.titolo, &f.descrizione, p);
    }
    let id_key = p.key_of(&f.id);
    let kpi_continues = f
        .kpi
        .iter_mut()
        .filter_map(|k| Some((k.id.get_ref().trim().to_owned(), k.prosegue.take()?)))
        .collect();
    let (kpis, kpi_spans) = kpis_from(kind, &id, &id_key, year, f.kpi, p);
    let parent = f.area.or(f.obiettivo_strategico);
    let spans = ObjectiveSpans {
        parent: parent.as_ref().map(|v| p.key_of(v)),
        year: f.anno.as_ref().map(|v| p.key_of(v)),
        kpis: kpi_spans,
        continues: f.prosegue.take(),
        kpi_continues,
    };
    let text = |v: Option<S<String>>| v.map(S::into_inner);
    let objective = Objective {
        kind,
        id,
        title: f.titolo.into_inner(),
        parent: parent.map(|v| v.into_inner().trim().to_owned()),
        description: f.descrizione,
        details: Details {
            year,
            mission: text(f.missione),
            programme: text(f.programma),
            expected_results: text(f.risultati_attesi).unwrap_or_default(),
            expected_benefits: text(f.benefici_attesi).unwrap_or_default(),
            staff_impact: text(f.impatto_organizzativo),
            cost_centre: text(f.centro_di_costo),
            organisational_area: text(f.area_organizzativa),
            budget,
            budget_note: f.budget_nota,
            role: text(f.ruolo),
            holder: text(f.titolare),
            general_weight,
        },
        kpis,
    };
    (objective, spans)
}

/// Keys present but not allowed for `kind` are errors at the key; a missing required
/// key is an error at the `id`.
fn check_keys(kind: Kind, f: &ObjectiveFile, p: &mut Problems) {
    let allowed = raw::allowed_objective_keys(kind.folder());
    let span = |v: &Option<S<String>>| v.as_ref().map(S::span);
    // an empty text counts as absent, as when these keys had a default
    let written =
        |v: &Option<S<String>>| v.as_ref().filter(|t| !t.get_ref().is_empty()).map(S::span);
    let present: [(&str, Option<Range<usize>>); 15] = [
        ("area", span(&f.area)),
        ("obiettivo_strategico", span(&f.obiettivo_strategico)),
        ("anno", f.anno.as_ref().map(S::span)),
        ("missione", span(&f.missione)),
        ("programma", span(&f.programma)),
        ("risultati_attesi", written(&f.risultati_attesi)),
        ("benefici_attesi", written(&f.benefici_attesi)),
        ("impatto_organizzativo", span(&f.impatto_organizzativo)),
        ("centro_di_costo", span(&f.centro_di_costo)),
        ("area_organizzativa", span(&f.area_organizzativa)),
        ("budget", f.budget.as_ref().map(S::span)),
        ("ruolo", span(&f.ruolo)),
        ("titolare", span(&f.titolare)),
        ("peso_generale", f.peso_generale.as_ref().map(S::span)),
        ("prosegue", span(&f.prosegue)),
    ];
    let src = p.src;
    for (key, value) in present {
        if let Some(value) = value
            && !allowed.contains(&key)
        {
            let span = key_before(&src.get().text, &value);
            p.error(
                span,
                format!("chiave `{key}` non prevista per un {}", kind.label()),
                format!("chiavi ammesse qui: {}", allowed.join(", ")),
            );
        }
    }
    let required: Option<(&str, bool)> = match kind {
        Kind::Strategic => Some(("area", f.area.is_some())),
        Kind::Operational => Some(("obiettivo_strategico", f.obiettivo_strategico.is_some())),
        Kind::Individual => Some(("ruolo", f.ruolo.is_some())),
        Kind::Common => None,
    };
    if let Some((key, false)) = required {
        p.error(
            f.id.span(),
            format!("manca il campo obbligatorio `{key}`"),
            format!("aggiungere `{key} = \"...\"` (vedi docs/formato-contenuti.md)"),
        );
    }
}

/// Individual objectives are published by role: the holder's name must not appear in the
/// published text, next to an evaluation (Garante privacy, provv. 398/2023 and 204/2025).
pub fn check_privacy(holder: &str, title: &S<String>, description: &str, p: &mut Problems) {
    let surname = holder
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase();
    if surname.chars().count() < 3 {
        return;
    }
    if [title.get_ref().as_str(), description]
        .iter()
        .any(|t| t.to_lowercase().contains(&surname))
    {
        let span = p.key_of(title);
        p.warn(
            span,
            format!("il nominativo «{holder}» compare nel testo pubblicato di un obiettivo individuale, accanto alla sua valutazione"),
            "pubblicare gli obiettivi individuali per ruolo: togliere il nome da titolo e descrizione (resta in `titolare`, che non è pubblicato)",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Source;
    use crate::load::parsed::{Item, ParsedFile};

    fn parse(path: &str, text: &str) -> (Item, Vec<String>) {
        let mut file = ParsedFile::parse(Source::new(path, text));
        let claimed = file.claim(false);
        let said = claimed
            .diags
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        (claimed.item, said)
    }

    #[test]
    fn keys_of_another_kind_are_errors_at_the_key() {
        let text = "id = \"1\"\ntitolo = \"T\"\nruolo = \"R\"\n  missione = \"M\"\nrisultati_attesi = \"\"\n";
        let (item, said) = parse("piano/obiettivi-individuali/1.toml", text);
        assert!(matches!(item, Item::Objective(..)));
        assert_eq!(
            said,
            ["4:3: chiave `missione` non prevista per un obiettivo individuale"]
        );
    }

    #[test]
    fn required_keys_are_errors_at_the_id() {
        let (_, said) = parse(
            "piano/obiettivi-operativi/1.toml",
            "id = \"1.1.1\"\ntitolo = \"T\"\n",
        );
        assert_eq!(
            said,
            [
                "1:6: manca il campo obbligatorio `obiettivo_strategico`",
                "1:6: manca il campo obbligatorio `anno`",
            ]
        );
    }

    #[test]
    fn the_spans_point_at_the_keys_of_each_kpi() {
        let text = "id = \"1.1.1\"\ntitolo = \"T\"\nobiettivo_strategico = \"1.1\"\nanno = 2022\n[[kpi]]\nid = \"a\"\ncodice = \"C\"\nnome = \"N\"\nbaseline = \"0\"\ntarget = \"1\"\n[[kpi]]\nid = \"b\"\ncodice = \"C\"\nnome = \"M\"\nbaseline = \"0\"\nresponsabile = \"Dott. A B\"\n";
        let (item, said) = parse("piano/obiettivi-operativi/1.toml", text);
        let Item::Objective(objective, spans) = item else {
            panic!("no objective")
        };
        assert_eq!(objective.parent.as_deref(), Some("1.1"));
        assert_eq!(&text[spans.parent.unwrap()], "obiettivo_strategico");
        assert_eq!(&text[spans.year.unwrap()], "anno");
        let kpi = &spans.kpis[1];
        // no target: its id
        assert_eq!(
            (
                &text[spans.kpis[0].target.clone()],
                &text[kpi.target.clone()]
            ),
            ("target", "id")
        );
        assert_eq!(&text[kpi.name.clone()], "nome");
        assert_eq!(&text[kpi.responsible.clone().unwrap()], "responsabile");
        assert_eq!(
            said,
            [
                "12:6: il KPI \"b\" non ha un target",
                "13:10: codice KPI \"C\" ripetuto 2 volte nell'obiettivo 1.1.1",
            ]
        );
    }
}
