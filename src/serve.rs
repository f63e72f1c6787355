//! `dossier serve`: build, serve from memory, rebuild when a file changes, reload the
//! open pages.
//!
//! The site is built in memory (`compile`) and never written to disk. A watcher
//! (notify, debounced) rebuilds on any change under `content/`, `templates/`, `static/`
//! or to `site.toml`. A build that fails keeps the last good site served; its problems
//! go to the terminal and, through a small script injected into every served page (never
//! into `build` output), to an overlay on the page. The script holds a WebSocket open to
//! `/__dossier/ws` (tungstenite) and reloads the page when its own file changes.
//!
//! HTTP is served here, on `std::net`, with requests parsed by httparse (hyper's
//! parser): a preview server needs GET and HEAD only, and owning the loop is what bounds
//! it. A request head may be `MAX_HEAD` bytes at most and must arrive within
//! `HEAD_TIMEOUT`; connections are served by `WORKERS` threads from a queue of `QUEUE`
//! (beyond it a connection gets 503 at once), and at most `MAX_SOCKETS` live-reload
//! sockets are open. The Host header of every request must name this server (loopback
//! names, unless the user binds elsewhere), and a socket's Origin must be the page's own,
//! so another site open in the browser cannot read the preview or its build errors.
//! Paths are only ever looked up in the built site's map of files, so no request can
//! reach another file on the disk.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use notify::{EventKind, RecursiveMode, Watcher};
use tungstenite::protocol::Role;
use tungstenite::{Message, WebSocket};

use crate::Options;
use crate::session::{Bytes, Session};

mod http;
use http::{Body, Handled, Response, percent_decode};

/// Where `/__dossier/…` lives: reload events, the page script.
const PREFIX: &str = "/__dossier/";

/// The script every served HTML page gets: reload after a good build, an overlay with
/// the problems after a failed one.
const LIVE_JS: &str = r#"(function () {
  "use strict";
  var overlay = null;
  // The problems the reader dismissed: hidden until the build's problems change.
  var dismissed = null;
  // The build that last changed this page: a later build that changes it reloads it.
  var script = document.currentScript;
  var generation = script ? Number(script.getAttribute("data-generation")) : null;
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(text) {
    if (text === dismissed) return;
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "dossier-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem 2rem;" +
        "background:#141416;color:#f5f5f4;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Dismiss (Esc)";
      close.style.cssText = "float:right;font:inherit;padding:.25rem .75rem;cursor:pointer;" +
        "background:#f5f5f4;color:#141416;border:0;border-radius:4px";
      close.onclick = function () { dismissed = overlay.dataset.text; hide(); };
      var heading = document.createElement("p");
      heading.style.cssText = "margin:0 0 1rem;color:#fde68a;font-weight:bold";
      heading.textContent = "dossier: the last edit does not build; this page shows the last good build.";
      var pre = document.createElement("pre");
      pre.style.cssText = "margin:0;white-space:pre-wrap;font:inherit;color:inherit";
      overlay.appendChild(close);
      overlay.appendChild(heading);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.dataset.text = text;
    overlay.lastChild.textContent = text;
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && overlay) { dismissed = overlay.dataset.text; hide(); }
  });
  function connect() {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host +
      "/__dossier/ws?page=" + encodeURIComponent(location.pathname));
    socket.onmessage = function (event) {
      var state = JSON.parse(event.data);
      if (state.error) { show(state.error); return; }
      dismissed = null;
      hide();
      if (state.generation !== generation) window.location.reload();
    };
    // The server restarted, or the laptop slept: try again.
    socket.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();
"#;

/// What is being served, and the last build's problems.
#[derive(Default)]
struct State {
    /// The last good build: output path → bytes, and the build that last changed
    /// them. An open page reloads when its own file changes.
    files: Arc<BTreeMap<String, (Bytes, u64)>>,
    /// The problems of the last build, if it failed (plain text, as in the terminal).
    error: Option<String>,
    /// Counts builds, good or bad (and both steps of an incremental one).
    generation: u64,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

impl Shared {
    fn state_json(&self) -> String {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        serde_json::json!({ "generation": state.generation, "error": state.error }).to_string()
    }

    /// Serves the session's files from now on; a file whose bytes did not change
    /// keeps the generation it had, so the pages showing it do not reload.
    fn publish(&self, session: &Session) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation += 1;
        let generation = state.generation;
        let files = session
            .files()
            .map(|(path, bytes)| {
                let since = match state.files.get(path) {
                    Some((old, since)) if Arc::ptr_eq(old, bytes) || old == bytes => *since,
                    _ => generation,
                };
                (path.to_owned(), (Arc::clone(bytes), since))
            })
            .collect();
        state.files = Arc::new(files);
        state.error = None;
        drop(state);
        self.changed.notify_all();
    }

