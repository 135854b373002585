//! The `trasparenza` command.

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use trasparenza::build::Options;

#[derive(Parser)]
#[command(name = "trasparenza", version, about = "Genera la sezione «Amministrazione trasparente > Performance» dal piano e dai monitoraggi", disable_help_subcommand = true)]
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
    },
    /// Controlla i contenuti e segnala ogni problema con file:riga:colonna
    Check {
        #[command(flatten)]
        source: Source,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { source, theme, output, base_url } => {
            let opts = Options {
                content: source.content,
                theme,
                base_url,
                ..Options::default()
            };
            cmd::build::run(&opts, &output)
        }
        Command::Check { source } => cmd::check::run(&source.content),
    }
}
