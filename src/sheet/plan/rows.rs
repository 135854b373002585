//! The rows of a plan workbook read into areas, objectives and KPIs: each row is one KPI,
//! of the operational objective it names or, without one, of its strategic objective.
//! Codes and titles repeated on several rows must agree; every problem is placed by sheet,
//! row and column.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::sheet::source::{Origin, RawTable};

use super::columns::{Column, FIXED};

/// One KPI as the workbook gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiDraft {
    pub id: String,
    pub name: String,
    pub algorithm: String,
    /// As written: `40`, `40%`.
    pub weight: String,
    pub baseline: String,
    pub unit: String,
    pub polarity: String,
    pub responsible: String,
    /// Year and target as written, ascending.
    pub targets: Vec<(i32, String)>,
}

/// An objective with its KPIs, in the order of the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectiveDraft {
    pub id: String,
    pub title: String,
    /// The area of a strategic objective, the strategic objective of an operational one.
    pub parent: String,
    pub kpis: Vec<KpiDraft>,
}

/// The plan as the workbook gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanDraft {
    /// The years of the target columns, ascending.
    pub years: Vec<i32>,
    /// Area id and title.
    pub areas: Vec<(String, String)>,
    pub strategic: Vec<ObjectiveDraft>,
    /// With the year of its targets.
    pub operational: Vec<(ObjectiveDraft, i32)>,
}

/// The table with its columns found.
struct Sheet {
    origin: Origin,
    columns: BTreeMap<Column, (usize, String)>,
}

impl Sheet {
    fn cell<'a>(&self, row: &'a [String], c: Column) -> &'a str {
        self.columns
            .get(&c)
            .and_then(|(i, _)| row.get(*i))
            .map_or("", |s| s.trim())
    }

    fn error(&self, row: usize, c: Column, message: String, hint: impl Into<String>) -> Diagnostic {
        let cell = self.columns.get(&c).map(|(i, h)| (*i, h.as_str()));
        self.origin
            .at(Severity::Error, row, cell, message)
            .hint(hint)
    }
}

/// The required columns.
const REQUIRED: [Column; 6] = [
    Column::Area,
    Column::Strategic,
    Column::Kpi,
    Column::Name,
    Column::Weight,
    Column::AreaTitle,
];

/// Reads the rows; every error found, or the plan.
pub fn read_plan(raw: RawTable) -> Result<PlanDraft, Vec<Diagnostic>> {
    let mut rows = raw.rows.into_iter();
    let Some((header_row, header)) = rows.next() else {
        return Err(vec![Diagnostic::file(
            Severity::Error,
            raw.origin.file(),
            "il file è vuoto",
        )]);
    };
    let mut sheet = Sheet {
        origin: raw.origin,
        columns: BTreeMap::new(),
    };
    let mut diags = Vec::new();
    let header: Vec<String> = header.into_iter().map(|c| c.into_text(false)).collect();
    for (i, written) in header.iter().enumerate() {
        match Column::of(written) {
            Some(c) => {
                if sheet
                    .columns
                    .insert(c, (i, written.trim().to_owned()))
                    .is_some()
                {
                    diags.push(
                        sheet
                            .origin
                            .at(
                                Severity::Error,
                                header_row,
                                Some((i, written.as_str())),
                                format!("colonna «{}» ripetuta", written.trim()),
                            )
                            .hint("lasciare una sola colonna con questo nome"),
                    );
                }
            }
            None if written.trim().is_empty() => {}
            None => diags.push(
                sheet
                    .origin
                    .at(
                        Severity::Warning,
                        header_row,
                        Some((i, written.as_str())),
                        format!("colonna «{}» non prevista: ignorata", written.trim()),
                    )
                    .hint(columns_hint()),
            ),
        }
    }
    let years: Vec<i32> = sheet
        .columns
        .keys()
        .filter_map(|c| match c {
            Column::Target(y) => Some(*y),
            _ => None,
        })
        .collect();
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|c| !sheet.columns.contains_key(c))
        .map(|c| format!("«{}»", c.heading()))
        .chain(
            years
                .is_empty()
                .then(|| "«Target <anno>» (una per anno)".to_owned()),
        )
        .collect();
    if !missing.is_empty() {
        diags.push(
            sheet
                .origin
                .at(
                    Severity::Error,
                    header_row,
                    None,
                    format!("mancano le colonne {}", missing.join(", ")),
                )
                .hint(columns_hint()),
        );
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let keys: Vec<Option<Column>> = header.iter().map(|h| Column::of(h)).collect();
    let mut plan = PlanDraft {
        years,
        ..PlanDraft::default()
    };
    let mut first_seen: BTreeMap<(u8, String), usize> = BTreeMap::new();
    for (row, cells) in rows {
        let cells: Vec<String> = cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                c.into_text(
                    keys.get(i)
                        .copied()
                        .flatten()
                        .is_some_and(Column::is_quantity),
                )
            })
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        read_row(&sheet, row, &cells, &mut plan, &mut first_seen, &mut diags);
    }
    if plan.strategic.is_empty() && !diags.iter().any(Diagnostic::is_error) {
        diags.push(
            Diagnostic::file(Severity::Error, sheet.origin.file(), "nessun KPI nel file")
                .hint("una riga per KPI sotto l'intestazione"),
        );
    }
    if diags.iter().any(Diagnostic::is_error) {
        diags.sort_by_key(|d| d.severity);
        return Err(diags);
    }
    Ok(plan)
}

