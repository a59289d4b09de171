//! Any bytes as a browser search request, as a query string and as text to highlight,
//! against the `basic` fixture's index: always an answer (`tests/properties/`).
#![no_main]

#[path = "../../tests/properties/mod.rs"]
mod properties;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = properties::query(data) {
        panic!("{e}");
    }
});
