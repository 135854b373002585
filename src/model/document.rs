//! The adopted acts published beside the pages (art. 10 and 20 d.lgs. 33/2013): the plan or
//! PIAO as approved, the acts revising it, the Relazione as approved, the OIV's validation,
//! the premi. Each is a file of the content folder, published unchanged, or a link to where
//! the body publishes it.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use serde::Serialize;

use super::{Date, UnknownWord};

/// One document attached to a page (`[[documento]]`).
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// What the document is, as written ("PIAO 2026-2028 approvato").
    pub title: String,
    pub act: Act,
    /// The act's number, as written ("8", "12/2026"), when it has one.
    pub number: Option<String>,
    /// The act's date.
    pub date: Date,
    pub source: Source,
}

impl Document {
    /// `Delibera di Giunta n. 8`: the act with its number.
    pub fn act_and_number(&self) -> String {
        match &self.number {
            Some(n) => format!("{} n. {n}", self.act.word_capital()),
            None => self.act.word_capital(),
        }
    }

    /// `Delibera di Giunta n. 8 del 28/01/2026`: the act with its number and date.
    pub fn act_italian(&self) -> String {
        format!("{} del {}", self.act_and_number(), self.date.short())
    }

    /// The file, when the document is one of the content folder.
    pub fn file(&self) -> Option<&File> {
        match &self.source {
            Source::File(f) => Some(f),
            Source::Link { .. } => None,
        }
    }
}

/// Where the document is.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum Source {
    /// A file of the content folder, published unchanged beside the page.
    File(File),
    /// An address where the body publishes it (`https://`).
    Link { url: String },
}

/// A file of the content folder published unchanged beside its page.
#[derive(Debug, Clone, Serialize)]
pub struct File {
    /// The name it is published under, beside the page: the last part of its path.
    pub name: String,
    /// Its path within the content folder, with `/`.
    pub path: String,
    pub format: Format,
    /// Its bytes with their SHA-256, read with the content folder; `None` when the content
    /// was given without a folder to read it from (in memory).
    #[serde(skip)]
    pub read: Option<Read>,
    /// Where the file is named (the content file, line, column), for the errors found
    /// when it is read.
    #[serde(skip)]
    pub written_at: (PathBuf, usize, usize),
}

/// A file's bytes, as read, with their digest.
#[derive(Debug, Clone)]
pub struct Read {
    pub bytes: Arc<[u8]>,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// The kind of act a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Act {
    DeliberaGiunta,
    DeliberaConsiglio,
    Decreto,
    Determinazione,
    VerbaleOiv,
    Documento,
}

impl Act {
    /// Every kind.
    pub const ALL: [Act; 6] = [
        Act::DeliberaGiunta,
        Act::DeliberaConsiglio,
        Act::Decreto,
        Act::Determinazione,
        Act::VerbaleOiv,
        Act::Documento,
    ];

    /// The words written in the content.
    pub fn word(self) -> &'static str {
        match self {
            Act::DeliberaGiunta => "delibera di Giunta",
            Act::DeliberaConsiglio => "delibera di Consiglio",
            Act::Decreto => "decreto",
            Act::Determinazione => "determinazione",
            Act::VerbaleOiv => "verbale OIV",
            Act::Documento => "documento",
        }
    }

    /// The words at the start of a sentence: `Delibera di Giunta`.
    pub fn word_capital(self) -> String {
        let w = self.word();
        let mut chars = w.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// Reads [`Act::word`] in any case, with `_` or `-` for spaces.
impl FromStr for Act {
    type Err = UnknownWord;

    fn from_str(text: &str) -> Result<Act, UnknownWord> {
        let t = text.trim().to_lowercase().replace(['_', '-'], " ");
        let all = Act::ALL;
        all.iter()
            .copied()
            .find(|a| a.word().to_lowercase() == t)
            .ok_or_else(|| UnknownWord {
                word: text.to_owned(),
                accepted: all.iter().map(|a| a.word()).collect(),
            })
    }
}

/// The open formats a document file may have (art. 7 and 68 d.lgs. 82/2005 via art. 7
/// d.lgs. 33/2013; AgID, Linee guida sulla formazione del documento informatico, allegato
/// 2): PDF (PDF/A preferred), ODF, Office Open XML (ISO/IEC 29500), CSV and XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Odt,
    Ods,
    Odp,
    Docx,
    Xlsx,
    Pptx,
    Csv,
    Xml,
}

/// Why a file name's extension is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAccepted {
    /// A closed, proprietary format (`.doc`, `.xls`…): the open format to use instead.
    Closed { instead: &'static str },
    /// An extension trasparenza does not publish as a document.
    Unknown,
}

impl Format {
    /// Every accepted format.
    pub const ALL: [Format; 9] = [
        Format::Pdf,
        Format::Odt,
        Format::Ods,
        Format::Odp,
        Format::Docx,
        Format::Xlsx,
        Format::Pptx,
        Format::Csv,
        Format::Xml,
    ];

