//! The OIV's attestation grid ("griglia di rilevazione"), scored by the program on its
//! own section: one row per obligation of "Performance", one cell per column, each
//! with its reason and how to raise it.
//!
//! Columns and scales are those of ANAC's grid: the "Criteri di compilazione della
//! Griglia di rilevazione" (allegato 4, delibera ANAC 148/2014, and the same criteria
//! attached to later rounds) ask for "un valore compreso, a seconda dei casi, fra 0 e 2
//! oppure fra 0 e 3", "n/a" where an obligation does not apply, and no empty cell; the
//! grid itself (allegato 1, delibera ANAC 43/2016) heads "Pubblicazione" "(da 0 a 2)"
//! and "Apertura formato" "(da 0 a 3)". Performance (art. 10 c. 8 and art. 20) was
//! attested in the round of delibera ANAC 213/2024. A cell the program cannot score
//! (it needs the OIV's judgement) says so.

use crate::model::{Date, Plans};
use crate::render::pages::{SECTIONS, WELLBEING, relazione_url};
use crate::render::{Site, page_file};

/// What is scored: a built site and the plans it was built from.
pub struct Subject<'a> {
    pub site: &'a Site,
    pub plans: &'a Plans,
}

/// A column of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Publication,
    Content,
    Offices,
    Update,
    Format,
}

impl Column {
    /// In the grid's order.
    pub const ALL: [Column; 5] = [
        Column::Publication,
        Column::Content,
        Column::Offices,
        Column::Update,
        Column::Format,
    ];

    /// The column's name in the grid.
    pub fn label(self) -> &'static str {
        match self {
            Column::Publication => "Pubblicazione",
            Column::Content => "Completezza del contenuto",
            Column::Offices => "Completezza rispetto agli uffici",
            Column::Update => "Aggiornamento",
            Column::Format => "Apertura formato",
        }
    }

    /// The column's name in the CSV file.
    pub fn code(self) -> &'static str {
        match self {
            Column::Publication => "pubblicazione",
            Column::Content => "completezza_contenuto",
            Column::Offices => "completezza_uffici",
            Column::Update => "aggiornamento",
            Column::Format => "apertura_formato",
        }
    }

    /// The highest value of the column's scale (the lowest is 0).
    pub fn max(self) -> u8 {
        match self {
            Column::Publication => 2,
            _ => 3,
        }
    }
}

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A value of the column's scale.
    Score(u8),
    /// The obligation does not apply ("n/a" in the grid).
    NotApplicable,
    /// Only the OIV can score it: the program does not know what it would take.
    Judgement,
}

impl Value {
    /// As written in the grid: `2`, `n/a`, or `giudizio OIV`.
    pub fn text(self) -> String {
        match self {
            Value::Score(n) => n.to_string(),
            Value::NotApplicable => "n/a".into(),
            Value::Judgement => "giudizio OIV".into(),
        }
    }
}

/// One cell: the value, why, and how to raise it when below the top of the scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub column: Column,
    pub value: Value,
    pub reason: String,
    pub raise: Option<String>,
}

impl Cell {
    fn score(column: Column, value: u8, reason: impl Into<String>) -> Cell {
        Cell {
            column,
            value: Value::Score(value.min(column.max())),
            reason: reason.into(),
            raise: None,
        }
    }

    fn full(column: Column, reason: impl Into<String>) -> Cell {
        Cell::score(column, column.max(), reason)
    }

    fn low(column: Column, value: u8, reason: impl Into<String>, raise: impl Into<String>) -> Cell {
        Cell {
            raise: Some(raise.into()),
            ..Cell::score(column, value, reason)
        }
    }

    fn not_applicable(column: Column, reason: impl Into<String>) -> Cell {
        Cell {
            column,
            value: Value::NotApplicable,
            reason: reason.into(),
            raise: None,
        }
    }

    fn judgement(column: Column, reason: impl Into<String>) -> Cell {
        Cell {
            column,
            value: Value::Judgement,
            reason: reason.into(),
            raise: None,
        }
    }

    /// True unless the cell holds a value below the top of its scale.
    pub fn is_full(&self) -> bool {
        match self.value {
            Value::Score(n) => n == self.column.max(),
            Value::NotApplicable | Value::Judgement => true,
        }
    }
}

/// An obligation of "Performance" in the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Obligation {
    Smvp,
    Plan,
    Relazione,
    PayAmounts,
    PayData,
    Wellbeing,
}

