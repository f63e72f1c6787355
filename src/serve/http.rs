//! The preview server's HTTP: GET and HEAD over `std::net`, bounded in every way a
//! client could make it grow.
//!
//! - A request head (request line and headers) is `MAX_HEAD` bytes and `MAX_HEADERS`
//!   headers at most, and must arrive within `HEAD_TIMEOUT`; a kept-alive connection
//!   that stays quiet for `IDLE_TIMEOUT` is closed.
//! - `WORKERS` threads serve connections from a queue of `QUEUE`; a connection that
//!   finds the queue full is answered 503 at once. A live-reload socket leaves the pool
//!   for a thread of its own, `MAX_SOCKETS` at most.
//! - Every request's Host must name this server (`Access`): a page of another site
//!   cannot reach it by DNS rebinding.
//!
//! Requests are parsed by httparse, the parser hyper uses; what is written back is
//! plain HTTP/1.1 with a Content-Length.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The most bytes a request line and its headers may take.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most headers a request may have.
pub const MAX_HEADERS: usize = 64;
/// How long a client may take to send a whole request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a kept-alive connection may wait for its next request, and a read or
/// write may stall.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// Threads serving connections.
pub const WORKERS: usize = 16;
/// Connections waiting for a worker; beyond these a connection is answered 503.
pub const QUEUE: usize = 64;
/// Live-reload sockets open at once; beyond these one is answered 503.
pub const MAX_SOCKETS: usize = 32;

/// A parsed request head.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The request target as sent: `/path?query`.
    pub target: String,
    headers: Vec<(String, String)>,
}

impl Request {
    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The target's path, without query or fragment.
    pub fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("")
    }

    /// The value of query parameter `name`, percent-decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?')?.1;
        let query = query.split('#').next().unwrap_or("");
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
            .and_then(percent_decode)
    }
}

/// An answer: status, headers, body. Content-Length, Connection and Date-less
/// framing are added when it is written.
pub struct Response {
    pub status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

/// A body: made for this answer, or a file of the built site, shared.
pub enum Body {
    Owned(Vec<u8>),
    Shared(Arc<Vec<u8>>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Owned(bytes) => bytes,
            Body::Shared(bytes) => bytes,
        }
    }
}

impl Response {
    pub fn new(status: u16, body: Body) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// An answer with no body.
    pub fn empty(status: u16) -> Response {
        Response::new(status, Body::Owned(Vec::new()))
    }

    /// A short plain-text answer, for refusals.
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(status, Body::Owned(format!("{text}\n").into_bytes()))
            .with("Content-Type", "text/plain; charset=utf-8")
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// What the handler makes of a request: an answer, or (for the live-reload socket) an
/// answer after which the connection is handed to `then`, on a thread of its own.
pub enum Handled {
    Respond(Response),
    Upgrade(Response, Box<dyn FnOnce(TcpStream) + Send>),
}

/// Which Host headers (and so which origins) this server answers.
#[derive(Debug, Clone)]
pub struct Access {
    port: u16,
    /// Bound to a loopback address: only loopback names are this server. Bound
    /// elsewhere on purpose (`--bind`), any name that reaches it is.
    loopback_only: bool,
}

impl Access {
    pub fn new(bind: IpAddr, port: u16) -> Access {
        Access {
            port,
            loopback_only: bind.is_loopback(),
        }
    }

    /// Whether `host` (a Host header: `name[:port]`) names this server.
    pub fn allows_host(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        // Browsers always send the port; a client that leaves it out meant this one.
        port.is_none_or(|port| port == self.port)
            && (!self.loopback_only || is_loopback_name(&name))
    }

