//! The `trasparenza` command: parses the command line and hands it to the subcommand,
//! each of which owns its arguments (`cmd/`).

mod cmd;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};

// The build allocates many small values (page contexts, strings) from all cores at once:
// mimalloc does that faster than the system allocator and returns memory sooner.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc's `mi_option_set`, in the library linked for the allocator above.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3 alike): how long freed memory is
/// kept before it is given back to the system; -1 keeps it. Declared here because the
/// bindings of libmimalloc-sys (0.1.49, feature "extended") stop before this option.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// The preview frees the last plan and allocates the next one at every edit: memory given
/// back to the system in between has to be faulted in again, a fifth of the reload time
/// at 10,000 objectives. Kept, it is reused; the peak stays that of one rebuild.
fn keep_freed_memory() {
    // SAFETY: mi_option_set only stores the value of a known option; any thread may call it.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[derive(Parser)]
#[command(
    name = "trasparenza",
    version,
    about = "Genera la sezione «Amministrazione trasparente > Performance» dal piano e dai monitoraggi",
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Genera il sito nella cartella di uscita (predefinita: public/)
    #[command(name = "genera", alias = "build")]
    Build(cmd::build::BuildArgs),
    /// Controlla i contenuti e segnala ogni problema con file:riga:colonna
    #[command(name = "controlla", alias = "check")]
    Check(cmd::check::CheckArgs),
    /// Anteprima locale con ricarica automatica (solo su 127.0.0.1)
    #[command(name = "anteprima", alias = "serve")]
    Serve(cmd::serve::ServeArgs),
    /// Archivia la versione pubblicata di un periodo (es. 2022-S1), o verifica l'archivio
    #[command(name = "archivia", alias = "archive")]
    Archive(cmd::archive::ArchiveArgs),
    /// Crea una nuova cartella di contenuti con un piano di esempio
    #[command(name = "crea", alias = "init")]
    Init(cmd::init::InitArgs),
    /// Scrive il modello delle misure di un periodo (Excel o CSV), da compilare nel foglio di calcolo
    #[command(name = "esporta", alias = "export")]
    Esporta(cmd::sheet::EsportaArgs),
    /// Legge il modello compilato (Excel, Calc o CSV) e scrive le misure del periodo, solo se non ci sono errori
    #[command(name = "importa", alias = "import")]
    Importa(cmd::sheet::ImportaArgs),
    /// Crea la cartella di un nuovo periodo di monitoraggio (es. 2025-S2) con il suo periodo.toml
    #[command(name = "nuovo-periodo", alias = "new-period")]
    NuovoPeriodo(cmd::new_period::NuovoPeriodoArgs),
    /// Scrive i file del piano (aree, obiettivi, KPI) da un foglio di calcolo con una riga per KPI
    #[command(name = "importa-piano", alias = "import-plan")]
    ImportaPiano(cmd::plan_import::ImportaPianoArgs),
    /// Valuta la sezione come la griglia di attestazione dell'OIV (ANAC) e cerca i nodi come il crawler di ANAC
    #[command(name = "autoverifica", alias = "self-check")]
    Autoverifica(cmd::selfcheck::SelfCheckArgs),
    /// Scrive il tema predefinito in una cartella, per modificarlo (poi genera --tema CARTELLA)
    Tema(cmd::theme::ThemeArgs),
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let parsed = cmd::italian::italian(Cli::command(), true)
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e)
            if e.use_stderr()
                && e.kind() != ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            eprint!("{}", cmd::italian::error_text(&e));
            return ExitCode::from(2);
        }
        // help and version, and the help when no command is given
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Build(args) => args.run(),
        Command::Check(args) => args.run(),
        Command::Serve(args) => {
            keep_freed_memory();
            args.run()
        }
        Command::Archive(args) => args.run(),
        Command::Init(args) => args.run(),
        Command::Esporta(args) => args.run(),
        Command::Importa(args) => args.run(),
        Command::NuovoPeriodo(args) => args.run(),
        Command::ImportaPiano(args) => args.run(),
        Command::Autoverifica(args) => args.run(),
        Command::Tema(args) => args.run(),
    }
}
