//! The browser search runtime written by `tsunagu build`: the wasm, the hotcache, the
//! search page's data and the `file://` variants; and, when Node.js is installed, the wasm
//! opened from the hotcache and fed byte ranges answering exactly like `tsunagu search`.

mod common;

use std::process::Command;

use common::*;

fn built() -> Site {
    let site = Site::new("basic");
    assert_ok(&site.build());
    site
}

fn bytes(site: &Site, path: &str) -> Vec<u8> {
    std::fs::read(site.out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decodes standard base64 (test-side, independent of the writer's encoder).
fn unbase64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("bad base64 char {c}"),
    };
    let s = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::new();
    for chunk in s.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(val(c)) << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

fn script_json(site: &Site, path: &str, var: &str) -> serde_json::Value {
    let js = String::from_utf8(bytes(site, path)).unwrap();
    let body = js
        .strip_prefix(&format!("window.{var}="))
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .unwrap_or_else(|| panic!("{path} does not set {var}"));
    serde_json::from_str(body).unwrap()
}

#[test]
fn runtime_files_are_written_and_the_file_variants_hold_the_same_bytes() {
    let site = built();
    let wasm = bytes(&site, "assets/search.wasm");
    assert_eq!(&wasm[..4], b"\0asm");
    assert!(site.out().join("assets/search.js").is_file());
    let js = String::from_utf8(bytes(&site, "assets/search-wasm.js")).unwrap();
    let b64 = js
        .strip_prefix("window.TSUNAGU_WASM=\"")
        .and_then(|s| s.trim_end().strip_suffix("\";"))
        .unwrap();
    assert_eq!(unbase64(b64), wasm);

    let manifest: serde_json::Value =
        serde_json::from_slice(&bytes(&site, "search-index/manifest.json")).unwrap();
    let index = script_json(&site, "search-index/index.js", "TSUNAGU_INDEX");
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(index["files"].as_object().unwrap().len(), files.len());
    for f in files {
        let name = f["name"].as_str().unwrap();
        assert_eq!(
            unbase64(index["files"][name].as_str().unwrap()),
            bytes(&site, &format!("search-index/{name}")),
            "{name}"
        );
    }

    // site.json: the hotcache's name, the filters, the fixed URLs, the cards of where to
    // start; site.js holds the same for `file://`.
    let data: serde_json::Value =
        serde_json::from_slice(&bytes(&site, "search-index/site.json")).unwrap();
    assert_eq!(
        script_json(&site, "search-index/site.js", "TSUNAGU_SITE"),
        data
    );
    assert_eq!(data["hotcache"], manifest["hotcache"]);
    let hot = bytes(
        &site,
        &format!("search-index/{}", data["hotcache"].as_str().unwrap()),
    );
    assert_eq!(&hot[..2], &[0x1f, 0x8b], "the hotcache is gzip-compressed");
    assert!(index["files"]
        .get(data["hotcache"].as_str().unwrap())
        .is_none());
    let card = &data["cards"]["marugoto"];
    assert_eq!(card["title"], "くらし丸ごと相談室");
    assert_eq!(card["kana"], "くらしまるごとそうだんしつ");
    assert_eq!(card["url"], "entries/marugoto/index.html");
    assert_eq!(card["areas"][0]["url"], "areas/test-city/index.html");
    let phones = card["phones"].as_array().unwrap();
    assert!(phones.iter().any(|p| p["href"] == "tel:0664239916"));
    assert!(
        phones
            .iter()
            .any(|p| p["number"] == "06-6423-9917" && p["href"].is_null()),
        "FAX is not linked: {phones:?}"
    );
    assert_eq!(data["start_here"], serde_json::json!(["marugoto"]));
    assert_eq!(data["urls"]["categories"], "categories/index.html");
    assert!(data["areas"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["path"].as_str().unwrap().ends_with("/kita-school")));
    // Opening rules by document number: ids in sorted order are the numbers.
    let schedules: serde_json::Value =
        serde_json::from_slice(&bytes(&site, "search-index/schedules.json")).unwrap();
    assert_eq!(
        script_json(&site, "search-index/schedules.js", "TSUNAGU_SCHEDULES"),
        schedules
    );
    // anshin, gyakutai-189, hostile, kita-network, kita-shokudo, marugoto: 4 and 5.
    assert_eq!(
        schedules.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["4", "5"]
    );
    assert_eq!(schedules["5"]["rules"][0]["opens"], 540);

    let search = String::from_utf8(bytes(&site, "search/index.html")).unwrap();
    assert!(search.contains("assets/search.js"));
}

#[test]
fn same_site_same_runtime_bytes() {
    let (a, b) = (built(), built());
    for path in [
        "assets/search-wasm.js",
        "search-index/index.js",
        "search-index/site.json",
        "search-index/schedules.json",
        "search-index/manifest.json",
    ] {
        assert!(
            bytes(&a, path) == bytes(&b, path),
            "{path} differs between builds"
        );
    }
}

/// Runs the built wasm in Node.js the way assets/search.js does and compares with the CLI.
#[test]
fn wasm_answers_like_the_cli_when_node_is_installed() {
    if Command::new("node").arg("--version").output().is_err() {
        // CI installs Node.js (the browser tests need it): there, its absence is a failure.
        assert!(std::env::var("CI").is_err(), "node is not installed in CI");
        eprintln!("node not installed: skipping the wasm-vs-CLI comparison");
        return;
    }
    let site = built();
    let queries = [
        "相談",
        "こども",
        "子ども食堂",
        "ソウダン",
        "06-6423",
        "そうだんしつ",
        "",
        "zzzz",
    ];
    let script = r#"
const fs = require("fs");
const zlib = require("zlib");
const [out, queries] = [process.argv[1], JSON.parse(process.argv[2])];
const enc = new TextEncoder(), dec = new TextDecoder();
WebAssembly.instantiate(fs.readFileSync(out + "/assets/search.wasm"), {}).then(({ instance }) => {
  const x = instance.exports;
  const call = (fn, bytes) => {
    const p = x.alloc(bytes.length);
    new Uint8Array(x.memory.buffer, p, bytes.length).set(bytes);
    const n = x[fn](p, bytes.length);
    x.dealloc(p, bytes.length);
    return JSON.parse(dec.decode(new Uint8Array(x.memory.buffer, x.response_ptr(), n)));
  };
  // As the search page does over http: open from the hotcache, then provide the byte
  // ranges each answer asks for until the results come.
  const dir = out + "/search-index/";
  const site = JSON.parse(fs.readFileSync(dir + "site.json"));
  const opened = call("open_hot", zlib.gunzipSync(fs.readFileSync(dir + site.hotcache)));
  if (opened.error) throw new Error(opened.error);
  const provide = (need) => {
    const pieces = need.map(([f, s, e]) => [enc.encode(f), s, fs.readFileSync(dir + f).subarray(s, e)]);
    const buf = new Uint8Array(8 + pieces.reduce((t, [n, , d]) => t + 12 + n.length + d.length, 0));
    const v = new DataView(buf.buffer);
    buf.set(enc.encode("TSPV"));
    v.setUint32(4, pieces.length, true);
    let o = 8;
    for (const [n, s, d] of pieces) {
      v.setUint32(o, n.length, true); buf.set(n, o + 4); o += 4 + n.length;
      v.setUint32(o, s, true); v.setUint32(o + 4, d.length, true); buf.set(d, o + 8); o += 8 + d.length;
    }
    const r = call("provide", buf);
    if (r.error) throw new Error(r.error);
  };
  const answers = queries.map((q) => {
    for (let round = 0; round < 8; round++) {
      const r = call("search", enc.encode(JSON.stringify({ q, limit: 10 })));
      if (r.error) throw new Error(r.error);
      if (!r.need) return r.hits.map((h) => [h.id, JSON.parse(h.card).id]);
      provide(r.need);
    }
    throw new Error(q + ": still missing bytes");
  });
  console.log(JSON.stringify(answers.map((hits) => hits.map(([id]) => id))));
  for (const hits of answers) for (const [id, cardId] of hits) if (id !== cardId) throw new Error(id + " has the card of " + cardId);
});
"#;
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(site.out())
        .arg(serde_json::to_string(&queries).unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "node: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let wasm: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
    for (q, got) in queries.iter().zip(wasm) {
        let cli = site.run(&[
            "search",
            "--index",
            site.out().join("search-index").to_str().unwrap(),
            "--json",
            q,
        ]);
        assert_ok(&cli);
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&cli.stdout).unwrap();
        let want: Vec<String> = rows
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(got, want, "query {q:?}");
    }
}

/// The `[[package]]` versions of `name` in a Cargo.lock.
fn locked_versions(lock: &str, name: &str) -> Vec<String> {
    lock.split("[[package]]")
        .filter(|p| p.lines().any(|l| l.trim() == format!("name = \"{name}\"")))
        .filter_map(|p| {
            p.lines()
                .find_map(|l| l.trim().strip_prefix("version = \""))
                .map(|v| v.trim_end_matches('"').to_string())
        })
        .collect()
}

#[test]
fn the_browser_engine_reads_with_the_native_tantivy_and_keeps_its_smaller_dependencies() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let native = std::fs::read_to_string(repo.join("Cargo.lock")).unwrap();
    let browser = std::fs::read_to_string(repo.join("wasm/Cargo.lock")).unwrap();
    // The browser opens indexes the native build writes: the same tantivy, byte for byte.
    for krate in [
        "tantivy",
        "tantivy-columnar",
        "tantivy-sstable",
        "tantivy-fst",
        "bitpacking",
    ] {
        let (n, b) = (
            locked_versions(&native, krate),
            locked_versions(&browser, krate),
        );
        assert!(!n.is_empty(), "{krate} is in Cargo.lock");
        assert_eq!(
            n, b,
            "{krate}: native {n:?}, browser {b:?} (update wasm/Cargo.lock)"
        );
    }
    // regex is the regex-lite shim (else cargo dropped the patch: its version must satisfy
    // tantivy's requirement), so the full regex engine and its tables stay out.
    assert_eq!(
        locked_versions(&browser, "regex-lite").len(),
        1,
        "regex-lite is used"
    );
    assert!(
        locked_versions(&browser, "regex-automata").is_empty(),
        "the full regex crate is back in wasm/Cargo.lock"
    );
    assert!(!browser.contains("[[patch.unused]]"), "a patch is unused");
}
