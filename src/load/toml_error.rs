//! TOML and serde errors, told in Italian with a suggestion.

use std::ops::Range;

use serde::de::DeserializeOwned;

use super::raw::is_outside_kpi_key;
use super::spans::key_before;
use super::written::{Habit, day_first_date, habit, key_value};
use crate::diagnostic::{Diagnostic, Severity, Source, did_you_mean};

/// Parses a source into `T`, or explains why not.
pub fn parse<T: DeserializeOwned>(src: &Source) -> Result<T, Diagnostic> {
    toml::from_str::<T>(&src.text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let (message, hint) = translate(e.message(), &src.text, span.clone());
        let mut d = Diagnostic::at(Severity::Error, src, span, message);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        d
    })
}

/// Turns a serde/toml message about `span` of `text` into an Italian message and hint.
fn translate(message: &str, text: &str, span: Range<usize>) -> (String, Option<String>) {
    let spanned_text = text.get(span.clone()).unwrap_or("");
    let first_line = message.lines().next().unwrap_or(message).trim();
    if let Some(rest) = first_line.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        if is_outside_kpi_key(field) && table_before(text, span.start) == Some("[[kpi]]") {
            return (
                format!("chiave `{field}` dentro un [[kpi]]"),
                Some("questa chiave appartiene all'obiettivo: spostarla sopra il primo [[kpi]] (ciò che segue [[kpi]] descrive il KPI)".into()),
            );
        }
        let hint = match did_you_mean(field, candidates.iter().copied()) {
            Some(best) => format!(
                "forse intendeva `{best}`? Chiavi ammesse: {}",
                candidates.join(", ")
            ),
            None => format!("chiavi ammesse: {}", candidates.join(", ")),
        };
        return (format!("chiave sconosciuta `{field}`"), Some(hint));
    }
    if let Some(rest) = first_line.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (
            format!("manca il campo obbligatorio `{field}`"),
            Some(format!(
                "aggiungere `{field} = ...` (vedi docs/formato-contenuti.md)"
            )),
        );
    }
    if let Some(rest) = first_line.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        if found.starts_with("string")
            && it_type(expected) == "una data"
            && let Some(iso) = day_first_date(spanned_text)
        {
            let key = text.get(key_before(text, &span)).unwrap_or("data");
            return (
                format!("data tra virgolette: {}", spanned_text.trim()),
                Some(format!(
                    "scrivere la data come {iso}, senza virgolette: {key} = {iso}"
                )),
            );
        }
        return (
            format!(
                "tipo non valido: trovato {}, atteso {}",
                it_type(found),
                it_type(expected)
            ),
            Some(type_hint(expected)),
        );
    }
    if first_line.contains("did not match any variant") {
        return (
            format!("valore non valido: `{}`", spanned_text.trim()),
            Some("il target si scrive come testo tra virgolette (\">=70%\") oppure per anno: { 2022 = \">=70%\" }".into()),
        );
    }
    if first_line.starts_with("duplicate key") || first_line.starts_with("duplicate table") {
        let key = spanned_text
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim();
        let key = key.split('=').next().unwrap_or(key).trim();
        return (
            format!("chiave ripetuta `{key}`"),
            Some("ogni chiave (e ogni tabella [..]) compare una volta sola nel file: eliminare o rinominare la copia".into()),
        );
    }
    if let Some(told) = line_at(text, span.start)
        .and_then(key_value)
        .and_then(|(key, value)| Some(tell_habit(key, habit(value)?)))
    {
        return told;
    }
    if let Some((_, message, hint)) = SYNTAX
        .iter()
        .find(|(needles, _, _)| needles.iter().any(|n| first_line.contains(n)))
    {
        return ((*message).to_owned(), Some((*hint).to_owned()));
    }
    if first_line.starts_with("invalid length") {
        return (
            "numero di elementi non valido".to_owned(),
            Some("vedi docs/formato-contenuti.md".into()),
        );
    }
    (
        "sintassi TOML non valida".to_owned(),
        Some("controllare virgolette, parentesi e il segno `=` su questa riga; i testi vanno tra virgolette".into()),
    )
}

