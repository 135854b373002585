//! Several plan cycles, the way a body lives them, through the binary: a plan with its
//! semester, a revision and its year end is archived; the next plan (the Performance
//! sub-section of a PIAO) is added; the site shows both, each objective at its own
//! address, each period evaluated against its own plan; the next semester is archived
//! and verified, and "cosa è cambiato" names the new plan. The content is the fictional
//! example of `crea --completo` ("Ente di esempio"), added in the order a body adds it.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::visible_text as visible;

const BIN: &str = env!("CARGO_BIN_EXE_trasparenza");

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        // a fixed day: the archive date is part of what is archived
        .env("SOURCE_DATE_EPOCH", "1785456000")
        .output()
        .expect("trasparenza avviato")
}

fn ok(o: Output) -> Output {
    assert!(
        o.status.success(),
        "comando fallito:\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Writes the files of the complete example whose path starts with `prefix`.
fn add(site: &Path, prefix: &str) {
    let mut n = 0;
    for (rel, text) in trasparenza::init::COMPLETE {
        if rel.starts_with(prefix) {
            let path = site.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
            n += 1;
        }
    }
    // and the small documents the example attaches (acts, generated as PDFs)
    for (rel, lines) in trasparenza::init::DOCUMENTS {
        if rel.starts_with(prefix) {
            let path = site.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, trasparenza::init::pdf::one_page(lines)).unwrap();
        }
    }
    assert!(n > 0, "nothing under {prefix}");
}

fn page(site: &Path, url: &str) -> String {
    let path = site.join("public").join(url).join("index.html");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn two_plan_cycles_from_year_end_to_the_next_semester() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("sito");
    ok(run(tmp.path(), &["crea", site.to_str().unwrap()]));

    // plan A: the revision and the year end are added, then the year end is archived
    add(&site, "content/piani/2025-2027/");
    ok(run(&site, &["controlla"]));
    ok(run(&site, &["archivia", "2025-S2"]));
    assert!(site.join("archivio/2025-S2/metadati.json").is_file());

    // plan B, adopted the next January
    add(&site, "content/piani/2026-2028/");
    ok(run(&site, &["controlla"]));
    ok(run(&site, &["genera"]));

    // every page of both cycles, each at its own address
    let public = site.join("public");
    for plan in ["2025-2027", "2026-2028"] {
        for rest in [
            "",
            "aree/1/",
            "obiettivi-strategici/1.1/",
            "obiettivi-operativi/1.1.1/",
            "obiettivi-individuali/",
            "obiettivi-comuni/",
        ] {
            let file = public.join(format!("piano-della-performance/{plan}/{rest}index.html"));
            assert!(file.is_file(), "{}", file.display());
        }
        assert!(
            public
                .join(format!(
                    "opendata/tabelle/{plan}/albero-della-performance.csv"
                ))
                .is_file()
        );
    }
    // objective 1.1.1 of each plan is a different objective
    let a = visible(&page(
        &site,
        "piano-della-performance/2025-2027/obiettivi-operativi/1.1.1",
    ));
    let b = visible(&page(
        &site,
        "piano-della-performance/2026-2028/obiettivi-operativi/1.1.1",
    ));
    assert!(
        a.contains("Ridurre i tempi di rilascio delle autorizzazioni"),
        "{a}"
    );
    assert!(
        b.contains("Digitalizzare la presentazione delle istanze"),
        "{b}"
    );
    assert!(!b.contains("Ridurre i tempi di rilascio"), "{b}");

    // the entry page shows the plan in force, its PIAO, and links to the other plan
    let entry = page(&site, "piano-della-performance");
    let shown = visible(&entry);
    assert!(
        shown.contains("PIAO 2026-2028 – Sottosezione Performance"),
        "{shown}"
    );
    assert!(shown.contains("(in vigore)"), "{shown}");
    assert!(
        shown.contains("Delibera di Giunta n. 8 del 28/01/2026"),
        "{shown}"
    );
    assert!(shown.contains("obiettivi di valore pubblico"), "{shown}");
    assert!(
        entry.contains("href=\"../piano-della-performance/2025-2027/\""),
        "{entry}"
    );

    // the monitoring list has every plan's periods, the year end named as such
    let list = visible(&page(&site, "monitoraggio"));
    for period in ["2025-S1", "2025-S2", "2026-S1"] {
        assert!(
            public
                .join(format!("monitoraggio/{period}/index.html"))
                .is_file(),
            "{period}"
        );
    }
    assert!(list.contains("Risultati al 31 dicembre 2025"), "{list}");
    assert!(
        list.contains("Monitoraggio semestrale al 30 giugno 2026"),
        "{list}"
    );

    // plan A's objective: the adopted and the revised target side by side, with the act;
    // the semester before the revision used the adopted one, the year end the revised one
    assert!(a.contains("Delibera di Giunta n. 45 del 15/09/2025"), "{a}");
    assert!(
        a.contains("Target 2025 del KPI 2 ≤ 30 giorni ≤ 28 giorni"),
        "{a}"
    );
    assert!(a.contains("≤ 28 giorni (rivisto il 15/09/2025"), "{a}");
    let year_end = visible(&page(&site, "monitoraggio/2025-S2"));
    assert!(
        year_end.contains("Delibera di Giunta n. 45 del 15/09/2025"),
        "{year_end}"
    );
    assert!(!year_end.contains("In linea"), "{year_end}");
    let semester = visible(&page(&site, "monitoraggio/2025-S1"));
    assert!(!semester.contains("Delibera di Giunta n. 45"), "{semester}");

    // each period against its own plan: 2026-S1 measures plan B's 1.1.1 (online share)
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(public.join("opendata/piano.json")).unwrap()).unwrap();
    assert_eq!(json["piano"]["id"], "2026-2028");
    let earlier: serde_json::Value = serde_json::from_slice(
        &fs::read(public.join("opendata/piani/2025-2027/piano.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(earlier["piano"]["id"], "2025-2027");
    assert_eq!(earlier["valutazioni"].as_array().unwrap().len(), 2);
    assert_eq!(json["valutazioni"].as_array().unwrap().len(), 1);

    // strategic objective 1.1 continues: its page in plan B shows 2025 and 2026
    let trend = visible(&page(
        &site,
        "piano-della-performance/2026-2028/obiettivi-strategici/1.1",
    ));
    assert!(trend.contains("Andamento negli anni"), "{trend}");
    assert!(trend.contains("2025") && trend.contains("87,2%"), "{trend}");

    // sitemap and catalogue list every plan
    let sitemap = fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("piano-della-performance/2025-2027/obiettivi-operativi/1.1.1/"));
    assert!(sitemap.contains("piano-della-performance/2026-2028/obiettivi-operativi/1.1.1/"));
    let catalogue = fs::read_to_string(public.join("opendata/catalogo.jsonld")).unwrap();
    assert!(
        catalogue.contains("opendata/piani/2025-2027/piano.json"),
        "{catalogue}"
    );
    assert!(catalogue.contains("opendata/tabelle/2026-2028/albero-della-performance.csv"));

    // plan A's archived year end is still served and listed
    assert!(public.join("archivio/2025-S2/index.html").is_file());
    let archive = fs::read_to_string(public.join("archivio/index.html")).unwrap();
    assert!(archive.contains("2025-S2"), "{archive}");

    // the next semester is archived and verified; "cosa è cambiato" names the new plan
    ok(run(&site, &["archivia", "2026-S1"]));
    ok(run(&site, &["archivia", "--verify"]));
    ok(run(&site, &["genera"]));
    let changes = visible(&page(&site, "archivio/modifiche/2026-S1"));
    assert!(changes.contains("nuovo piano in vigore"), "{changes}");
    assert!(
        changes.contains("PIAO 2026-2028 – Sottosezione Performance"),
        "{changes}"
    );
    ok(run(&site, &["controlla", "--links", "public"]));
}

/// Plan B renumbers strategic objective 1.1 as 2.1 and its KPI "1" as "a".
fn renumber_plan_b(site: &Path, declared: bool) {
    let plan = site.join("content/piani/2026-2028");
    let strategic = plan.join("obiettivi-strategici");
    let text = fs::read_to_string(strategic.join("1.1.toml")).unwrap();
    let link = if declared {
        "id = \"2.1\"\nprosegue = \"2025-2027/1.1\""
    } else {
        "id = \"2.1\""
    };
    let kpi = if declared {
        "[[kpi]]\nid = \"a\"\nprosegue = \"1\""
    } else {
        "[[kpi]]\nid = \"a\""
    };
    let text = text
        .replace("id = \"1.1\"", link)
        .replace("[[kpi]]\nid = \"1\"", kpi);
    fs::remove_file(strategic.join("1.1.toml")).unwrap();
    fs::write(strategic.join("2.1.toml"), text).unwrap();
    let operational = plan.join("obiettivi-operativi/1.1.1.toml");
    let text = fs::read_to_string(&operational).unwrap();
    fs::write(
        &operational,
        text.replace(
            "obiettivo_strategico = \"1.1\"",
            "obiettivo_strategico = \"2.1\"",
        ),
    )
    .unwrap();
    let measured = plan.join("monitoraggio/2026-S1/obiettivi-strategici");
    let text = fs::read_to_string(measured.join("1.1.toml")).unwrap();
    fs::remove_file(measured.join("1.1.toml")).unwrap();
    fs::write(
        measured.join("2.1.toml"),
        text.replace("obiettivo = \"1.1\"", "obiettivo = \"2.1\"")
            .replace("[[kpi]]\nid = \"1\"", "[[kpi]]\nid = \"a\""),
    )
    .unwrap();
}

#[test]
fn a_renumbered_objective_continues_its_trend_where_the_content_says_so() {
    for declared in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("sito");
        ok(run(tmp.path(), &["crea", site.to_str().unwrap()]));
        add(&site, "content/piani/");
        renumber_plan_b(&site, declared);
        ok(run(&site, &["genera"]));
        let shown = visible(&page(
            &site,
            "piano-della-performance/2026-2028/obiettivi-strategici/2.1",
        ));
        if !declared {
            // another code and no link: a new objective, with no past
            assert!(!shown.contains("Andamento negli anni"), "{shown}");
            continue;
        }
        // the objective's trend and its KPI's, with the 2025 year end of plan A's 1.1
        assert!(shown.contains("Andamento negli anni"), "{shown}");
        assert!(
            shown.contains("KPI a – Istanze evase entro i termini"),
            "{shown}"
        );
        assert!(shown.contains("2025") && shown.contains("87,2%"), "{shown}");
        assert!(shown.contains("91,4%"), "{shown}");
    }
}
