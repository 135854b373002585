//! Schema version 1 of `opendata/piano.json`: the documents published before the
//! version was declared (no `schema_version` field). Its plan and evaluations have the
//! same fields as version 2, so they are read with the version 2 types; when a later
//! version changes one of those types, the version 1 shape must be frozen here first.

use serde::Deserialize;

use super::v2::{self, Evaluation, Plan, Text};

/// A version 1 document.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document<'a> {
    #[serde(rename = "$schema")]
    pub schema: Text<'a>,
    pub generatore: Text<'a>,
    pub licenza: Text<'a>,
    pub piano: Plan<'a>,
    pub valutazioni: Vec<Evaluation<'a>>,
}

impl<'a> From<Document<'a>> for v2::Document<'a> {
    /// Version 2 only declares its version.
    fn from(d: Document<'a>) -> Self {
        v2::Document {
            schema: d.schema,
            schema_version: 2,
            generatore: d.generatore,
            licenza: d.licenza,
            piano: d.piano,
            valutazioni: d.valutazioni,
        }
    }
}
