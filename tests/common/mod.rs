//! Helpers for integration tests: copy a fixture site into a temp dir and run the real binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies every file below `from` into `to`, overwriting.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary site root holding a copy of fixture `name`.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures().join(name), dir.path());
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Runs `tsunagu ARGS` with `--root` set to this site when the command takes one.
    pub fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tsunagu"));
        cmd.args(args);
        if matches!(args.first(), Some(&"build") | Some(&"check")) {
            cmd.arg("--root").arg(self.root());
        }
        cmd.env_remove("GITHUB_ACTIONS")
            .env("TSUNAGU_TODAY", "2026-11-25");
        cmd.output().unwrap()
    }

    pub fn build(&self) -> Output {
        self.run(&["build"])
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Every file of a folder with its bytes, to compare outputs.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[track_caller]
pub fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
}

/// The `<section aria-labelledby="{id}">` of a page, up to its closing tag (sections are
/// not nested in the default theme).
#[allow(dead_code)]
pub fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("aria-labelledby=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id:?} in the page"));
    let end = start + html[start..].find("</section>").expect("section closes");
    &html[start..end]
}
