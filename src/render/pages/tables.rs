//! The names and titles of the tables each page publishes as open data (CSV and JSON
//! beside the page): one place, so a table keeps its file name wherever it is built.

use super::super::data::{Table, TableMeta};
use super::period;
use crate::model::{Kind, Objective, Period};

pub(super) const DASHBOARD_TABLE: (&str, &str) =
    ("cruscotto", "Obiettivi strategici: stato e raggiungimento");
pub(super) const SMVP_TABLE: (&str, &str) = ("smvp-regole", "Regole di valutazione (SMVP)");
pub(super) const PLAN_TABLE: (&str, &str) =
    ("albero-della-performance", "Albero della performance");

pub(super) fn meta((name, title): (&str, &str)) -> TableMeta {
    TableMeta {
        name: name.to_owned(),
        title: title.to_owned(),
    }
}

pub(super) fn area_table(tables: &str, a: &crate::model::Area) -> TableMeta {
    TableMeta {
        name: format!("{tables}area-{}", a.id),
        title: format!("Obiettivi strategici dell'area {}", a.id),
    }
}

pub(super) fn kpi_table_meta(tables: &str, o: &Objective) -> TableMeta {
    let prefix = match o.kind {
        Kind::Strategic => "obiettivo-strategico",
        Kind::Operational => "obiettivo-operativo",
        Kind::Individual => "obiettivo-individuale",
        Kind::Common => "obiettivo-comune",
    };
    TableMeta {
        name: format!("{tables}{prefix}-{}-kpi", o.id),
        title: format!("KPI dell'{} {}", o.kind.label(), o.id),
    }
}

pub(super) fn period_table(p: &Period) -> TableMeta {
    TableMeta {
        name: format!("monitoraggio-{}", p.id),
        title: period::period_table_title(p),
    }
}

pub(super) fn period_area_url(p: &Period, a: &crate::model::Area) -> String {
    format!("monitoraggio/{}/aree/{}/", p.id, a.id)
}

pub(super) fn table(meta: TableMeta, columns: Vec<&'static str>, rows: Vec<Vec<String>>) -> Table {
    Table {
        meta,
        columns,
        rows,
    }
}
