//! trasparenza: the "Amministrazione trasparente > Performance" section of an Italian
//! public body, generated from its plan and measurements.
//!
//! The pipeline is a chain of plain functions, one module per stage:
//! content files -> [`load`] -> [`model::Plan`] -> [`evaluate`] -> [`render`] -> [`write`].
//! [`serve`] and [`archive`] sit at the edges.

pub mod archive;
pub mod build;
pub mod bundle;
pub mod calendar;
pub mod diagnostic;
pub mod evaluate;
pub mod init;
pub mod italian;
pub mod lines;
pub mod linkcheck;
pub mod load;
pub mod model;
pub mod opendata;
pub mod render;
pub mod search;
pub mod selfcheck;
pub mod serve;
pub mod sheet;
pub mod site;
#[cfg(test)]
mod testing;
pub mod write;