fn columns_hint() -> String {
    let names: Vec<String> = FIXED.iter().map(|c| c.heading()).collect();
    format!(
        "colonne del piano: {}, poi «Target 2025», «Target 2026», ... (vedi docs/formato-contenuti.md, «Il piano da un foglio di calcolo»)",
        names.join(", ")
    )
}

/// One row: its area, strategic objective, operational objective if any, and KPI.
fn read_row(
    s: &Sheet,
    row: usize,
    cells: &[String],
    plan: &mut PlanDraft,
    first_seen: &mut BTreeMap<(u8, String), usize>,
    diags: &mut Vec<Diagnostic>,
) {
    let before = diags.len();
    let required = |c: Column, what: &str, diags: &mut Vec<Diagnostic>| -> String {
        let v = s.cell(cells, c).to_owned();
        if v.is_empty() {
            diags.push(s.error(
                row,
                c,
                format!("manca {what}"),
                "ogni riga è un KPI: indicare area, obiettivo strategico, KPI, indicatore e peso",
            ));
        }
        v
    };
    let area = required(Column::Area, "il codice dell'area", diags);
    let strategic = required(
        Column::Strategic,
        "il codice dell'obiettivo strategico",
        diags,
    );
    let kpi_id = required(Column::Kpi, "il codice del KPI", diags);
    let name = required(Column::Name, "il nome dell'indicatore", diags);
    let weight = required(Column::Weight, "il peso del KPI", diags);
    let operational = s.cell(cells, Column::Operational).to_owned();
    let targets: Vec<(i32, String)> = plan
        .years
        .iter()
        .map(|y| (*y, s.cell(cells, Column::Target(*y)).to_owned()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    if targets.is_empty() {
        let first = plan.years.first().copied().unwrap_or_default();
        diags.push(s.error(
            row,
            Column::Target(first),
            format!("il KPI \"{kpi_id}\" non ha un target"),
            "indicare il target di almeno un anno nelle colonne «Target <anno>»",
        ));
    }
    if !operational.is_empty() && targets.len() > 1 {
        diags.push(s.error(row, Column::Target(targets[1].0), format!("l'obiettivo operativo {operational} è annuale: il KPI \"{kpi_id}\" ha target per più anni"), "per un KPI di un obiettivo operativo compilare il target del suo solo anno"));
    }
    if diags.len() > before {
        return;
    }
    let area_title = s.cell(cells, Column::AreaTitle);
    let known = plan
        .areas
        .iter()
        .find(|(id, _)| *id == area)
        .map(|(_, t)| (t.as_str(), ""));
    let mut at = Place {
        s,
        row,
        first_seen,
        diags,
    };
    if !at.agree(0, &area, Column::AreaTitle, area_title, known, "area") {
        return;
    }
    if known.is_none() {
        plan.areas.push((area.clone(), area_title.to_owned()));
    }
    let st_title = s.cell(cells, Column::StrategicTitle);
    let known = plan.strategic.iter().find(|o| o.id == strategic);
    if let Some(o) = known
        && o.parent != area
    {
        at.diags.push(s.error(
            row,
            Column::Area,
            format!(
                "l'obiettivo strategico {strategic} è nell'area {} in un'altra riga",
                o.parent
            ),
            "un obiettivo strategico appartiene a una sola area",
        ));
        return;
    }
    let known = known.map(|o| (o.title.as_str(), o.parent.as_str()));
    if !at.agree(
        1,
        &strategic,
        Column::StrategicTitle,
        st_title,
        known,
        "obiettivo strategico",
    ) {
        return;
    }
    if known.is_none() {
        plan.strategic.push(ObjectiveDraft {
            id: strategic.clone(),
            title: st_title.to_owned(),
            parent: area.clone(),
            kpis: Vec::new(),
        });
    }
    let kpi = KpiDraft {
        id: kpi_id.clone(),
        name,
        algorithm: s.cell(cells, Column::Algorithm).to_owned(),
        weight,
        baseline: s.cell(cells, Column::Baseline).to_owned(),
        unit: s.cell(cells, Column::Unit).to_owned(),
        polarity: s.cell(cells, Column::Polarity).to_owned(),
        responsible: s.cell(cells, Column::Responsible).to_owned(),
        targets: targets.clone(),
    };
    let (owner, what) = if operational.is_empty() {
        let Some(o) = plan.strategic.iter_mut().find(|o| o.id == strategic) else {
            return;
        };
        (o, format!("obiettivo strategico {strategic}"))
    } else {
        let op_title = s.cell(cells, Column::OperationalTitle);
        let year = targets[0].0;
        let known = plan.operational.iter().find(|(o, _)| o.id == operational);
        if let Some((o, y)) = known {
            if o.parent != strategic {
                at.diags.push(s.error(row, Column::Strategic, format!("l'obiettivo operativo {operational} è sotto l'obiettivo strategico {} in un'altra riga", o.parent), "un obiettivo operativo appartiene a un solo obiettivo strategico"));
                return;
            }
            if *y != year {
                at.diags.push(s.error(row, Column::Target(year), format!("l'obiettivo operativo {operational} ha target del {y} in un'altra riga, qui del {year}"), "i KPI di un obiettivo operativo hanno il target dello stesso anno"));
                return;
            }
        }
        let known = known.map(|(o, _)| (o.title.as_str(), o.parent.as_str()));
        if !at.agree(
            2,
            &operational,
            Column::OperationalTitle,
            op_title,
            known,
            "obiettivo operativo",
        ) {
            return;
        }
        if known.is_none() {
            plan.operational.push((
                ObjectiveDraft {
                    id: operational.clone(),
                    title: op_title.to_owned(),
                    parent: strategic.clone(),
                    kpis: Vec::new(),
                },
                year,
            ));
        }
        let Some((o, _)) = plan
            .operational
            .iter_mut()
            .find(|(o, _)| o.id == operational)
        else {
            return;
        };
        (o, format!("obiettivo operativo {operational}"))
    };
    if owner.kpis.iter().any(|k| k.id == kpi_id) {
        at.diags.push(s.error(
            row,
            Column::Kpi,
            format!("KPI \"{kpi_id}\" ripetuto nell'{what}"),
            "ogni KPI di un obiettivo ha un codice diverso",
        ));
        return;
    }
    owner.kpis.push(kpi);
}

/// A row being read, to report on it.
struct Place<'a> {
    s: &'a Sheet,
    row: usize,
    first_seen: &'a mut BTreeMap<(u8, String), usize>,
    diags: &'a mut Vec<Diagnostic>,
}

impl Place<'_> {
    /// Whether the title of a code agrees with the one of the row that first named it
    /// (`known`, `None` when this row is the first; then the title is required).
    fn agree(
        &mut self,
        level: u8,
        id: &str,
        title_col: Column,
        title: &str,
        known: Option<(&str, &str)>,
        what: &str,
    ) -> bool {
        let (s, row) = (self.s, self.row);
        match known {
            None => {
                if title.is_empty() {
                    self.diags.push(s.error(
                        row,
                        title_col,
                        format!("manca il titolo dell'{what} {id}"),
                        "indicare il titolo alla prima riga che lo nomina",
                    ));
                    return false;
                }
                self.first_seen.insert((level, id.to_owned()), row);
                true
            }
            Some((known_title, _)) if !title.is_empty() && title != known_title => {
                let first = self
                    .first_seen
                    .get(&(level, id.to_owned()))
                    .copied()
                    .unwrap_or(0);
                self.diags.push(s.error(
                    row,
                    title_col,
                    format!("titolo dell'{what} {id} diverso da quello della riga {first}"),
                    "scrivere lo stesso titolo in tutte le righe, o lasciarlo vuoto dopo la prima",
                ));
                false
            }
            Some(_) => true,
        }
    }
}
