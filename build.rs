//! Builds the browser search runtime: the `search-index` crate compiled to
//! wasm32-unknown-unknown (feature `wasm`, no lindera, no wasm-bindgen), embedded in the
//! tsunagu binary and written by `tsunagu build` next to the search index.
//!
//! The nested cargo uses its own target dir (`<target>/wasm`) so it never waits on the
//! outer build's lock, and its own `wasm` profile (Cargo.toml), so every outer profile
//! (`cargo build`, `cargo test`, `--release`) shares one cached wasm build: after the first
//! build the nested cargo is a fresh no-op, and this script only reruns when search-index
//! changes.

use std::path::{Path, PathBuf};
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm";

fn main() {
    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    for p in [
        "search-index/src",
        "search-index/Cargo.toml",
        "Cargo.toml",
        "Cargo.lock",
        ".cargo/config.toml",
    ] {
        println!("cargo:rerun-if-changed={p}");
    }
    println!("cargo:rerun-if-env-changed=TSUNAGU_WASM_TARGET_DIR");

    let target_dir = std::env::var_os("TSUNAGU_WASM_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            outer_target_dir(&out_dir)
                .unwrap_or_else(|| manifest_dir.join("target"))
                .join("wasm")
        });
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());

    let mut cmd = Command::new(&cargo);
    cmd.current_dir(&manifest_dir)
        .args([
            "rustc",
            "--locked",
            "-p",
            "search-index",
            "--lib",
            "--crate-type",
            "cdylib",
        ])
        .args(["--no-default-features", "--features", "wasm"])
        .args(["--target", WASM_TARGET, "--profile", PROFILE])
        .arg("--target-dir")
        .arg(&target_dir)
        // The outer build's flags are for the host (and clippy's wrapper is not wanted):
        // the wasm build gets exactly the getrandom backend flag (see runtime.rs).
        .env(
            "CARGO_ENCODED_RUSTFLAGS",
            "--cfg\x1fgetrandom_backend=\"custom\"",
        )
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_PRIMARY_PACKAGE");
    let status = cmd
        .status()
        .unwrap_or_else(|e| fail(&format!("cannot run {}: {e}", Path::new(&cargo).display())));
    if !status.success() {
        let installed = Command::new("rustup")
            .args(["target", "list", "--installed"])
            .output()
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| l.trim() == WASM_TARGET)
            })
            .unwrap_or(true);
        if !installed {
            fail(&format!(
                "the Rust target {WASM_TARGET} is not installed; the browser search runtime needs it.\n\
                 Fix: run `rustup target add {WASM_TARGET}` (scripts/setup.sh does this), then build again."
            ));
        }
        fail(&format!(
            "building the browser search runtime (search-index for {WASM_TARGET}) failed; see the errors above.\n\
             Is the target installed? `rustup target add {WASM_TARGET}` (scripts/setup.sh does this)."
        ));
    }
    let wasm = target_dir
        .join(WASM_TARGET)
        .join(PROFILE)
        .join("search_index.wasm");
    let dest = out_dir.join("tsunagu-search.wasm");
    std::fs::copy(&wasm, &dest).unwrap_or_else(|e| {
        fail(&format!(
            "cannot copy {} to {}: {e}",
            wasm.display(),
            dest.display()
        ))
    });
}

/// The outer target dir, from `OUT_DIR` = `<target>[/<triple>]/<profile>/build/<pkg>-<hash>/out`.
fn outer_target_dir(out_dir: &Path) -> Option<PathBuf> {
    let build = out_dir
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "build"))?;
    let mut dir = build.parent()?.parent()?;
    let triple = std::env::var("TARGET").ok()?;
    if dir
        .file_name()
        .is_some_and(|n| n.to_string_lossy() == triple)
    {
        dir = dir.parent()?;
    }
    Some(dir.to_path_buf())
}

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1);
}
