//! The Japanese dictionary (IPADIC for lindera): built once from Debian's
//! `mecab-ipadic` sources, cached on disk and in-process, never by hand.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use lindera::dictionary::{load_fs_dictionary, Dictionary};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;
use lindera_dictionary::dictionary::schema::Schema;

/// Default location of the IPADIC sources (Debian package `mecab-ipadic`).
pub const DEFAULT_IPADIC_SRC: &str = "/usr/share/mecab/dic/ipadic";

/// Errors finding, building or loading the dictionary.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    /// Neither a built dictionary nor IPADIC sources were found.
    #[error(
        "the Japanese dictionary is missing: no built dictionary at {cache} and no IPADIC sources at {source_dir}; \
         install Debian's mecab-ipadic (`apt-get install mecab-ipadic`) or set TSUNAGU_DICT to a built lindera dictionary"
    )]
    Missing {
        /// Where a built dictionary was looked for.
        cache: String,
        /// Where IPADIC sources were looked for.
        source_dir: String,
    },
    /// Building the dictionary from IPADIC sources failed.
    #[error("building the Japanese dictionary from {source_dir} failed: {message}")]
    Build {
        /// IPADIC source directory.
        source_dir: String,
        /// What went wrong.
        message: String,
    },
    /// A built dictionary exists but could not be loaded.
    #[error("loading the Japanese dictionary from {path} failed: {message}")]
    Load {
        /// Built dictionary directory.
        path: String,
        /// What went wrong.
        message: String,
    },
}

static DICTIONARY: OnceLock<Dictionary> = OnceLock::new();
static SEGMENTER: OnceLock<Arc<Segmenter>> = OnceLock::new();

/// Returns the IPADIC dictionary, loading or building it on first use.
///
/// Order: `$TSUNAGU_DICT` (a built lindera dictionary), else the cache dir
/// from [`cache_dir`]; if that is absent, builds it from `$TSUNAGU_IPADIC_SRC`
/// or [`DEFAULT_IPADIC_SRC`] into a temp dir and renames it into place
/// (a concurrent builder winning the race is fine). Cached in-process.
pub fn load_or_build() -> Result<Dictionary, DictError> {
    if let Some(d) = DICTIONARY.get() {
        return Ok(d.clone());
    }
    let dict = locate_and_load()?;
    Ok(DICTIONARY.get_or_init(|| dict).clone())
}

/// A shared lindera segmenter (normal mode) over [`load_or_build`]'s dictionary.
pub fn segmenter() -> Result<Arc<Segmenter>, DictError> {
    if let Some(s) = SEGMENTER.get() {
        return Ok(s.clone());
    }
    let seg = Arc::new(Segmenter::new(Mode::Normal, load_or_build()?, None));
    Ok(SEGMENTER.get_or_init(|| seg).clone())
}

/// Where the built dictionary is cached:
/// `$XDG_CACHE_HOME/tsunagu/ipadic-<lindera version>` or `~/.cache/tsunagu/...`.
pub fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("tsunagu")
        .join(format!("ipadic-{}", lindera::get_version()))
}