/// A habit of office software on a refused line, with the line to write instead.
fn tell_habit(key: &str, habit: Habit) -> (String, Option<String>) {
    match habit {
        Habit::WordQuotes(inner) => (
            "virgolette di Word al posto delle virgolette dritte".into(),
            Some(format!(
                "le virgolette di Word “…” vanno sostituite con \"…\": scrivere {key} = \"{inner}\""
            )),
        ),
        Habit::DayFirstDate(iso) => (
            "data scritta come giorno/mese/anno".into(),
            Some(format!(
                "scrivere la data come {iso} (anno-mese-giorno), senza virgolette: {key} = {iso}"
            )),
        ),
        Habit::BareItalianNumber(number) => (
            format!("{key} = {number}: un numero scritto all'italiana va tra virgolette"),
            Some(format!(
                "scrivere {key} = \"{number}\" (tra virgolette, così la virgola resta quella dei decimali)"
            )),
        ),
    }
}

/// The line of `text` that contains `offset`.
fn line_at(text: &str, offset: usize) -> Option<&str> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    text[start..].lines().next()
}

/// The header of the table (`[ente]`, `[[kpi]]`) the text before `offset` is in.
fn table_before(text: &str, offset: usize) -> Option<&str> {
    text.get(..offset)?
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.split(" #").next().unwrap_or(l).trim())
}

fn it_type(serde_type: &str) -> String {
    let t = serde_type.trim();
    let word = |w: &str| {
        t.starts_with(w) || t.starts_with(&format!("a {w}")) || t.starts_with(&format!("an {w}"))
    };
    if word("string") {
        "un testo".into()
    } else if word("integer") || t.starts_with("i64") || t.starts_with("u") {
        format!(
            "un numero intero{}",
            t.split_once(' ')
                .map(|(_, v)| format!(" {v}"))
                .unwrap_or_default()
        )
        .replace("integer ", "")
    } else if word("float") {
        "un numero decimale".into()
    } else if word("boolean") {
        "un valore vero/falso".into()
    } else if word("sequence") || word("array") {
        "un elenco".into()
    } else if word("map") || t.starts_with("struct") || word("table") {
        "una tabella".into()
    } else if t.contains("date") || t.contains("Datetime") {
        "una data".into()
    } else {
        t.to_owned()
    }
}

fn type_hint(expected: &str) -> String {
    if expected.contains("string") {
        "scrivere il valore tra virgolette, ad esempio \"testo\"".into()
    } else if expected.contains("date") || expected.contains("Datetime") {
        "scrivere la data in formato ISO senza virgolette, ad esempio 2022-06-30".into()
    } else if expected.contains("integer") || expected.contains("i64") {
        "scrivere un numero intero senza virgolette, ad esempio 2022".into()
    } else if expected.contains("sequence") {
        "usare [[...]] per gli elenchi di tabelle, ad esempio [[kpi]]".into()
    } else {
        "vedi docs/formato-contenuti.md".into()
    }
}

/// Parser messages of the toml crate, told in Italian: (fragments, message, hint).
const SYNTAX: [(&[&str], &str, &str); 8] = [
    (
        &[
            "invalid basic string",
            "invalid literal string",
            "unterminated",
            "unclosed string",
        ],
        "testo non chiuso: manca la virgoletta di chiusura",
        "chiudere il testo con \" sulla stessa riga, o usare \"\"\"...\"\"\" per i testi su più righe",
    ),
    (
        &["key with no value"],
        "chiave senza valore: manca `=` e il valore",
        "scrivere `chiave = valore`, ad esempio `peso = 50`",
    ),
    (
        &["unclosed inline table"],
        "tabella tra graffe non chiusa: manca `}`",
        "chiudere la tabella sulla stessa riga, ad esempio target = { 2022 = \">=70%\" }",
    ),
    (
        &["unclosed array"],
        "elenco non chiuso: manca `]`",
        "chiudere l'elenco con ]",
    ),
    (
        &["string values must be quoted", "expected literal string"],
        "testo senza virgolette",
        "i testi vanno tra virgolette, ad esempio titolo = \"Regolazione dei mercati\"",
    ),
    (
        &[
            "invalid date",
            "between 01 and",
            "invalid time",
            "invalid datetime",
        ],
        "data inesistente o scritta male",
        "scrivere una data esistente del calendario in formato ISO, senza virgolette: 2022-06-30",
    ),
    (
        &["unexpected key or value", "expected newline"],
        "contenuto inatteso dopo il valore: serve un a capo",
        "ogni chiave va su una riga propria; i commenti iniziano con #",
    ),
    (
        &[
            "invalid table header",
            "invalid key",
            "invalid unquoted key",
        ],
        "nome di chiave o di tabella non valido",
        "le chiavi sono parole minuscole con _ (es. data_pubblicazione); le tabelle si scrivono [nome] o [[kpi]]",
    ),
];
