//! The files as written: serde mirrors of the TOML documents, with spans for
//! every value that is checked after parsing, or whose key a diagnostic points at.
//! Unknown keys are errors.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub ente: BodyRaw,
    /// Only in the single-plan layout; with plan folders it is in `piani/<id>/piano.toml`.
    pub piano: Option<S<PlanRaw>>,
    #[serde(default)]
    pub valutazione: Option<S<RulesRaw>>,
    #[serde(default)]
    pub piao: Option<S<PiaoRaw>>,
    /// The officer's self-check page.
    #[serde(default)]
    pub autoverifica: Option<SelfCheckRaw>,
}

/// `[autoverifica]` in `sito.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfCheckRaw {
    /// Writes the self-check page (`autoverifica/`, not linked, not indexed).
    #[serde(default)]
    pub pagina: bool,
}

/// `piani/<id>/piano.toml`: one plan cycle.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub piano: PlanRaw,
    #[serde(default)]
    pub valutazione: Option<S<RulesRaw>>,
    #[serde(default)]
    pub piao: Option<S<PiaoRaw>>,
    #[serde(default)]
    pub documento: Vec<DocumentRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PiaoRaw {
    pub titolo: S<String>,
    pub atto: S<String>,
    pub url: Option<S<String>>,
    pub etichetta_obiettivi_strategici: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyRaw {
    pub nome: S<String>,
    pub codice_ipa: S<String>,
    pub sito: S<String>,
    pub base_url: S<String>,
    pub ufficio_responsabile: S<String>,
    pub licenza: Option<S<String>>,
    pub dichiarazione_accessibilita: S<String>,
    pub privacy: S<String>,
    pub note_legali: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRaw {
    pub titolo: S<String>,
    pub anno_inizio: S<i64>,
    pub anno_fine: S<i64>,
    pub data_pubblicazione: S<Datetime>,
    pub data_aggiornamento: S<Datetime>,
    /// The plan's pages were published at the section's addresses from before plan
    /// folders: keep those addresses as redirects to this plan.
    pub indirizzi_precedenti: Option<S<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesRaw {
    pub polarita_predefinita: Option<S<String>>,
    pub tetto: Option<S<String>>,
    pub aggregazione: Option<S<String>>,
    pub intermedio: Option<S<String>>,
    pub soglia_raggiunto: Option<S<String>>,
    pub soglia_parziale: Option<S<String>>,
    pub tolleranza_scadenze: Option<S<toml::Value>>,
    pub monitoraggi: Option<S<String>>,
    pub giorni_pubblicazione_monitoraggio: Option<S<toml::Value>>,
    /// The acts adopting the SMVP.
    #[serde(default)]
    pub documento: Vec<DocumentRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaFile {
    pub id: S<String>,
    pub titolo: S<String>,
    #[serde(default)]
    pub descrizione: String,
}

/// Any objective file; which keys are allowed depends on the folder, checked after parsing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveFile {
    pub id: S<String>,
    pub titolo: S<String>,
    // strategic
    pub area: Option<S<String>>,
    // operational
    pub obiettivo_strategico: Option<S<String>>,
    pub anno: Option<S<i64>>,
    pub missione: Option<S<String>>,
    pub programma: Option<S<String>>,
    #[serde(default)]
    pub descrizione: String,
    pub risultati_attesi: Option<S<String>>,
    pub benefici_attesi: Option<S<String>>,
    pub impatto_organizzativo: Option<S<String>>,
    pub centro_di_costo: Option<S<String>>,
    pub area_organizzativa: Option<S<String>>,
    pub budget: Option<S<toml::Value>>,
    pub budget_nota: Option<String>,
    // individual
    pub ruolo: Option<S<String>>,
    pub titolare: Option<S<String>>,
    // common
    pub peso_generale: Option<S<toml::Value>>,
    /// Strategic and operational: the objective of an earlier plan this one continues
    /// under another code, `"<piano>/<obiettivo>"`.
    pub prosegue: Option<S<String>>,
    #[serde(default)]
    pub kpi: Vec<KpiRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiRaw {
    pub id: S<String>,
    pub codice: Option<S<String>>,
    pub nome: S<String>,
    pub tipologia: Option<String>,
    pub peso: Option<S<toml::Value>>,
    pub unita: Option<String>,
    pub fonte: Option<String>,
    pub algoritmo: Option<String>,
    pub baseline: Option<String>,
    pub polarita: Option<S<String>>,
    pub responsabile: Option<S<String>>,
    pub frequenza: Option<String>,
    pub target: Option<S<TargetRaw>>,
    /// The id of the KPI it continues, in the objective its objective continues.
    pub prosegue: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum TargetRaw {
    Annual(String),
    PerYear(BTreeMap<String, String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodFile {
    pub id: S<String>,
    pub titolo: S<String>,
    pub anno: S<i64>,
    pub fine: S<Datetime>,
    pub quota_anno: S<String>,
    pub data_pubblicazione: S<Datetime>,
    pub data_aggiornamento: S<Datetime>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    pub obiettivo: S<String>,
    #[serde(default)]
    pub dichiarazione: String,
    pub stato_dichiarato: Option<S<String>>,
    pub avanzamento: Option<S<String>>,
    #[serde(default)]
    pub nota: String,
    #[serde(default)]
    pub kpi: Vec<KpiReportRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiReportRaw {
    pub id: S<String>,
    pub valore: Option<S<toml::Value>>,
    pub numeratore: Option<S<toml::Value>>,
    pub denominatore: Option<S<toml::Value>>,
    pub dichiarazione: Option<String>,
    #[serde(default)]
    pub nota: String,
}

/// The keys of a monitoring file's report that are not keys of its `[[kpi]]` tables.
const REPORT_KEYS: [&str; 3] = ["obiettivo", "stato_dichiarato", "avanzamento"];

/// The keys an objective file shares with its `[[kpi]]` tables, or that open them.
const SHARED_WITH_KPI: [&str; 3] = ["id", "prosegue", "kpi"];

/// True for a key of an objective or monitoring file that is not a key of a `[[kpi]]`
/// table: written after the first `[[kpi]]`, it is read as the KPI's and refused.
pub fn is_outside_kpi_key(key: &str) -> bool {
    let objective = crate::model::Kind::ALL
        .iter()
        .any(|k| allowed_objective_keys(k.folder()).contains(&key));
    !SHARED_WITH_KPI.contains(&key) && (objective || REPORT_KEYS.contains(&key))
}

/// `piano/revisioni.toml`: the plan's revisions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionsFile {
    #[serde(default)]
    pub revisione: Vec<RevisionRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionRaw {
    pub data: S<Datetime>,
    pub atto: S<String>,
    pub url_atto: Option<S<String>>,
    #[serde(default)]
    pub motivazione: String,
    #[serde(default)]
    pub modifica: Vec<ChangeRaw>,
    #[serde(default)]
    pub documento: Vec<DocumentRaw>,
}

/// One change; which keys go together is checked after parsing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeRaw {
    pub obiettivo: S<String>,
    pub tipo: S<String>,
    pub kpi: Option<S<String>>,
    pub anno: Option<S<i64>>,
    pub target: Option<S<String>>,
    pub peso: Option<S<toml::Value>>,
    pub azione: Option<S<String>>,
}

/// Keys allowed per objective folder (the struct accepts their union).
pub fn allowed_objective_keys(folder: &str) -> &'static [&'static str] {
    match folder {
        "obiettivi-strategici" => &["id", "titolo", "area", "descrizione", "prosegue", "kpi"],
        "obiettivi-operativi" => &[
            "id",
            "titolo",
            "obiettivo_strategico",
            "anno",
            "missione",
            "programma",
            "descrizione",
            "risultati_attesi",
            "benefici_attesi",
            "impatto_organizzativo",
            "centro_di_costo",
            "area_organizzativa",
            "budget",
            "budget_nota",
            "prosegue",
            "kpi",
        ],
        "obiettivi-individuali" => &["id", "titolo", "ruolo", "titolare", "descrizione", "kpi"],
        _ => &["id", "titolo", "descrizione", "peso_generale", "kpi"],
    }
}

/// A `[[documento]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRaw {
    pub titolo: S<String>,
    pub atto: S<String>,
    pub numero: Option<S<toml::Value>>,
    pub data: S<Datetime>,
    pub file: Option<S<String>>,
    pub url: Option<S<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_outside_kpi_are_the_objectives_and_the_reports() {
        for key in [
            "titolo",
            "area",
            "obiettivo_strategico",
            "budget_nota",
            "ruolo",
            "titolare",
            "peso_generale",
            "obiettivo",
            "stato_dichiarato",
            "avanzamento",
        ] {
            assert!(is_outside_kpi_key(key), "{key}");
        }
        for key in ["id", "prosegue", "kpi", "nome", "target", "valore", "nota"] {
            assert!(!is_outside_kpi_key(key), "{key}");
        }
    }
}