impl Obligation {
    /// In the section's order.
    pub const ALL: [Obligation; 6] = [
        Obligation::Smvp,
        Obligation::Plan,
        Obligation::Relazione,
        Obligation::PayAmounts,
        Obligation::PayData,
        Obligation::Wellbeing,
    ];

    /// The sub-section's official name.
    pub fn label(self) -> &'static str {
        match self {
            Obligation::Wellbeing => WELLBEING.0,
            other => SECTIONS[other.section()].0,
        }
    }

    /// The sub-section's address in the site.
    pub fn url(self) -> &'static str {
        match self {
            Obligation::Wellbeing => WELLBEING.1,
            other => SECTIONS[other.section()].1,
        }
    }

    /// The legal basis, as in delibera ANAC 1310/2016, allegato 1.
    pub fn legal(self) -> &'static str {
        match self {
            Obligation::Smvp => "art. 7 d.lgs. 150/2009; delibera CiVIT 104/2010",
            Obligation::Plan | Obligation::Relazione => "art. 10, c. 8, lett. b), d.lgs. 33/2013",
            Obligation::PayAmounts => "art. 20, c. 1, d.lgs. 33/2013",
            Obligation::PayData => "art. 20, c. 2, d.lgs. 33/2013",
            Obligation::Wellbeing => "art. 20, c. 3, d.lgs. 33/2013, abrogato dal d.lgs. 97/2016",
        }
    }

    fn section(self) -> usize {
        match self {
            Obligation::Smvp => 0,
            Obligation::Plan => 1,
            Obligation::Relazione => 2,
            Obligation::PayAmounts => 3,
            Obligation::PayData | Obligation::Wellbeing => 4,
        }
    }
}

/// One row of the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub obligation: Obligation,
    /// In the order of [`Column::ALL`].
    pub cells: [Cell; 5],
}

impl Row {
    /// The cell of a column.
    pub fn cell(&self, column: Column) -> &Cell {
        &self.cells[Column::ALL.iter().position(|c| *c == column).unwrap_or(0)]
    }

    /// True when no cell is below the top of its scale.
    pub fn full_marks(&self) -> bool {
        self.cells.iter().all(Cell::is_full)
    }
}

/// The last year whose Relazione (and premi) should be out on `today`: the Relazione of
/// a year is adopted by 30 June of the next (art. 10, c. 1, lett. b), d.lgs. 150/2009).
pub fn last_closed_year(today: Date) -> i32 {
    let due = Date::new(today.year(), 6, 30).unwrap_or(today);
    if today > due {
        today.year() - 1
    } else {
        today.year() - 2
    }
}

/// Scores every obligation of the built site on `today`.
pub fn score(subject: &Subject, today: Date) -> Vec<Row> {
    Obligation::ALL
        .iter()
        .map(|o| Row {
            obligation: *o,
            cells: cells(*o, subject, today),
        })
        .collect()
}

const NOT_PUBLISHED: &str = "dato non pubblicato: nulla da valutare";

fn cells(o: Obligation, subject: &Subject, today: Date) -> [Cell; 5] {
    use Column::*;
    if o == Obligation::Wellbeing {
        let why = "obbligo abrogato dal d.lgs. 97/2016: la pagina ne indica lo stato e le fonti";
        return Column::ALL.map(|c| Cell::not_applicable(c, why));
    }
    let offices = Cell::judgement(
        Offices,
        "la sezione pubblica i dati dell'ente nel suo insieme; se l'ente ha uffici periferici o articolazioni con dati propri (foglio 2 della griglia) valuta l'OIV, altrimenti «n/a»",
    );
    let Some(page) = published_page(o, subject) else {
        let (reason, raise) = missing(o, subject);
        return [
            Cell::low(Publication, 0, reason, raise),
            Cell::low(Content, 0, NOT_PUBLISHED, "pubblicare il dato"),
            offices,
            Cell::low(Update, 0, NOT_PUBLISHED, "pubblicare il dato"),
            Cell::low(Format, 0, NOT_PUBLISHED, "pubblicare il dato"),
        ];
    };
    [
        Cell::full(
            Publication,
            format!("pubblicato nella sotto-sezione «{}» ({page})", o.label()),
        ),
        content(o, subject),
        offices,
        update(o, subject, today),
        format(subject.site, &page),
    ]
}

/// The page that publishes the obligation's data, when there are data.
fn published_page(o: Obligation, subject: &Subject) -> Option<String> {
    let plans = &subject.plans;
    let page = match o {
        Obligation::Relazione => relazione_url(latest_relazione(subject)?.year),
        Obligation::PayAmounts | Obligation::PayData if plans.pay().is_empty() => return None,
        other => other.url().to_owned(),
    };
    subject.site.get(&page_file(&page)).map(|_| page)
}

