//! The plain HTML page left at an address from before plan folders: it names the page
//! that now has the content and links to it (with the canonical link for search engines),
//! so links published then keep working. No automatic redirect: the reader sees where the
//! page went, and the page stays a page that the accessibility checks can inspect.

use super::escape;
use crate::model::{Date, Plan};

/// The page at `from` (relative to the site root) leading to `to`, a page of `plan`.
pub fn page(from: &str, to: &str, plan: &Plan, updated: Date) -> String {
    // relative link: the site works from any folder and in the preview
    let up = "../".repeat(from.matches('/').count());
    let href = escape(&format!("{up}{to}"));
    let canonical = escape(&format!("{}{to}", plan.body.base_url));
    let title = escape(&plan.info.title);
    let office = escape(&plan.body.office);
    let date = |d: Date| format!("<time datetime=\"{}\">{}</time>", d.iso(), d.italian());
    let (published, updated) = (date(plan.info.published), date(updated));
    format!(
        "<!DOCTYPE html>\n<html lang=\"it\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Pagina spostata – {title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n</head>\n<body>\n<main>\n<h1>Pagina spostata</h1>\n<p>Questa pagina del {title} ora si trova nella cartella del suo piano: <a href=\"{href}\">{canonical}</a>.</p>\n<dl>\n<div data-metadato=\"pubblicazione\"><dt>Pubblicato il</dt><dd>{published}</dd></div>\n<div data-metadato=\"aggiornamento\"><dt>Ultimo aggiornamento</dt><dd>{updated}</dd></div>\n<div data-metadato=\"ufficio\"><dt>Ufficio responsabile</dt><dd>{office}</dd></div>\n</dl>\n</main>\n</body>\n</html>\n"
    )
}
