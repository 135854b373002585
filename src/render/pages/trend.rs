//! An objective across periods and years: its result in every monitoring period, and the
//! trend of the objective and of each KPI over the years, from the year end of each year
//! (or, for a year not closed yet, its latest period).
//!
//! Everything here reads a slice of plan cycles, each a plan with its evaluations, and
//! matches the same objective (kind and id) and KPI (id) in each: nothing assumes one plan.

use rust_decimal::Decimal;
use serde::Serialize;

use super::period::{period_name, period_url};
use super::view::{StatusView, pct};
use crate::evaluate::{Evaluation, ObjectiveResult};
use crate::model::number::format_percent;
use crate::model::target::format_amount;
use crate::model::{Goal, Kind, Measured, Objective, Period, Plan, Status, Unit};

/// One plan cycle and its evaluations (one per period).
pub type Cycle<'a> = (&'a Plan, &'a [Evaluation]);

/// A period of a plan cycle with its evaluation, in a cycle whose plan has the objective.
#[derive(Clone, Copy)]
struct Measurement<'a> {
    period: &'a Period,
    evaluation: &'a Evaluation,
    /// The objective as that cycle's plan defines it.
    objective: &'a Objective,
    /// The KPI followed, by its id in that cycle's objective.
    kpi: Option<&'a str>,
    rules: &'a crate::model::Rules,
}

impl<'a> Measurement<'a> {
    /// The objective and its result in this period.
    fn result(&self) -> Option<(&'a Objective, &'a ObjectiveResult)> {
        let o = self.objective;
        Some((o, self.evaluation.objective(o.kind, &o.id)?))
    }
}

/// For each cycle, oldest first, the id the objective (and the KPI) has there: in the
/// last cycle its own; going back, the one it continues as the content declares it
/// (`prosegue`), or else the same code in the cycle before.
fn lineage<'a>(
    cycles: &[Cycle<'a>],
    kind: Kind,
    id: &'a str,
    kpi: Option<&'a str>,
) -> Vec<Option<(&'a str, Option<&'a str>)>> {
    let mut ids = vec![None; cycles.len()];
    let Some(mut at) = cycles.len().checked_sub(1) else {
        return ids;
    };
    let (mut id, mut kpi) = (id, kpi);
    ids[at] = Some((id, kpi));
    while at > 0 {
        let continuations = &cycles[at].0.continuations;
        kpi = kpi.map(|k| continuations.kpi(kind, id, k).unwrap_or(k));
        match continuations.objective(kind, id) {
            Some(from) => {
                let Some(j) = cycles[..at].iter().rposition(|c| c.0.info.id == from.plan) else {
                    break;
                };
                at = j;
                id = &from.objective;
            }
            None => at -= 1,
        }
        ids[at] = Some((id, kpi));
    }
    ids
}

/// Every evaluated period of every cycle whose plan has the objective (under the code it
/// has there), by end date (a year end after an interim period ending the same day), in
/// cycle order when equal.
fn measurements<'a>(
    cycles: &[Cycle<'a>],
    kind: Kind,
    id: &'a str,
    kpi: Option<&'a str>,
) -> Vec<Measurement<'a>> {
    let ids = lineage(cycles, kind, id, kpi);
    let mut all: Vec<Measurement<'a>> = cycles
        .iter()
        .zip(ids)
        .flat_map(|((plan, evaluations), ids)| {
            // looked up once per cycle, by binary search: a plan may have thousands of
            // objectives, each with its page
            let objective = ids.and_then(|(id, _)| plan.objective(kind, id));
            let kpi = ids.and_then(|(_, kpi)| kpi);
            evaluations.iter().filter_map(move |e| {
                let period = plan.periods.iter().find(|p| p.id == e.period)?;
                Some(Measurement {
                    period,
                    evaluation: e,
                    objective: objective?,
                    kpi,
                    rules: &plan.rules,
                })
            })
        })
        .collect();
    all.sort_by_key(|m| (m.period.end, m.period.is_final()));
    all
}

/// The measurement that stands for each year, oldest year first: its year end, else its
/// latest period; among equals, the one of the later cycle.
fn by_year<'a>(all: &[Measurement<'a>]) -> Vec<Measurement<'a>> {
    let mut years: Vec<Measurement<'a>> = Vec::new();
    for m in all {
        match years.last_mut() {
            Some(last) if last.period.year == m.period.year => {
                // `all` is sorted: a later one is the year end or a later period
                if m.period.is_final() || !last.period.is_final() {
                    *last = *m;
                }
            }
            _ => years.push(*m),
        }
    }
    years
}

