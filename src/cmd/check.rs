//! `trasparenza check`: validates the content (and optionally a built site).

use std::path::Path;
use std::process::ExitCode;

use trasparenza::load;

/// Loads and validates everything; exit 0 with only warnings, 1 on any error.
pub fn run(content: &Path, site: Option<&Path>) -> ExitCode {
    let _ = site;
    let loaded = load::load_dir(content);
    super::report(&loaded.diagnostics);
    match &loaded.plan {
        Some(plan) => {
            let kpis: usize = [&plan.strategic, &plan.operational, &plan.individual, &plan.common].iter().flat_map(|l| l.iter()).map(|o| o.kpis.len()).sum();
            println!(
                "Contenuti validi: {} aree, {} obiettivi strategici, {} operativi, {} individuali, {} comuni, {kpis} KPI, {} periodi di monitoraggio.",
                plan.areas.len(),
                plan.strategic.len(),
                plan.operational.len(),
                plan.individual.len(),
                plan.common.len(),
                plan.periods.len()
            );
            ExitCode::SUCCESS
        }
        None => ExitCode::FAILURE,
    }
}
