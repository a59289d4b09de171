//! `tsunagu serve` on a loopback port: edits reload pages, broken content shows the overlay
//! while the old page stays served, and requests never leave the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(site: &Site) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Server { child, addr }
}

/// A raw HTTP/1.0 GET, so the path is sent exactly as given: (status, headers, body).
fn get(addr: &str, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn wait_for(addr: &str, path: &str, what: &str, cond: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, _, body) = get(addr, path);
        if cond(&body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}; last body:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn an_edit_changes_the_page_and_sends_a_reload_event() {
    let site = Site::new("basic");
    let server = serve(&site);
    let (status, _, body) = get(&server.addr, "/entries/kita-shokudo/index.html");
    assert_eq!(status, 200);
    assert!(body.contains("北のこども食堂") && body.contains("/__tsunagu/live.js"));

    let mut events = TcpStream::connect(&server.addr).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(events, "GET /__tsunagu/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut reader = BufReader::new(events);
    let first = read_event(&mut reader);

    let path = "content/entries/city/kita-shokudo.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(path, &text.replace("北のこども食堂", "北のみんな食堂"));
    wait_for(
        &server.addr,
        "/entries/kita-shokudo/index.html",
        "the new title",
        |b| b.contains("北のみんな食堂"),
    );
    let listing = get(&server.addr, "/areas/kita/index.html").2;
    assert!(
        listing.contains("北のみんな食堂"),
        "the entry's listings are rebuilt too"
    );
    let next = read_event(&mut reader);
    assert_ne!(first, next, "a reload event with a new generation");
    // The open data follow, made in the background like the search index.
    wait_for(
        &server.addr,
        "/data/entries.csv",
        "the new title in the CSV",
        |b| b.contains("北のみんな食堂"),
    );
    wait_for(
        &server.addr,
        "/data/hsds/services.json",
        "the new title in HSDS",
        |b| b.contains("北のみんな食堂"),
    );
}

fn read_event(reader: &mut impl BufRead) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "event stream closed"
        );
        if let Some(data) = line.strip_prefix("data: ") {
            return data.trim().to_string();
        }
    }
}

#[test]
fn broken_content_shows_the_overlay_and_keeps_the_old_page() {
    let site = Site::new("basic");
    let server = serve(&site);
    let path = "content/entries/city/kita-shokudo.md";
    let good = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &good.replace("updated: 2025-10-10", "updated: 2025-10-32"),
    );
    let body = wait_for(
        &server.addr,
        "/entries/kita-shokudo/index.html",
        "the overlay",
        |b| b.contains("tsunagu-overlay"),
    );
    assert!(
        body.contains(
            "content/entries/city/kita-shokudo.md:9:10: error: `updated: 2025-10-32` is not a date"
        ),
        "{body}"
    );
    assert!(
        body.contains("北のこども食堂"),
        "the previous page is still served"
    );
    // The overlay is styled by a stylesheet (the pages' policy forbids inline styles), and
    // pages come with the policy as a header too.
    assert!(!body.contains(" style=\"") && body.contains("/__tsunagu/overlay.css"));
    let (status, _, css) = get(&server.addr, "/__tsunagu/overlay.css");
    assert_eq!(status, 200);
    assert!(css.contains("#tsunagu-overlay"));
    let (_, headers, _) = get(&server.addr, "/search/index.html");
    let csp = headers
        .lines()
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with("content-security-policy:")
        })
        .unwrap_or_else(|| panic!("{headers}"));
    assert!(
        csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'self'"),
        "{csp}"
    );
    let (_, headers, _) = get(&server.addr, "/index.html");
    assert!(
        headers.contains("frame-ancestors 'self'") && !headers.contains("wasm"),
        "{headers}"
    );

    site.write(path, &good);
    wait_for(
        &server.addr,
        "/entries/kita-shokudo/index.html",
        "the overlay to clear",
        |b| !b.contains("tsunagu-overlay"),
    );
}

#[test]
fn requests_outside_the_site_are_refused_and_unknown_paths_get_the_404_page() {
    let site = Site::new("basic");
    let server = serve(&site);
    for path in [
        "/../Cargo.toml",
        "/entries/../../content/site.yaml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/a/..%2f..%2fcontent",
    ] {
        let (status, _, body) = get(&server.addr, path);
        assert_eq!(status, 403, "{path}");
        assert!(!body.contains("title:"), "{path}");
    }
    let (status, _, body) = get(&server.addr, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("ページが見つかりません"));
    let (status, head, _) = get(&server.addr, "/assets/style.css");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("content-type: text/css"));
    let (status, _, body) = get(&server.addr, "/");
    assert_eq!(status, 200);
    assert!(body.contains("テスト市 地域資源ディレクトリ"));
}

