//! The browser search engine: the C-ABI exports of `search_index::runtime` (feature
//! `wasm`), linked into a cdylib. See Cargo.toml for why this is a workspace of its own.

pub use search_index::runtime;
