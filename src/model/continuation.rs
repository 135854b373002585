//! Which objectives and KPIs of a plan continue those of an earlier plan under another
//! code, as the content declares it (`prosegue`). Without a declaration an objective
//! continues the one with the same code in the plan before, and a KPI the one with the
//! same id: a new plan that renumbers its objectives says where each one comes from.

use std::collections::BTreeMap;

use super::Kind;

/// An objective of an earlier plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predecessor {
    /// The earlier plan's id, e.g. `2022-2024`.
    pub plan: String,
    /// The objective's id in that plan.
    pub objective: String,
}

/// The declared continuations of one plan's objectives and KPIs.
#[derive(Debug, Clone, Default)]
pub struct Continuations {
    objectives: BTreeMap<(Kind, String), Predecessor>,
    /// `(kind, objective, KPI)` → the KPI's id in the objective it continues.
    kpis: BTreeMap<(Kind, String, String), String>,
}

impl Continuations {
    /// Records that objective `id` continues `from`.
    pub fn add_objective(&mut self, kind: Kind, id: &str, from: Predecessor) {
        self.objectives.insert((kind, id.to_owned()), from);
    }

    /// Records that KPI `kpi` of objective `id` continues the KPI `from` of the objective
    /// that one continues.
    pub fn add_kpi(&mut self, kind: Kind, id: &str, kpi: &str, from: &str) {
        self.kpis
            .insert((kind, id.to_owned(), kpi.to_owned()), from.to_owned());
    }

    /// The objective of an earlier plan that objective `id` declares it continues.
    pub fn objective(&self, kind: Kind, id: &str) -> Option<&Predecessor> {
        self.objectives.get(&(kind, id.to_owned()))
    }

    /// The id, in the continued objective, of the KPI that KPI `kpi` declares it continues.
    pub fn kpi(&self, kind: Kind, id: &str, kpi: &str) -> Option<&str> {
        self.kpis
            .get(&(kind, id.to_owned(), kpi.to_owned()))
            .map(String::as_str)
    }

    /// True when nothing is declared.
    pub fn is_empty(&self) -> bool {
        self.objectives.is_empty() && self.kpis.is_empty()
    }
}
