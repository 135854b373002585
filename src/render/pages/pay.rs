//! The two premi pages (art. 20 d.lgs. 33/2013), once the body has published premi:
//! "Ammontare complessivo dei premi" (allocated and paid, per group, with totals) and
//! "Dati relativi ai premi" (the distribution by evaluation band, its chart, the degree
//! of differentiation and the criteria). Every year, newest first; each table also as
//! CSV and JSON. Without premi the sections keep their empty state (`sections.rs`).

use rust_decimal::Decimal;
use rust_decimal::RoundingStrategy::MidpointAwayFromZero;
use serde::Serialize;

use super::base::{Head, page};
use super::view::{Bar, StatusView, pct};
use super::{Builder, Page, SECTIONS, table};
use crate::diagnostic::Diagnostic;
use crate::model::Date;
use crate::model::number::{format_euro, format_it_fixed};
use crate::model::pay::{PayGroup, PayYear, Staff, share};
use crate::render::data::{Download, Table, TableMeta};

/// Index into [`SECTIONS`] of "Ammontare complessivo dei premi".
pub const AMOUNTS: usize = 3;
/// Index into [`SECTIONS`] of "Dati relativi ai premi".
pub const DISTRIBUTION: usize = 4;

/// The open-data table of a year's amounts.
pub fn amounts_table(year: &PayYear) -> TableMeta {
    TableMeta {
        name: format!("premi-{}-ammontare", year.year),
        title: format!("Premi {}: ammontare stanziato e distribuito", year.year),
    }
}

/// The open-data table of a group's bands in a year; `None` when the body publishes
/// no bands for the group.
pub fn bands_table(year: &PayYear, staff: Staff, group: &PayGroup) -> Option<TableMeta> {
    (!group.bands.is_empty()).then(|| TableMeta {
        name: format!("premi-{}-fasce-{}", year.year, staff.code()),
        title: format!(
            "Premi {}: distribuzione per fascia di valutazione, {}",
            year.year,
            staff.label().to_lowercase()
        ),
    })
}

/// Every band table of the premi, newest year first, managers first.
pub fn distribution_tables(pay: &[PayYear]) -> Vec<TableMeta> {
    pay.iter()
        .rev()
        .flat_map(|y| y.groups().map(|(staff, g)| bands_table(y, staff, g)))
        .flatten()
        .collect()
}

#[derive(Serialize)]
struct AmountRow {
    personale: &'static str,
    stanziati: String,
    distribuiti: String,
}

/// What every year says of where its figures come from.
#[derive(Serialize)]
struct YearHead<'a> {
    anno: i32,
    /// HTML id of the year's section.
    id: String,
    data: String,
    data_iso: String,
    atto: &'a str,
    url_atto: Option<&'a str>,
    /// The year's acts (`components/documenti.html`), on both pages.
    documenti: Vec<super::documents::DocumentView>,
}

#[derive(Serialize)]
struct AmountsYear<'a> {
    #[serde(flatten)]
    head: YearHead<'a>,
    righe: Vec<AmountRow>,
    totale: AmountRow,
    download: Download,
}

#[derive(Serialize)]
struct AmountsPage<'a> {
    anni: Vec<AmountsYear<'a>>,
    dati_url: &'static str,
}

#[derive(Serialize)]
struct BandRow<'a> {
    fascia: &'a str,
    persone: u32,
    quota: String,
    distribuiti: String,
    medio: String,
}

#[derive(Serialize)]
struct ChartBar<'a> {
    etichetta: &'a str,
    larghezza: String,
    percentuale: String,
    stato: Option<StatusView>,
}

#[derive(Serialize)]
struct GroupView<'a> {
    nome: &'static str,
    /// HTML id of the group's part of the year.
    id: String,
    fasce: Vec<BandRow<'a>>,
    totale: BandRow<'a>,
    quota_fascia_alta: String,
    rapporto: String,
    grafico: Vec<ChartBar<'a>>,
    download: Option<Download>,
}

#[derive(Serialize)]
struct DistributionYear<'a> {
    #[serde(flatten)]
    head: YearHead<'a>,
    url_criteri: Option<&'a str>,
    differenziazione: &'a str,
    gruppi: Vec<GroupView<'a>>,
}

#[derive(Serialize)]
struct DistributionPage<'a> {
    anni: Vec<DistributionYear<'a>>,
    smvp_url: &'static str,
    ammontare_url: &'static str,
}

fn year_head(y: &PayYear, documenti: Vec<super::documents::DocumentView>) -> YearHead<'_> {
    YearHead {
        anno: y.year,
        id: format!("premi-{}", y.year),
        data: y.date.italian(),
        data_iso: y.date.iso(),
        atto: &y.act,
        url_atto: y.act_url.as_deref(),
        documenti,
    }
}

/// An amount in the data files: `1234.56`.
fn iso_euro(value: Decimal) -> String {
    format!(
        "{:.2}",
        value.round_dp_with_strategy(2, MidpointAwayFromZero)
    )
}

/// A share in percent for the data files (`69.4`), empty when there is none.
fn iso_share(value: Option<Decimal>) -> String {
    value
        .map(|v| {
            v.round_dp_with_strategy(1, MidpointAwayFromZero)
                .normalize()
                .to_string()
        })
        .unwrap_or_default()
}

