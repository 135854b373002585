//! Monitoring files (`monitoraggio/<periodo>/obiettivi-*/`), converted on their own:
//! the declared status and progress, and each measurement. What depends on the plan
//! is checked by [`super::references`].

use std::ops::Range;
use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;

use super::problems::Problems;
use super::raw::{self, ReportFile};
use super::text::Text;
use super::values::{decimal, misread_number, percent, thousands_warnings, word};
use crate::diagnostic::Diagnostic;
use crate::model::number::MAX_ABS;
use crate::model::target::VALUE_FORMS;
use crate::model::{Measured, Objective, Report, Status};

/// The report a monitoring file gave at the last assembly, kept with the parsed file by
/// the preview's cache: while neither the file nor its objective changes (the same
/// allocation, held here so that it cannot be reused), the next assembly takes it as is.
#[derive(Debug, Default)]
pub struct Built(Mutex<Option<BuiltReport>>);

#[derive(Debug)]
struct BuiltReport {
    objective: Arc<Objective>,
    report: Arc<Report>,
    diags: Vec<Diagnostic>,
}

impl Built {
    /// The report built against `objective`, with its diagnostics, if it is the last one.
    pub fn get(&self, objective: &Arc<Objective>) -> Option<(Arc<Report>, Vec<Diagnostic>)> {
        let built = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let b = built
            .as_ref()
            .filter(|b| Arc::ptr_eq(&b.objective, objective))?;
        Some((Arc::clone(&b.report), b.diags.clone()))
    }

    /// Keeps the report built against `objective`.
    pub fn set(&self, objective: &Arc<Objective>, report: &Arc<Report>, diags: &[Diagnostic]) {
        let mut built = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *built = Some(BuiltReport {
            objective: Arc::clone(objective),
            report: Arc::clone(report),
            diags: diags.to_vec(),
        });
    }
}

/// A monitoring file converted on its own.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The objective's id, trimmed, and the span of the value.
    pub objective: String,
    pub objective_span: Range<usize>,
    pub statement: String,
    pub declared: Option<Status>,
    pub progress: Option<Decimal>,
    pub note: String,
    /// Problems of `stato_dichiarato` and `avanzamento`, reported once the objective is known.
    pub own: Vec<Diagnostic>,
    pub kpis: Vec<KpiDraft>,
}

/// One measurement of a monitoring file, converted on its own.
#[derive(Debug, Clone)]
pub struct KpiDraft {
    pub id: String,
    /// The span of the KPI's id.
    pub span: Range<usize>,
    /// `None` when invalid; the reason is in `diags`, reported if the KPI exists.
    pub value: Option<Measured>,
    pub diags: Vec<Diagnostic>,
    pub statement: Option<String>,
    pub note: String,
}

/// The draft of a monitoring file.
pub fn draft_from(f: ReportFile, src: &Text) -> Draft {
    let mut own = Vec::new();
    let mut p = Problems::new(src, &mut own);
    let declared = f.stato_dichiarato.as_ref().and_then(|s| {
        word::<Status>(
            s,
            |w| format!("stato dichiarato \"{w}\" sconosciuto"),
            &mut p,
        )
    });
    let progress = f
        .avanzamento
        .as_ref()
        .and_then(|a| percent(a, "avanzamento", &mut p));
    Draft {
        objective: f.obiettivo.get_ref().trim().to_owned(),
        objective_span: f.obiettivo.span(),
        statement: f.dichiarazione,
        declared,
        progress,
        note: f.nota,
        own,
        kpis: f.kpi.into_iter().map(|k| kpi_draft(k, src)).collect(),
    }
}

fn kpi_draft(k: raw::KpiReportRaw, src: &Text) -> KpiDraft {
    let mut diags = Vec::new();
    let value = measured_from(&k, &mut Problems::new(src, &mut diags));
    KpiDraft {
        id: k.id.get_ref().trim().to_owned(),
        span: k.id.span(),
        value,
        diags,
        statement: k.dichiarazione.filter(|s| !s.trim().is_empty()),
        note: k.nota,
    }
}

/// The value of a measurement: `valore`, or `numeratore` and `denominatore`, or
/// nothing (not measured).
fn measured_from(k: &raw::KpiReportRaw, p: &mut Problems) -> Option<Measured> {
    match (&k.valore, &k.numeratore, &k.denominatore) {
        (Some(v), None, None) if misread_number(v, "valore", p) => None,
        (Some(v), None, None) => match value(v.get_ref()) {
            Ok(m) => {
                if let toml::Value::String(text) = v.get_ref() {
                    thousands_warnings(text, "valore", v.span(), p);
                }
                Some(m)
            }
            Err(message) => {
                p.error(v.span(), message, VALUE_FORMS);
                None
            }
        },
        (None, Some(n), Some(d)) => {
            let num = decimal(n, "numeratore", p)?;
            let den = decimal(d, "denominatore", p)?;
            match Measured::ratio(num, den) {
                Ok(m) => Some(m),
                Err(e) => {
                    p.error(d.span(), e.message, "indicare numeratore e denominatore come numeri positivi, denominatore diverso da zero");
                    None
                }
            }
        }
        (None, None, None) => Some(Measured::Missing),
        _ => {
            p.error(k.id.span(), "indicare `valore` oppure `numeratore` e `denominatore`, non entrambi né solo uno dei due", VALUE_FORMS);
            None
        }
    }
}