    /// Shows a failed build's problems; the last good site is still served.
    fn fail(&self, report: &crate::Report) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation += 1;
        state.error = Some(report.render(false));
        drop(state);
        self.changed.notify_all();
    }
}

/// Builds once, then serves on `bind:port` until the process is stopped.
pub fn serve(options: Options, bind: IpAddr, port: u16, quiet: bool) -> anyhow::Result<()> {
    let listener = match TcpListener::bind((bind, port)) {
        Ok(listener) => listener,
        Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => {
            let next = port.checked_add(1).unwrap_or(port);
            anyhow::bail!(
                "cannot listen on {}: the port is in use, perhaps by another `dossier serve`; \
                 stop it, or choose another port: `dossier serve --port {next}` (`--port 0` \
                 takes any free one)",
                SocketAddr::from((bind, port))
            )
        }
        Err(err) => {
            return Err(err)
                .with_context(|| format!("cannot listen on {}", SocketAddr::from((bind, port))));
        }
    };
    let port = listener.local_addr().map_or(port, |addr| addr.port());
    let mut options = options;
    // Pages served here link to this server: canonical URLs, feed, sitemap.
    let host = if bind.is_unspecified() {
        IpAddr::from([127, 0, 0, 1])
    } else {
        bind
    };
    let url = address(host, port);
    options.base_url = Some(url.clone());

    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        changed: Condvar::new(),
    });
    // What the first build reads: any change after this point triggers a rebuild, even
    // one made before the watcher below is in place.
    let first = fingerprint(&options.root);
    let mut session = Session::new(options.clone());
    rebuild(&mut session, &shared, quiet);

    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading a file (the build does) is not a change.
        let change = match &event {
            Ok(event) => {
                !matches!(event.kind, EventKind::Access(_))
                    && event.paths.iter().any(|p| !is_editor_noise(p))
            }
            Err(_) => true,
        };
        if change {
            let _ = tx.send(());
        }
    })
    .context("cannot watch the dossier for changes")?;
    // The root itself (not its subfolders), to see site.toml and folders created later,
    // then each input folder entirely.
    watcher
        .watch(&options.root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch `{}`", options.root.display()))?;
    let watching = Arc::new(Mutex::new(Vec::<PathBuf>::new()));
    watch_inputs(&mut watcher, &options.root, &watching);
    {
        let shared = Arc::clone(&shared);
        let options = options.clone();
        std::thread::spawn(move || {
            let mut last = first;
            while rx.recv().is_ok() {
                // Debounce: wait until the files have been quiet for a moment, so that
                // an editor's save (or `git checkout`) makes one build.
                while rx.recv_timeout(Duration::from_millis(150)).is_ok() {}
                watch_inputs(&mut watcher, &options.root, &watching);
                let now = fingerprint(&options.root);
                if now != last {
                    last = now;
                    rebuild(&mut session, &shared, quiet);
                }
            }
        });
    }

    // Only now is every change seen: say where the site is.
    println!(
        "serving {} at {url} (Ctrl-C to stop)",
        options.root.display()
    );
    if !bind.is_loopback() {
        warn_exposed(bind, port);
    }
    let handler = Arc::new(move |request: &http::Request| respond(request, &shared));
    http::run(listener, http::Access::new(bind, port), handler);
    Ok(())
}

/// `http://host:port/`, with brackets around an IPv6 address.
fn address(host: IpAddr, port: u16) -> String {
    format!("http://{}/", SocketAddr::from((host, port)))
}

/// Bound beyond this machine on purpose: say so, and where it can be reached from.
fn warn_exposed(bind: IpAddr, port: u16) {
    eprintln!(
        "warning: listening on {bind}, not only on this machine: anyone who can reach it on the network \
         can read this preview (drafts too, with --drafts) and its build errors"
    );
    let addresses: Vec<IpAddr> = if bind.is_unspecified() {
        let mut found: Vec<IpAddr> = if_addrs::get_if_addrs()
            .unwrap_or_default()
            .into_iter()
            .map(|interface| interface.ip())
            .filter(|ip| bind.is_ipv6() || ip.is_ipv4())
            .collect();
        found.sort();
        found.dedup();
        found
    } else {
        vec![bind]
    };
    for ip in addresses {
        eprintln!("  reachable at {}", address(ip, port));
    }
}

