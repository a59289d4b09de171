//! Markdown to safe HTML (pulldown-cmark, then ammonia), and to plain text for search.

use std::sync::OnceLock;

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static CLEAN: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEAN.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.link_rel(Some("noopener noreferrer"));
        b
    })
}

/// Renders Markdown to HTML with raw HTML sanitised: no `<script>`, no event handlers, no
/// `javascript:` URLs; ordinary formatting, links, tables and images stay.
pub fn to_html(markdown: &str) -> String {
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options()));
    sanitizer().clean(&raw).to_string()
}

/// The visible text of a Markdown document, for the search index.
pub fn to_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Link destinations in a Markdown document with their 1-based line offsets within it.
pub fn links(markdown: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    // Parsing is the cost, and most bodies have no link at all.
    if !markdown.contains("](") && !markdown.contains("href") && !markdown.contains("]:") {
        return out;
    }
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            let line = markdown[..range.start].matches('\n').count() + 1;
            out.push((dest_url.to_string(), line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let html = to_html("<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n[x](javascript:alert(3)) <a href=\"javascript:alert(4)\">y</a>");
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(!html.contains("javascript:"));
    }

    #[test]
    fn ordinary_markdown_survives() {
        let html =
            to_html("**相談**は[こちら](https://example.jp/)\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        assert!(html.contains("<strong>相談</strong>"));
        assert!(html.contains("href=\"https://example.jp/\""));
        assert!(html.contains("<table>"));
    }

    #[test]
    fn text_drops_markup() {
        assert_eq!(
            to_text("# 見出し\n\n**太字**と`code`"),
            "見出し\n太字とcode"
        );
    }
}