/// A `valore` as written: text, a non-negative number or a boolean.
fn value(v: &toml::Value) -> Result<Measured, String> {
    let parsed = match v {
        toml::Value::String(s) => Measured::parse(s).map_err(|e| e.message),
        toml::Value::Integer(i) if *i >= 0 => Ok(Measured::Amount {
            value: Decimal::from(*i),
            unit: None,
        }),
        toml::Value::Float(f) if *f >= 0.0 && f.is_finite() => f
            .to_string()
            .parse::<Decimal>()
            .map(|value| Measured::Amount { value, unit: None })
            .map_err(|_| format!("valore {f} non rappresentabile")),
        toml::Value::Boolean(b) => Ok(Measured::YesNo { value: *b }),
        toml::Value::Integer(_) | toml::Value::Float(_) => {
            Err("un valore misurato non può essere negativo".to_owned())
        }
        _ => Err("tipo di valore non ammesso".to_owned()),
    };
    parsed.and_then(|m| match m {
        Measured::Amount { value, .. } if value > MAX_ABS => Err("valore troppo grande".to_owned()),
        other => Ok(other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    fn draft(text: &str) -> Draft {
        let src = Text::new(Source::new(
            "monitoraggio/2022-S1/obiettivi-operativi/1.toml",
            text,
        ));
        let file: ReportFile = toml::from_str(text).unwrap();
        draft_from(file, &src)
    }

    #[test]
    fn values_of_every_form_are_read() {
        let d = draft(
            "obiettivo = \" 1.1 \"\nstato_dichiarato = \"In_linea\"\navanzamento = \"40%\"\n[[kpi]]\nid = \"a\"\nvalore = 3\n[[kpi]]\nid = \"b\"\nvalore = true\n[[kpi]]\nid = \"c\"\nnumeratore = 1\ndenominatore = \"4\"\n[[kpi]]\nid = \"d\"\n",
        );
        assert_eq!(d.objective, "1.1");
        assert_eq!(d.declared, Some(Status::InLinea));
        assert_eq!(d.progress, Some(Decimal::from(40)));
        assert!(d.own.is_empty());
        let values: Vec<_> = d.kpis.iter().map(|k| k.value.clone()).collect();
        assert_eq!(
            values,
            [
                Some(Measured::Amount {
                    value: Decimal::from(3),
                    unit: None
                }),
                Some(Measured::YesNo { value: true }),
                Measured::ratio(Decimal::ONE, Decimal::from(4)).ok(),
                Some(Measured::Missing),
            ]
        );
    }

    #[test]
    fn an_unknown_status_waits_in_the_draft() {
        let d = draft("obiettivo = \"1\"\nstato_dichiarato = \"quasi raggiunto\"\n");
        assert_eq!(d.declared, None);
        let e = &d.own[0];
        assert_eq!((e.line, e.column), (2, 20));
        assert_eq!(
            e.message,
            "stato dichiarato \"quasi raggiunto\" sconosciuto"
        );
        assert_eq!(
            e.hint.as_deref(),
            Some(
                "valori ammessi: \"raggiunto\", \"in linea\", \"parzialmente raggiunto\", \"non raggiunto\", \"non valutabile\""
            )
        );
    }

    #[test]
    fn a_bare_number_read_differently_in_italian_is_an_error() {
        let d = draft(
            "obiettivo = \"1\"\n[[kpi]]\nid = \"a\"\nvalore = 8.000\n[[kpi]]\nid = \"b\"\nnumeratore = 1.250\ndenominatore = 2000\n[[kpi]]\nid = \"c\"\nvalore = 8.5\n",
        );
        let [a, b, c] = &d.kpis[..] else {
            panic!("three KPIs")
        };
        assert_eq!(a.value, None);
        assert_eq!((a.diags[0].line, a.diags[0].column), (4, 10));
        assert_eq!(
            a.diags[0].message,
            "valore = 8.000 vale 8 per TOML, non 8000: senza virgolette il punto separa i decimali"
        );
        assert_eq!(
            a.diags[0].hint.as_deref(),
            Some(
                "scrivere valore = 8000 se il punto separa le migliaia, oppure valore = 8 se separa i decimali"
            )
        );
        assert_eq!(b.value, None);
        assert!(
            b.diags[0]
                .message
                .starts_with("numeratore = 1.250 vale 1,25")
        );
        assert!(c.diags.is_empty());
    }

    #[test]
    fn bad_values_are_kept_with_their_measurement() {
        let d = draft(
            "obiettivo = \"1\"\n[[kpi]]\nid = \"a\"\nvalore = -1\n[[kpi]]\nid = \"b\"\nvalore = 1\nnumeratore = 1\n",
        );
        assert!(d.kpis.iter().all(|k| k.value.is_none()));
        assert_eq!(
            d.kpis[0].diags[0].message,
            "un valore misurato non può essere negativo"
        );
        assert_eq!((d.kpis[1].diags[0].line, d.kpis[1].diags[0].column), (6, 6));
    }
}
