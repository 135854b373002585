//! The open-data document `opendata/piano.json`: the whole plan with its evaluations,
//! as typed Rust values kept apart from the internal model, so that the published
//! format changes only on purpose.
//!
//! Versions (field `schema_version`; see `docs/dati-aperti.md`):
//!
//! | version | written by | difference |
//! |--------:|------------|------------|
//! | 1 | the first releases | no `schema_version` field |
//! | 2 | the releases before plan revisions | `schema_version: 2` |
//! | 3 | the releases before deadlines and relative targets | the plan's revisions, and which one each result used |
//! | 4 | this release ([`SCHEMA_VERSION`]) | deadlines, relative targets, "mantenimento" and no target for a year; completion dates; the deadline tolerance; the number each relative target stood for |
//!
//! [`Document::new`] converts the model into the current version; [`read`] reads a
//! document of any published version and migrates it to the current one.

mod convert;
mod convert_revision;
pub mod documents;
pub mod pay;
pub mod relazione;
mod stream;
#[cfg(test)]
mod tests;
pub mod v1;
pub mod v2;
pub mod v3;
pub mod v4;

use std::fmt;

use serde::Deserialize;

pub use stream::Whole;
pub use v4::*;

/// Path of the document in the site.
pub const PATH: &str = "opendata/piano.json";

/// The version this release writes.
pub const SCHEMA_VERSION: u32 = 4;

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not JSON, or not a document of its declared version (in Italian).
    Invalid(String),
    /// A version this release does not know.
    UnknownVersion(u64),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Invalid(e) => write!(f, "documento non valido: {e}"),
            ReadError::UnknownVersion(v) => write!(
                f,
                "versione dello schema {v} sconosciuta (questa versione di trasparenza legge fino alla {SCHEMA_VERSION})"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Just the version of a document; every other field is skipped.
#[derive(Deserialize)]
struct Version {
    schema_version: Option<u64>,
}

/// The version a document declares (1 when it declares none).
pub fn version_of(bytes: &[u8]) -> Result<u64, ReadError> {
    let v: Version =
        serde_json::from_slice(bytes).map_err(|e| ReadError::Invalid(e.to_string()))?;
    Ok(v.schema_version.unwrap_or(1))
}

/// Reads a document of any published version, migrated to the current one.
pub fn read(bytes: &[u8]) -> Result<Document<'static>, ReadError> {
    let invalid = |e: serde_json::Error| ReadError::Invalid(e.to_string());
    match version_of(bytes)? {
        // a version 1 document never has the field: `"schema_version": 1` is refused
        1 => serde_json::from_slice::<v1::Document>(bytes)
            .map(|d| v3::Document::from(v2::Document::from(d)))
            .and_then(v4::from_v3)
            .map_err(invalid),
        2 => serde_json::from_slice::<v2::Document>(bytes)
            .map(v3::Document::from)
            .and_then(v4::from_v3)
            .map_err(invalid),
        3 => serde_json::from_slice::<v3::Document>(bytes)
            .and_then(v4::from_v3)
            .map_err(invalid),
        4 => serde_json::from_slice::<v4::Document>(bytes).map_err(invalid),
        v => Err(ReadError::UnknownVersion(v)),
    }
}

/// Dates as ISO 8601 text (`2022-07-29`).
mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::model::Date;

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&d.iso())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        Date::parse_iso(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("data non valida: «{text}» (atteso AAAA-MM-GG)"))
        })
    }
}
