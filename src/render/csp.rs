//! The Content-Security-Policy of the pages: the one place it is written. Every page
//! carries it as a `<meta>` tag (so it holds on any host and from disk); `serve` also
//! sends it as a header, with what only a header can say.
//!
//! Nothing but the site's own files may load: no inline script or style (the theme has
//! none), no other origin. Only the search page may compile WebAssembly (its engine).

use crate::urls;

/// The policy of the page at the output path `path`, for its `<meta>` tag.
pub fn policy(path: &str) -> String {
    let wasm = if path == urls::SEARCH {
        " 'wasm-unsafe-eval'"
    } else {
        ""
    };
    format!(
        "default-src 'self'; script-src 'self'{wasm}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
    )
}

/// [`policy`] as `serve` sends it in a header: also never framed by another site (a
/// `<meta>` policy cannot say that).
pub fn header(path: &str) -> String {
    format!("{}; frame-ancestors 'self'", policy(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_search_page_may_compile_webassembly() {
        assert!(policy(urls::SEARCH).contains("'wasm-unsafe-eval'"));
        assert!(!policy(urls::HOME).contains("wasm"));
        assert!(!policy("entries/x/index.html").contains("'unsafe-inline'"));
        assert!(header(urls::HOME).ends_with("frame-ancestors 'self'"));
        assert!(!policy(urls::HOME).contains("frame-ancestors"));
    }
}
