//! Stage 1, load: the site root's `content/` folder into a [`Directory`].

pub mod fields;
pub mod load;
pub mod model;
pub mod phone;
pub mod yaml;

pub use load::{load, load_cached, LoadCache};
pub use model::*;
