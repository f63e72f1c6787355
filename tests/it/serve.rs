//! `dossier serve`, as a user runs it: a real process, real HTTP, real file edits.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::dossier_from;

/// A running `dossier serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `dossier serve` on a free port for the dossier at `root`.
pub fn start(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
                .unwrap()
                .parse()
                .unwrap();
        }
    };
    // Keep reading its output, so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

/// (status, content type, body) of a GET.
fn get(port: u16, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head[9..12].parse().unwrap();
    let content_type = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .unwrap_or_default()
        .to_owned();
    (status, content_type, body.to_owned())
}

/// Waits until `check` holds for the page at `path`, or fails after 20 seconds.
fn eventually(port: u16, path: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let (_, _, body) = get(port, path);
        if check(&body) {
            return body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{what}: never happened; last:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_rebuilds_on_an_edit_and_keeps_the_last_good_site_on_a_broken_one() {
    let dir = dossier_from("=== content/notes/n.md\n+++\ntitle = \"First title\"\n+++\nText.\n");
    let server = start(dir.path());
    let port = server.port;
    let (status, content_type, body) = get(port, "/notes/n/");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/html; charset=utf-8")
    );
    assert!(body.contains("<h1>First title</h1>"), "{body}");
    assert!(
        body.contains("<script src=\"/__dossier/live.js\" data-generation=\"1\"></script></body>"),
        "the live script is injected"
    );

    let file = dir.path().join("content/notes/n.md");
    std::fs::write(&file, "+++\ntitle = \"Second title\"\n+++\nText.\n").unwrap();
    eventually(port, "/notes/n/", "the edit is served", |b| {
        b.contains("<h1>Second title</h1>")
    });

    // A broken edit: the last good page stays, the problem is reported with file and line.
    std::fs::write(&file, "+++\ntitle = \"Third title\"\n+++\n[[nowhere]]\n").unwrap();
    let state = eventually(port, "/__dossier/state", "the error is reported", |b| {
        b.contains("nowhere")
    });
    assert!(state.contains("content/notes/n.md:4:1"), "{state}");
    assert!(
        get(port, "/notes/n/").2.contains("<h1>Second title</h1>"),
        "the last good site is still served"
    );

    // Fixing it clears the error and serves the new page.
    std::fs::write(&file, "+++\ntitle = \"Fourth title\"\n+++\nFixed.\n").unwrap();
    eventually(port, "/notes/n/", "the fix is served", |b| {
        b.contains("<h1>Fourth title</h1>")
    });
    assert!(get(port, "/__dossier/state").2.contains("\"error\":null"));
}

/// The build that last changed the page at `path`, as its live script says.
fn page_generation(port: u16, path: &str) -> u64 {
    let body = get(port, path).2;
    let tag = "data-generation=\"";
    let at = body.find(tag).expect("the live script") + tag.len();
    body[at..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn serve_reloads_only_the_pages_an_edit_changes() {
    let dir = dossier_from(
        "=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\nText of A.\n\
         === content/notes/b.md\n+++\ntitle = \"B\"\n+++\nText of B.\n",
    );
    let server = start(dir.path());
    let port = server.port;
    let (a, b) = (
        page_generation(port, "/notes/a/"),
        page_generation(port, "/notes/b/"),
    );
    std::fs::write(
        dir.path().join("content/notes/a.md"),
        "+++\ntitle = \"A\"\n+++\nNew text of A.\n",
    )
    .unwrap();
    eventually(port, "/notes/a/", "the edit is served", |b| {
        b.contains("New text of A.")
    });
    assert!(
        page_generation(port, "/notes/a/") > a,
        "the edited page reloads"
    );
    // The notes list does not show bodies; the print edition does.
    eventually(port, "/print/", "the print edition catches up", |b| {
        b.contains("New text of A.")
    });
    assert_eq!(
        page_generation(port, "/notes/b/"),
        b,
        "a page the edit does not change does not reload"
    );
}

#[test]
fn serve_speaks_correct_http() {
    let dir = dossier_from("=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n");
    let server = start(dir.path());
    let port = server.port;
    assert_eq!(get(port, "/style.css").1, "text/css; charset=utf-8");
    assert_eq!(get(port, "/data/deals.csv").1, "text/csv; charset=utf-8");
    let (status, content_type, body) = get(port, "/no/such/page/");
    assert_eq!(
        (status, content_type.as_str()),
        (404, "text/html; charset=utf-8")
    );
    assert!(body.contains("Page not found"), "the site's 404 page");
    // Nothing outside the built site is reachable.
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/site.toml",
    ] {
        let (status, _, body) = get(port, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("secret") && !body.contains("base_url"),
            "{path}"
        );
    }
    // Only GET and HEAD; a page without its slash is sent to it.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(
            b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 405"), "{response}");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(b"GET /notes/n HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 301") && response.contains("Location: /notes/n/"),
        "{response}"
    );
    // A client that goes away mid-request or mid-response does not stop the server.
    for _ in 0..20 {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let _ = stream.write_all(b"GET /notes/n/ HTTP/1.1\r\nHost: localhost\r\n\r\n");
        drop(stream);
        let mut half = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let _ = half.write_all(b"GET /no");
    }
    assert_eq!(get(port, "/notes/n/").0, 200);
}

#[test]
fn serve_listens_on_loopback_by_default() {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("[default: 127.0.0.1]"), "{help}");
    assert!(help.contains("[default: 1111]"), "{help}");
}

