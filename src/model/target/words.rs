//! The words around a target's number: comparison operators written as symbols or in
//! Italian ("almeno", "non superiore al"), the word of a deadline ("entro il"), and the
//! words for no target ("n.d.", "-").

use super::Op;

/// Symbols, longest first so that `>=` is not read as `>`.
const SYMBOLS: [(&str, Op); 9] = [
    (">=", Op::AtLeast),
    ("=>", Op::AtLeast),
    ("≥", Op::AtLeast),
    ("<=", Op::AtMost),
    ("=<", Op::AtMost),
    ("≤", Op::AtMost),
    (">", Op::Above),
    ("<", Op::Below),
    ("=", Op::Exactly),
];

/// Verbal operators, longest first; a preposition may follow ([`PREPOSITIONS`]).
const VERBAL: [(&str, Op); 15] = [
    ("maggiore o uguale", Op::AtLeast),
    ("minore o uguale", Op::AtMost),
    ("non inferiore", Op::AtLeast),
    ("non superiore", Op::AtMost),
    ("non oltre", Op::AtMost),
    ("superiore", Op::Above),
    ("inferiore", Op::Below),
    ("maggiore", Op::Above),
    ("minore", Op::Below),
    ("almeno", Op::AtLeast),
    ("uguale", Op::Exactly),
    ("pari", Op::Exactly),
    ("entro", Op::AtMost),
    ("oltre", Op::Above),
    ("fino", Op::AtMost),
];

/// Prepositions and articles after a verbal operator: "non inferiore al", "pari a",
/// "maggiore di", "almeno il".
const PREPOSITIONS: [&str; 12] = [
    "alla", "allo", "alle", "della", "al", "ai", "a", "di", "del", "all'", "il", "la",
];

/// The words for no target in a year.
const NOT_SET: [&str; 9] = [
    "",
    "n.d.",
    "n.d",
    "nd",
    "-",
    "—",
    "–",
    "non definito",
    "non previsto",
];

/// How a year without target is shown: it reads back as one.
pub const NOT_SET_SHOWN: &str = "non definito";

/// Whether the text says the plan sets no target.
pub fn not_set(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    NOT_SET.contains(&t.as_str())
}

/// The operator at the start of `text` and what follows it.
pub fn operator(text: &str) -> Option<(Op, &str)> {
    if let Some((s, op)) = SYMBOLS.iter().find(|(s, _)| text.starts_with(s)) {
        return Some((*op, &text[s.len()..]));
    }
    VERBAL.iter().find_map(|(phrase, op)| {
        let rest = word_prefix(text, phrase)?;
        let rest = PREPOSITIONS
            .iter()
            .find_map(|p| word_prefix(rest.trim_start(), p))
            .unwrap_or(rest);
        Some((*op, rest))
    })
}

/// What follows the word of a deadline: "entro il", "entro la data del", "scadenza".
pub fn strip_deadline_word(text: &str) -> Option<&str> {
    ["entro il", "entro la data del", "entro", "scadenza", "data"]
        .iter()
        .find_map(|w| word_prefix(text, w))
        .map(str::trim)
}

/// `text` after `word` (ASCII, any case) when the word ends there: followed by a space,
/// a digit, an apostrophe or nothing.
pub fn word_prefix<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &text[word.len()..];
    let ends = word.ends_with('\'')
        || rest
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c.is_ascii_digit() || c == '+');
    ends.then_some(rest)
}
