//! One content file parsed and converted on its own: where it sits in the content
//! tree, what it gives, and its own problems. The unit of parallel (and cached) work.

use std::ops::Range;
use std::path::Component;
use std::sync::Arc;

use super::objective::{ObjectiveSpans, objective_from};
use super::pay::{FOLDER as PAY_FOLDER, pay_from};
use super::period::{PeriodSpans, period_from};
use super::problems::Problems;
use super::raw;
use super::relazione::{Draft as RelazioneDraft, RelazioneFile, relazione_from};
use super::report::{Built, Draft, draft_from};
use super::revisions::{RevisionSpans, revisions_from};
use super::site::{PlanSettings, Site, plan_file_from, site_from};
use super::spans::key_before;
use super::text::Text;
use super::toml_error::parse;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::model::pay::PayYear;
use crate::model::{Area, Kind, Objective, Period, Revision};

/// Where a file sits in the content tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Site,
    /// `piani/<id>/piano.toml`.
    PlanFile,
    Area,
    Objective(Kind),
    /// The period folder.
    Period(String),
    /// The period folder and the kind of objective reported on.
    Report(String, Kind),
    /// `piano/revisioni.toml`.
    Revisions,
    /// `premi/<anno>.toml`, with the file name without `.toml`: the body's, in no plan.
    Pay(String),
    /// `relazione/<anno>/relazione.toml`: the year's folder.
    Relazione(String),
    Unknown,
}

impl Place {
    /// The plan folder a file is in (`piani/<id>/…`; `None` for the single-plan
    /// layout) and its place, from its path relative to the content folder.
    fn of(src: &Source) -> (Option<String>, Place) {
        let parts: Vec<&str> = src
            .path
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect();
        let kind_of = |folder: &str| Kind::ALL.into_iter().find(|k| k.folder() == folder);
        let in_period = |rest: &[&str]| match rest {
            [period, "periodo.toml"] => Place::Period((*period).to_owned()),
            [period, folder, _] => {
                kind_of(folder).map_or(Place::Unknown, |k| Place::Report((*period).to_owned(), k))
            }
            _ => Place::Unknown,
        };
        match parts.as_slice() {
            ["sito.toml"] => (None, Place::Site),
            [PAY_FOLDER, file] => (None, Place::Pay(file.trim_end_matches(".toml").to_owned())),
            ["piano", "revisioni.toml"] => (None, Place::Revisions),
            ["relazione", year, "relazione.toml"] => (None, Place::Relazione((*year).to_owned())),
            ["piano", "aree", _] => (None, Place::Area),
            ["piano", folder, _] => (
                None,
                kind_of(folder).map_or(Place::Unknown, Place::Objective),
            ),
            ["monitoraggio", rest @ ..] => (None, in_period(rest)),
            ["piani", plan, rest @ ..] => {
                let place = match rest {
                    ["piano.toml"] => Place::PlanFile,
                    ["revisioni.toml"] => Place::Revisions,
                    ["aree", _] => Place::Area,
                    ["monitoraggio", rest @ ..] => in_period(rest),
                    ["relazione", year, "relazione.toml"] => Place::Relazione((*year).to_owned()),
                    [folder, _] => kind_of(folder).map_or(Place::Unknown, Place::Objective),
                    _ => Place::Unknown,
                };
                (Some((*plan).to_owned()), place)
            }
            _ => (None, Place::Unknown),
        }
    }
}

/// What one file gives on its own, before it is checked against the others (boxed:
/// parsed files are moved around by the thousand).
#[derive(Debug, Clone)]
pub enum Item {
    /// `sito.toml`; `None` when its values are invalid.
    Site(Option<Box<Site>>),
    /// `piani/<id>/piano.toml`; `None` when its values are invalid.
    PlanFile(Option<Box<PlanSettings>>),
    Area(Area),
    /// With where its values are, for the checks across files.
    Objective(Arc<Objective>, ObjectiveSpans),
    /// `None` when the period is invalid.
    Period(Option<Box<(Period, PeriodSpans)>>),
    /// Shared with the cache, which keeps the file's report in `built`.
    Report(Arc<Draft>),
    /// The revisions valid on their own, with where their values are.
    Revisions(Vec<(Revision, RevisionSpans)>),
    /// `None` when the file has an error.
    Pay(Option<Box<PayYear>>),
    /// A Relazione valid on its own; `None` when a value is invalid.
    Relazione(Option<Box<RelazioneDraft>>),
    /// Not valid for its place, or in no known place.
    Nothing,
}

/// One content file parsed and converted on its own, with its own diagnostics. Checks
/// across files are made by [`super::assemble::assemble`].
#[derive(Debug)]
pub struct ParsedFile {
    /// The file, kept for the positions of later diagnostics.
    pub src: Text,
    /// The plan folder (`piani/<id>/`) the file is in; `None` in the single-plan layout.
    plan: Option<String>,
    place: Place,
    /// Span of the `id`, for "id ripetuto".
    id_span: Range<usize>,
    item: Item,
    /// Problems of this file alone, in the order they were found.
    diags: Vec<Diagnostic>,
    /// For a monitoring file, its report at the last assembly.
    built: Built,
}

