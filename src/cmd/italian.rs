//! The command line in Italian: help headings, usage, value names, defaults, the
//! help and version flags, and clap's own error messages.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// Help in Italian for `cmd` (the program when `top`, else one of its commands).
pub fn italian(cmd: Command, top: bool) -> Command {
    let template = if top {
        // every command keeps its English name as an alias
        let english: Vec<&str> = cmd
            .get_subcommands()
            .flat_map(Command::get_all_aliases)
            .collect();
        // and every option its English name
        let mut options: Vec<String> = cmd
            .get_subcommands()
            .flat_map(Command::get_arguments)
            .flat_map(|a| a.get_all_aliases().unwrap_or_default())
            .map(|a| format!("--{a}"))
            .collect();
        options.sort();
        options.dedup();
        format!(
            "{{about}}\n\nUso: {{usage}}\n\nComandi:\n{{subcommands}}\n\nOpzioni:\n{{options}}\n\nI nomi inglesi dei comandi ({}) e delle opzioni ({}) restano validi.\n",
            english.join(", "),
            options.join(", ")
        )
    } else if cmd.get_positionals().next().is_some() {
        "{about}\n\nUso: {usage}\n\nArgomenti:\n{positionals}\n\nOpzioni:\n{options}\n".to_owned()
    } else {
        "{about}\n\nUso: {usage}\n\nOpzioni:\n{options}\n".to_owned()
    };
    let mut cmd = cmd
        .help_template(template)
        .disable_help_flag(true)
        .mut_args(italian_arg)
        .arg(
            Arg::new("aiuto")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Mostra questo aiuto"),
        );
    if top {
        cmd = cmd
            .subcommand_value_name("COMANDO")
            .override_usage("trasparenza <COMANDO>")
            .disable_version_flag(true)
            .arg(
                Arg::new("versione")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("Mostra la versione"),
            )
            .mut_subcommands(|s| italian(s, false));
    } else {
        let usage = usage_of(&cmd);
        cmd = cmd.override_usage(usage);
    }
    cmd
}

/// `trasparenza genera [OPZIONI]`, `trasparenza archivia [OPZIONI] [PERIODO]`.
fn usage_of(cmd: &Command) -> String {
    let mut usage = format!("trasparenza {}", cmd.get_name());
    if cmd.get_opts().next().is_some() || cmd.get_arguments().any(|a| a.get_long().is_some()) {
        usage.push_str(" [OPZIONI]");
    }
    for arg in cmd.get_positionals() {
        let name = value_name(arg);
        if arg.is_required_set() {
            usage.push_str(&format!(" <{name}>"));
        } else {
            usage.push_str(&format!(" [{name}]"));
        }
    }
    usage
}

fn value_name(arg: &Arg) -> String {
    arg.get_value_names()
        .and_then(|n| n.first())
        .map_or_else(|| arg.get_id().as_str().to_uppercase(), |n| n.to_string())
}

/// Italian value names and the default value written in the help text itself (clap
/// would print `[default: ...]`).
fn italian_arg(arg: Arg) -> Arg {
    let id = arg.get_id().as_str().to_owned();
    let name = match id.as_str() {
        "content" | "theme" | "archive_dir" | "dir" => Some("CARTELLA"),
        // a folder for `genera`, a CSV file for `esporta`
        "output" => Some("PERCORSO"),
        "base_url" => Some("INDIRIZZO"),
        "port" => Some("PORTA"),
        "period" | "periodo" => Some("PERIODO"),
        "file" => Some("FILE.csv"),
        _ => None,
    };
    let default: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    // only the names clap derived from the field (`--content <CONTENT>`), not those set by hand
    let derived = arg
        .get_value_names()
        .is_none_or(|n| n.iter().all(|n| n.as_str() == id.to_uppercase()));
    let mut arg = match name {
        Some(n) if derived && arg.get_action().takes_values() => arg.value_name(n),
        _ => arg,
    };
    if !default.is_empty() && !arg.is_hide_default_value_set() {
        let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
        let already = help.contains("predefinit") || help.contains("se omess");
        arg = arg.hide_default_value(true);
        if !already {
            arg = arg.help(format!("{help} (se omesso: {})", default.join(", ")));
        }
    }
    arg
}

/// clap's error, told in Italian, with the usage and where to find help.
pub fn error_text(e: &clap::Error) -> String {
    let value = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(s)) => s.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let suggestion = match (
        e.get(ContextKind::SuggestedSubcommand),
        e.get(ContextKind::SuggestedArg),
    ) {
        (Some(s), _) | (None, Some(s)) => format!("\n\nforse intendeva «{}»?", plain(s)),
        _ => String::new(),
    };
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "comando sconosciuto «{}»{suggestion}",
            value(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => format!(
            "argomento non previsto «{}»{suggestion}",
            value(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidValue if value(ContextKind::InvalidValue).is_empty() => {
            format!("manca il valore di «{}»", value(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            // a validator's own message (already Italian) says what is wrong and the fix
            let why = std::error::Error::source(e)
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            format!(
                "valore «{}» non valido per «{}»{why}",
                value(ContextKind::InvalidValue),
                value(ContextKind::InvalidArg)
            )
        }
        ErrorKind::MissingRequiredArgument => format!(
            "manca un argomento obbligatorio: {}",
            value(ContextKind::InvalidArg)
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "manca il comando".to_owned()
        }
        ErrorKind::ArgumentConflict => format!(
            "«{}» non si può usare insieme a «{}»",
            value(ContextKind::InvalidArg),
            value(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!(
                "numero di valori sbagliato per «{}»",
                value(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidUtf8 => "argomento con caratteri non validi (non UTF-8)".to_owned(),
        _ => "riga di comando non valida".to_owned(),
    };
    let usage = match e.get(ContextKind::Usage) {
        Some(u) => plain(u).replace("Usage:", "Uso:"),
        None => "Uso: trasparenza <COMANDO>".to_owned(),
    };
    format!("errore: {message}\n\n{usage}\n\nPer l'aiuto: trasparenza --help\n")
}

/// A context value as plain text (usage lines are styled).
fn plain(v: &ContextValue) -> String {
    match v {
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::Strings(s) => s.join(", "),
        other => other.to_string(),
    }
}