#[test]
fn serve_holds_many_concurrent_clients_some_leaving_mid_response() {
    let dir = dossier_from(
        "=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nText.\n\
         === content/companies/acme.md\n+++\nname = \"Acme\"\n+++\nA company.\n",
    );
    let server = start(dir.path());
    let port = server.port;
    let pages = [
        "/",
        "/notes/n/",
        "/companies/acme/",
        "/style.css",
        "/search-index/meta.json",
        "/companies/acme/preview.json",
    ];
    let expected: Vec<(u16, String)> = pages
        .iter()
        .map(|p| {
            let (status, _, body) = get(port, p);
            (status, body)
        })
        .collect();
    assert!(
        expected.iter().all(|(s, _)| *s == 200),
        "every page is served"
    );
    let expected = std::sync::Arc::new(expected);
    let clients: Vec<_> = (0..32)
        .map(|client| {
            let expected = expected.clone();
            std::thread::spawn(move || {
                for round in 0..25 {
                    let which = (client + round) % pages.len();
                    if (client + round) % 4 == 0 {
                        // Ask, read a few bytes, and hang up mid-response.
                        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
                        let request =
                            format!("GET {} HTTP/1.1\r\nHost: localhost\r\n\r\n", pages[which]);
                        let _ = stream.write_all(request.as_bytes());
                        let _ = stream.read(&mut [0u8; 16]);
                    } else {
                        let (status, _, body) = get(port, pages[which]);
                        assert_eq!(status, 200, "{}", pages[which]);
                        assert!(
                            body == expected[which].1,
                            "{} came back whole",
                            pages[which]
                        );
                    }
                }
            })
        })
        .collect();
    for client in clients {
        client
            .join()
            .expect("every client got whole, correct answers");
    }
    assert_eq!(get(port, "/").0, 200, "the server is still up");
}

