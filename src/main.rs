//! The `trasparenza` command: parses the command line and hands it to the subcommand,
//! each of which owns its arguments (`cmd/`).

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// The build allocates many small values (page contexts, strings) from all cores at once:
// mimalloc does that faster than the system allocator and returns memory sooner.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    Build(cmd::build::BuildArgs),
    /// Controlla i contenuti e segnala ogni problema con file:riga:colonna
    Check(cmd::check::CheckArgs),
    /// Anteprima locale con ricarica automatica (solo su 127.0.0.1)
    Serve(cmd::serve::ServeArgs),
    /// Archivia la versione pubblicata di un periodo (es. 2022-S1), o verifica l'archivio
    Archive(cmd::archive::ArchiveArgs),
    /// Crea una nuova cartella di contenuti con un piano di esempio
    Init(cmd::init::InitArgs),
    /// Scrive il modello CSV delle misure di un periodo, da compilare nel foglio di calcolo
    Esporta(cmd::sheet::EsportaArgs),
    /// Legge il modello CSV compilato e scrive le misure del periodo, solo se non ci sono errori
    Importa(cmd::sheet::ImportaArgs),
    /// Scrive il tema predefinito in una cartella, per modificarlo (poi build --theme CARTELLA)
    Tema(cmd::theme::ThemeArgs),
}

/// Help in Italian: headings, usage line and the help/version flags.
fn italian(cmd: clap::Command, top: bool) -> clap::Command {
    use clap::{Arg, ArgAction};
    let template = if top {
        "{about}\n\nUso: {usage}\n\nComandi:\n{subcommands}\n\nOpzioni:\n{options}\n"
    } else {
        "{about}\n\nUso: {usage}\n\nArgomenti e opzioni:\n{positionals}{options}\n"
    };
    let mut cmd = cmd.help_template(template).disable_help_flag(true).arg(
        Arg::new("aiuto")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("Mostra questo aiuto"),
    );
    if top {
        cmd = cmd
            .subcommand_value_name("COMANDO")
            .disable_version_flag(true)
            .arg(
                Arg::new("versione")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("Mostra la versione"),
            )
            .mut_subcommands(|s| italian(s, false));
    }
    cmd
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = italian(Cli::command(), true).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Build(args) => args.run(),
        Command::Check(args) => args.run(),
        Command::Serve(args) => args.run(),
        Command::Archive(args) => args.run(),
        Command::Init(args) => args.run(),
        Command::Esporta(args) => args.run(),
        Command::Importa(args) => args.run(),
        Command::Tema(args) => args.run(),
    }
}
