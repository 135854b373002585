//! `trasparenza check`: validates the content and, with `--links`, a built site.

use std::path::Path;
use std::process::ExitCode;

use trasparenza::{linkcheck, load};

/// Loads and validates everything; exit 0 with only warnings, 1 on any error.
pub fn run(content: &Path, site: Option<&Path>) -> ExitCode {
    let loaded = load::load_dir(content);
    super::report(&loaded.diagnostics);
    let content_ok = match &loaded.plan {
        Some(plan) => {
            let kpis: usize = [
                &plan.strategic,
                &plan.operational,
                &plan.individual,
                &plan.common,
            ]
            .iter()
            .flat_map(|l| l.iter())
            .map(|o| o.kpis.len())
            .sum();
            println!(
                "Contenuti validi: {} aree, {} obiettivi strategici, {} operativi, {} individuali, {} comuni, {kpis} KPI, {} periodi di monitoraggio.",
                plan.areas.len(),
                plan.strategic.len(),
                plan.operational.len(),
                plan.individual.len(),
                plan.common.len(),
                plan.periods.len()
            );
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
