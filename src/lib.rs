//! tsunagu (つなぐ): a static-site generator for Japanese community resource directories.
//!
//! The pipeline, one module per stage: [`content`] (load) -> [`validate`] -> [`render`] ->
//! [`index`] -> [`output`] (write), driven by [`build`]; [`cli`] is the thin command line.
//! `ARCHITECTURE.md` maps the folders and says where each rule lives.

pub mod build;
pub mod cli;
pub mod collate;
pub mod compress;
pub mod content;
pub mod diagnostics;
pub mod import;
pub mod index;
pub mod lang;
pub mod markdown;
pub mod new;
pub mod offline;
pub mod opendata;
pub mod output;
pub mod progress;
pub mod render;
pub mod schedule;
pub mod serve;
pub mod taxonomy;
pub mod urls;
pub mod validate;
