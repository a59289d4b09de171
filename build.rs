//! Builds the browser search runtime: the `search-index` crate compiled to
//! wasm32-unknown-unknown (feature `wasm`, no lindera, no wasm-bindgen) through the
//! workspace in `wasm/` (its own lock, two dependencies swapped for smaller builds: see
//! wasm/Cargo.toml), embedded in the tsunagu binary and written by `tsunagu build` next to
//! the search index.
//!
//! The nested cargo uses its own target dir (`<target>/wasm`) so it never waits on the
//! outer build's lock, and its own `wasm` profile (wasm/Cargo.toml), so every outer profile
//! (`cargo build`, `cargo test`, `--release`) shares one cached wasm build: after the first
//! build the nested cargo is a fresh no-op, and this script only reruns when search-index
//! changes.
//!
//! The nested cargo runs `--offline` first (everything it needs is usually in the registry
//! cache already), and goes online only if that fails for want of a crate and
//! `CARGO_NET_OFFLINE` does not forbid it. `TSUNAGU_NO_WASM=1` skips the wasm build
//! altogether (for `cargo check` and clippy); a binary built so says at `tsunagu build`
//! that it has no browser search runtime.

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
        "wasm/Cargo.toml",
        "wasm/Cargo.lock",
        "wasm/lib.rs",
        "wasm/regex-lite-shim",
        ".cargo/config.toml",
    ] {
        println!("cargo:rerun-if-changed={p}");
    }
    println!("cargo:rerun-if-env-changed=TSUNAGU_WASM_TARGET_DIR");
    println!("cargo:rerun-if-env-changed=TSUNAGU_NO_WASM");
    println!("cargo:rerun-if-env-changed=CARGO_NET_OFFLINE");
    let dest = out_dir.join("tsunagu-search.wasm");
    if env_flag("TSUNAGU_NO_WASM") {
        println!("cargo:warning=TSUNAGU_NO_WASM is set: this tsunagu has no browser search runtime (fine for cargo check and clippy, not for sites)");
        println!("cargo:rustc-env=TSUNAGU_WASM=skipped");
        for path in [
            dest.clone(),
            dest.with_extension("wasm.gz"),
            dest.with_extension("wasm.br"),
        ] {
            std::fs::write(&path, b"")
                .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", path.display())));
        }
        return;
    }
    println!("cargo:rustc-env=TSUNAGU_WASM=built");

    let target_dir = std::env::var_os("TSUNAGU_WASM_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            outer_target_dir(&out_dir)
                .unwrap_or_else(|| manifest_dir.join("target"))
                .join("wasm")
        });
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());

    let offline_only = env_flag("CARGO_NET_OFFLINE");
    let mut output = nested_build(&cargo, &manifest_dir, &target_dir, true);
    let wants_network = |o: &std::process::Output| {
        let err = String::from_utf8_lossy(&o.stderr);
        err.contains("--offline") || err.contains("offline mode")
    };
    if !output.status.success() && !offline_only && wants_network(&output) {
        output = nested_build(&cargo, &manifest_dir, &target_dir, false);
    }
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        report_failure();
    }
    let wasm = target_dir
        .join(WASM_TARGET)
        .join(PROFILE)
        .join("tsunagu_search_wasm.wasm");
    if !optimise(&wasm, &dest) {
        std::fs::copy(&wasm, &dest).unwrap_or_else(|e| {
            fail(&format!(
                "cannot copy {} to {}: {e}",
                wasm.display(),
                dest.display()
            ))
        });
    }
    precompress(&dest);
}

/// The engine's `.gz` and `.br` copies, made once here rather than at every site build
/// (zopfli and brotli at their best take seconds on 1 MB); `tsunagu build` writes them beside
/// `assets/search.wasm` for hosts that serve precompressed files.
fn precompress(wasm: &Path) {
    let bytes = std::fs::read(wasm)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", wasm.display())));
    // Zopfli: a standard gzip stream some 6 % smaller than zlib's best, for the cost of a
    // few seconds once (nginx's `gzip_static` and the like send it as it is).
    let mut gz = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        &bytes[..],
        &mut gz,
    )
    .expect("writing to memory");
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).expect("writing to memory");
    for (ext, data) in [("wasm.gz", gz), ("wasm.br", br)] {
        let path = wasm.with_extension(ext);
        std::fs::write(&path, data)
            .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", path.display())));
    }
}

/// `wasm-opt -Oz` (binaryen; `scripts/setup.sh` installs Debian's) from `wasm` to `dest`:
/// about 4 % smaller once gzipped. Skipped, with a warning, when wasm-opt is missing or
/// `TSUNAGU_WASM_OPT=0`; whether it ran.
fn optimise(wasm: &Path, dest: &Path) -> bool {
    println!("cargo:rerun-if-env-changed=TSUNAGU_WASM_OPT");
    if std::env::var("TSUNAGU_WASM_OPT").is_ok_and(|v| matches!(v.trim(), "0" | "false")) {
        return false;
    }
    let ran = Command::new("wasm-opt")
        .arg("-Oz")
        // What Rust's wasm32-unknown-unknown target emits by default.
        .args([
            "--enable-bulk-memory",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-nontrapping-float-to-int",
            "--enable-multivalue",
            "--enable-reference-types",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(dest)
        .output();
    match ran {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            println!(
                "cargo:warning=wasm-opt failed, the browser engine is not optimised: {}",
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .next()
                    .unwrap_or("")
            );
            false
        }
        Err(_) => {
            println!("cargo:warning=wasm-opt not found (apt install binaryen): the browser engine is not optimised");
            false
        }
    }
}

/// Whether an environment variable is set to something other than empty, `0` or `false`.
fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// `cargo build` of the `wasm/` workspace for wasm32, with `--offline` if `offline`.
fn nested_build(
    cargo: &std::ffi::OsStr,
    manifest_dir: &Path,
    target_dir: &Path,
    offline: bool,
) -> std::process::Output {
    let mut cmd = Command::new(cargo);
    cmd.current_dir(manifest_dir)
        .args(["build", "--locked", "--lib", "--manifest-path"])
        .arg(manifest_dir.join("wasm/Cargo.toml"))
        .args(["--target", WASM_TARGET, "--profile", PROFILE])
        .args(offline.then_some("--offline"))
        .arg("--target-dir")
        .arg(target_dir)
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
    cmd.output()
        .unwrap_or_else(|e| fail(&format!("cannot run {}: {e}", Path::new(cargo).display())))
}

/// Explains a failed wasm build: a missing target, or the compiler's errors printed above.
fn report_failure() -> ! {
    {
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
             Is the target installed? `rustup target add {WASM_TARGET}` (scripts/setup.sh does this).\n\
             To build without the browser runtime (cargo check, clippy), set TSUNAGU_NO_WASM=1."
        ));
    }
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
