//! What templates receive: typed views of the evaluated plan, already formatted in
//! Italian. Field names are the template variables (documented in docs/temi.md).

use rust_decimal::Decimal;
use serde::Serialize;

use super::revision::RevisionView;
use crate::evaluate::{Agreement, ObjectiveResult};
use crate::model::number::format_percent;
use crate::model::{Measured, Status};

/// A status badge: code (CSS class), label and a description for screen readers.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct StatusView {
    pub codice: &'static str,
    pub etichetta: &'static str,
    pub descrizione: &'static str,
}

impl From<Status> for StatusView {
    fn from(s: Status) -> Self {
        let descrizione = match s {
            // says more than the label, which the badge shows already
            Status::Raggiunto => "il risultato raggiunge il target",
            Status::InLinea => "in linea con il target alla data del monitoraggio",
            Status::Parziale => "il risultato raggiunge il target solo in parte",
            Status::NonRaggiunto => {
                "il risultato resta sotto la soglia del raggiungimento parziale"
            }
            Status::NonValutabile => "mancano i valori per calcolarlo",
        };
        StatusView {
            codice: s.code(),
            etichetta: s.label(),
            descrizione,
        }
    }
}

/// A progress bar: the percentage in words and the bar's width (0–100).
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub percentuale: String,
    pub larghezza: String,
}

impl Bar {
    pub fn of(a: Option<Decimal>) -> Bar {
        let width = a
            .map(|a| a.min(Decimal::ONE_HUNDRED).max(Decimal::ZERO).round_dp(1))
            .unwrap_or_default();
        Bar {
            percentuale: pct(a),
            larghezza: width.to_string(),
        }
    }
}

/// Declared status against computed status.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView<'a> {
    pub dichiarato: Option<StatusView>,
    pub calcolato: StatusView,
    pub concorda: bool,
    pub esito: &'static str,
    pub motivo: &'a str,
}

impl<'a> ComparisonView<'a> {
    pub fn of(r: &'a ObjectiveResult) -> Self {
        let c = &r.comparison;
        ComparisonView {
            dichiarato: c.declared.map(StatusView::from),
            calcolato: c.computed.into(),
            concorda: !matches!(c.agreement, Agreement::Contradicts),
            esito: agreement_label(c.agreement),
            motivo: &c.reason,
        }
    }
}

/// A link to an objective or an area: `{id, titolo, url}`.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView<'a> {
    pub id: &'a str,
    pub titolo: &'a str,
    pub url: String,
}

/// An objective in lists and dashboards.
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    pub id: &'a str,
    pub titolo: &'a str,
    pub url: String,
    pub stato: StatusView,
    pub raggiungimento: String,
    pub barra: Bar,
    pub confronto: Option<ComparisonView<'a>>,
    pub dichiarazione: &'a str,
    pub avanzamento: Option<String>,
    pub spiegazione: &'a str,
    pub kpi_count: usize,
}

/// A KPI row: definition, target, value and result.
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow<'a> {
    pub id: &'a str,
    pub ancora: String,
    pub codice: Option<&'a str>,
    pub nome: &'a str,
    pub algoritmo: Option<&'a str>,
    pub tipologia: Option<&'a str>,
    pub unita: Option<&'a str>,
    pub fonte: Option<&'a str>,
    pub responsabile: Option<&'a str>,
    pub frequenza: Option<&'a str>,
    pub peso: Option<String>,
    pub peso_normalizzato: Option<String>,
    pub baseline: Option<&'a str>,
    pub target: String,
    pub target_scritto: Option<&'a str>,
    pub valore: String,
    pub raggiungimento: String,
    pub stato: StatusView,
    pub spiegazione: &'a str,
    pub dichiarazione: Option<&'a str>,
    pub nota_html: String,
    pub barra: Bar,
    pub obiettivo: &'a str,
    /// Strategic objectives only: the target of every year of the plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<YearTargetView<'a>>>,
    /// The revision of the plan that set the target, when it is not the one adopted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revisione: Option<RevisionView<'a>>,
}

/// The target of one year, as computed and as written in the plan.
#[derive(Debug, Clone, Serialize)]
pub struct YearTargetView<'a> {
    pub anno: i32,
    pub target: String,
    pub scritto: &'a str,
}

/// A percentage in Italian, or a dash.
pub fn pct(a: Option<Decimal>) -> String {
    a.map(format_percent).unwrap_or_else(|| "—".into())
}

/// An optional text, trimmed; `None` when empty.
pub fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// A measured value in open data (ISO: decimal point).
pub fn iso_value(m: &Measured) -> String {
    match m {
        Measured::YesNo { value } => if *value { "si" } else { "no" }.into(),
        Measured::Amount { value, .. } => value.to_string(),
        Measured::Ratio {
            numerator,
            denominator,
        } => format!("{numerator}/{denominator}"),
        Measured::Completed { date } => date.iso(),
        Measured::Missing => String::new(),
    }
}

/// A percentage in open data: decimal point, no sign; empty when missing.
pub fn iso_pct(a: Option<Decimal>) -> String {
    a.map(|a| a.normalize().to_string()).unwrap_or_default()
}

/// How the declared outcome compares with the computed one, in words.
pub fn agreement_label(a: Agreement) -> &'static str {
    match a {
        Agreement::Agrees => "concorda",
        Agreement::Contradicts => "discorda",
        Agreement::Unverifiable => "non verificabile",
        Agreement::NotDeclared => "non dichiarato",
    }
}