/// A parsed file's item and diagnostics, taken for the assembly, with where they come from.
pub struct Claimed<'a> {
    pub src: &'a Text,
    pub plan: Option<&'a str>,
    pub place: &'a Place,
    pub id_span: Range<usize>,
    pub item: Item,
    pub diags: Vec<Diagnostic>,
    /// Where the report of a monitoring file is kept for the next assembly: only when the
    /// file itself is kept (the preview's cache).
    pub built: Option<&'a Built>,
}

impl ParsedFile {
    /// Parses and converts one file: everything that does not depend on other files.
    pub fn parse(src: Source) -> ParsedFile {
        let (plan, place) = Place::of(&src);
        let src = Text::new(src);
        let mut diags = Vec::new();
        let (item, id_span) = item_from(
            plan.as_deref(),
            &place,
            &mut Problems::new(&src, &mut diags),
        );
        ParsedFile {
            src,
            plan,
            place,
            id_span,
            item,
            diags,
            built: Built::default(),
        }
    }

    /// A file that could not be read or decoded (its problem is already reported): it
    /// gives nothing, but its place counts as failed, so that references to what it
    /// holds are not reported again as missing.
    pub fn unreadable(shown: &std::path::Path) -> ParsedFile {
        let src = Source::new(shown, "");
        let (plan, place) = Place::of(&src);
        ParsedFile {
            plan,
            place,
            src: Text::new(src),
            id_span: 0..0,
            item: Item::Nothing,
            diags: Vec::new(),
            built: Built::default(),
        }
    }

    /// The item and the diagnostics: moved out, or copied when the file is kept for later.
    pub fn claim(&mut self, keep: bool) -> Claimed<'_> {
        let (item, diags) = if keep {
            (self.item.clone(), self.diags.clone())
        } else {
            (
                std::mem::replace(&mut self.item, Item::Nothing),
                std::mem::take(&mut self.diags),
            )
        };
        Claimed {
            src: &self.src,
            plan: self.plan.as_deref(),
            place: &self.place,
            id_span: self.id_span.clone(),
            item,
            diags,
            built: keep.then_some(&self.built),
        }
    }
}

/// The item of a file in `place`, and the span of its `id` (of the value for an area,
/// of the key for objectives and periods).
fn item_from(plan: Option<&str>, place: &Place, p: &mut Problems) -> (Item, Range<usize>) {
    let src = p.src.get();
    let id_key = |id: &raw::S<String>| key_before(&src.text, &id.span());
    let parsed = match place {
        Place::Site => parse::<raw::SiteFile>(src)
            .map(|f| (Item::Site(site_from(f, p).map(Box::new)), 0..0)),
        Place::PlanFile => parse::<raw::PlanFile>(src).map(|f| {
            let settings = plan_file_from(plan.unwrap_or_default(), f, p);
            (Item::PlanFile(settings.map(Box::new)), 0..0)
        }),
        Place::Area => parse::<raw::AreaFile>(src).map(|f| {
            let span = f.id.span();
            let area = Area {
                id: f.id.get_ref().trim().to_owned(),
                title: f.titolo.into_inner(),
                description: f.descrizione,
            };
            (Item::Area(area), span)
        }),
        Place::Objective(kind) => parse::<raw::ObjectiveFile>(src).map(|f| {
            let id = id_key(&f.id);
            let (objective, spans) = objective_from(*kind, f, p);
            (Item::Objective(Arc::new(objective), spans), id)
        }),
        Place::Period(folder) => parse::<raw::PeriodFile>(src).map(|f| {
            let id = id_key(&f.id);
            (Item::Period(period_from(folder, f, p).map(Box::new)), id)
        }),
        Place::Report(..) => parse::<raw::ReportFile>(src)
            .map(|f| (Item::Report(Arc::new(draft_from(f, p.src))), 0..0)),
        Place::Revisions => parse::<raw::RevisionsFile>(src)
            .map(|f| (Item::Revisions(revisions_from(f, p)), 0..0)),
        Place::Pay(stem) => Ok((Item::Pay(pay_from(stem, p).map(Box::new)), 0..0)),
        Place::Relazione(year) => parse::<RelazioneFile>(src).map(|f| {
            let draft = relazione_from(year, f, p).map(Box::new);
            (Item::Relazione(draft), 0..0)
        }),
        Place::Unknown => Err(
            Diagnostic::file(Severity::Error, p.src.path(), "file in una posizione non prevista")
                .hint("le posizioni ammesse sono sito.toml, premi/<anno>.toml e, per ogni piano, piani/<piano>/piano.toml, piani/<piano>/revisioni.toml, piani/<piano>/aree/, piani/<piano>/obiettivi-{strategici,operativi,individuali,comuni}/, piani/<piano>/monitoraggio/<periodo>/periodo.toml e piani/<piano>/monitoraggio/<periodo>/obiettivi-*/ (vedi docs/formato-contenuti.md)"),
        ),
    };
    parsed.unwrap_or_else(|d| {
        p.diags.push(d);
        (Item::Nothing, 0..0)
    })
}
