//! `site.yaml`, `areas.yaml` and `categories.yaml`: YAML nodes to the site's settings and
//! its taxonomies' terms.

use std::path::Path;

use super::checks::check_url;
use super::fields::Fields;
use super::model::*;
use super::yaml::{Node, Value};
use crate::diagnostics::Diagnostics;

const SITE_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "description",
    "kiosk",
];
const TERM_KEYS: &[&str] = &["id", "name", "kana", "parent", "description", "keywords"];

/// `site.yaml`.
pub fn site_config(node: &Node, path: &Path, diags: &mut Diagnostics) -> SiteConfig {
    let mut config = SiteConfig {
        language: "ja".into(),
        ..Default::default()
    };
    let Some(mut f) = Fields::new(node, path, SITE_KEYS, "site settings", diags) else {
        return config;
    };
    config.title = f
        .required_string("title")
        .map(|(s, _)| s)
        .unwrap_or_default();
    if let Some((url, pos)) = f.string("base_url") {
        if check_url(&url).is_err() {
            f.diags.error(
                path,
                Some(pos),
                format!(
                    "`base_url: {url}` is not an absolute http(s) URL, e.g. https://example.jp/"
                ),
            );
        }
        config.base_url = Some(url.trim_end_matches('/').to_string());
    }
    config.language = f.opt_string("language").unwrap_or_else(|| "ja".into());
    config.theme = f.opt_string("theme");
    config.description = f.opt_string("description");
    if let Some((v, pos)) = f.string("kiosk") {
        match v.as_str() {
            "true" | "yes" => config.kiosk = true,
            "false" | "no" => config.kiosk = false,
            _ => f
                .diags
                .error(path, Some(pos), "`kiosk` must be true or false"),
        }
    }
    f.finish();
    config
}

/// The items of `areas.yaml` or `categories.yaml`; `what` is "area" or "category".
pub fn terms(node: &Node, path: &Path, what: &'static str, diags: &mut Diagnostics) -> Vec<Term> {
    let Value::Seq(items) = &node.value else {
        diags.error(
            path,
            Some(node.pos),
            format!(
                "expected a list of {what} items (lines starting with `- id: …`), found {}",
                node.kind()
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(mut f) = Fields::new(item, path, TERM_KEYS, what, diags) else {
            continue;
        };
        let id = f.id("id");
        let name = f.required_string("name");
        let kana = f.opt_string("kana");
        let parent = f.string("parent").map(|(id, pos)| Ref { id, pos });
        let description = f.opt_string("description");
        let keywords = f.list("keywords").into_iter().map(|(k, _)| k).collect();
        let pos = f.pos();
        f.finish();
        if let (Some(id), Some((name, _))) = (id, name) {
            out.push(Term {
                id,
                name,
                kana,
                parent,
                description,
                keywords,
                source: Source {
                    path: path.to_path_buf(),
                    pos,
                },
            });
        }
    }
    out
}