/// A value of a series in one year.
#[derive(Debug, Clone)]
pub struct Point<'a> {
    pub year: i32,
    /// The period the value is from.
    pub period: &'a Period,
    /// The number compared with the target, in the target's unit; `None` for a yes/no
    /// value or when nothing was measured.
    pub value: Option<Decimal>,
    /// The value as people read it: `72,5%`, `Sì`, `non rilevato`.
    pub shown: String,
    /// The target of that year as people read it; `None` when the plan sets none.
    pub target: Option<String>,
    /// The target's number, for the chart's scale.
    pub target_value: Option<Decimal>,
    /// The unit of the value and target; `None` for yes/no.
    pub unit: Option<Unit>,
    /// Whether something was measured that year.
    pub measured: bool,
    pub status: Status,
}

/// A KPI, or an objective's achievement, over the years.
#[derive(Debug, Clone)]
pub struct Series<'a> {
    /// `None` for the objective's own achievement.
    pub kpi: Option<&'a str>,
    /// What is measured, in Italian.
    pub name: String,
    /// One point per year in which the plan has it, oldest first.
    pub points: Vec<Point<'a>>,
}

impl Series<'_> {
    /// True when measured in more than one year: only then is there a trend to show.
    pub fn is_trend(&self) -> bool {
        self.points.iter().filter(|p| p.measured).count() > 1
    }
}

/// The achievement of an objective over the years, against the threshold from which
/// each year's rules call it achieved.
pub fn objective_series<'a>(cycles: &[Cycle<'a>], kind: Kind, id: &'a str) -> Series<'a> {
    let points = by_year(&measurements(cycles, kind, id, None))
        .into_iter()
        .filter_map(|m| {
            let (_, r) = m.result()?;
            let threshold = m.rules.achieved_from;
            Some(Point {
                year: m.period.year,
                period: m.period,
                value: r.score.achievement,
                shown: pct(r.score.achievement),
                target: Some(format!("≥ {}", format_percent(threshold))),
                target_value: Some(threshold),
                unit: Some(Unit::Percent),
                measured: r.score.achievement.is_some(),
                status: r.score.status,
            })
        })
        .collect();
    Series {
        kpi: None,
        name: "Raggiungimento dell'obiettivo".to_owned(),
        points,
    }
}

/// One KPI of an objective over the years: value, target of the year, status.
pub fn kpi_series<'a>(cycles: &[Cycle<'a>], kind: Kind, id: &'a str, kpi: &'a str) -> Series<'a> {
    let mut name = String::new();
    let points = by_year(&measurements(cycles, kind, id, Some(kpi)))
        .into_iter()
        .filter_map(|m| {
            let (o, r) = m.result()?;
            // the KPI under the id it has in that cycle's objective
            let kpi = m.kpi?;
            let k = o.kpis.iter().find(|k| k.id == kpi)?;
            k.name.clone_into(&mut name);
            let result = r.kpis.iter().find(|x| x.id == kpi);
            let measured = m
                .period
                .report(kind, &o.id)
                .and_then(|rep| rep.kpis.iter().find(|x| x.kpi == kpi))
                .map(|x| &x.value)
                .filter(|v| !matches!(v, Measured::Missing));
            let target = k.target_for(m.period.year);
            let unit = target.and_then(|t| match t.target.goal {
                Goal::Amount { value, unit, .. } => Some((value, unit)),
                Goal::YesNo { .. }
                | Goal::Deadline { .. }
                | Goal::Relative { .. }
                | Goal::Keep
                | Goal::NotSet => None,
            });
            // a relative target is charted as the number it stood for in that period
            let unit = unit.or_else(|| {
                let r = result?.resolved_target?;
                Some((r.value, r.unit))
            });
            let value = result.and_then(|x| x.value).filter(|_| measured.is_some());
            let shown = match (value, unit, measured) {
                (Some(v), Some((_, u)), _) => format_amount(v, u),
                (_, _, Some(written)) => written.italian(),
                (_, _, None) => Measured::Missing.italian(),
            };
            Some(Point {
                year: m.period.year,
                period: m.period,
                value,
                shown,
                target: target.map(|t| t.target.to_string()),
                target_value: unit.map(|(v, _)| v),
                unit: unit.map(|(_, u)| u),
                measured: measured.is_some(),
                status: result.map_or(Status::NonValutabile, |x| x.status),
            })
        })
        .collect();
    Series {
        kpi: Some(kpi),
        name,
        points,
    }
}

/// An objective's result in one monitoring period, for its page.
#[derive(Debug, Serialize)]
pub(super) struct PeriodResultView {
    /// `Risultati al 31 dicembre 2022`, `Monitoraggio al 30 giugno 2022`.
    nome: String,
    titolo: String,
    url: String,
    consuntivo: bool,
    stato: StatusView,
    raggiungimento: String,
}

/// A bar of a trend chart (the theme's `grafico_barre`).
#[derive(Debug, Serialize)]
struct TrendBar {
    etichetta: String,
    larghezza: String,
    percentuale: String,
    stato: StatusView,
}

/// A row of a trend's table.
#[derive(Debug, Serialize)]
struct TrendRow {
    anno: i32,
    /// The period the value is from, in words.
    periodo: String,
    url: String,
    valore: String,
    target: String,
    stato: StatusView,
}

