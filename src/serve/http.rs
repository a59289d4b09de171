//! The preview server's request handling: files from memory, MIME types, no path
//! traversal, the 404 page, live reload and the error overlay.

use crate::diagnostics::Diagnostic;
use crate::render::theme::escape_html;

/// A response to send: status, content type and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// The part of a body a `Range: bytes=…` header asks for, end exclusive: `None` for a
/// header this server answers with the whole body (absent, several ranges, another unit),
/// `Some(Err(()))` for a range outside the body (416).
pub fn byte_range(header: Option<&str>, len: usize) -> Option<Result<(usize, usize), ()>> {
    let spec = header?.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", n) => {
            let n: usize = n.parse().ok()?;
            (len.saturating_sub(n), len)
        }
        (a, "") => (a.parse().ok()?, len),
        (a, b) => (
            a.parse().ok()?,
            b.parse::<usize>().ok()?.saturating_add(1).min(len),
        ),
    };
    Some(if start < end && start < len {
        Ok((start, end))
    } else {
        Err(())
    })
}

/// The output path a request path maps to, or `None` if it leaves the site.
pub fn resolve(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if out.is_empty() || decoded.ends_with('/') {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("index.html");
    }
    Some(out)
}

/// The MIME type for a file name; `application/wasm` matters for streaming compilation.
pub fn mime(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script, and the error overlay when the last rebuild failed, to a page.
pub fn inject(html: &[u8], generation: u64, errors: &[Diagnostic]) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut extra =
        format!("<script src=\"/__tsunagu/live.js\" data-generation=\"{generation}\"></script>");
    if !errors.is_empty() {
        extra.push_str(&overlay(errors));
    }
    let marked = html.replacen(
        "<html",
        &format!("<html data-tsunagu-generation=\"{generation}\""),
        1,
    );
    match marked.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &marked[..i], &marked[i..]).into_bytes(),
        None => format!("{marked}{extra}").into_bytes(),
    }
}

/// The overlay listing the same `path:line:column` messages as the terminal (styled by
/// `/__tsunagu/overlay.css`: the pages' policy forbids inline styles).
pub fn overlay(errors: &[Diagnostic]) -> String {
    let mut s = String::from(
        "<link rel=\"stylesheet\" href=\"/__tsunagu/overlay.css\">\
         <div id=\"tsunagu-overlay\" role=\"alert\">\
         <h2>内容にエラーがあります（前回の正しいページを表示中）</h2><ul>",
    );
    for d in errors {
        s.push_str("<li>");
        s.push_str(&escape_html(&d.to_string()));
        s.push_str("</li>");
    }
    s.push_str("</ul><p>ファイルを直して保存すると、この表示は消えます。</p></div>");
    s
}

/// A Server-Sent Events message.
pub fn sse_event(event: &str, data: &str) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_index_files_and_never_leave_the_site() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(
            resolve("/entries/a/").as_deref(),
            Some("entries/a/index.html")
        );
        assert_eq!(
            resolve("/entries/a/index.html?x=1").as_deref(),
            Some("entries/a/index.html")
        );
        assert_eq!(
            resolve("/search/?q=%E7%9B%B8%E8%AB%87").as_deref(),
            Some("search/index.html")
        );
        assert_eq!(resolve("/../etc/passwd"), None);
        assert_eq!(resolve("/entries/%2e%2e/%2e%2e/secret"), None);
        assert_eq!(resolve("/a/..%2f..%2fsecret"), None);
        assert_eq!(resolve("/a\\..\\b"), None);
    }

    #[test]
    fn ranges_are_read_as_static_hosts_read_them() {
        assert_eq!(byte_range(Some("bytes=2-5"), 10), Some(Ok((2, 6))));
        assert_eq!(byte_range(Some("bytes=8-"), 10), Some(Ok((8, 10))));
        assert_eq!(byte_range(Some("bytes=-3"), 10), Some(Ok((7, 10))));
        assert_eq!(byte_range(Some("bytes=5-100"), 10), Some(Ok((5, 10))));
        assert_eq!(byte_range(Some("bytes=10-12"), 10), Some(Err(())));
        assert_eq!(byte_range(Some("bytes=0-1,4-5"), 10), None);
        assert_eq!(byte_range(Some("items=0-1"), 10), None);
        assert_eq!(byte_range(None, 10), None);
    }

    #[test]
    fn wasm_gets_its_mime_type() {
        assert_eq!(mime("search-index/search.wasm"), "application/wasm");
        assert_eq!(mime("index.html"), "text/html; charset=utf-8");
    }

    #[test]
    fn overlay_escapes_messages() {
        let d = Diagnostic::error("a.md", None, "<b>");
        assert!(overlay(&[d]).contains("a.md: error: &lt;b&gt;"));
    }
}
