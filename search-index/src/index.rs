//! Writing the index (native only): lindera tokenisation, one merged segment
//! built in RAM, files written to a folder together with `manifest.json`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::directory::{Directory, RamDirectory};
use tantivy::schema::{Field, FieldType};
use tantivy::store::Compressor;
use tantivy::tokenizer::{PreTokenizedString, TextAnalyzer};
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument};

use crate::dict::{self, DictError};
use crate::facet::parse_facet;
use crate::phone::PhoneNumber;
use crate::schema::{build_schema, Fields};
use crate::tokenize::{
    simple_token, JapaneseTokenizer, NgramTokenizer, TOKENIZER_JA, TOKENIZER_NGRAM,
    TOKENIZER_READING,
};

/// Name of the manifest file listing the index files (what the browser fetches).
pub const MANIFEST: &str = "manifest.json";
/// Format version written to the manifest; bump on schema/semantics changes.
pub const FORMAT_VERSION: u32 = 2;

/// One resource to index, as plain data (the site generator fills it in).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Unique id (slug); results are returned by id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Optional kana reading of the title.
    pub kana: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Target audiences.
    pub audiences: Vec<String>,
    /// One-line summary.
    pub summary: String,
    /// Operating organisation.
    pub organization: String,
    /// Body as plain text.
    pub body: String,
    /// Area and category display names, ancestors included.
    pub places: Vec<String>,
    /// Area facet paths, e.g. `/amagasaki/amagasaki-tachibana`.
    pub area_paths: Vec<String>,
    /// Category facet paths, e.g. `/support/food`.
    pub category_paths: Vec<String>,
    /// Phone numbers, as validated.
    pub phones: Vec<PhoneNumber>,
}

/// The manifest written next to the index files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// Number of documents.
    pub docs: u64,
    /// Index files (name and byte size), sorted by name.
    pub files: Vec<ManifestFile>,
}

/// One file of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// File name inside the index folder.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
}

