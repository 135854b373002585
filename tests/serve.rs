//! `trasparenza serve` end to end: the built binary on a temp copy of the
//! shipped content and theme, an ephemeral port, plain HTTP/1.1 over TcpStream.
//! Every wait is bounded; the server is killed when a test ends.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod common;
use common::copy_dir;

const MEASURE: &str = "piani/2022-2024/monitoraggio/2022-S1/obiettivi-operativi/1.6.1.toml";
const OBJECTIVE_PAGE: &str = "/piano-della-performance/2022-2024/obiettivi-operativi/1.6.1/";
const SCRIPT_MARK: &str = "/_trasparenza/event-stream";
const STARTUP: Duration = Duration::from_secs(120);
const REBUILD: Duration = Duration::from_secs(30);

struct Preview {
    child: Child,
    port: u16,
    /// From starting the process to its printed URL.
    startup: Duration,
    dir: tempfile::TempDir,
    stdout: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
}

impl Preview {
    /// Copies the shipped content, archive and theme and starts `serve --port 0` on them.
    fn start() -> Preview {
        Preview::start_with(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
    }

    /// Like [`Preview::start`] on a copy of the content folder `content`; the shipped
    /// archive goes beside the shipped content only, as in the repository.
    fn start_with(content: &Path) -> Preview {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        copy_dir(content, &dir.path().join("content"));
        copy_dir(&root.join("themes/default"), &dir.path().join("tema"));
        if content == root.join("content") {
            copy_dir(&root.join("archivio"), &dir.path().join("archivio"));
        }
        let spawned = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_trasparenza"))
            .arg("serve")
            .arg("--content")
            .arg(dir.path().join("content"))
            .arg("--theme")
            .arg(dir.path().join("tema"))
            .args(["--port", "0"])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        let mut p = Preview {
            child,
            port: 0,
            startup: Duration::ZERO,
            dir,
            stdout,
            stderr,
        };
        let line = p
            .wait_stdout(STARTUP, |l| l.starts_with("Anteprima su "))
            .unwrap_or_else(|| {
                let _ = p.child.kill();
                panic!("server did not print its URL; stderr: {}", p.drain_stderr())
            });
        let url = line.trim_start_matches("Anteprima su ").trim();
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("not a loopback URL: {url}"));
        p.port = rest.trim_end_matches('/').parse().unwrap();
        p.startup = spawned.elapsed();
        p
    }

    fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    fn wait_stdout(&self, within: Duration, pred: impl Fn(&str) -> bool) -> Option<String> {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.stdout.recv_timeout(left) {
                Ok(l) if pred(&l) => return Some(l),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }

    fn drain_stderr(&self) -> String {
        self.stderr.try_iter().collect::<Vec<_>>().join("\n")
    }

    fn get(&self, path: &str) -> Reply {
        request(self.port, "GET", path)
    }

    /// Polls `path` until `pred` holds on the reply, within `within`.
    fn poll(&self, path: &str, within: Duration, pred: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + within;
        loop {
            let r = self.get(path);
            if pred(&r) {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "timed out polling {path}; last status {}; stderr: {}",
                r.status,
                self.drain_stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(r: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn connect(port: u16) -> TcpStream {
    let s =
        TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(5)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    s
}

/// One request on its own connection; the target is sent exactly as given.
fn request(port: u16, method: &str, target: &str) -> Reply {
    let mut s = connect(port);
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = String::from_utf8_lossy(&raw[split + 4..]).into_owned();
    let mut head_lines = head.lines();
    let status_line = head_lines.next().unwrap();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = head_lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body,
    }
}

/// Reads from an open stream until `needle` shows up, within `within`.
fn read_until(s: &mut TcpStream, seen: &mut String, needle: &str, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    let mut buf = [0u8; 4096];
    while !seen.contains(needle) {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return false;
        };
        s.set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        match s.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(e) => panic!("{e}"),
        }
    }
    true
}

/// `file:line:column` of the measurement file, as the overlay prints it.
fn has_location(body: &str) -> bool {
    let mark = "1.6.1.toml:";
    body.match_indices(mark).any(|(i, _)| {
        let rest = &body[i + mark.len()..];
        let line: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[line.len()..];
        !line.is_empty()
            && after.starts_with(':')
            && after[1..].starts_with(|c: char| c.is_ascii_digit())
    })
}

#[test]
fn serves_rebuilds_reloads_and_shows_errors() {
    let p = Preview::start();

    // Pages: 200, HTML, the preview script injected.
    for path in ["/", OBJECTIVE_PAGE] {
        let r = p.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(
            r.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        assert!(r.body.contains(SCRIPT_MARK), "{path}: no preview script");
        assert!(r.body.contains("data-trasparenza-anteprima="), "{path}");
        assert!(
            !r.body.contains("trasparenza-errori"),
            "{path}: overlay without errors"
        );
    }
    let before = p.get(OBJECTIVE_PAGE);
    assert!(before.body.contains("69,5%"));
    assert!(!before.body.contains("75%"));
    let css = p.get("/static/css/trasparenza.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.body.contains(SCRIPT_MARK), "script injected in CSS");
    let version = p.get("/_trasparenza/versione").body;

    // Listen to the event stream before editing.
    let mut events = connect(p.port);
    write!(
        events,
        "GET {SCRIPT_MARK} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
        p.port
    )
    .unwrap();
    let mut seen = String::new();
    assert!(
        read_until(
            &mut events,
            &mut seen,
            "event: init",
            Duration::from_secs(10)
        ),
        "no init event: {seen}"
    );
    assert!(seen.contains("text/event-stream"), "{seen}");

    // A measurement changes: the page is rebuilt and a reload event is sent.
    let file = p.content().join(MEASURE);
    let good = fs::read_to_string(&file).unwrap();
    assert!(good.contains("valore = \"69,5%\""));
    let edited = good.replace("valore = \"69,5%\"", "valore = \"75%\"");
    fs::write(&file, &edited).unwrap();
    assert!(
        read_until(&mut events, &mut seen, "event: reload", REBUILD),
        "no reload event: {seen}; stderr: {}",
        p.drain_stderr()
    );
    let _ = events.shutdown(Shutdown::Both);
    let after = p.poll(OBJECTIVE_PAGE, REBUILD, |r| r.body.contains("75%"));
    assert_eq!(after.status, 200);
    assert!(!after.body.contains("valore 69,5%"));
    assert_ne!(p.get("/_trasparenza/versione").body, version);
    assert!(
        p.wait_stdout(REBUILD, |l| l.contains("1.6.1.toml") && l.contains(" ms"))
            .is_some(),
        "rebuild time not reported"
    );

    // Saving the same bytes again rebuilds nothing (saved as many editors do:
    // a new file renamed over the old one, so no half-written state is ever seen).
    let v = p.get("/_trasparenza/versione").body;
    let tmp = p.dir.path().join("salvataggio.tmp");
    fs::write(&tmp, &edited).unwrap();
    fs::rename(&tmp, &file).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(p.get("/_trasparenza/versione").body, v);

    // A broken edit: the overlay with file:line:column, the last good page still served.
    fs::write(&file, good.replace("valore = \"69,5%\"", "valore = \"80%")).unwrap();
    let broken = p.poll(OBJECTIVE_PAGE, REBUILD, |r| {
        r.body.contains("trasparenza-errori")
    });
    assert_eq!(broken.status, 200);
    assert!(broken.body.contains("role=\"alert\""));
    assert!(
        has_location(&broken.body),
        "no file:line:column in the overlay"
    );
    assert!(broken.body.contains("75%"), "last good page not served");
    assert!(broken.body.contains(SCRIPT_MARK));
    let home = p.get("/");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("trasparenza-errori"),
        "overlay missing on other pages"
    );
    assert!(
        !p.get("/static/css/trasparenza.css")
            .body
            .contains("trasparenza-errori")
    );
    let stderr = p.drain_stderr();
    assert!(
        stderr.contains("1.6.1.toml:"),
        "diagnostics not in the terminal: {stderr}"
    );

    // Fixing the file clears the overlay.
    fs::write(
        &file,
        good.replace("valore = \"69,5%\"", "valore = \"81%\""),
    )
    .unwrap();
    let fixed = p.poll(OBJECTIVE_PAGE, REBUILD, |r| {
        !r.body.contains("trasparenza-errori")
    });
    assert!(fixed.body.contains("81%"));
}

#[test]
fn http_rules_and_paths_outside_the_site() {
    let p = Preview::start();

    // Folders, redirects, types.
    let r = request(p.port, "GET", "/piano-della-performance");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/piano-della-performance/"));
    let r = p.get("/piano-della-performance/index.html");
    assert_eq!(r.status, 200);
    for (path, ctype) in [
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/opendata/catalogo.jsonld", "application/ld+json"),
        ("/opendata/piano.json", "application/json"),
        (
            "/opendata/tabelle/obiettivo-operativo-1.6.1-kpi.csv",
            "text/csv; charset=utf-8",
        ),
        ("/static/svg/sprites.svg", "image/svg+xml"),
    ] {
        let r = p.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ctype), "{path}");
    }
    // The sitemap and the canonical links name the preview's own address, and resolve there.
    let local = format!("http://127.0.0.1:{}/", p.port);
    let sitemap = p.get("/sitemap.xml").body;
    let objective = format!("{local}piano-della-performance/2022-2024/obiettivi-operativi/1.6.1/");
    assert!(
        sitemap.contains(&format!("<loc>{objective}</loc>")),
        "{sitemap}"
    );
    assert!(!sitemap.contains("camcom.it"), "{sitemap}");
    let page = p.get(OBJECTIVE_PAGE).body;
    assert!(
        page.contains(&format!("<link rel=\"canonical\" href=\"{objective}\"")),
        "the canonical link names the preview"
    );
    let path = objective.strip_prefix(&local[..local.len() - 1]).unwrap();
    assert_eq!(p.get(path).status, 200);
    // The archived version is served as archived, byte for byte, and its zip too.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("archivio");
    let archived = p.get("/archivio/2022-S1/");
    assert_eq!(archived.status, 200);
    let frozen = fs::read_to_string(root.join("2022-S1/data/index.html")).unwrap();
    // the preview adds its script at the end of the body; all before it is the frozen page
    let body_end = frozen.rfind("</body>").unwrap();
    assert!(
        archived.body.starts_with(&frozen[..body_end]),
        "the archived home page differs from the frozen one"
    );
    let zip = p.get("/archivio/2022-S1.zip");
    assert_eq!(zip.status, 200);
    assert_eq!(
        zip.header("content-length").map(str::to_owned),
        Some(
            fs::metadata(root.join("2022-S1.zip"))
                .unwrap()
                .len()
                .to_string()
        )
    );
    let head = request(p.port, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(request(p.port, "POST", "/").status, 405);

    // 404: status 404, the site's own 404 page (with the preview script).
    let missing = p.get("/non-esiste/affatto");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("non corrisponde a nessuna pagina"));
    assert!(missing.body.contains(SCRIPT_MARK));

    // Nothing outside the site, whatever the spelling.
    let cargo =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let toml_text = fs::read_to_string(p.content().join("sito.toml")).unwrap();
    for target in [
        "/../Cargo.toml",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/Cargo.toml",
        "/static/..%2f..%2fCargo.toml",
        "/static/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/static/..%5c..%5cCargo.toml",
        "//etc/passwd",
        "/static/../../content/sito.toml",
        "/sito.toml",
        "/index.html%00",
        "/./index.html",
    ] {
        let r = request(p.port, "GET", target);
        assert!(
            r.status == 403 || r.status == 404 || r.status == 400,
            "{target}: status {}",
            r.status
        );
        assert!(
            !r.body.contains("[package]") && !r.body.contains(&cargo),
            "{target}: Cargo.toml served"
        );
        assert!(
            !r.body.contains("root:x:0:0"),
            "{target}: /etc/passwd served"
        );
        assert!(
            !r.body.contains(
                toml_text
                    .lines()
                    .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
                    .unwrap()
            ),
            "{target}: content source served"
        );
    }
    // A raw backslash cannot even be sent as a valid target; an encoded one is refused.
    assert_eq!(
        request(p.port, "GET", "/static%5c..%5c..%5cCargo.toml").status,
        403
    );

    // Another Host (DNS rebinding): refused.
    let mut s = connect(p.port);
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: preview.evil.example\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 403"), "{raw}");
}

#[test]
fn loopback_only_and_clean_shutdown() {
    let mut p = Preview::start();
    assert_eq!(p.get("/").status, 200);

    // Bound to 127.0.0.1 itself, not to all interfaces: another loopback address
    // (which a 0.0.0.0 socket would accept on Linux) is refused.
    #[cfg(target_os = "linux")]
    {
        let other =
            TcpStream::connect_timeout(&([127, 0, 0, 2], p.port).into(), Duration::from_secs(2));
        assert!(
            other.is_err(),
            "answered on 127.0.0.2: not bound to 127.0.0.1 only"
        );
        let tcp = fs::read_to_string("/proc/net/tcp").unwrap();
        let port_hex = format!(":{:04X}", p.port);
        let listening: Vec<&str> = tcp
            .lines()
            .skip(1)
            .filter(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                f.len() > 3 && f[1].ends_with(&port_hex) && f[3] == "0A"
            })
            .collect();
        assert!(!listening.is_empty(), "listening socket not found");
        for l in listening {
            assert!(
                l.split_whitespace()
                    .nth(1)
                    .unwrap()
                    .starts_with("0100007F:"),
                "not bound to 127.0.0.1: {l}"
            );
        }
        let tcp6 = fs::read_to_string("/proc/net/tcp6").unwrap_or_default();
        assert!(!tcp6.lines().skip(1).any(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() > 3 && f[1].ends_with(&port_hex) && f[3] == "0A"
        }));
    }

