//! The theme: tera templates and static assets. The default theme is embedded in the binary;
//! a site's `themes/<name>/` overrides it file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::content::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Template sources and static files, after overrides.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (path under `templates/`) to source and where it came from.
    pub templates: BTreeMap<String, (String, PathBuf)>,
    /// Path under `static/` to bytes; written below `/assets/`.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// `strings.json`: per page language, the words templates show (`t.*`). A site theme's
    /// file replaces the built-in words key by key.
    pub strings: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
}

impl Theme {
    /// The built-in theme, overridden by `<root>/themes/<name>/` when `name` is given.
    pub fn load(root: &Path, config: &SiteConfig, diags: &mut Diagnostics) -> Theme {
        let mut theme = Theme::default();
        add_embedded(&DEFAULT_THEME, &mut theme);
        let Some(name) = config.theme.as_deref() else {
            return theme;
        };
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            diags.push(Diagnostic::error(
                "content/site.yaml",
                config.theme_at,
                format!("theme `{name}` not found: create themes/{name}/ in the site root or remove `theme`"),
            ));
            return theme;
        }
        for entry in WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let path = entry.path();
            let rel = path.strip_prefix(&dir).unwrap_or(path);
            let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            let rel_str = rel.to_string_lossy().replace('\\', "/");
            if let Some(name) = rel_str.strip_prefix("templates/") {
                match std::fs::read_to_string(path) {
                    Ok(src) => {
                        theme.templates.insert(name.to_string(), (src, shown));
                    }
                    Err(e) => diags.push(Diagnostic::error(
                        shown,
                        None,
                        format!("cannot read template (it must be UTF-8): {e}"),
                    )),
                }
            } else if rel_str == STRINGS {
                match std::fs::read_to_string(path)
                    .map_err(|e| e.to_string())
                    .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).map_err(|e| e.to_string()))
                {
                    Ok(v) => merge_strings(&mut theme, &v),
                    Err(e) => diags.push(Diagnostic::error(
                        shown,
                        None,
                        format!("cannot read the theme's words ({e}): write {{\"ja\": {{\"key\": \"…\"}}, \"en\": {{…}}}}"),
                    )),
                }
            } else if let Some(name) = rel_str.strip_prefix("static/") {
                match std::fs::read(path) {
                    Ok(bytes) => {
                        theme.assets.insert(name.to_string(), bytes);
                    }
                    Err(e) => {
                        diags.push(Diagnostic::error(shown, None, format!("cannot read: {e}")))
                    }
                }
            }
        }
        theme
    }

    /// The words of one page language (`t` in templates); a key missing in that language
    /// falls back to the Japanese word.
    pub fn strings(&self, lang: &str) -> serde_json::Value {
        let mut out = self.strings.get("ja").cloned().unwrap_or_default();
        if let Some(own) = self.strings.get(lang) {
            out.extend(own.clone());
        }
        serde_json::Value::Object(out)
    }

    /// A tera instance with every template; template syntax errors become diagnostics.
    pub fn tera(&self, diags: &mut Diagnostics) -> Option<tera::Tera> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let sources: Vec<(&str, &str)> = self
            .templates
            .iter()
            .map(|(n, (s, _))| (n.as_str(), s.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(sources) {
            diags.push(self.error_in(None, "template error", &e));
            return None;
        }
        Some(tera)
    }

    /// A template error as a diagnostic at the template's real path (the site theme's file,
    /// or the built-in theme's), with the line and column tera gives for syntax errors.
    /// `rendering` names the template being rendered, for errors that do not name one.
    pub fn error(&self, rendering: &str, what: &str, e: &tera::Error) -> Diagnostic {
        self.error_in(Some(rendering), what, e)
    }

    fn error_in(&self, rendering: Option<&str>, what: &str, e: &tera::Error) -> Diagnostic {
        let msg = error_chain(e);
        // The innermost template the message names (`'base.html'`), else the one rendered.
        let named = self
            .templates
            .keys()
            .filter_map(|n| msg.rfind(&format!("'{n}'")).map(|at| (at, n.as_str())))
            .max()
            .map(|(_, n)| n)
            .or(rendering);
        let file = named
            .and_then(|n| self.templates.get(n))
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| PathBuf::from("themes"));
        Diagnostic::error(file, syntax_pos(&msg), format!("{what}: {msg}"))
    }
}

/// The theme file of the words templates show, per page language.
const STRINGS: &str = "strings.json";

fn merge_strings(theme: &mut Theme, v: &serde_json::Value) {
    for (lang, words) in v.as_object().into_iter().flatten() {
        if let Some(words) = words.as_object() {
            theme
                .strings
                .entry(lang.clone())
                .or_default()
                .extend(words.clone());
        }
    }
}

fn add_embedded(dir: &Dir<'static>, theme: &mut Theme) {
    for entry in dir.entries() {
        match entry {
            include_dir::DirEntry::Dir(d) => add_embedded(d, theme),
            include_dir::DirEntry::File(f) => {
                let rel = f.path().to_string_lossy().replace('\\', "/");
                let shown = PathBuf::from("(built-in theme)").join(&rel);
                if let Some(name) = rel.strip_prefix("templates/") {
                    let src = String::from_utf8_lossy(f.contents()).into_owned();
                    theme.templates.insert(name.to_string(), (src, shown));
                } else if let Some(name) = rel.strip_prefix("static/") {
                    theme.assets.insert(name.to_string(), f.contents().to_vec());
                } else if rel == STRINGS {
                    let v = serde_json::from_slice(f.contents())
                        .expect("the built-in strings.json is JSON");
                    merge_strings(theme, &v);
                }
            }
        }
    }
}

/// HTML escaping for text and attribute values. Unlike tera's default it leaves `/` alone,
/// so URLs stay readable (`../../entries/x/index.html`); `&<>"'` are all that matter.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The `--> line:column` of a tera syntax error.
fn syntax_pos(msg: &str) -> Option<Pos> {
    let at = msg.find("--> ")? + 4;
    let (line, rest) = msg[at..].split_once(':')?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(Pos::new(line.trim().parse().ok()?, column.parse().ok()?))
}

/// A tera error with its causes, on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}
