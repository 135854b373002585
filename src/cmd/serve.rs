//! `trasparenza serve`: local preview with live reload (see `trasparenza::serve`).

use std::process::ExitCode;

use trasparenza::serve::{self, Config};

/// Arguments of `trasparenza serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    source: super::Source,
    #[command(flatten)]
    theme: super::args::ThemeArg,
    /// Porta (predefinita 8033; 0 = una porta libera qualsiasi)
    #[arg(long = "porta", alias = "port", default_value_t = 8033)]
    port: u16,
    /// Apre il browser
    #[arg(long = "apri", alias = "open")]
    open: bool,
    #[command(flatten)]
    today: super::today::TodayArg,
}

impl ServeArgs {
    /// Runs the preview until Ctrl-C; 1 if it cannot start.
    pub fn run(self) -> ExitCode {
        let config = Config {
            content: self.source.folder(),
            theme: self.theme.source(),
            port: self.port,
            open: self.open,
            today: Some(self.today.date()),
        };
        match serve::run(&config) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("errore: {e}");
                ExitCode::FAILURE
            }
        }
    }
}
