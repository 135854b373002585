//! The search page (`cerca/`): a field that looks through the index of the current
//! section and of every archived version (`crate::search`), and, for readers without
//! JavaScript, an A–Z index of every plan's objectives and KPIs as plain links.

use serde::Serialize;

use super::base::{Head, page};
use super::{Builder, Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::model::Kind;
use crate::opendata;
use crate::search::{self, Addresses, Record, RecordKind, Shard};

const TITLE: &str = "Cerca nella sezione";

/// The A–Z entries under one letter.
#[derive(Serialize)]
struct Letter {
    lettera: char,
    voci: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    titolo: String,
    codice: String,
    tipo: &'static str,
    etichetta: String,
    url: String,
}

#[derive(Serialize)]
struct SearchPage {
    /// The index files to load, relative to the site root: the plans in force and
    /// earlier, then the archived versions, newest first.
    indici: Vec<String>,
    lettere: Vec<Letter>,
}

/// The addresses of a current plan's pages.
struct Current<'b, 'a>(&'b Builder<'a>);

impl Addresses for Current<'_, '_> {
    fn area(&self, id: &str) -> String {
        self.0.area_url(id)
    }

    fn objective(&self, kind: opendata::Kind, id: &str) -> String {
        let kind = Kind::ALL
            .into_iter()
            .find(|k| opendata::Kind::from(*k) == kind)
            .unwrap_or(Kind::Strategic);
        self.0.objective_url(kind, id)
    }

    fn period(&self, id: &str) -> String {
        format!("monitoraggio/{id}/")
    }
}

impl Builder<'_> {
    /// The shards of every plan of the current section, oldest plan first: each with its
    /// Relazioni, and the results of its latest period.
    fn current_shards(&self) -> Vec<(String, Shard)> {
        let plans = self.input.plans.all();
        (0..plans.len())
            .map(|i| {
                let plan = &plans[i];
                let builder = Builder::new(self.input, i);
                let evaluations = self.input.evaluations.get(i).map_or(&[][..], Vec::as_slice);
                // the latest period is all the shard shows
                let mut shard = Shard::of_plan(
                    search::plan_label(plan.info.first_year, plan.info.last_year),
                    plan,
                    evaluations.last(),
                    &Current(&builder),
                    super::LARGE_PLAN,
                );
                shard
                    .records
                    .extend(builder.page_ids().into_iter().filter_map(|u| match u {
                        PageId::Relazione(r) => Some(Record {
                            kind: RecordKind::Relazione,
                            code: plan.relazioni[r].year.to_string(),
                            title: crate::archive::relazione_title(plan.relazioni[r].year),
                            text: String::new(),
                            result: String::new(),
                            url: builder.url(u),
                        }),
                        _ => None,
                    }));
                (search::plan_shard(&plan.info.id), shard)
            })
            .collect()
    }

    /// The index files the search page writes beside itself.
    pub fn search_paths(&self, u: PageId) -> Vec<String> {
        if u != PageId::Search {
            return Vec::new();
        }
        self.input
            .plans
            .all()
            .iter()
            .map(|p| search::plan_shard(&p.info.id))
            .collect()
    }

    /// The files of [`Builder::search_paths`].
    pub fn search_files(&self, u: PageId) -> Vec<(String, Vec<u8>)> {
        if u != PageId::Search {
            return Vec::new();
        }
        self.current_shards()
            .into_iter()
            .map(|(path, shard)| (path, shard.to_json()))
            .collect()
    }

    /// The search page.
    pub(super) fn search(&self) -> Result<Page, Diagnostic> {
        let plan = self.plan_ref();
        let url = search::PAGE;
        let base = self.base(&Head {
            url,
            title: TITLE,
            description: "Obiettivi, indicatori, monitoraggi e Relazioni di ogni piano, anche nelle versioni archiviate.",
            crumbs: &[(TITLE, url)],
            legal: "art. 9 d.lgs. 33/2013",
            published: plan.info.published,
            updated: self.updated(),
        });
        let shards = self.current_shards();
        let mut indici: Vec<String> = shards.iter().rev().map(|(p, _)| p.clone()).collect();
        indici.extend(self.input.archive.iter().map(|v| {
            let version = v.url.trim_start_matches("archivio/").trim_end_matches('/');
            search::archive_shard(version)
        }));
        let context = SearchPage {
            indici,
            lettere: az_index(shards.into_iter().map(|(_, s)| s)),
        };
        page(url.to_owned(), "cerca.html", &base, &context)
    }
}

/// Objectives and KPIs of every shard, grouped by initial (`#` for a number or a sign,
/// first) and sorted by title, code and label.
fn az_index(shards: impl Iterator<Item = Shard>) -> Vec<Letter> {
    let mut entries: Vec<(char, String, Entry)> = shards
        .flat_map(|s| {
            let label = s.label;
            s.records
                .into_iter()
                .filter(|r| r.kind.in_az_index())
                .map(move |r| {
                    let key = sort_key(&r.title);
                    let initial = match key.chars().find(|c| c.is_alphanumeric()) {
                        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
                        _ => '#',
                    };
                    let entry = Entry {
                        titolo: r.title,
                        codice: r.code,
                        tipo: r.kind.label(),
                        etichetta: label.clone(),
                        url: r.url,
                    };
                    (initial, key, entry)
                })
        })
        .collect();
    entries.sort_by(|(i, a, x), (j, b, y)| {
        (*i != '#', i, a, &x.codice, &x.etichetta, &x.url).cmp(&(
            *j != '#',
            j,
            b,
            &y.codice,
            &y.etichetta,
            &y.url,
        ))
    });
    let mut letters: Vec<Letter> = Vec::new();
    for (initial, _, entry) in entries {
        match letters.last_mut() {
            Some(l) if l.lettera == initial => l.voci.push(entry),
            _ => letters.push(Letter {
                lettera: initial,
                voci: vec![entry],
            }),
        }
    }
    letters
}

/// Lower case without the accents of Italian, for sorting titles as readers expect.
fn sort_key(title: &str) -> String {
    title
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' => 'a',
            'è' | 'é' => 'e',
            'ì' | 'í' => 'i',
            'ò' | 'ó' => 'o',
            'ù' | 'ú' => 'u',
            c => c,
        })
        .collect()
}