/// Errors while building the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The Japanese dictionary could not be loaded or built.
    #[error(transparent)]
    Dictionary(#[from] DictError),
    /// tantivy failed.
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Two documents share an id.
    #[error("search index: duplicate document id {0:?}")]
    DuplicateId(String),
    /// A facet path is malformed.
    #[error("search index: document {id:?}: bad facet path {path:?} (expected like /amagasaki/tachibana)")]
    BadFacet {
        /// Document id.
        id: String,
        /// The path as given.
        path: String,
    },
    /// Reading or writing files failed.
    #[error("search index: {path}: {source}")]
    Io {
        /// File concerned.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Creates an empty in-RAM index with the schema and all tokenizers registered.
fn create_index() -> Result<(Index, RamDirectory), IndexError> {
    let dir = RamDirectory::create();
    let settings = IndexSettings {
        docstore_compression: Compressor::Lz4,
        docstore_compress_dedicated_thread: false,
        ..IndexSettings::default()
    };
    let index = Index::create(dir.clone(), build_schema(), settings)?;
    let seg = dict::segmenter()?;
    let tm = index.tokenizers();
    tm.register(TOKENIZER_JA, JapaneseTokenizer::surface(seg.clone()));
    tm.register(TOKENIZER_READING, JapaneseTokenizer::reading(seg));
    tm.register(TOKENIZER_NGRAM, NgramTokenizer);
    Ok((index, dir))
}

/// The index's tokenizers by field, used to tokenise documents before they reach the
/// (single-threaded, hence deterministic) writer: tokenising is the expensive part, and
/// this way it runs on every core.
#[derive(Clone)]
struct Analyzers(Vec<(Field, TextAnalyzer)>);

impl Analyzers {
    fn new(index: &Index) -> Result<Self, IndexError> {
        let schema = index.schema();
        let mut out = Vec::new();
        for (field, entry) in schema.fields() {
            if let FieldType::Str(opts) = entry.field_type() {
                if opts
                    .get_indexing_options()
                    .is_some_and(|i| i.tokenizer() != "raw")
                {
                    out.push((field, index.tokenizer_for_field(field)?));
                }
            }
        }
        Ok(Analyzers(out))
    }

    /// Adds `text` to `field`, already tokenised when the field has a tokenizer.
    fn add(&mut self, d: &mut TantivyDocument, field: Field, text: &str) {
        match self.0.iter_mut().find(|(f, _)| *f == field) {
            Some((_, analyzer)) => {
                let mut stream = analyzer.token_stream(text);
                let mut tokens = Vec::new();
                while stream.advance() {
                    tokens.push(stream.token().clone());
                }
                d.add_pre_tokenized_text(
                    field,
                    PreTokenizedString {
                        text: text.to_string(),
                        tokens,
                    },
                );
            }
            None => d.add_text(field, text),
        }
    }
}

fn to_tantivy(
    doc: &Document,
    f: &Fields,
    a: &mut Analyzers,
) -> Result<TantivyDocument, IndexError> {
    let mut d = TantivyDocument::default();
    d.add_text(f.id, &doc.id);
    // Every text is analysed into its field, and into `reading` (kana queries). Only the
    // short, distinctive texts (title, reading, tags) also get `ngram`, the substring
    // fallback: it is the biggest part of the index every first search downloads (with
    // positions, for phrases), and n-grams of summaries, organisations, area names or
    // bodies cost that much for no recall on the evaluation set (tests/eval).
    let mut ngram: Vec<&str> = vec![&doc.title];
    let mut reading: Vec<&str> = vec![&doc.title];
    a.add(&mut d, f.title, &doc.title);
    if let Some(k) = &doc.kana {
        a.add(&mut d, f.kana, k);
        ngram.push(k);
        reading.push(k);
    }
    for t in &doc.tags {
        a.add(&mut d, f.tags, t);
        ngram.push(t);
        reading.push(t);
    }
    for t in &doc.audiences {
        a.add(&mut d, f.audiences, t);
        reading.push(t);
    }
    for p in &doc.places {
        a.add(&mut d, f.places, p);
        reading.push(p);
    }
    a.add(&mut d, f.summary, &doc.summary);
    a.add(&mut d, f.organization, &doc.organization);
    a.add(&mut d, f.body, &doc.body);
    reading.extend([doc.summary.as_str(), &doc.organization, &doc.body]);
    for t in reading.into_iter().filter(|t| !t.trim().is_empty()) {
        a.add(&mut d, f.reading, t);
    }
    for t in ngram.into_iter().filter(|t| !t.trim().is_empty()) {
        a.add(&mut d, f.ngram, t);
    }
    for p in &doc.phones {
        let tokens = p.index_terms().into_iter().enumerate();
        d.add_pre_tokenized_text(
            f.phone,
            PreTokenizedString {
                text: p.digits.clone(),
                tokens: tokens.map(|(i, t)| simple_token(i, t)).collect(),
            },
        );
    }
    for (field, paths) in [(f.area, &doc.area_paths), (f.category, &doc.category_paths)] {
        for p in paths {
            let facet =
                parse_facet(p)
                    .filter(|f| !f.is_root())
                    .ok_or_else(|| IndexError::BadFacet {
                        id: doc.id.clone(),
                        path: p.clone(),
                    })?;
            d.add_facet(field, facet);
        }
    }
    Ok(d)
}

/// Builds the index of `docs` in memory: file names and bytes, `manifest.json` last.
///
/// Docs are added sorted by id with a single-threaded writer, committed and merged into
/// one segment. tantivy names segments with random ids; the segment is renamed after a
/// hash of its files, so the same docs always give byte-identical files.
pub fn build_files(docs: &[Document]) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    build(docs, None, 1)
}

/// Documents analysed by an earlier build, by id. Tokenising is most of the cost of a
/// build; `serve` rebuilds the index after every save, and a document equal to the one
/// analysed before is not tokenised again.
#[derive(Default)]
pub struct AnalysisCache(HashMap<String, (Document, TantivyDocument)>);

/// [`build_files`], reusing and then replacing the analyses in `cache` (the same bytes).
pub fn build_files_cached(
    docs: &[Document],
    cache: &mut AnalysisCache,
) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    build(docs, Some(cache), 1)
}

/// [`build_files`], with the docs committed in `segments` batches left unmerged: sites
/// always get one segment, but the query side must answer the same over several.
#[cfg(test)]
pub(crate) fn build_files_unmerged(
    docs: &[Document],
    segments: usize,
) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    build(docs, None, segments)
}