    /// The format of a file name, from its extension (any case).
    pub fn of_name(name: &str) -> Result<Format, NotAccepted> {
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if let Some(f) = Format::ALL.into_iter().find(|f| f.extension() == ext) {
            return Ok(f);
        }
        let instead = match ext.as_str() {
            "doc" | "rtf" | "wpd" | "pages" => "PDF/A o ODT",
            "xls" | "numbers" => "ODS, XLSX o CSV",
            "ppt" | "pps" | "key" => "PDF/A o ODP",
            _ => return Err(NotAccepted::Unknown),
        };
        Err(NotAccepted::Closed { instead })
    }

    /// The file name's extension, lower case.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Odt => "odt",
            Format::Ods => "ods",
            Format::Odp => "odp",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pptx => "pptx",
            Format::Csv => "csv",
            Format::Xml => "xml",
        }
    }

    /// The name people know it by, and the EU file-type code (`PDF`, `ODT`…).
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Odt => "ODT",
            Format::Ods => "ODS",
            Format::Odp => "ODP",
            Format::Docx => "DOCX",
            Format::Xlsx => "XLSX",
            Format::Pptx => "PPTX",
            Format::Csv => "CSV",
            Format::Xml => "XML",
        }
    }

    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Odt => "application/vnd.oasis.opendocument.text",
            Format::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Format::Odp => "application/vnd.oasis.opendocument.presentation",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Format::Csv => "text/csv",
            Format::Xml => "application/xml",
        }
    }

    /// Whether `bytes` begin as a file of this format does: `%PDF-` for PDF, a zip's
    /// `PK\x03\x04` for ODF and OOXML, UTF-8 text for CSV, `<` (after a BOM and spaces)
    /// for XML.
    pub fn matches(self, bytes: &[u8]) -> bool {
        match self {
            Format::Pdf => bytes.starts_with(b"%PDF-"),
            Format::Odt
            | Format::Ods
            | Format::Odp
            | Format::Docx
            | Format::Xlsx
            | Format::Pptx => bytes.starts_with(b"PK\x03\x04"),
            Format::Csv => std::str::from_utf8(bytes).is_ok(),
            Format::Xml => {
                let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                let start = text.iter().position(|b| !b.is_ascii_whitespace());
                start.is_some_and(|i| text[i] == b'<')
            }
        }
    }

    /// What a file of this format begins with, for the error of one that does not.
    pub fn expected_start(self) -> &'static str {
        match self {
            Format::Pdf => "un PDF inizia con %PDF-",
            Format::Csv => "un CSV è testo in UTF-8",
            Format::Xml => "un XML inizia con <",
            _ => "un file ODF od OOXML è un archivio zip e inizia con PK",
        }
    }
}

/// The folder of the SMVP's documents within the folder of its plan's documents.
pub const SMVP_FOLDER: &str = "smvp/";

/// A size in bytes as Italian pages write it, in decimal units: `812 byte`, `245 kB`,
/// `1,2 MB`.
pub fn format_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} byte"),
        1_000..1_000_000 => format!("{} kB", (bytes + 500) / 1_000),
        _ => {
            let tenths = (bytes + 50_000) / 100_000;
            match tenths % 10 {
                0 => format!("{} MB", tenths / 10),
                d => format!("{},{d} MB", tenths / 10),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_italian() {
        assert_eq!(format_size(812), "812 byte");
        assert_eq!(format_size(245_300), "245 kB");
        assert_eq!(format_size(999_400), "999 kB");
        assert_eq!(format_size(1_240_000), "1,2 MB");
        assert_eq!(format_size(3_000_000), "3 MB");
    }

    #[test]
    fn formats_come_from_the_extension_and_closed_ones_are_named() {
        assert_eq!(Format::of_name("piano.PDF"), Ok(Format::Pdf));
        assert_eq!(Format::of_name("a.b.ods"), Ok(Format::Ods));
        assert!(matches!(
            Format::of_name("delibera.doc"),
            Err(NotAccepted::Closed { .. })
        ));
        assert_eq!(Format::of_name("foto.png"), Err(NotAccepted::Unknown));
        assert_eq!(
            Format::of_name("senza-estensione"),
            Err(NotAccepted::Unknown)
        );
    }

    #[test]
    fn magic_bytes_tell_the_format() {
        assert!(Format::Pdf.matches(b"%PDF-1.4\n"));
        assert!(!Format::Pdf.matches(b"PK\x03\x04"));
        assert!(Format::Odt.matches(b"PK\x03\x04rest"));
        assert!(!Format::Docx.matches(b"\xD0\xCF\x11\xE0"));
        assert!(Format::Xml.matches(b"\xEF\xBB\xBF  <?xml"));
        assert!(!Format::Csv.matches(b"\xFF\xFE"));
    }

    #[test]
    fn acts_read_back_from_their_words() {
        for a in Act::ALL {
            assert_eq!(a.word().parse(), Ok(a));
            assert_eq!(a.word().to_uppercase().replace(' ', "_").parse(), Ok(a));
        }
        assert!("circolare".parse::<Act>().is_err());
        let d = Document {
            title: "Piano".into(),
            act: Act::DeliberaGiunta,
            number: Some("8".into()),
            date: Date::new(2026, 1, 28).unwrap(),
            source: Source::Link {
                url: "https://www.ente.it/a.pdf".into(),
            },
        };
        assert_eq!(d.act_italian(), "Delibera di Giunta n. 8 del 28/01/2026");
    }
}