/// One series on an objective's page: a chart (numbers only) and its table.
#[derive(Debug, Serialize)]
pub(super) struct TrendView {
    /// Unique in the page, for HTML ids.
    id: String,
    titolo: String,
    grafico: Vec<TrendBar>,
    /// The chart's scale, in words.
    scala: String,
    righe: Vec<TrendRow>,
}

/// What an objective's page shows beyond its latest period.
#[derive(Debug, Serialize)]
pub(super) struct History {
    /// The heading of the latest result when it is the year end, e.g. `Risultati al 31
    /// dicembre 2022 (consuntivo)`; `None` before (the theme's own heading).
    titolo_esito: Option<String>,
    /// The objective in each period, oldest first; empty when there is one period only.
    esiti_periodi: Vec<PeriodResultView>,
    /// The objective and each KPI measured in more than one year.
    andamento: Vec<TrendView>,
}

/// The history of an objective across `cycles`; `latest` is the period its page shows.
pub(super) fn history<'a>(
    cycles: &[Cycle<'a>],
    o: &'a Objective,
    latest: Option<&Period>,
) -> History {
    let all = measurements(cycles, o.kind, &o.id, None);
    let esiti_periodi = if all.len() > 1 {
        all.iter()
            .filter_map(|m| {
                let (_, r) = m.result()?;
                Some(PeriodResultView {
                    nome: capitalised(&period_name(m.period)),
                    titolo: m.period.title.clone(),
                    url: period_url(m.period),
                    consuntivo: m.period.is_final(),
                    stato: r.score.status.into(),
                    raggiungimento: pct(r.score.achievement),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    // a series has one point per year: while every evaluated period of the section is in
    // one year none is a trend, and making them (lookups and formatted values for each
    // KPI of each objective page) would be thrown away
    let andamento = if one_year(cycles) {
        Vec::new()
    } else {
        let mut series = vec![objective_series(cycles, o.kind, &o.id)];
        series.extend(
            o.kpis
                .iter()
                .map(|k| kpi_series(cycles, o.kind, &o.id, &k.id)),
        );
        series
            .iter()
            .filter(|s| s.is_trend())
            .enumerate()
            .map(|(i, s)| trend_view(s, i))
            .collect()
    };
    History {
        titolo_esito: latest
            .filter(|p| p.is_final())
            .map(|p| format!("{} (consuntivo)", capitalised(&period_name(p)))),
        esiti_periodi,
        andamento,
    }
}

/// True when every evaluated period of every cycle is in one year (or none is evaluated).
fn one_year(cycles: &[Cycle<'_>]) -> bool {
    let mut years = cycles.iter().flat_map(|(_, e)| e.iter().map(|e| e.year));
    let first = years.next();
    years.all(|y| Some(y) == first)
}

/// The chart and table of a series; `index` makes its ids unique in the page.
fn trend_view(s: &Series<'_>, index: usize) -> TrendView {
    let titolo = match s.kpi {
        Some(id) => format!("KPI {id} – {}", s.name),
        None => s.name.clone(),
    };
    // the scale reaches the highest value or target, so that every bar fits
    let top = s
        .points
        .iter()
        .flat_map(|p| [p.value, p.target_value])
        .flatten()
        .max()
        .unwrap_or_default();
    let numeric = s.points.iter().any(|p| p.value.is_some());
    let grafico = if numeric {
        s.points
            .iter()
            .map(|p| TrendBar {
                etichetta: format!("{} ({})", p.year, short_name(p.period)),
                larghezza: width(p.value, top),
                percentuale: p.shown.clone(),
                stato: p.status.into(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let scala = match s.points.iter().rev().find_map(|p| p.unit) {
        Some(unit) if numeric => format!("Scala da 0 a {}", format_amount(top, unit)),
        _ => String::new(),
    };
    TrendView {
        id: format!("andamento-{}", index + 1),
        titolo,
        grafico,
        scala,
        righe: s
            .points
            .iter()
            .map(|p| TrendRow {
                anno: p.year,
                periodo: capitalised(&period_name(p.period)),
                url: period_url(p.period),
                valore: p.shown.clone(),
                target: p.target.clone().unwrap_or_else(|| "—".to_owned()),
                stato: p.status.into(),
            })
            .collect(),
    }
}

/// A bar's width in percent of the scale, one decimal; none without a value.
fn width(value: Option<Decimal>, top: Decimal) -> String {
    match value {
        Some(v) if !top.is_zero() => (v / top * Decimal::ONE_HUNDRED)
            .min(Decimal::ONE_HUNDRED)
            .max(Decimal::ZERO)
            .round_dp(1)
            .to_string(),
        _ => "0".to_owned(),
    }
}

/// A period in a chart label: `consuntivo`, or `al 30 giugno 2023` for a year not closed.
fn short_name(p: &Period) -> String {
    if p.is_final() {
        "consuntivo".to_owned()
    } else {
        format!("al {}", p.end.italian())
    }
}

/// The text with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
