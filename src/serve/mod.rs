//! `trasparenza serve`: the local preview. Builds the site in memory (never in
//! `public/`), serves it on 127.0.0.1 only, watches the content and theme
//! folders, rebuilds what a change affects and makes open pages reload.
//! While the content is broken the last good site keeps being served, with
//! the diagnostics in the terminal and in a box on every page.
//!
//! Threads: the HTTP server runs on a current-thread tokio runtime; the
//! file watcher feeds a rebuild thread (one rebuild per save, see [`settle`]),
//! which swaps the served [`Snapshot`] and wakes the pages' event streams.

pub mod http;
pub mod live;
pub mod overlay;
pub mod path;
pub mod pipeline;
pub mod settle;

use crate::italian::count;
use live::LiveSite;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{Request, State};
use axum::response::Response;
use notify::Watcher;
use tower_livereload::{LiveReloadLayer, Reloader};

use crate::build::Options;
use crate::diagnostic::Diagnostic;
use crate::render::theme::ThemeSource;
use pipeline::{Dirty, Pipeline, Tracker};

/// Port used when none is given.
pub const DEFAULT_PORT: u16 = 8033;

/// How long to wait when a changed file is found empty, before reading it again.
const SETTLE: Duration = Duration::from_millis(50);

/// Builds slower than this announce the next rebuild when it starts.
const SLOW: Duration = Duration::from_secs(1);

/// How long open connections get to finish after Ctrl-C.
const GRACE: Duration = Duration::from_millis(500);

/// What `serve` needs.
#[derive(Debug, Clone)]
pub struct Config {
    pub content: PathBuf,
    pub theme: ThemeSource,
    /// 0 = any free port.
    pub port: u16,
    /// Open the browser on the preview.
    pub open: bool,
    /// Today, for the calendar of obligations (taken once, when the preview starts).
    pub today: Option<crate::model::Date>,
}

