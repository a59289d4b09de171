//! QR codes as inline SVG, made at build time so a resident can take an entry to their
//! phone from a kiosk without any network.

use qrcode::{Color, EcLevel, QrCode};

/// An SVG QR code of `url` (medium error correction, 4-module quiet zone), drawn as one
/// path of horizontal runs to keep pages small.
pub fn svg(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 8;
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == Color::Dark {
                    x += 1;
                }
                path.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + 4,
                    y + 4,
                    x - start,
                    x - start
                ));
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"このページのQRコード\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_is_an_svg_with_a_quiet_zone() {
        let svg = svg("https://example.jp/entries/kurashi/").unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        let size: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            (size - 8 - 21) % 4,
            0,
            "a QR version's width plus the 4-module quiet zone each side"
        );
        assert!(
            svg.contains("M4 4h7v1h-7z"),
            "the top-left finder pattern starts at the quiet zone"
        );
    }
}