    // An open event stream does not keep it from stopping.
    let mut events = connect(p.port);
    write!(
        events,
        "GET {SCRIPT_MARK} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        p.port
    )
    .unwrap();
    let mut seen = String::new();
    assert!(read_until(
        &mut events,
        &mut seen,
        "event: init",
        Duration::from_secs(10)
    ));

    // Ctrl-C: clean exit, status 0.
    let pid = p.child.id().to_string();
    #[cfg(unix)]
    {
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(s) = p.child.try_wait().unwrap() {
                break s;
            }
            assert!(
                Instant::now() < deadline,
                "server did not stop after SIGINT"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "exit status {status}");
        assert!(
            p.wait_stdout(Duration::from_secs(5), |l| l.contains("Anteprima chiusa"))
                .is_some()
        );
    }
    let _ = pid;
}

/// Every save produces a reload event; the save -> reload latency is printed (for
/// docs/anteprima.md), never asserted.
///
/// `TRASPARENZA_MISURA_GIRI=15 cargo test --release --test serve -- --nocapture misura_latenza`
/// On other content: `TRASPARENZA_MISURA_CONTENUTI=DIR TRASPARENZA_MISURA_FILE=rel/path.toml`.
/// Each round changes the last digit of the first `valore = "..."` of the file
/// (or appends a comment to a CSS file), with the event stream already
/// listening, and times from the end of the write to `event: reload`.
#[test]
fn misura_latenza() {
    let rounds: usize = std::env::var("TRASPARENZA_MISURA_GIRI")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::env::var_os("TRASPARENZA_MISURA_CONTENUTI")
        .map_or_else(|| root.join("content"), PathBuf::from);
    let rel = std::env::var("TRASPARENZA_MISURA_FILE").unwrap_or_else(|_| MEASURE.to_owned());
    let p = Preview::start_with(&source);
    let (port, dir, stdout) = (p.port, &p.dir, &p.stdout);
    println!("avvio fino all'URL: {} ms", p.startup.as_millis());
    let target = if rel.starts_with("tema/") {
        dir.path().join(&rel)
    } else {
        dir.path().join("content").join(&rel)
    };
    let original = fs::read_to_string(&target).unwrap();
    // the page that shows the edited measurement, fetched as the browser does after the reload
    let plan = rel
        .strip_prefix("piani/")
        .and_then(|r| r.split_once('/'))
        .map_or_else(String::new, |(plan, _)| format!("{plan}/"));
    let page = rel
        .rsplit_once("obiettivi-operativi/")
        .and_then(|(_, f)| f.strip_suffix(".toml"))
        .map_or_else(
            || "/".to_owned(),
            |id| format!("/piano-della-performance/{plan}obiettivi-operativi/{id}/"),
        );
    let mut latencies = Vec::new();
    let mut fetched = Vec::new();
    for round in 0..rounds {
        let mut events = connect(port);
        write!(
            events,
            "GET {SCRIPT_MARK} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        let mut seen = String::new();
        assert!(read_until(
            &mut events,
            &mut seen,
            "event: init",
            Duration::from_secs(10)
        ));
        let text = if rel.ends_with(".css") {
            format!("{original}\n/* misura {round} */\n")
        } else {
            bump_value(&original, round)
        };
        fs::write(&target, text).unwrap();
        let t0 = Instant::now();
        assert!(
            read_until(
                &mut events,
                &mut seen,
                "event: reload",
                Duration::from_secs(120)
            ),
            "no reload in round {round}"
        );
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        latencies.push(ms);
        let r = request(port, "GET", &page);
        assert_eq!(r.status, 200, "{page}");
        let page_ms = t0.elapsed().as_secs_f64() * 1000.0;
        fetched.push(page_ms);
        let reported: Vec<String> = stdout.try_iter().collect();
        println!(
            "giro {round}: reload {ms:.1} ms, pagina {page} ricevuta a {page_ms:.1} ms; serve: {}",
            reported.join(" | ")
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    fs::write(&target, &original).unwrap();
    drop(p);
    for (what, list) in [
        ("evento reload", &mut latencies),
        ("pagina ricaricata", &mut fetched),
    ] {
        list.sort_by(f64::total_cmp);
        println!(
            "salvataggio -> {what} su {} giri: mediana {:.1} ms, min {:.1} ms, max {:.1} ms",
            list.len(),
            list[list.len() / 2],
            list[0],
            list[list.len() - 1]
        );
    }
}

/// The file with the last digit of its first `valore = "..."` changed, differently each round.
fn bump_value(text: &str, round: usize) -> String {
    let key = "valore = \"";
    let (start, end) = text
        .match_indices(key)
        .map(|(i, _)| {
            (
                i + key.len(),
                i + key.len() + text[i + key.len()..].find('"').unwrap(),
            )
        })
        .find(|&(s, e)| text[s..e].contains(|c: char| c.is_ascii_digit()))
        .expect("no numeric valore in the file");
    let value = &text[start..end];
    let at = value
        .rfind(|c: char| c.is_ascii_digit())
        .expect("no digit in the value");
    let digit = value.as_bytes()[at] - b'0';
    let new_digit = (digit + 1 + (round % 8) as u8) % 10;
    format!(
        "{}{}{}{}",
        &text[..start + at],
        new_digit,
        &value[at + 1..],
        &text[end..]
    )
}
