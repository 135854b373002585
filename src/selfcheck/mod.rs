//! The self-check: the section scored the way the OIV scores it in ANAC's attestation
//! grid ([`grid`]), and the nodes of "Performance" looked for the way ANAC's crawler
//! looks for them ([`crawler`]), both on a site built in memory.

pub mod crawler;
pub mod grid;
pub mod page;
pub mod report;

use crate::model::{Date, Plans};
use crate::render::Site;

pub use crawler::{Found, Node};
pub use grid::{Cell, Column, Obligation, Row, Value};

/// What the self-check finds on a built site.
#[derive(Debug, Clone)]
pub struct SelfCheck {
    /// The day the grid is scored at (what is due depends on it).
    pub today: Date,
    /// The section's address the site was built for.
    pub base_url: String,
    /// One row per obligation.
    pub grid: Vec<Row>,
    /// One per node of the crawler's rules.
    pub nodes: Vec<Node>,
}

impl SelfCheck {
    /// Scores `site`, built from `plans`, on `today`.
    pub fn of(site: &Site, plans: &Plans, today: Date) -> SelfCheck {
        let base_url = plans.current().body.base_url.clone();
        SelfCheck {
            today,
            nodes: crawler::nodes(site, &base_url),
            grid: grid::score(&grid::Subject { site, plans }, today),
            base_url,
        }
    }

    /// True when every row has full marks and the crawler finds every node.
    pub fn all_full(&self) -> bool {
        self.grid.iter().all(Row::full_marks) && self.nodes.iter().all(Node::is_found)
    }
}
