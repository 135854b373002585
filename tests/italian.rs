//! The program speaks Italian from the outside: clap's help and errors, counts that
//! agree with their number, and a number TOML reads differently from an Italian
//! (`valore = 8.000`) stopping the build instead of reaching a page.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_trasparenza");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// No word of clap's English left.
fn assert_no_english(text: &str) {
    for english in [
        "Usage",
        "[OPTIONS]",
        "Options",
        "error:",
        "unrecognized",
        "For more information",
        "[default:",
        "Print help",
    ] {
        assert!(!text.contains(english), "«{english}» in:\n{text}");
    }
}

#[test]
fn help_is_in_italian_with_the_english_names_kept() {
    let out = run(&["--help"]);
    assert!(out.status.success());
    let help = stdout(&out);
    for heading in [
        "Uso: trasparenza <COMANDO>",
        "Comandi:",
        "Opzioni:",
        "genera",
        "controlla",
        "Mostra questo aiuto",
        "Mostra la versione",
        "restano validi",
    ] {
        assert!(help.contains(heading), "{heading} in:\n{help}");
    }
    assert_no_english(&help);
    let out = run(&["build", "--help"]);
    let help = stdout(&out);
    assert!(help.contains("Uso: trasparenza genera [OPZIONI]"), "{help}");
    assert!(help.contains("--contenuti <CARTELLA>"), "{help}");
    assert_no_english(&help);
}

#[test]
fn command_line_errors_are_in_italian() {
    let out = run(&["pubblica"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("errore: comando sconosciuto «pubblica»"),
        "{err}"
    );
    assert!(err.contains("Per l'aiuto: trasparenza --help"), "{err}");
    assert_no_english(&err);

    let err = stderr(&run(&["controlla", "--colore"]));
    assert!(
        err.starts_with("errore: argomento non previsto «--colore»"),
        "{err}"
    );
    assert!(
        err.contains("Uso: trasparenza controlla [OPZIONI]"),
        "{err}"
    );
    assert_no_english(&err);

    let err = stderr(&run(&["check", "--content"]));
    assert!(
        err.starts_with("errore: manca il valore di «--contenuti"),
        "{err}"
    );
    assert_no_english(&err);

    let err = stderr(&run(&["chek"]));
    assert!(err.contains("forse intendeva «check»?"), "{err}");
}

#[test]
fn counts_agree_with_their_number() {
    let out = run(&["controlla"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stdout(&out);
    assert!(
        summary.contains(", 1 periodo di monitoraggio."),
        "{summary}"
    );
    assert!(
        summary.contains("4 aree, 8 obiettivi strategici"),
        "{summary}"
    );
    assert!(stderr(&out).contains("0 errori, "), "{}", stderr(&out));
}

#[test]
fn a_bare_8_000_stops_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    let file = content.join("piani/2022-2024/monitoraggio/2022-S1/obiettivi-operativi/1.6.1.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("valore = \"69,5%\""));
    std::fs::write(&file, text.replace("valore = \"69,5%\"", "valore = 8.000")).unwrap();

    let output = tmp.path().join("public");
    let content_arg = content.to_str().unwrap();
    let out = run(&[
        "genera",
        "--content",
        content_arg,
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!output.exists(), "no page is written");
    let err = stderr(&out);
    assert!(
        err.contains("valore = 8.000 vale 8 per TOML, non 8000"),
        "{err}"
    );
    assert!(err.contains("scrivere valore = 8000 se il punto separa le migliaia, oppure valore = 8 se separa i decimali"), "{err}");
    assert!(err.contains("\n1 errore, "), "{err}");
}