/// Starts watching the input folders that exist and are not watched yet.
fn watch_inputs(watcher: &mut impl Watcher, root: &Path, watching: &Mutex<Vec<PathBuf>>) {
    let mut watching = watching.lock().unwrap_or_else(|e| e.into_inner());
    for folder in ["content", "templates", "static"].map(|f| root.join(f)) {
        if folder.is_dir()
            && !watching.contains(&folder)
            && watcher.watch(&folder, RecursiveMode::Recursive).is_ok()
        {
            watching.push(folder);
        }
    }
}

/// The dossier's inputs that exist.
fn watched_paths(root: &Path) -> Vec<PathBuf> {
    ["site.toml", "content", "templates", "static"]
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.exists())
        .collect()
}

/// The size and modification time of every watched file, in path order.
fn fingerprint(root: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut files = Vec::new();
    for top in watched_paths(root) {
        for entry in walkdir::WalkDir::new(top)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
                && !is_editor_noise(entry.path())
            {
                files.push((entry.into_path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    files
}

/// Editor swap and backup files change on every keystroke; they are not content.
fn is_editor_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

/// Rebuilds after a change: the entry pages the change affects first, served at once,
/// then the rest of the site.
fn rebuild(session: &mut Session, shared: &Shared, quiet: bool) {
    let started = Instant::now();
    let update = match session.update() {
        Ok(update) => update,
        Err(report) => return failed(shared, &report),
    };
    if !update.full {
        shared.publish(session);
        if !quiet {
            println!(
                "updated {} page{} in {} ms",
                update.pages.len(),
                if update.pages.len() == 1 { "" } else { "s" },
                started.elapsed().as_millis()
            );
        }
    }
    match session.finish() {
        Ok(()) => {
            shared.publish(session);
            // The warnings `build` prints (and, like it, not under `--quiet`), after
            // each build, so that they are seen while writing and not only when
            // publishing.
            let n = update.warnings.warning_count();
            if n > 0 && !quiet {
                eprint!("{}", update.warnings.render(stderr_color()));
                eprintln!("warning: {n} warning{}", if n == 1 { "" } else { "s" });
            }
            if !quiet {
                println!(
                    "built {} pages in {} ms",
                    session.pages(),
                    started.elapsed().as_millis()
                );
            }
        }
        Err(report) => failed(shared, &report),
    }
}

/// Whether stderr takes colours: a terminal, and `NO_COLOR` unset.
fn stderr_color() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn failed(shared: &Shared, report: &crate::Report) {
    eprint!("{}", report.render(stderr_color()));
    let n = report.error_count();
    eprintln!(
        "error: {n} problem{}; still serving the last good build",
        if n == 1 { "" } else { "s" }
    );
    shared.fail(report);
}

/// The content type of an output path.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "woff" => "font/woff",
        "avif" => "image/avif",
        "webmanifest" => "application/manifest+json",
        "json" => "application/json",
        "xml" if path.ends_with("feed.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to an output path: `/a/` → `a/index.html`, percent-decoded.
/// `None` for anything that is not a plain path inside the site.
pub fn output_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path.strip_prefix('/')?)?;
    if path
        .split('/')
        .any(|s| s == ".." || s == "." || s.contains('\\'))
    {
        return None;
    }
    Some(if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    })
}

/// `html` (from build `generation`) with the live script before `</body>`.
fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}live.js\" data-generation=\"{generation}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn respond(request: &http::Request, shared: &Arc<Shared>) -> Handled {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Handled::Respond(Response::empty(405).with("Allow", "GET, HEAD"));
    }
    match request.path().strip_prefix(PREFIX) {
        Some("ws") => return live_socket(request, shared),
        Some("live.js") => {
            let response = Response::new(200, Body::Owned(LIVE_JS.as_bytes().to_vec()))
                .with("Content-Type", "text/javascript; charset=utf-8")
                .with("Cache-Control", "no-store");
            return Handled::Respond(response);
        }
        Some("state") => {
            let response = Response::new(200, Body::Owned(shared.state_json().into_bytes()))
                .with("Content-Type", "application/json")
                .with("Cache-Control", "no-store");
            return Handled::Respond(response);
        }
        _ => {}
    }
    let files = {
        let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(&state.files)
    };
    let url = &request.target;
    let path = output_path(url);
    // `/about` names the page `/about/`: send the reader there, as GitHub Pages does.
    if let Some(path) = &path
        && !files.contains_key(path)
        && files.contains_key(&format!("{path}/index.html"))
    {
        let query = url
            .split_once('?')
            .map(|(_, q)| format!("?{q}"))
            .unwrap_or_default();
        return Handled::Respond(Response::empty(301).with("Location", format!("/{path}/{query}")));
    }
    let found = path.and_then(|path| files.get(&path).map(|file| (path, file)));
    let (status, path, bytes, generation) = match found {
        Some((path, (bytes, since))) => (200, path, Arc::clone(bytes), *since),
        None => match files.get("404.html") {
            Some((bytes, since)) => (404, "404.html".to_owned(), Arc::clone(bytes), *since),
            None => (
                404,
                "404.html".to_owned(),
                Arc::new(b"<!doctype html><title>Not found</title><p>Not found.</p>".to_vec()),
                0,
            ),
        },
    };
    let body = if path.ends_with(".html") {
        Body::Owned(inject(&bytes, generation))
    } else {
        Body::Shared(bytes)
    };
    let response = Response::new(status, body)
        .with("Content-Type", content_type(&path))
        .with("Cache-Control", "no-store");
    Handled::Respond(response)
}