/// The raw answer to `request`, sent as is.
fn raw(port: u16, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

#[test]
fn serve_answers_only_to_its_own_names_and_the_socket_only_to_its_own_pages() {
    let dir = dossier_from("=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nText.\n");
    let server = start(dir.path());
    let port = server.port;
    // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1.
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "localhost:1",
    ] {
        let response = raw(
            port,
            format!("GET /notes/n/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert!(response.starts_with("HTTP/1.1 421"), "{host}: {response}");
        assert!(!response.contains("Text."), "{host}");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let response = raw(
            port,
            format!("GET /notes/n/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert!(response.starts_with("HTTP/1.1 200"), "{host}: {response}");
    }
    // The live-reload socket: refused to another origin, opened to the page's own.
    let upgrade = |origin: &str| {
        raw(
            port,
            format!(
                "GET /__dossier/ws?page=%2F HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: {origin}\r\n\
                 Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
                 Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
            )
            .as_bytes(),
        )
    };
    let refused = upgrade("http://evil.example");
    assert!(refused.starts_with("HTTP/1.1 403"), "{refused}");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(
            format!(
                "GET /__dossier/ws?page=%2F HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: http://localhost:{port}\r\n\
                 Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
                 Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 101");
}

/// Threads of the process `pid`, from /proc (Linux only; elsewhere `None`).
fn threads(pid: u32) -> Option<usize> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
}

#[test]
fn serve_bounds_request_headers_and_connections() {
    let dir = dossier_from("=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nText.\n");
    let server = start(dir.path());
    let port = server.port;
    // A header past the limit is refused without being read whole.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ");
    let _ = stream.write_all(&vec![b'a'; 64 * 1024]);
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 431"), "{response}");
    // As do too many headers.
    let many: String = (0..200).map(|i| format!("X-H{i}: v\r\n")).collect();
    let response = raw(
        port,
        format!("GET / HTTP/1.1\r\nHost: localhost\r\n{many}\r\n").as_bytes(),
    );
    assert!(response.starts_with("HTTP/1.1 431"), "{response}");
    // Many idle connections hold a bounded number of threads.
    let idle: Vec<TcpStream> = (0..400)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    if let Some(n) = threads(server.child.id()) {
        assert!(n < 80, "{} idle connections hold {n} threads", idle.len());
    }
    drop(idle);
    // Once they are gone, the server answers as before.
    eventually(port, "/notes/n/", "the server answers again", |b| {
        b.contains("Text.")
    });
}

#[test]
fn serve_bound_to_every_interface_warns_and_prints_the_real_addresses() {
    let dir = dossier_from("=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nText.\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0", "--root"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let warning = lines.next().unwrap().unwrap();
    let address = lines.next().unwrap().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        warning.starts_with("warning: listening on 0.0.0.0, not only on this machine"),
        "{warning}"
    );
    assert!(
        address.starts_with("  reachable at http://") && !address.contains("0.0.0.0"),
        "{address}"
    );
}

#[test]
fn serve_survives_saving_a_template_that_recurses_for_ever() {
    // Each of these aborted the process with a stack overflow.
    let dir = dossier_from(
        "=== content/notes/n.md\n+++\ntitle = \"Note\"\n+++\nText.\n=== templates/extra.html\n",
    );
    let server = start(dir.path());
    let port = server.port;
    let entry = dir.path().join("templates/entry.html");
    let forever = [
        ("{% include \"entry.html\" %}", "includes itself"),
        (
            "{% import \"extra.html\" as e %}{{ e::down(n=1) }}",
            "went on calling itself",
        ),
    ];
    std::fs::write(
        dir.path().join("templates/extra.html"),
        "{% macro down(n) %}{% if n > 0 %}{{ self::down(n=n+1) }}{% endif %}{% endmacro %}",
    )
    .unwrap();
    for (template, problem) in forever {
        std::fs::write(&entry, template).unwrap();
        eventually(port, "/__dossier/state", problem, |b| b.contains(problem));
        assert_eq!(
            get(port, "/notes/n/").0,
            200,
            "the last good site is served"
        );
    }
    std::fs::remove_file(&entry).unwrap();
    eventually(port, "/__dossier/state", "the fix clears the error", |b| {
        b.contains("\"error\":null")
    });
}

#[test]
fn serve_prints_the_warnings_build_prints() {
    // An entry without its French translation: a warning, not an error.
    let dir = dossier_from(
        "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.org/\"\nlanguages = [\"en\", \"fr\"]\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\nText.\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    let found = loop {
        let Some(Ok(line)) = lines.next() else {
            break false;
        };
        let done = line.starts_with("warning: 1 warning");
        seen.push(line);
        if done {
            break true;
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    let text = seen.join("\n");
    assert!(found, "{text}");
    assert!(
        text.contains("warning: no Français translation (`fr`)"),
        "{text}"
    );
    assert!(text.contains("content/notes/n.md"), "{text}");
}

#[test]
fn serve_on_a_port_in_use_says_so_and_how_to_get_out() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = dossier_from("=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nText.\n");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", &port, "--root"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("the port is in use"), "{stderr}");
    assert!(stderr.contains("--port 0"), "{stderr}");
}