#[test]
fn serve_listens_on_loopback_only_by_default() {
    let site = Site::new("basic");
    let server = serve(&site);
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
}

/// Sends raw bytes on a new connection and reads until the server closes it or 20 s pass:
/// (what came back, whether the server closed the connection).
fn exchange(addr: &str, raw: &[u8]) -> (String, bool) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = s.write_all(raw);
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let closed = loop {
        match s.read(&mut buf) {
            Ok(0) => break true,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => break false,
        }
    };
    (String::from_utf8_lossy(&got).into_owned(), closed)
}

#[test]
fn hostile_requests_get_an_error_and_the_server_keeps_serving() {
    let site = Site::new("basic");
    let server = serve(&site);
    let cases: [(&[u8], &str); 4] = [
        // tiny_http aborted the whole process on this one
        (
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 30000000000\r\n\r\nabc",
            "HTTP/1.1 405",
        ),
        (
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 30000000000\r\nConnection: close\r\n\r\nabc",
            "HTTP/1.1 200",
        ),
        (b"\x00\x01not http\r\n\r\n", "HTTP/1.1 400"),
        (b"GET /%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 403"),
    ];
    for (raw, want) in cases {
        let (got, closed) = exchange(&server.addr, raw);
        assert!(got.starts_with(want), "{raw:?}: {got}");
        assert!(closed, "{raw:?}: the connection is closed after the answer");
    }
    let mut huge_head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
    huge_head.extend(std::iter::repeat_n(b'a', 100_000));
    huge_head.extend_from_slice(b"\r\n\r\n");
    let (got, _) = exchange(&server.addr, &huge_head);
    assert!(got.starts_with("HTTP/1.1 431"), "{got}");
    assert_eq!(get(&server.addr, "/").0, 200, "still serving");
}

#[test]
fn a_client_that_never_finishes_its_request_is_disconnected() {
    let site = Site::new("basic");
    let server = serve(&site);
    // Headers that never end: the server closes the connection instead of waiting forever
    // (tiny_http kept a thread on it).
    let (got, closed) = exchange(&server.addr, b"GET / HTTP/1.1\r\nHost: x\r\n");
    assert!(closed, "the connection was left open");
    assert!(!got.contains("200 OK"), "{got}");
    assert_eq!(get(&server.addr, "/").0, 200, "still serving");
}

#[test]
fn a_kept_alive_connection_answers_every_request() {
    let site = Site::new("basic");
    let server = serve(&site);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(s.try_clone().unwrap());
    for path in ["/", "/assets/style.css", "/no/such/page/", "/"] {
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0u8; length];
        reader.read_exact(&mut body).unwrap();
        let want = if path.starts_with("/no/") {
            "404"
        } else {
            "200"
        };
        assert!(status.contains(want), "{path}: {status}");
        assert!(length > 0, "{path}: an empty body");
    }
}

#[test]
fn serve_answers_the_search_index_but_not_the_file_protocol_variants() {
    let site = Site::new("basic");
    let server = serve(&site);
    // the index is made by a background worker after the first pages
    let manifest = wait_for(
        &server.addr,
        "/search-index/manifest.json",
        "the index",
        |b| b.contains("\"hotcache\""),
    );
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let hotcache = manifest["hotcache"].as_str().unwrap();
    for path in [
        "/search-index/site.json".to_string(),
        "/search-index/schedules.json".to_string(),
        format!("/search-index/{hotcache}"),
        "/assets/search.wasm".to_string(),
    ] {
        assert_eq!(get(&server.addr, &path).0, 200, "{path}");
    }
    let site_json = get(&server.addr, "/search-index/site.json").2;
    assert!(site_json.contains(hotcache), "site.json names the hotcache");
    // only pages opened from disk load these; a server never sends them
    for path in [
        "/search-index/index.js",
        "/search-index/site.js",
        "/assets/search-wasm.js",
    ] {
        assert_eq!(get(&server.addr, path).0, 404, "{path}");
    }
}
