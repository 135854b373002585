//! `trasparenza check`: validates the content and, with `--links`, a built site.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use trasparenza::italian::count;
use trasparenza::model::{Date, Kind};
use trasparenza::{calendar, linkcheck, load};

/// Arguments of `trasparenza check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    source: super::Source,
    /// Controlla anche un sito generato: link interni, ancore, risorse, igiene della sezione
    #[arg(long = "collegamenti", alias = "links", value_name = "CARTELLA_SITO")]
    links: Option<PathBuf>,
    #[command(flatten)]
    today: super::today::TodayArg,
}

impl CheckArgs {
    /// Runs the subcommand.
    pub fn run(self) -> ExitCode {
        check(
            &self.source.folder(),
            self.links.as_deref(),
            self.today.date(),
        )
    }
}

/// Loads and validates everything; exit 0 with only warnings, 1 on any error.
fn check(content: &Path, site: Option<&Path>, today: Date) -> ExitCode {
    let loaded = load::load_dir(content);
    let mut diagnostics = loaded.diagnostics;
    if let Some(plans) = &loaded.plans {
        // the body's warnings (example data) are the same for every plan: each is said once
        let mut seen = HashSet::new();
        for plan in plans.all() {
            for w in super::plan_warnings::plan_warnings(plan) {
                if seen.insert((w.file.clone(), w.message.clone())) {
                    diagnostics.push(w);
                }
            }
        }
        diagnostics.extend(calendar::warnings::warnings(content, plans, today));
    }
    super::report(&diagnostics);
    let content_ok = match &loaded.plans {
        Some(plans) => {
            let several = plans.all().len() > 1;
            for plan in plans.all() {
                if several {
                    println!("Piano {} ({}):", plan.info.id, plan.info.title);
                }
                let kpis: usize = Kind::ALL
                    .into_iter()
                    .flat_map(|k| plan.objectives(k))
                    .map(|o| o.kpis.len())
                    .sum();
                println!(
                    "Contenuti validi: {}, {}, {}, {}, {}, {kpis} KPI, {}.",
                    count(plan.areas.len(), "area", "aree"),
                    count(
                        plan.strategic.len(),
                        "obiettivo strategico",
                        "obiettivi strategici"
                    ),
                    count(plan.operational.len(), "operativo", "operativi"),
                    count(plan.individual.len(), "individuale", "individuali"),
                    count(plan.common.len(), "comune", "comuni"),
                    count(
                        plan.periods.len(),
                        "periodo di monitoraggio",
                        "periodi di monitoraggio"
                    )
                );
            }
            true
        }
        None => false,
    };
    let site_ok = match site {
        None => true,
        Some(dir) => {
            let report = linkcheck::check_site(dir);
            super::report(&report.diagnostics);
            println!("Sito {}: {}.", dir.display(), report.summary());
            report.errors() == 0
        }
    };
    if content_ok && site_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