/// Why the preview could not start.
#[derive(Debug)]
pub enum Error {
    /// A folder is missing or is not a folder.
    Folder {
        what: &'static str,
        path: PathBuf,
        error: String,
    },
    /// The port could not be opened.
    Bind { port: u16, error: io::Error },
    /// The file watcher could not start.
    Watch(String),
    /// The runtime or the server failed.
    Server(io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Folder { what, path, error } => {
                let flag = if *what == "tema" {
                    "--tema"
                } else {
                    "--contenuti"
                };
                write!(
                    f,
                    "{}: cartella {what} non utilizzabile: {error}\n    = come correggere: indicare con {flag} una cartella esistente",
                    path.display()
                )
            }
            Error::Bind { port, error } if error.kind() == io::ErrorKind::AddrInUse => write!(
                f,
                "la porta {port} di 127.0.0.1 è già in uso\n    = come correggere: chiudere l'altra anteprima, o scegliere un'altra porta con --porta (0 = una porta libera qualsiasi)"
            ),
            Error::Bind { port, error } => write!(
                f,
                "impossibile aprire la porta {port} su 127.0.0.1: {error}\n    = come correggere: scegliere un'altra porta con --porta (0 = una porta libera qualsiasi)"
            ),
            Error::Watch(e) => write!(
                f,
                "impossibile sorvegliare le cartelle: {e}\n    = come correggere: su Linux, aumentare fs.inotify.max_user_watches"
            ),
            Error::Server(e) => write!(f, "anteprima interrotta: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// What is being served: one immutable value, swapped whole after a rebuild.
pub struct Snapshot {
    /// The last good site (`None` if the content was broken from the start).
    pub site: Option<Arc<LiveSite>>,
    /// Changes at every rebuild; pages carry the version they were served at.
    pub version: u64,
    /// Diagnostics of the last rebuild when it failed; empty when it succeeded.
    pub errors: Vec<Diagnostic>,
    overlay: Option<String>,
    script: String,
}

impl Snapshot {
    /// A snapshot with its page decorations rendered once.
    /// Warnings among `errors` are left out: the box is about what blocks the build.
    pub fn new(site: Option<Arc<LiveSite>>, version: u64, mut errors: Vec<Diagnostic>) -> Self {
        if errors.iter().any(Diagnostic::is_error) {
            errors.retain(Diagnostic::is_error);
        }
        let overlay = (!errors.is_empty()).then(|| overlay::render(&errors));
        Snapshot {
            site,
            version,
            errors,
            overlay,
            script: overlay::script(version),
        }
    }
}

struct Shared {
    current: RwLock<Arc<Snapshot>>,
}

impl Shared {
    fn get(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn set(&self, snap: Snapshot) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snap);
    }
}

/// Runs the preview until Ctrl-C (SIGINT) or SIGTERM.
pub fn run(config: &Config) -> Result<(), Error> {
    let content_root = canonical_dir(&config.content, "dei contenuti")?;
    // the built-in theme cannot change: only a theme folder is watched
    let theme_root = match config.theme.folder() {
        Some(dir) => Some(canonical_dir(dir, "tema")?),
        None => None,
    };
    // bound before the first build: the pages' canonical links and the sitemap name the
    // preview's own address, so that they resolve locally
    let listener =
        std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, config.port))).map_err(
            |error| Error::Bind {
                port: config.port,
                error,
            },
        )?;
    let addr = listener.local_addr().map_err(Error::Server)?;
    let url = format!("http://127.0.0.1:{}/", addr.port());
    let opts = Options {
        content: config.content.clone(),
        theme: config.theme.clone(),
        base_url: Some(url.clone()),
        preview: true,
        archive_dir: Some(crate::archive::default_dir(&config.content)),
        today: config.today,
        ..Options::default()
    };

    // First build: everything.
    let started = Instant::now();
    let mut pipeline = Pipeline::new(opts);
    let first_version = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_millis() as u64);
    let mut warnings = Vec::new();
    let snapshot = match pipeline.build(Dirty::ALL) {
        Ok((site, w)) => {
            let (files, pages) = site.counts();
            println!(
                "Sito pronto: {pages} pagine, {files} file, in {} ms",
                started.elapsed().as_millis()
            );
            if !w.is_empty() {
                println!(
                    "{} avvisi nei contenuti (elenco completo: trasparenza controlla)",
                    w.len()
                );
            }
            warnings = w;
            Snapshot::new(Some(site), first_version, Vec::new())
        }
        Err(diagnostics) => {
            report_errors(&diagnostics);
            eprintln!(
                "Il sito non è stato generato: l'anteprima mostra gli errori finché non vengono corretti."
            );
            Snapshot::new(None, first_version, diagnostics)
        }
    };
    let slow = started.elapsed() > SLOW;
    let shared = Arc::new(Shared {
        current: RwLock::new(Arc::new(snapshot)),
    });

    // Watcher, then the rebuild thread.
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| Error::Watch(e.to_string()))?;
    for root in std::iter::once(&content_root).chain(&theme_root) {
        watcher
            .watch(root, notify::RecursiveMode::Recursive)
            .map_err(|e| Error::Watch(format!("{}: {e}", root.display())))?;
    }
    let tracker = Tracker::new(content_root, theme_root);
    let livereload = LiveReloadLayer::new()
        .custom_prefix(overlay::PREFIX)
        .request_predicate(never_inject as fn(&Request) -> bool);
    let reloader = livereload.reloader();
    {
        let shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("anteprima-rebuild".into())
            .spawn(move || rebuild_loop(rx, tracker, pipeline, shared, reloader, warnings, slow))
            .map_err(Error::Server)?;
    }

    let app = Router::new()
        .fallback(handle)
        .with_state(Arc::clone(&shared))
        .layer(livereload);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Server)?;
    let result = runtime.block_on(serve(app, listener, url, config.open));
    drop(watcher);
    result
}

fn canonical_dir(path: &Path, what: &'static str) -> Result<PathBuf, Error> {
    let folder = |error: String| Error::Folder {
        what,
        path: path.to_path_buf(),
        error,
    };
    let canonical = path.canonicalize().map_err(|e| folder(e.to_string()))?;
    if !canonical.is_dir() {
        return Err(folder("non è una cartella".into()));
    }
    Ok(canonical)
}

fn never_inject(_: &Request) -> bool {
    false
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let snap = shared.get();
    http::respond(&snap, req.method(), req.uri(), req.headers())
}

async fn serve(
    app: Router,
    listener: std::net::TcpListener,
    url: String,
    open: bool,
) -> Result<(), Error> {
    let stop = Stop::listen()?;
    listener.set_nonblocking(true).map_err(Error::Server)?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(Error::Server)?;
    println!("Anteprima su {url}");
    println!("(Ctrl-C per chiudere; si aggiorna da sola a ogni modifica dei contenuti o del tema)");
    if open {
        open_browser(&url);
    }
    let (tx, rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        stop.wait().await;
        let _ = tx.send(true);
    });
    let mut graceful = rx.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let _ = graceful.wait_for(|stopped| *stopped).await;
    });
    let mut deadline = rx;
    tokio::select! {
        r = server => r.map_err(Error::Server)?,
        // Event streams never end by themselves: give other requests a moment, then stop.
        _ = async {
            let _ = deadline.wait_for(|stopped| *stopped).await;
            tokio::time::sleep(GRACE).await;
        } => {}
    }
    println!("Anteprima chiusa.");
    Ok(())
}

