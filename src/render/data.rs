//! Open-data tables: every table shown on a page is also a CSV and a JSON file
//! with the same columns (ISO formats: decimal point, ISO dates).

use std::collections::BTreeMap;

/// Name and title of an open-data table: enough to link it without building it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableMeta {
    /// File stem under `opendata/tabelle/`.
    pub name: String,
    pub title: String,
}

impl TableMeta {
    /// Path of the CSV file, relative to the site root.
    pub fn csv_url(&self) -> String {
        format!("opendata/tabelle/{}.csv", self.name)
    }

    /// Path of the JSON file, relative to the site root.
    pub fn json_url(&self) -> String {
        format!("opendata/tabelle/{}.json", self.name)
    }

    /// Links for the template.
    pub fn download(&self) -> Download {
        Download {
            csv: self.csv_url(),
            json: self.json_url(),
            titolo: self.title.clone(),
        }
    }
}

/// The download links of a table, as templates receive them (`download`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Download {
    pub csv: String,
    pub json: String,
    pub titolo: String,
}

/// A table published as open data.
#[derive(Debug, Clone)]
pub struct Table {
    pub meta: TableMeta,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// UTF-8 CSV, comma-separated, RFC 4180 quoting.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        // writing to a Vec cannot fail
        let _ = w.write_record(&self.columns);
        for row in &self.rows {
            let _ = w.write_record(row);
        }
        w.into_inner().unwrap_or_default()
    }

    /// JSON: `{titolo, licenza, colonne, righe: [{colonna: valore}]}`, keys in
    /// alphabetical order, indented.
    pub fn to_json(&self, licence: &str) -> Vec<u8> {
        /// The document, fields in alphabetical order; rows borrow the table's strings.
        #[derive(serde::Serialize)]
        struct Doc<'a> {
            colonne: &'a [&'static str],
            licenza: &'a str,
            righe: Vec<BTreeMap<&'static str, &'a str>>,
            titolo: &'a str,
        }
        let doc = Doc {
            colonne: &self.columns,
            licenza: licence,
            righe: self
                .rows
                .iter()
                .map(|r| {
                    self.columns
                        .iter()
                        .copied()
                        .zip(r.iter().map(String::as_str))
                        .collect()
                })
                .collect(),
            titolo: &self.meta.title,
        };
        let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
        out.push(b'\n');
        out
    }
}