/// The live-reload socket: the state now, then again after every build; a ping every
/// 15 seconds. It ends when the page goes away (a send fails). Only a page this server
/// served may open it.
fn live_socket(request: &http::Request, shared: &Arc<Shared>) -> Handled {
    let host = request.header("Host").unwrap_or("");
    if !http::Access::allows_origin(request.header("Origin"), host) {
        return Handled::Respond(Response::text(
            403,
            "the live-reload socket is only for pages of this server",
        ));
    }
    let Some(key) = request.header("Sec-WebSocket-Key") else {
        return Handled::Respond(Response::text(400, "not a WebSocket request"));
    };
    let accept = tungstenite::handshake::derive_accept_key(key.trim().as_bytes());
    let response = Response::empty(101)
        .with("Upgrade", "websocket")
        .with("Connection", "Upgrade")
        .with("Sec-WebSocket-Accept", accept);
    // The page the socket is for, as its script sends it: `location.pathname`,
    // percent-encoded as a query value. It is told the generation of that page's file.
    let page = request.query("page").and_then(|page| output_path(&page));
    let shared = Arc::clone(shared);
    Handled::Upgrade(
        response,
        Box::new(move |stream| push_states(stream, &shared, page.as_deref())),
    )
}

fn push_states(stream: TcpStream, shared: &Shared, page: Option<&str>) {
    let mut socket = WebSocket::from_raw_socket(stream, Role::Server, None);
    let mut sent: Option<String> = None;
    loop {
        let message = {
            let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            let mut message = page_state(&state, page);
            if sent.as_ref() == Some(&message) {
                let (next, _) = shared
                    .changed
                    .wait_timeout(state, Duration::from_secs(15))
                    .unwrap_or_else(|e| e.into_inner());
                state = next;
                message = page_state(&state, page);
            }
            (sent.as_ref() != Some(&message)).then_some(message)
        };
        let result = match message {
            Some(json) => {
                sent = Some(json.clone());
                socket.send(Message::text(json))
            }
            None => socket.send(Message::Ping(Vec::new().into())),
        };
        if result.is_err() {
            return;
        }
    }
}

/// What the socket of the page at `page` (an output path) is told: the generation
/// of that page's file (of the 404 page if there is none), and the last build's
/// problems.
fn page_state(state: &State, page: Option<&str>) -> String {
    let file = page
        .and_then(|p| state.files.get(p))
        .or_else(|| state.files.get("404.html"));
    let generation = file.map_or(state.generation, |(_, since)| *since);
    serde_json::json!({ "generation": generation, "error": state.error }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_output_files_and_never_escape() {
        assert_eq!(output_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            output_path("/deals/?sort=1").as_deref(),
            Some("deals/index.html")
        );
        assert_eq!(
            output_path("/my%20logo.png").as_deref(),
            Some("my logo.png")
        );
        assert_eq!(output_path("/../etc/passwd"), None);
        assert_eq!(output_path("/a/%2e%2e/b"), None);
        assert_eq!(output_path("/%zz"), None);
        assert_eq!(output_path("relative"), None);
    }

    #[test]
    fn html_gets_the_live_script_before_the_end_of_body() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", 7)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__dossier/live.js\" data-generation=\"7\"></script></body></html>"
        );
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("data/deals.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
    }
}
