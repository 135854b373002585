//! The `trasparenza` command.

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use trasparenza::build::Options;

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

#[derive(clap::Args, Clone)]
struct Source {
    /// Cartella dei contenuti
    #[arg(long, default_value = "content")]
    content: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Genera il sito nella cartella di uscita (predefinita: public/)
    Build {
        #[command(flatten)]
        source: Source,
        /// Cartella del tema
        #[arg(long, default_value = "themes/default")]
        theme: PathBuf,
        /// Cartella di uscita
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// Indirizzo pubblico della sezione (sostituisce base_url di sito.toml), es. https://www.ente.it/amministrazione-trasparente/performance/
        #[arg(long)]
        base_url: Option<String>,
        /// Scrive anche il pacchetto per il webmaster: uno zip del sito con SHA256SUMS, e FILE.sha256
        #[arg(long, value_name = "FILE.zip")]
        pacchetto: Option<PathBuf>,
    },
    /// Controlla i contenuti e segnala ogni problema con file:riga:colonna
    Check {
        #[command(flatten)]
        source: Source,
        /// Controlla anche un sito generato: link interni, ancore, risorse, igiene della sezione
        #[arg(long, value_name = "CARTELLA_SITO")]
        links: Option<PathBuf>,
    },
    /// Anteprima locale con ricarica automatica (solo su 127.0.0.1)
    Serve {
        #[command(flatten)]
        source: Source,
        /// Cartella del tema
        #[arg(long, default_value = "themes/default")]
        theme: PathBuf,
        /// Porta (predefinita 8033; 0 = una porta libera qualsiasi)
        #[arg(long, default_value_t = 8033)]
        port: u16,
        /// Apre il browser
        #[arg(long)]
        open: bool,
    },
    /// Archivia la versione pubblicata di un periodo (es. 2022-S1), o verifica l'archivio
    Archive {
        #[command(flatten)]
        source: Source,
        /// Periodo da archiviare, es. 2022-S1
        period: Option<String>,
        /// Cartella del tema
        #[arg(long, default_value = "themes/default")]
        theme: PathBuf,
        /// Cartella dell'archivio
        #[arg(long, default_value = "archivio")]
        archive_dir: PathBuf,
        /// Crea una nuova revisione accanto a quella esistente, senza sostituirla
        #[arg(long)]
        nuova_revisione: bool,
        /// Verifica ogni versione archiviata con il suo manifest SHA-256
        #[arg(long)]
        verify: bool,
    },
    /// Crea una nuova cartella di contenuti con un piano di esempio
    Init {
        /// Cartella da creare
        dir: PathBuf,
    },
    /// Scrive il modello CSV delle misure di un periodo, da compilare nel foglio di calcolo
    Esporta {
        /// Periodo di monitoraggio, es. 2025-S1
        periodo: String,
        #[command(flatten)]
        source: Source,
        /// File CSV da scrivere (predefinito: misure-<periodo>.csv)
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Sostituisce il file CSV se esiste già
        #[arg(long)]
        sovrascrivi: bool,
    },
    /// Legge il modello CSV compilato e scrive le misure del periodo, solo se non ci sono errori
    Importa {
        /// Periodo di monitoraggio, es. 2025-S1
        periodo: String,
        /// File CSV compilato (separatore «;» o «,», virgola decimale)
        file: PathBuf,
        #[command(flatten)]
        source: Source,
        /// Controlla il file senza scrivere nulla
        #[arg(long)]
        solo_verifica: bool,
    },
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
        Command::Build {
            source,
            theme,
            output,
            base_url,
            pacchetto,
        } => {
            let opts = Options {
                content: source.content,
                theme,
                base_url,
                ..Options::default()
            };
            cmd::build::run(&opts, &output, pacchetto.as_deref())
        }
        Command::Check { source, links } => cmd::check::run(&source.content, links.as_deref()),
        Command::Serve {
            source,
            theme,
            port,
            open,
        } => cmd::serve::run(&source.content, &theme, port, open),
        Command::Archive {
            source,
            period,
            theme,
            archive_dir,
            nuova_revisione,
            verify,
        } => cmd::archive::run(
            &source.content,
            &theme,
            &archive_dir,
            period.as_deref(),
            nuova_revisione,
            verify,
        ),
        Command::Init { dir } => cmd::init::run(&dir),
        Command::Esporta {
            periodo,
            source,
            output,
            sovrascrivi,
        } => cmd::sheet::esporta(&source.content, &periodo, output.as_deref(), sovrascrivi),
        Command::Importa {
            periodo,
            file,
            source,
            solo_verifica,
        } => cmd::sheet::importa(&source.content, &periodo, &file, solo_verifica),
    }
}