fn build(
    docs: &[Document],
    cache: Option<&mut AnalysisCache>,
    segments: usize,
) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    let (index, dir) = create_index()?;
    let fields = Fields::from_schema(&index.schema())?;

    let mut sorted: Vec<&Document> = docs.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    for w in sorted.windows(2) {
        if w[0].id == w[1].id {
            return Err(IndexError::DuplicateId(w[0].id.clone()));
        }
    }

    let analyzers = Analyzers::new(&index)?;
    let tantivy_docs: Vec<TantivyDocument> = match cache {
        None => sorted
            .par_iter()
            .map_init(|| analyzers.clone(), |a, doc| to_tantivy(doc, &fields, a))
            .collect::<Result<_, _>>()?,
        Some(cache) => {
            let fresh: Vec<Option<TantivyDocument>> = sorted
                .par_iter()
                .map_init(
                    || analyzers.clone(),
                    |a, doc| match cache.0.get(&doc.id) {
                        Some((cached, _)) if cached == *doc => Ok(None),
                        _ => to_tantivy(doc, &fields, a).map(Some),
                    },
                )
                .collect::<Result<_, _>>()?;
            let mut next = HashMap::with_capacity(sorted.len());
            let mut out = Vec::with_capacity(sorted.len());
            for (doc, fresh) in sorted.iter().zip(fresh) {
                let (doc, analysed) = match fresh {
                    Some(t) => ((*doc).clone(), t),
                    None => cache.0.remove(&doc.id).expect("cached above"),
                };
                out.push(analysed.clone());
                next.insert(doc.id.clone(), (doc, analysed));
            }
            cache.0 = next;
            out
        }
    };
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, 256_000_000)?;
    let batch = tantivy_docs.len().div_ceil(segments.max(1)).max(1);
    if segments > 1 {
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    }
    for (i, doc) in tantivy_docs.into_iter().enumerate() {
        writer.add_document(doc)?;
        if segments > 1 && (i + 1) % batch == 0 {
            writer.commit()?;
        }
    }
    writer.commit()?;

    let segment_ids = index.searchable_segment_ids()?;
    if segment_ids.len() > 1 && segments <= 1 {
        writer.merge(&segment_ids).wait()?;
    }
    writer.garbage_collect_files().wait()?;
    writer.wait_merging_threads()?;

    let internal = |e: String| IndexError::Tantivy(tantivy::TantivyError::InternalError(e));
    let metas = index.searchable_segment_metas()?;
    let mut meta = String::from_utf8(
        dir.atomic_read(Path::new("meta.json"))
            .map_err(|e| internal(e.to_string()))?,
    )
    .map_err(|e| internal(e.to_string()))?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for seg in metas {
        let old = seg.id().uuid_string();
        let mut seg_files: Vec<(String, Vec<u8>)> = Vec::new();
        for ext in [
            ".idx",
            ".pos",
            ".term",
            ".store",
            ".fast",
            ".fieldnorm",
            ".del",
        ] {
            let name = format!("{old}{ext}");
            let path = PathBuf::from(&name);
            let Ok(slice) = dir.open_read(&path) else {
                continue;
            };
            let data = slice
                .read_bytes()
                .map_err(io_err(&path))?
                .as_slice()
                .to_vec();
            seg_files.push((name, data));
        }
        seg_files.sort();
        let new = stable_id(&seg_files);
        meta = meta.replace(&hyphenated(&old), &hyphenated(&new));
        for (name, data) in seg_files {
            files.push((name.replacen(&old, &new, 1), data));
        }
    }
    files.push(("meta.json".into(), meta.into_bytes()));
    files.sort();
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        docs: sorted.len() as u64,
        files: files
            .iter()
            .map(|(name, data)| ManifestFile {
                name: name.clone(),
                size: data.len() as u64,
            })
            .collect(),
    };
    files.push((
        MANIFEST.into(),
        serde_json::to_vec_pretty(&manifest).expect("manifest serialises"),
    ));
    Ok(files)
}

/// A 32-hex-digit id derived from the files' names and bytes (two FNV-1a 64 hashes).
fn stable_id(files: &[(String, Vec<u8>)]) -> String {
    let mut h = [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142u64];
    for (name, data) in files {
        let ext = name.rsplit('.').next().unwrap_or("");
        for b in ext.bytes().chain(data.iter().copied()) {
            for (i, x) in h.iter_mut().enumerate() {
                *x ^= u64::from(b) + i as u64;
                *x = x.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    }
    format!("{:016x}{:016x}", h[0], h[1])
}

fn hyphenated(id: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &id[..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str) -> Document {
        Document {
            id: id.into(),
            title: title.into(),
            body: format!("{title}の相談窓口です。"),
            area_paths: vec!["/amagasaki".into()],
            phones: vec![PhoneNumber::parse("06-4950-0584").unwrap()],
            ..Document::default()
        }
    }

    #[test]
    fn builds_are_byte_identical_with_or_without_the_cache() {
        let mut docs = vec![doc("b", "子ども食堂"), doc("a", "地域包括支援センター")];
        let mut cache = AnalysisCache::default();
        assert_eq!(
            build_files_cached(&docs, &mut cache).unwrap(),
            build_files(&docs).unwrap()
        );
        assert_eq!(cache.0.len(), 2);
        // an edited, a removed and a new document
        docs[0].title = "こども食堂ひまわり".into();
        docs.remove(1);
        docs.push(doc("c", "ふれあいサロン"));
        assert_eq!(
            build_files_cached(&docs, &mut cache).unwrap(),
            build_files(&docs).unwrap()
        );
        let mut ids: Vec<&String> = cache.0.keys().collect();
        ids.sort();
        assert_eq!(ids, ["b", "c"]);
        assert_eq!(cache.0["b"].0.title, "こども食堂ひまわり");
        assert!(matches!(
            build_files_cached(&[doc("x", "a"), doc("x", "b")], &mut cache),
            Err(IndexError::DuplicateId(_))
        ));
    }
}