    /// Whether a WebSocket request from a page at `origin` may open the live socket of
    /// the server it reached as `host`: only a page this server served, so another
    /// site cannot read the build's problems (they quote unpublished lines).
    pub fn allows_origin(origin: Option<&str>, host: &str) -> bool {
        match origin {
            // Not a browser: nothing to protect from.
            None => true,
            Some(origin) => origin
                .strip_prefix("http://")
                .is_some_and(|rest| rest.eq_ignore_ascii_case(host)),
        }
    }
}

/// `name[:port]` → (lower-case name, port). IPv6 literals keep their brackets.
fn split_host(host: &str) -> Option<(String, Option<u16>)> {
    let host = host.trim();
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        match rest {
            "" => (name, None),
            rest => (name, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port = match port {
        Some(port) => Some(port.parse().ok()?),
        None => None,
    };
    (!name.is_empty()).then(|| (name.to_ascii_lowercase(), port))
}

/// `localhost` and its subdomains (RFC 6761: always loopback), and loopback addresses.
fn is_loopback_name(name: &str) -> bool {
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    if let Some(v6) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok_and(|a| a.is_loopback());
    }
    name.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback())
}

/// Serves connections from `listener` until the process ends.
pub fn run(
    listener: TcpListener,
    access: Access,
    handler: Arc<dyn Fn(&Request) -> Handled + Send + Sync>,
) {
    let (queue, waiting) = std::sync::mpsc::sync_channel::<TcpStream>(QUEUE);
    let waiting = Arc::new(Mutex::new(waiting));
    let sockets = Arc::new(AtomicUsize::new(0));
    for _ in 0..WORKERS {
        let (waiting, access, handler, sockets) = (
            Arc::clone(&waiting),
            access.clone(),
            Arc::clone(&handler),
            Arc::clone(&sockets),
        );
        std::thread::spawn(move || worker(&waiting, &access, &*handler, &sockets));
    }
    accept(&listener, &queue);
}

fn accept(listener: &TcpListener, queue: &SyncSender<TcpStream>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if let Err(TrySendError::Full(mut stream)) = queue.try_send(stream) {
            // Every worker is busy and the queue is full: say so now rather than hold
            // the connection. Small enough for the socket's buffer, so it never blocks.
            let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    }
}

fn worker(
    waiting: &Mutex<Receiver<TcpStream>>,
    access: &Access,
    handler: &(dyn Fn(&Request) -> Handled + Send + Sync),
    sockets: &Arc<AtomicUsize>,
) {
    loop {
        let stream = {
            let waiting = waiting.lock().unwrap_or_else(|e| e.into_inner());
            waiting.recv()
        };
        let Ok(stream) = stream else { return };
        // A client that goes away mid-request or mid-response ends its connection only.
        let _ = connection(stream, access, handler, sockets);
    }
}

/// Why a connection ends early.
enum HeadError {
    /// The client closed it, or stalled: nothing to answer.
    Gone,
    /// Larger than `MAX_HEAD`, or too many headers: 431.
    TooLarge,
    /// Not HTTP: 400.
    Malformed,
}

/// Serves the requests of one connection, kept alive between them.
fn connection(
    mut stream: TcpStream,
    access: &Access,
    handler: &(dyn Fn(&Request) -> Handled + Send + Sync),
    sockets: &Arc<AtomicUsize>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    stream.set_write_timeout(Some(IDLE_TIMEOUT))?;
    let _ = stream.set_nodelay(true);
    // Bytes read past the end of one head: the start of the next (pipelining).
    let mut buffer = Vec::new();
    loop {
        let request = match read_head(&mut stream, &mut buffer) {
            Ok(request) => request,
            Err(HeadError::Gone) => return Ok(()),
            Err(HeadError::TooLarge) => {
                let refusal = Response::text(431, "request header fields too large");
                return refuse(stream, refusal);
            }
            Err(HeadError::Malformed) => return refuse(stream, Response::text(400, "bad request")),
        };
        let head_only = request.method == "HEAD";
        // GET and HEAD have no body; anything announcing one ends the connection after
        // the answer rather than be read.
        let has_body = request
            .header("Content-Length")
            .is_some_and(|v| v.trim() != "0")
            || request.header("Transfer-Encoding").is_some();
        let keep_alive = !has_body
            && !request
                .header("Connection")
                .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        let Some(host) = request.header("Host") else {
            let refusal = Response::text(400, "bad request: no Host header");
            return write(&mut stream, refusal, head_only, false);
        };
        if !access.allows_host(host) {
            let refusal = Response::text(
                421,
                "this preview server answers only to the address it printed (a loopback name such as localhost); \
                 run `dossier serve --bind ADDRESS` to serve it under another",
            );
            return write(&mut stream, refusal, head_only, false);
        }
        match handler(&request) {
            Handled::Respond(response) => {
                write(&mut stream, response, head_only, keep_alive)?;
                if !keep_alive {
                    return Ok(());
                }
            }
            Handled::Upgrade(response, then) => {
                if sockets.fetch_add(1, Ordering::SeqCst) >= MAX_SOCKETS {
                    sockets.fetch_sub(1, Ordering::SeqCst);
                    let refusal = Response::text(503, "too many live-reload sockets open");
                    return write(&mut stream, refusal, false, false);
                }
                let sockets = Arc::clone(sockets);
                let result = write(&mut stream, response, false, true).and_then(|()| {
                    stream.set_read_timeout(None)?;
                    stream.set_write_timeout(Some(IDLE_TIMEOUT))?;
                    std::thread::Builder::new()
                        .name("live-reload".into())
                        .spawn(move || {
                            then(stream);
                            sockets.fetch_sub(1, Ordering::SeqCst);
                        })
                        .map(drop)
                });
                return result;
            }
        }
    }
}

/// Answers a request that was not read whole, then reads (and drops) a little of what
/// the client is still sending before closing: closing with unread bytes would reset
/// the connection, and the client might never see the answer.
fn refuse(mut stream: TcpStream, response: Response) -> std::io::Result<()> {
    write(&mut stream, response, false, false)?;
    stream.shutdown(std::net::Shutdown::Write)?;
    stream.set_read_timeout(Some(Duration::from_millis(500)))?;
    let mut sink = [0u8; 4096];
    let mut left: usize = 1024 * 1024;
    while left > 0 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
    Ok(())
}

/// Reads one request head: from `buffer` first, then from the stream. What follows
/// the head stays in `buffer`.
fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Result<Request, HeadError> {
    let started = Instant::now();
    let mut chunk = [0u8; 4096];
    let mut searched = 0;
    let end = loop {
        if let Some(at) = memchr::memmem::find(&buffer[searched..], b"\r\n\r\n") {
            break searched + at + 4;
        }
        searched = buffer.len().saturating_sub(3);
        if buffer.len() >= MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        if started.elapsed() > HEAD_TIMEOUT {
            return Err(HeadError::Gone);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(HeadError::Gone),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    if end > MAX_HEAD {
        return Err(HeadError::TooLarge);
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let request = match parsed.parse(&buffer[..end]) {
        Ok(httparse::Status::Complete(_)) => Request {
            method: parsed.method.unwrap_or("").to_owned(),
            target: parsed.path.unwrap_or("").to_owned(),
            headers: parsed
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_owned(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect(),
        },
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::TooLarge),
        Ok(httparse::Status::Partial) | Err(_) => return Err(HeadError::Malformed),
    };
    buffer.drain(..end);
    Ok(request)
}

fn reason(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write(
    stream: &mut TcpStream,
    response: Response,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = response.body.bytes();
    if response.status != 101 {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        head.push_str(if keep_alive {
            "Connection: keep-alive\r\n"
        } else {
            "Connection: close\r\n"
        });
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// `%XX` sequences decoded; `None` if one is malformed or the result is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_reach_a_loopback_server() {
        let access = Access::new(IpAddr::from([127, 0, 0, 1]), 1111);
        for host in [
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "127.1.2.3:1111",
            "[::1]:1111",
            "preview.localhost:1111",
            "localhost",
        ] {
            assert!(access.allows_host(host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "localhost:2222",
            "10.0.0.1:1111",
            "[::2]:1111",
            "",
            ":1111",
            "localhost:x",
        ] {
            assert!(!access.allows_host(host), "{host}");
        }
        let anywhere = Access::new(IpAddr::from([0, 0, 0, 0]), 1111);
        assert!(anywhere.allows_host("192.168.1.5:1111"));
        assert!(!anywhere.allows_host("192.168.1.5:2222"));
    }

    #[test]
    fn the_socket_opens_only_for_pages_of_this_server() {
        assert!(Access::allows_origin(
            Some("http://localhost:1111"),
            "localhost:1111"
        ));
        assert!(Access::allows_origin(None, "localhost:1111"));
        for origin in [
            "http://evil.example",
            "null",
            "https://localhost:1111",
            "http://localhost:1112",
        ] {
            assert!(
                !Access::allows_origin(Some(origin), "localhost:1111"),
                "{origin}"
            );
        }
    }

    #[test]
    fn query_values_are_percent_decoded() {
        let request = Request {
            method: "GET".into(),
            target: "/__dossier/ws?x=1&page=%2Fcompanies%2Farm%2F".into(),
            headers: Vec::new(),
        };
        assert_eq!(request.query("page").as_deref(), Some("/companies/arm/"));
        assert_eq!(request.query("nope"), None);
        assert_eq!(request.path(), "/__dossier/ws");
    }
}