impl Builder<'_> {
    /// The premi, oldest first.
    fn pay(&self) -> &[PayYear] {
        self.input.plans.pay()
    }

    /// When the premi pages were last updated: the date of the newest figures.
    pub fn pay_updated(&self) -> Date {
        let newest = self.pay().iter().map(|y| y.date).max();
        newest.unwrap_or_else(|| self.updated())
    }

    /// The header of a premi page: first published with the oldest figures, updated
    /// with the newest.
    fn pay_head<'x>(&self, i: usize, crumbs: &'x [(&'x str, &'x str)]) -> Head<'x> {
        let (title, url, description) = SECTIONS[i];
        let oldest = self.pay().iter().map(|y| y.date).min();
        let published = oldest.unwrap_or(self.plan().info.published);
        let updated = self.pay_updated();
        Head {
            url,
            title,
            description,
            crumbs,
            legal: if i == AMOUNTS {
                "art. 20, c. 1, d.lgs. 33/2013"
            } else {
                "art. 20, c. 2, d.lgs. 33/2013"
            },
            published,
            updated,
        }
    }

    /// "Ammontare complessivo dei premi": allocated and paid, per group and in total.
    pub(super) fn pay_amounts(&self) -> Result<(Page, Vec<Table>), Diagnostic> {
        let (title, url, _) = SECTIONS[AMOUNTS];
        let base = self.base(&self.pay_head(AMOUNTS, &[(title, url)]));
        let mut tables = Vec::new();
        let anni = self
            .pay()
            .iter()
            .rev()
            .map(|y| {
                // the label on the page, the code in the data files
                let row =
                    |personale: &'static str, code: &str, allocated: Decimal, paid: Decimal| {
                        (
                            AmountRow {
                                personale,
                                stanziati: format_euro(allocated),
                                distribuiti: format_euro(paid),
                            },
                            vec![
                                y.year.to_string(),
                                code.to_owned(),
                                iso_euro(allocated),
                                iso_euro(paid),
                            ],
                        )
                    };
                let (righe, mut rows): (Vec<AmountRow>, Vec<Vec<String>>) = y
                    .groups()
                    .map(|(staff, g)| {
                        row(staff.label(), staff.code(), g.allocated.get(), g.paid.get())
                    })
                    .into_iter()
                    .unzip();
                let (totale, total_row) = row("Totale", "totale", y.allocated(), y.paid());
                rows.push(total_row);
                let meta = amounts_table(y);
                let download = meta.download();
                tables.push(table(
                    meta,
                    vec!["anno", "personale", "stanziati", "distribuiti"],
                    rows,
                ));
                AmountsYear {
                    head: year_head(y, self.pay_document_views(y)),
                    righe,
                    totale,
                    download,
                }
            })
            .collect();
        let context = AmountsPage {
            anni,
            dati_url: SECTIONS[DISTRIBUTION].1,
        };
        Ok((
            page(url.to_owned(), "premi-ammontare.html", &base, &context)?,
            tables,
        ))
    }

    /// "Dati relativi ai premi": bands, chart and differentiation per group, criteria.
    pub(super) fn pay_distribution(&self) -> Result<(Page, Vec<Table>), Diagnostic> {
        let (title, url, _) = SECTIONS[DISTRIBUTION];
        let base = self.base(&self.pay_head(DISTRIBUTION, &[(title, url)]));
        let mut tables = Vec::new();
        let anni = self
            .pay()
            .iter()
            .rev()
            .map(|y| DistributionYear {
                head: year_head(y, self.pay_document_views(y)),
                url_criteri: y.criteria_url.as_deref(),
                differenziazione: &y.statement,
                gruppi: y
                    .groups()
                    .into_iter()
                    .map(|(staff, g)| {
                        let (view, table) = group_view(y, staff, g);
                        tables.extend(table);
                        view
                    })
                    .collect(),
            })
            .collect();
        let context = DistributionPage {
            anni,
            smvp_url: SECTIONS[0].1,
            ammontare_url: SECTIONS[AMOUNTS].1,
        };
        Ok((
            page(url.to_owned(), "premi-dati.html", &base, &context)?,
            tables,
        ))
    }
}

/// A group's bands as the page shows them, and as open data (none without bands).
fn group_view<'a>(y: &PayYear, staff: Staff, g: &'a PayGroup) -> (GroupView<'a>, Option<Table>) {
    let people = g.people();
    let mut rows = Vec::new();
    let mut grafico = Vec::new();
    let fasce = g
        .bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let quota = share(b.people.get(), people);
            rows.push(vec![
                y.year.to_string(),
                staff.code().to_owned(),
                (i + 1).to_string(),
                b.label.clone(),
                b.people.get().to_string(),
                iso_share(quota),
                iso_euro(b.paid.get()),
                b.average().map(iso_euro).unwrap_or_default(),
            ]);
            let bar = Bar::of(quota);
            grafico.push(ChartBar {
                etichetta: &b.label,
                larghezza: bar.larghezza,
                percentuale: bar.percentuale,
                stato: None,
            });
            BandRow {
                fascia: &b.label,
                persone: b.people.get(),
                quota: pct(quota),
                distribuiti: format_euro(b.paid.get()),
                medio: b.average().map_or_else(|| "—".into(), format_euro),
            }
        })
        .collect();
    let totale = BandRow {
        fascia: "Totale",
        persone: people,
        quota: pct(share(people, people)),
        distribuiti: format_euro(g.bands_paid()),
        medio: g.average().map_or_else(|| "—".into(), format_euro),
    };
    let meta = bands_table(y, staff, g);
    let download = meta.as_ref().map(TableMeta::download);
    let data = meta.map(|meta| {
        table(
            meta,
            vec![
                "anno",
                "personale",
                "ordine",
                "fascia",
                "persone",
                "quota_persone",
                "distribuiti",
                "premio_medio",
            ],
            rows,
        )
    });
    let view = GroupView {
        nome: staff.label(),
        id: format!("premi-{}-{}", y.year, staff.code()),
        fasce,
        totale,
        quota_fascia_alta: pct(g.top_share()),
        rapporto: g
            .spread()
            .map_or_else(|| "—".into(), |r| format_it_fixed(r, 2)),
        grafico,
        download,
    };
    (view, data)
}
