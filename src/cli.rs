//! The command line: parses arguments and drives the pipeline. No logic of its own.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::build;
use crate::diagnostics::Diagnostics;

/// tsunagu (つなぐ): builds a community resource directory (地域資源ディレクトリ) from YAML
/// and Markdown into a static site with offline Japanese search.
#[derive(Debug, Parser)]
#[command(name = "tsunagu", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate, render and index the site into the output folder (all or nothing).
    Build {
        /// Site root: the folder that holds `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Validate only, for pull-request CI: exit 1 on any error.
    ///
    /// With GITHUB_ACTIONS=true (or --format github) problems are printed as GitHub
    /// annotations, so they show on the pull request's lines.
    Check {
        /// Site root: the folder that holds `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print problems [default: github when GITHUB_ACTIONS=true, else human].
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Build into memory and serve a live preview that rebuilds and reloads on every save.
    ///
    /// Listens on 127.0.0.1 only, unless --bind says otherwise. While the content has
    /// errors the last good site stays served, with an overlay listing the errors.
    Serve {
        /// Site root: the folder that holds `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Other machines can reach anything but 127.0.0.1.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create content from a template.
    #[command(subcommand)]
    New(New),
    /// Turn open data into entries.
    #[command(subcommand)]
    Import(Import),
    /// Query a built search index exactly as the browser does.
    Search {
        /// The index folder [default: ./public/search-index].
        #[arg(long, default_value = "public/search-index")]
        index: PathBuf,
        /// How many results to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print `[{"id", "title", "score"}]`, best first.
        #[arg(long)]
        json: bool,
        /// Also print how the query was cut into words (for tuning synonyms.yaml).
        #[arg(long)]
        explain: bool,
        /// What to search for, as a resident would type it.
        query: String,
    },
}

/// How `check` prints problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:column: error: message`, for people and editors.
    Human,
    /// GitHub Actions workflow annotations (and the human lines on stderr).
    Github,
}

#[derive(Debug, Subcommand)]
pub enum Import {
    /// Import a CSV in a 自治体標準オープンデータセット layout (公共施設一覧, 介護サービス事業所一覧,
    /// 医療機関一覧, 子育て施設一覧 …) as entries in `content/entries/imported/<file>.yaml`.
    ///
    /// UTF-8 (with or without BOM), Shift_JIS and UTF-16 are read; headers are recognised in
    /// the older and the newer layouts and their usual misspellings. Importing the same file
    /// again rewrites the same entries. Rows that cannot be used are listed with their line
    /// numbers, and the command then exits 1 (the other rows are written).
    Csv {
        /// Site root: the folder that holds `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The area id every entry gets (from content/areas.yaml).
        #[arg(long)]
        area: String,
        /// The category id every entry gets (from content/categories.yaml).
        #[arg(long)]
        category: String,
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum New {
    /// Write `content/entries/<id>.md` with every field present or commented.
    ///
    /// The id is the title's reading in romaji (くらし丸ごと相談室 -> kurashi-marugoto-soudanshitsu)
    /// unless --id is given.
    Entry {
        /// Site root: the folder that holds `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Area id to fill in (from content/areas.yaml).
        #[arg(long)]
        area: Option<String>,
        /// Category id to fill in (from content/categories.yaml).
        #[arg(long)]
        category: Option<String>,
        /// The entry's id (a-z, 0-9, `-`); also its file name and URL.
        #[arg(long)]
        id: Option<String>,
        /// The name of the place, service or group.
        title: String,
    },
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            match build::build(&root, &out, &crate::progress::Progress::for_terminal()) {
                Ok((report, diags)) => {
                    print_diagnostics(&diags, false);
                    eprintln!(
                        "built {} entries into {} ({} files, {:.1} MB) in {:.2} s",
                        report.entries,
                        report.out.display(),
                        report.files,
                        report.bytes as f64 / 1e6,
                        report.elapsed.as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags, false);
                    eprintln!(
                        "{}; nothing was written, {} is unchanged",
                        summary(&diags),
                        out.display()
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { root, format } => {
            let github = match format {
                Some(f) => f == Format::Github,
                None => std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true"),
            };
            let (site, diags) = build::check(&root);
            print_diagnostics(&diags, github);
            if diags.has_errors() {
                eprintln!("{}", summary(&diags));
                ExitCode::from(1)
            } else {
                eprintln!(
                    "ok: {} entries, {} areas, {} categories, {} pages ({})",
                    site.entries.len(),
                    site.areas.terms.len(),
                    site.categories.terms.len(),
                    site.pages.len(),
                    summary(&diags)
                );
                ExitCode::SUCCESS
            }
        }
        Command::Search {
            index,
            limit,
            json,
            explain,
            query,
        } => search(&index, limit, json, explain, &query),
        Command::New(New::Entry {
            root,
            area,
            category,
            id,
            title,
        }) => {
            let (site, _) = build::load(&root);
            match crate::new::new_entry(
                &root,
                &site,
                &title,
                area.as_deref(),
                category.as_deref(),
                id.as_deref(),
            ) {
                Ok(path) => {
                    println!("{}", path.display());
                    eprintln!(
                        "created {}: fill in the fields, then run `tsunagu check`",
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Import(Import::Csv {
            root,
            area,
            category,
            file,
        }) => import_csv(&root, &file, &area, &category),
        Command::Serve {
            root,
            port,
            bind,
            open,
        } => match crate::serve::run(crate::serve::Options {
            root,
            bind,
            port,
            open,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}

fn import_csv(root: &Path, file: &Path, area: &str, category: &str) -> ExitCode {
    let (site, _) = build::load(root);
    match crate::import::import_csv(root, &site, file, area, category) {
        Ok(report) => {
            let shown = file.display();
            for (h, close) in &report.unknown_columns {
                let hint = close
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                eprintln!("{shown}:1: warning: column `{h}` is not one tsunagu knows{hint}: its values are kept in each entry's body");
            }
            for n in &report.repaired {
                eprintln!("{shown}:{}: note: {}", n.line, n.message);
            }
            for n in &report.skipped {
                eprintln!("{shown}:{}: error: row not imported: {}", n.line, n.message);
            }
            println!("{}", report.written.display());
            eprintln!(
                "imported {} entries from {shown} ({}) into {}{}",
                report.entries,
                report.encoding.name(),
                report.written.display(),
                if report.skipped.is_empty() {
                    String::new()
                } else {
                    format!("; {} rows not imported (see above)", report.skipped.len())
                }
            );
            if report.skipped.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn search(index: &Path, limit: usize, json: bool, explain: bool, query: &str) -> ExitCode {
    match crate::index::search(index, query, limit) {
        Ok((r, explained)) => {
            if explain {
                explained.iter().for_each(|l| eprintln!("{l}"));
            }
            if json {
                let rows: Vec<_> = r
                    .hits
                    .iter()
                    .map(|h| serde_json::json!({"id": h.id, "title": h.title, "score": h.score}))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows).expect("json"));
                return ExitCode::SUCCESS;
            }
            // What the search understood: each word, and whether any entry has it.
            let words: Vec<String> = r
                .words
                .iter()
                .map(|w| format!("{}{}", w.text, if w.found { "" } else { "（該当なし）" }))
                .collect();
            if !words.is_empty() {
                eprintln!("words: {}", words.join(" / "));
            }
            if r.hits.is_empty() {
                eprintln!("見つかりません (no results for {query:?})");
            } else if r.partial {
                eprintln!(
                    "{} entries have every word; {} more have some of them",
                    r.all_words,
                    r.total - r.all_words
                );
            }
            for (i, h) in r.hits.iter().enumerate() {
                let mut line = format!("{:>2}. {}  [{}]  {:.3}", i + 1, h.title, h.id, h.score);
                if r.partial {
                    let m: Vec<&str> = h
                        .matched
                        .iter()
                        .map(|&w| r.words[w as usize].text.as_str())
                        .collect();
                    line.push_str(&format!("  ({})", m.join(", ")));
                }
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(diags: &Diagnostics, github: bool) {
    for d in diags.clone().into_sorted() {
        if github {
            println!("{}", d.github_annotation());
        }
        eprintln!("{d}");
    }
}

fn summary(diags: &Diagnostics) -> String {
    let (e, w) = (diags.error_count(), diags.warning_count());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(e, "error"), plural(w, "warning"))
}