/// Why a section has no data, and what to do.
fn missing(o: Obligation, subject: &Subject) -> (String, String) {
    let year = subject.plans.current().info.first_year;
    match o {
        Obligation::Relazione => (
            "nessuna Relazione sulla Performance nei contenuti: la pagina dice solo quando sarà pubblicata".into(),
            format!("aggiungere la Relazione in piani/<piano>/relazione/<anno>/relazione.toml, approvata e validata dall'OIV (ad esempio quella del {year})"),
        ),
        Obligation::PayAmounts | Obligation::PayData => (
            "nessun dato sui premi nei contenuti: la pagina dice solo quando saranno pubblicati".into(),
            "aggiungere premi/<anno>.toml con premi stanziati e distribuiti, per dirigenti e dipendenti, e la distribuzione per fasce".into(),
        ),
        _ => (
            "la pagina non è nel sito generato".into(),
            "controllare i contenuti con «trasparenza controlla»".into(),
        ),
    }
}

/// The latest Relazione of the site.
fn latest_relazione<'a>(subject: &Subject<'a>) -> Option<&'a crate::model::relazione::Relazione> {
    subject.plans.relazioni().first().copied()
}

/// Completezza del contenuto: the share of the obligation's elements that are published,
/// 3 when all are, 2 from two thirds, 1 from one third.
fn content(o: Obligation, subject: &Subject) -> Cell {
    let column = Column::Content;
    let elements: Vec<(&str, bool, &str)> = match o {
        Obligation::Smvp => {
            return Cell::judgement(
                column,
                "la pagina pubblica le regole di calcolo applicate (soglie, aggregazione, tolleranze); se il documento SMVP adottato dall'ente è pubblicato per intero e aggiornato lo valuta l'OIV",
            );
        }
        Obligation::Plan => {
            let plan = subject.plans.current();
            let with_kpis = plan
                .strategic
                .iter()
                .chain(&plan.operational)
                .all(|o| !o.kpis.is_empty());
            vec![
                (
                    "obiettivi strategici",
                    !plan.strategic.is_empty(),
                    "aggiungere gli obiettivi strategici del piano",
                ),
                (
                    "obiettivi operativi",
                    !plan.operational.is_empty(),
                    "aggiungere gli obiettivi operativi del piano",
                ),
                (
                    "indicatori e target per ogni obiettivo",
                    with_kpis,
                    "dare a ogni obiettivo i suoi indicatori (KPI) con i target",
                ),
            ]
        }
        Obligation::Relazione => {
            let Some(r) = latest_relazione(subject) else {
                return Cell::low(column, 0, NOT_PUBLISHED, "pubblicare la Relazione");
            };
            vec![
                ("risultati dell'anno per obiettivo", true, ""),
                (
                    "approvazione dell'organo di indirizzo",
                    r.state.approval().is_some(),
                    "indicare in relazione.toml l'atto di approvazione (organo, numero, data)",
                ),
                (
                    "validazione dell'OIV",
                    r.state.validation().is_some(),
                    "indicare in relazione.toml la validazione dell'OIV con il suo documento",
                ),
            ]
        }
        Obligation::PayAmounts => {
            let Some(y) = subject.plans.pay().last() else {
                return Cell::low(column, 0, NOT_PUBLISHED, "pubblicare i premi");
            };
            vec![
                ("premi stanziati", true, ""),
                ("premi effettivamente distribuiti", true, ""),
                (
                    "atto di riferimento",
                    !y.act.trim().is_empty(),
                    "indicare l'atto che stanzia i premi",
                ),
            ]
        }
        Obligation::PayData => {
            let Some(y) = subject.plans.pay().last() else {
                return Cell::low(column, 0, NOT_PUBLISHED, "pubblicare i premi");
            };
            let groups = y.groups();
            vec![
                (
                    "distribuzione in forma aggregata",
                    groups.iter().any(|(_, g)| !g.bands.is_empty()),
                    "indicare le fasce di valutazione con persone e importi",
                ),
                (
                    "grado di differenziazione",
                    groups.iter().any(|(_, g)| g.spread().is_some()),
                    "indicare le fasce di dirigenti e dipendenti, da cui si calcola il grado di differenziazione",
                ),
                (
                    "criteri (SMVP) per il trattamento accessorio",
                    y.criteria_url.is_some(),
                    "indicare url_criteri in premi/<anno>.toml",
                ),
            ]
        }
        Obligation::Wellbeing => return Cell::not_applicable(column, "obbligo abrogato"),
    };
    let present = elements.iter().filter(|(_, ok, _)| *ok).count();
    let names = |ok: bool| {
        elements
            .iter()
            .filter(|(_, p, _)| *p == ok)
            .map(|(n, _, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if present == elements.len() {
        return Cell::full(column, format!("pubblicati: {}", names(true)));
    }
    let value = u8::try_from(present * 3 / elements.len()).unwrap_or(0);
    let raise: Vec<&str> = elements
        .iter()
        .filter(|(_, ok, _)| !ok)
        .map(|(_, _, r)| *r)
        .collect();
    Cell::low(
        column,
        value,
        format!("mancano: {}", names(false)),
        raise.join("; "),
    )
}

/// Aggiornamento: whether the data are those due on `today`.
fn update(o: Obligation, subject: &Subject, today: Date) -> Cell {
    let column = Column::Update;
    let year = today.year();
    match o {
        Obligation::Smvp | Obligation::Plan => {
            let info = &subject.plans.current().info;
            if (info.first_year..=info.last_year).contains(&year) {
                Cell::full(
                    column,
                    format!("il piano in vigore ({}) copre il {year}", info.title),
                )
            } else {
                Cell::low(
                    column,
                    0,
                    format!("il piano più recente ({}) non copre il {year}", info.title),
                    format!(
                        "adottare e pubblicare il piano che comprende il {year} (entro il 31 gennaio)"
                    ),
                )
            }
        }
        Obligation::Relazione => {
            let due = last_closed_year(today);
            match latest_relazione(subject) {
                Some(r) if r.year >= due => Cell::full(
                    column,
                    format!(
                        "pubblicata la Relazione {}: è la più recente dovuta al {}",
                        r.year,
                        today.italian()
                    ),
                ),
                Some(r) => Cell::low(
                    column,
                    1,
                    format!(
                        "l'ultima Relazione pubblicata è del {}; al {} è dovuta quella del {due}",
                        r.year,
                        today.italian()
                    ),
                    format!(
                        "pubblicare la Relazione {due} (adottata entro il 30 giugno {})",
                        due + 1
                    ),
                ),
                None => Cell::low(column, 0, NOT_PUBLISHED, "pubblicare la Relazione"),
            }
        }
        Obligation::PayAmounts | Obligation::PayData => {
            let due = last_closed_year(today);
            match subject.plans.pay().last() {
                Some(y) if y.year >= due => Cell::full(
                    column,
                    format!(
                        "pubblicati i premi del {}: i più recenti dovuti al {}",
                        y.year,
                        today.italian()
                    ),
                ),
                Some(y) => Cell::low(
                    column,
                    1,
                    format!(
                        "gli ultimi premi pubblicati sono del {}; al {} sono dovuti quelli del {due}",
                        y.year,
                        today.italian()
                    ),
                    format!("aggiungere premi/{due}.toml"),
                ),
                None => Cell::low(column, 0, NOT_PUBLISHED, "pubblicare i premi"),
            }
        }
        Obligation::Wellbeing => Cell::not_applicable(column, "obbligo abrogato"),
    }
}

/// Apertura formato: the page is HTML, and every table it links is there in CSV or JSON.
fn format(site: &Site, page: &str) -> Cell {
    let column = Column::Format;
    let html = site
        .get(&page_file(page))
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let data: Vec<String> = super::crawler::anchors(&html)
        .into_iter()
        .map(|a| a.href)
        .filter(|h| h.ends_with(".csv") || h.ends_with(".json"))
        .collect();
    let dir = page_file(page);
    let dir = &dir[..dir.rfind('/').map_or(0, |i| i + 1)];
    let missing: Vec<&String> = data
        .iter()
        .filter(|h| {
            let base = crate::linkcheck::url::SiteBase::default();
            match crate::linkcheck::url::resolve(h, dir, &base) {
                crate::linkcheck::url::LinkTarget::Internal { path, .. } => {
                    site.get(&path).is_none()
                }
                _ => false,
            }
        })
        .collect();
    if !missing.is_empty() {
        return Cell::low(
            column,
            1,
            format!(
                "la pagina collega dati aperti che non ci sono: {}",
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "rigenerare il sito con «trasparenza genera»",
        );
    }
    if data.is_empty() {
        Cell::full(
            column,
            "testo in HTML, formato aperto; nessuna tabella di dati",
        )
    } else {
        Cell::full(
            column,
            format!(
                "HTML, con {} file di dati aperti (CSV, JSON) collegati dalla pagina",
                data.len()
            ),
        )
    }
}
