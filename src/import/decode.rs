//! A CSV file's bytes to text: UTF-8 with or without a byte-order mark, UTF-16 (Excel's
//! 「Unicode テキスト」, which is also tab-separated) and Shift_JIS (cp932, what Excel
//! writes on Japanese Windows), told apart by their bytes.

/// The encoding a file was read in, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    ShiftJis,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16 => "UTF-16",
            Encoding::ShiftJis => "Shift_JIS",
        }
    }
}

/// The text of `bytes` and its encoding; `None` when it is none of the three.
pub fn decode(bytes: &[u8]) -> Option<(String, Encoding)> {
    let utf16 = |enc: &'static encoding_rs::Encoding, rest: &[u8]| {
        let (text, had_errors) = enc.decode_without_bom_handling(rest);
        (!had_errors).then(|| (text.into_owned(), Encoding::Utf16))
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(encoding_rs::UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(encoding_rs::UTF_16BE, rest);
    }
    // UTF-16 without a mark: ASCII letters leave a NUL in every other byte.
    let head = &bytes[..bytes.len().min(4096)];
    let even_nuls = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_nuls > head.len() / 8 && even_nuls == 0 {
        return utf16(encoding_rs::UTF_16LE, bytes);
    }
    if even_nuls > head.len() / 8 && odd_nuls == 0 {
        return utf16(encoding_rs::UTF_16BE, bytes);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((s.to_string(), Encoding::Utf8));
    }
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    (!had_errors).then(|| (text.into_owned(), Encoding::ShiftJis))
}

/// The field separator: a tab when the header line has tabs and no commas (Excel's
/// 「Unicode テキスト」), else a comma.
pub fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.contains('\t') && !header.contains(',') {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_encodings_are_told_apart() {
        let text = "名称,電話番号\n尼崎市役所,06-6375-1\n";
        let (t, e) = decode(text.as_bytes()).unwrap();
        assert_eq!((t.as_str(), e), (text, Encoding::Utf8));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap().0, text);
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        assert_eq!(
            decode(&sjis).unwrap(),
            (text.to_string(), Encoding::ShiftJis)
        );
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap(), (text.to_string(), Encoding::Utf16));
        let unmarked: Vec<u8> = "NO\tname\n1\tA\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&unmarked).unwrap().1, Encoding::Utf16);
        assert_eq!(decode(b"\x82\xa0\xff\xff"), None);
    }

    #[test]
    fn a_tab_separated_header_is_tab_separated() {
        assert_eq!(delimiter("名称\t住所\n"), b'\t');
        assert_eq!(delimiter("名称,住所\t（方書）\n"), b',');
    }
}