/// SIGINT and SIGTERM, listened to from the start so that an early signal is not lost.
struct Stop {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl Stop {
    fn listen() -> Result<Self, Error> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Stop {
                int: signal(SignalKind::interrupt()).map_err(Error::Server)?,
                term: signal(SignalKind::terminate()).map_err(Error::Server)?,
            })
        }
        #[cfg(not(unix))]
        Ok(Stop {})
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.int.recv() => {}
            _ = self.term.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

fn open_browser(url: &str) {
    #[cfg(target_os = "macos")]
    let mut cmd = std::process::Command::new("open");
    #[cfg(windows)]
    let mut cmd = {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    };
    #[cfg(not(any(target_os = "macos", windows)))]
    let mut cmd = std::process::Command::new("xdg-open");
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match cmd.spawn() {
        Ok(mut child) => {
            // Reap it, and say so if it failed.
            let url = url.to_owned();
            std::thread::spawn(move || {
                if let Ok(status) = child.wait()
                    && !status.success()
                {
                    eprintln!("avviso: il browser non si è aperto ({status}); aprire a mano {url}");
                }
            });
        }
        Err(e) => eprintln!("avviso: impossibile aprire il browser ({e}); aprire a mano {url}"),
    }
}

fn rebuild_loop(
    rx: mpsc::Receiver<notify::Result<notify::Event>>,
    mut tracker: Tracker,
    mut pipeline: Pipeline,
    shared: Arc<Shared>,
    reloader: Reloader,
    mut warnings: Vec<Diagnostic>,
    mut slow: bool,
) {
    while let Some(burst) = settle::next_burst(&rx) {
        let settle::Burst {
            paths,
            rescan,
            first: saved,
            ..
        } = burst;
        let mut changes = if rescan {
            tracker.rescan()
        } else {
            tracker.update(&paths)
        };
        if changes.has_empty_file() {
            // Give an in-place save a moment to write the bytes after truncating.
            std::thread::sleep(SETTLE);
            let again = changes.paths.clone();
            changes.merge(tracker.update(&again));
        }
        if changes.dirty.is_clean() {
            continue;
        }
        let what = changes.files.join(", ");
        if slow {
            println!("{what}: ricostruzione in corso…");
        }
        let started = Instant::now();
        let result = pipeline.rebuild(&changes);
        slow = started.elapsed() > SLOW;
        let stages = pipeline.timings.describe();
        let took = started.elapsed().as_millis();
        let since_save = saved.map(|s| s.elapsed().as_millis());
        let previous = shared.get();
        match result {
            Ok((site, w)) => {
                let fresh: Vec<&Diagnostic> = w.iter().filter(|d| !warnings.contains(d)).collect();
                for d in &fresh {
                    eprintln!("{d}\n");
                }
                warnings = w;
                shared.set(Snapshot::new(
                    Some(Arc::clone(&site)),
                    previous.version + 1,
                    Vec::new(),
                ));
                reloader.reload();
                if let Some(before) = &previous.site {
                    site.warm(before);
                }
                let fixed = if previous.errors.is_empty() {
                    ""
                } else {
                    "errori corretti; "
                };
                match since_save {
                    Some(s) => println!(
                        "{what}: {fixed}ricostruito in {took} ms ({stages}), {s} ms dal salvataggio"
                    ),
                    None => println!("{what}: {fixed}ricostruito in {took} ms ({stages})"),
                }
            }
            Err(diagnostics) => {
                report_errors(&diagnostics);
                eprintln!(
                    "{what}: sito non rigenerato ({took} ms); l'anteprima mostra gli errori sopra l'ultima versione corretta."
                );
                shared.set(Snapshot::new(
                    previous.site.clone(),
                    previous.version + 1,
                    diagnostics,
                ));
                reloader.reload();
            }
        }
    }
}

/// The errors in full; warnings, which do not block, only counted.
fn report_errors(diagnostics: &[Diagnostic]) {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let shown = if errors.is_empty() {
        diagnostics.iter().collect()
    } else {
        errors.clone()
    };
    for d in shown {
        eprintln!("{d}\n");
    }
    let warnings = diagnostics.len() - errors.len();
    let n = errors.len();
    let mut line = count(n, "errore", "errori");
    if warnings > 0 && !errors.is_empty() {
        line.push_str(&format!(
            " (e {}: elenco completo con trasparenza controlla)",
            count(warnings, "avviso", "avvisi")
        ));
    }
    eprintln!("{line}");
}