fn load(path: &Path) -> Result<Dictionary, DictError> {
    load_fs_dictionary(path).map_err(|e| DictError::Load {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

fn locate_and_load() -> Result<Dictionary, DictError> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    locate_and_load_from(env("TSUNAGU_DICT"), &cache_dir(), env("TSUNAGU_IPADIC_SRC"))
}

fn locate_and_load_from(
    explicit: Option<PathBuf>,
    cache: &Path,
    source: Option<PathBuf>,
) -> Result<Dictionary, DictError> {
    if let Some(p) = explicit {
        return load(&p);
    }
    if cache.join("metadata.json").is_file() {
        // A stale or corrupt cache is rebuilt below.
        if let Ok(d) = load(cache) {
            return Ok(d);
        }
    }
    let source = source.unwrap_or_else(|| PathBuf::from(DEFAULT_IPADIC_SRC));
    if !source.join("matrix.def").is_file() {
        return Err(DictError::Missing {
            cache: cache.display().to_string(),
            source_dir: source.display().to_string(),
        });
    }
    build_into(&source, cache)?;
    load(cache)
}

/// lindera metadata for IPADIC 2.7.0 as shipped by Debian (EUC-JP sources).
pub fn ipadic_metadata() -> Metadata {
    let fields = [
        "surface",
        "left_context_id",
        "right_context_id",
        "cost",
        "part_of_speech",
        "part_of_speech_subcategory_1",
        "part_of_speech_subcategory_2",
        "part_of_speech_subcategory_3",
        "conjugation_type",
        "conjugation_form",
        "base_form",
        "reading",
        "pronunciation",
    ];
    Metadata::new(
        "ipadic".to_string(),
        "EUC-JP".to_string(),
        -10000,
        0,
        0,
        "*".to_string(),
        true,
        false,
        false,
        Schema::new(fields.iter().map(|s| s.to_string()).collect()),
        Schema::new(vec![
            "surface".into(),
            "part_of_speech".into(),
            "reading".into(),
        ]),
    )
}

/// Builds a lindera dictionary from IPADIC sources at `source` into `dest`,
/// atomically (temp dir beside `dest`, then rename; losing a race is fine).
pub fn build_into(source: &Path, dest: &Path) -> Result<(), DictError> {
    let build_err = |message: String| DictError::Build {
        source_dir: source.display().to_string(),
        message,
    };
    let parent = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| build_err(format!("{}: {e}", parent.display())))?;
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("dict");
    let tmp = parent.join(format!(".{name}.tmp-{}-{nanos}", std::process::id()));
    let result = DictionaryBuilder::new(ipadic_metadata())
        .build_dictionary(source, &tmp)
        .map_err(|e| build_err(e.to_string()));
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    // Replace a stale dest (e.g. corrupt cache), tolerating a concurrent winner.
    if dest.exists() && load_fs_dictionary(dest).is_err() {
        let trash = parent.join(format!(".{name}.old-{}-{nanos}", std::process::id()));
        if std::fs::rename(dest, &trash).is_ok() {
            let _ = std::fs::remove_dir_all(&trash);
        }
    }
    match std::fs::rename(&tmp, dest) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            if dest.join("metadata.json").is_file() {
                Ok(()) // another process won the race
            } else {
                Err(build_err(format!("rename into {}: {e}", dest.display())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_japanese_with_readings() {
        let seg = segmenter().expect("dictionary");
        let morphs = crate::tokenize::analyze(&seg, "くらし丸ごと相談室");
        let readings: Vec<_> = morphs.iter().map(|m| m.reading.as_str()).collect();
        assert!(readings.contains(&"まるごと"), "{morphs:?}");
        let morphs = crate::tokenize::analyze(&seg, "子ども食堂");
        let surfaces: Vec<_> = morphs.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(surfaces, ["子供", "食堂"]);
        assert_eq!(morphs[1].reading, "しょくどう");
    }

    #[test]
    fn missing_source_error_is_helpful() {
        let tmp = tempfile::tempdir().unwrap();
        let err = locate_and_load_from(
            None,
            &tmp.path().join("cache"),
            Some(tmp.path().join("nope")),
        )
        .err()
        .expect("must fail");
        let msg = err.to_string();
        assert!(matches!(err, DictError::Missing { .. }), "{msg}");
        assert!(
            msg.contains("apt-get install mecab-ipadic") && msg.contains("TSUNAGU_DICT"),
            "{msg}"
        );
    }

    #[test]
    fn concurrent_builds_tolerate_the_race() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("ipadic");
        let src = Path::new(DEFAULT_IPADIC_SRC);
        if !src.join("matrix.def").is_file() {
            // CI installs mecab-ipadic (scripts/setup.sh): there, a missing one is a failure.
            assert!(
                std::env::var("CI").is_err(),
                "IPADIC sources missing at {DEFAULT_IPADIC_SRC} in CI"
            );
            eprintln!("IPADIC sources not installed: skipping");
            return;
        }
        std::thread::scope(|s| {
            let a = s.spawn(|| build_into(src, &dest));
            let b = s.spawn(|| build_into(src, &dest));
            a.join().unwrap().unwrap();
            b.join().unwrap().unwrap();
        });
        assert!(load(&dest).is_ok());
        let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1, "temp dirs must be cleaned up");
    }
}
