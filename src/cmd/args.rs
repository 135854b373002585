//! Arguments shared by several subcommands, resolved so that every command works from any
//! folder with only the binary: the content folder (found from inside it too), the theme
//! (built in unless `--theme`), the public address (`--base-url`, checked).

use std::path::{Path, PathBuf};

use trasparenza::render::theme::ThemeSource;

use super::Source;

/// The file that marks a content folder.
const SITE_FILE: &str = "sito.toml";

impl Source {
    /// The content folder: `--content` as given; otherwise `content/` in the current folder,
    /// or, when the command runs from inside the content, the folder holding `sito.toml`
    /// (the current one, or a parent named `content`), said on stderr.
    pub fn folder(&self) -> PathBuf {
        if let Some(dir) = &self.content {
            return dir.clone();
        }
        let default = PathBuf::from("content");
        if default.join(SITE_FILE).is_file() {
            return default;
        }
        let Some((found, up)) = std::env::current_dir()
            .ok()
            .and_then(|cwd| enclosing_content(&cwd))
        else {
            return default;
        };
        let whence = if up == 0 {
            "la cartella corrente contiene sito.toml".to_owned()
        } else {
            format!("la cartella corrente è dentro {}", found.display())
        };
        eprintln!(
            "Contenuti: {} ({whence}); il sito e l'archivio vanno accanto, nella cartella che la contiene.",
            found.display()
        );
        found
    }
}

/// From inside a content folder: the path to it from `cwd`, and how many levels up it is.
/// The path goes through its parent (`../content`), so that whatever is placed beside the
/// content (`public/`, `archivio/`) lands beside it, not inside.
fn enclosing_content(cwd: &Path) -> Option<(PathBuf, usize)> {
    cwd.ancestors().enumerate().find_map(|(up, dir)| {
        let name = dir.file_name()?;
        let is_content = up == 0 || name == "content";
        if !is_content || !dir.join(SITE_FILE).is_file() {
            return None;
        }
        let mut rel: PathBuf = std::iter::repeat_n("..", up + 1).collect();
        rel.push(name);
        Some((rel, up))
    })
}

/// `name` beside the content folder (`public` for `content`, `../public` for `../content`).
pub fn beside_content(content: &Path, name: &str) -> PathBuf {
    match content.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(name),
        _ => PathBuf::from(name),
    }
}

/// The `--theme` option of the commands that render the site.
#[derive(clap::Args, Clone)]
pub struct ThemeArg {
    /// Cartella di un tema modificato (predefinito: il tema incluso nel programma; `trasparenza tema CARTELLA` ne scrive una copia da modificare)
    #[arg(long = "tema", alias = "theme", value_name = "CARTELLA")]
    theme: Option<PathBuf>,
}

impl ThemeArg {
    /// The theme to render with.
    pub fn source(&self) -> ThemeSource {
        match &self.theme {
            Some(dir) => ThemeSource::Folder(dir.clone()),
            None => ThemeSource::BuiltIn,
        }
    }
}

/// The `--indirizzo-base` option of the commands that build the site.
#[derive(clap::Args, Clone)]
pub struct BaseUrlArg {
    /// Indirizzo pubblico della sezione (sostituisce base_url di sito.toml), es. https://www.ente.it/amministrazione-trasparente/performance/
    #[arg(
        long = "indirizzo-base",
        alias = "base-url",
        value_name = "INDIRIZZO",
        value_parser = base_url
    )]
    base_url: Option<String>,
}

impl BaseUrlArg {
    /// The address given, checked; `None`: the one of `sito.toml`.
    pub fn address(self) -> Option<String> {
        self.base_url
    }
}

/// `--base-url`: an absolute http(s) address, as the sitemap and the catalogue need it;
/// anything else is refused with the address to write instead.
pub fn base_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    let refuse = |why: &str| {
        let fixed = format!(
            "https://{}",
            text.trim_start_matches("http:")
                .trim_start_matches("https:")
                .trim_start_matches('/')
        );
        let fixed = if fixed.ends_with('/') {
            fixed
        } else {
            format!("{fixed}/")
        };
        Err(format!("{why}: scrivere {fixed}"))
    };
    match url::Url::parse(text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(u.to_string())
        }
        Ok(u) if matches!(u.scheme(), "http" | "https") => refuse("manca il nome del sito"),
        Ok(_) | Err(url::ParseError::RelativeUrlWithoutBase) => {
            refuse("l'indirizzo deve essere completo, con https://")
        }
        Err(e) => refuse(&format!("indirizzo non valido ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_without_scheme_is_refused_with_the_fix() {
        let e = base_url("www.ente.it/performance").unwrap_err();
        assert!(
            e.ends_with("scrivere https://www.ente.it/performance/"),
            "{e}"
        );
        let e = base_url("ente.it:8080/p/").unwrap_err();
        assert!(e.contains("https://"), "{e}");
        assert!(base_url("ftp://www.ente.it/").is_err());
        assert!(base_url("https://").is_err());
    }

    #[test]
    fn base_url_absolute_is_kept() {
        assert_eq!(
            base_url(" https://www.ente.it/amministrazione-trasparente/performance/ ").unwrap(),
            "https://www.ente.it/amministrazione-trasparente/performance/"
        );
        assert_eq!(
            base_url("https://www.ente.it/performance").unwrap(),
            "https://www.ente.it/performance"
        );
        assert_eq!(base_url("http://ente.it").unwrap(), "http://ente.it/");
    }

    #[test]
    fn content_found_from_inside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        let deep = content.join("piani/2025-2027/monitoraggio/2025-S1");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(content.join(SITE_FILE), "").unwrap();
        assert_eq!(
            enclosing_content(&content),
            Some((PathBuf::from("../content"), 0))
        );
        assert_eq!(
            enclosing_content(&deep),
            Some((PathBuf::from("../../../../../content"), 4))
        );
        assert_eq!(enclosing_content(tmp.path()), None);
        assert_eq!(
            beside_content(Path::new("../../../content"), "public"),
            PathBuf::from("../../../public")
        );
        assert_eq!(
            beside_content(Path::new("content"), "public"),
            PathBuf::from("public")
        );
    }
}
