//! Stage 1, load: the site root's `content/` folder into a [`Directory`].
//!
//! The layers, each in its own module: [`read`] (files to text), [`decode`] (text to YAML
//! nodes with positions, [`yaml`]), [`entry`] and [`settings`] (nodes to typed data, through
//! [`fields`] and [`checks`]), orchestrated by [`load`] with `serve`'s [`cache`].

pub mod cache;
pub mod checks;
pub mod decode;
pub mod entry;
pub mod fields;
pub mod help;
pub mod languages;
pub mod load;
pub mod model;
pub mod read;
pub mod settings;
pub mod vocabulary;
pub mod yaml;

pub use cache::LoadCache;
pub use load::{load, load_cached};
pub use model::*;
