//! `site.yaml`, `areas.yaml` and `categories.yaml`: YAML nodes to the site's settings and
//! its taxonomies' terms.

use std::path::Path;

use super::checks::{check_email, check_url};
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
    "edit_request",
    "languages",
];
const CATEGORY_KEYS: &[&str] = &["id", "name", "kana", "parent", "description", "keywords"];
const AREA_KEYS: &[&str] = &[
    "id",
    "name",
    "kana",
    "parent",
    "description",
    "keywords",
    "first_contact",
];
/// The page languages a site may have (`languages` in site.yaml).
pub const PAGE_LANGUAGES: [&str; 2] = ["ja", "en"];

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
    if let Some((name, pos)) = f.string("theme") {
        config.theme = Some(name);
        config.theme_at = Some(pos);
    }
    config.description = f.opt_string("description");
    config.kiosk = f.bool("kiosk").unwrap_or(false);
    config.edit_request = f.string("edit_request").and_then(|(v, pos)| {
        let checked = edit_request(&v);
        if let Err(why) = &checked {
            f.diags
                .error(path, Some(pos), format!("`edit_request: {v}` {why}"));
        }
        checked.ok()
    });
    config.languages = vec!["ja".to_string()];
    let given = f.list("languages");
    for (lang, pos) in &given {
        if !PAGE_LANGUAGES.contains(&lang.as_str()) {
            f.diags.error(path, Some(*pos), format!("`languages: {lang}`: pages can be in ja (always) and en; write `[ja]` or `[ja, en]`"));
        } else if !config.languages.contains(lang) {
            config.languages.push(lang.clone());
        }
    }
    if !given.is_empty() && !given.iter().any(|(l, _)| l == "ja") {
        let pos = f.node("languages").map(|n| n.pos);
        f.diags.error(
            path,
            pos,
            "`languages` must include ja (the Japanese pages are always built): write `[ja, en]`",
        );
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
        let keys = if what == "area" {
            AREA_KEYS
        } else {
            CATEGORY_KEYS
        };
        let Some(mut f) = Fields::new(item, path, keys, what, diags) else {
            continue;
        };
        let id = f.id("id");
        let name = f.required_string("name");
        let kana = f.opt_string("kana");
        let parent = f.string("parent").map(|(id, pos)| Ref { id, pos });
        let description = f.opt_string("description");
        let keywords = f.list("keywords").into_iter().map(|(k, _)| k).collect();
        let first_contact = f
            .list("first_contact")
            .into_iter()
            .map(|(id, pos)| Ref { id, pos })
            .collect();
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
                first_contact,
                source: Source {
                    path: path.to_path_buf(),
                    pos,
                },
            });
        }
    }
    out
}

/// `edit_request`: a `mailto:` address (or a bare address), or an http(s) URL template
/// with `{id}` and `{path}`; `Err` ends a sentence saying what is wrong.
fn edit_request(v: &str) -> Result<EditRequest, String> {
    let address = v.strip_prefix("mailto:").unwrap_or(v);
    if v.starts_with("mailto:") || (!v.contains("://") && v.contains('@')) {
        let bare = address.split('?').next().unwrap_or_default();
        return if check_email(bare) {
            Ok(EditRequest::Mail(address.to_string()))
        } else {
            Err("is not an email address: write e.g. `mailto:fukushi@city.example.jp`".into())
        };
    }
    let sample = v
        .replace("{id}", "id")
        .replace("{path}", "content/entries/id.md");
    match check_url(&sample) {
        Ok(()) => Ok(EditRequest::Url(v.to_string())),
        Err(why) => Err(format!("is not an http(s) URL template ({why}): write e.g. `https://github.com/city/directory/edit/main/{{path}}` or a `mailto:` address")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_requests_are_addresses_or_url_templates() {
        assert_eq!(
            edit_request("mailto:a@example.jp"),
            Ok(EditRequest::Mail("a@example.jp".into()))
        );
        assert_eq!(
            edit_request("a@example.jp"),
            Ok(EditRequest::Mail("a@example.jp".into()))
        );
        assert!(matches!(
            edit_request("https://github.com/x/y/edit/main/{path}"),
            Ok(EditRequest::Url(_))
        ));
        assert!(edit_request("mailto:nobody").is_err());
        assert!(edit_request("github.com/x/{path}").is_err());
    }
}
