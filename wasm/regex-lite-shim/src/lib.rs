//! `regex` as regex-lite, for the browser engine (see ../Cargo.toml).
pub use regex_lite::*;
