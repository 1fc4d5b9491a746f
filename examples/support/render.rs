//! Writes UTF-8 text back out in each encoding kehoach reads, as plans arrive: UTF-8,
//! UTF-16 LE/BE with a byte-order mark, Windows-1258 (tones as combining marks),
//! TCVN3, VNI-Windows, and a minimal Word `.docx` (one paragraph per line). Shared
//! by the examples that generate inputs (`gen_archive`, `fuzz_seeds`).

use std::io::Write;

use kehoach::decode::{tcvn3, vni, Encoding};
use kehoach::syllable::{split_tone, tone_mark, Tone};

/// The bytes of `text` in `encoding`, or `None` when a character has no code there.
pub fn render(text: &str, encoding: Encoding) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Utf8 => Some(text.as_bytes().to_vec()),
        Encoding::Utf16Le => Some(utf16(text, [0xFF, 0xFE], u16::to_le_bytes)),
        Encoding::Utf16Be => Some(utf16(text, [0xFE, 0xFF], u16::to_be_bytes)),
        Encoding::Windows1258 => windows_1258(text),
        Encoding::Tcvn3 => tcvn3::encode(text),
        Encoding::Vni => vni::encode(text),
        Encoding::Docx => Some(docx(text)),
    }
}

fn utf16(text: &str, bom: [u8; 2], order: fn(u16) -> [u8; 2]) -> Vec<u8> {
    let mut out = bom.to_vec();
    for u in text.encode_utf16() {
        out.extend_from_slice(&order(u));
    }
    out
}

/// Windows-1258 has few precomposed toned letters: tones go after the letter.
fn windows_1258(text: &str) -> Option<Vec<u8>> {
    let mut split = String::with_capacity(text.len());
    for c in text.chars() {
        let (base, tone) = split_tone(c);
        if tone == Tone::Level {
            split.push(c);
        } else {
            split.push(base);
            split.extend(tone_mark(tone));
        }
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&split);
    (!unmappable).then(|| bytes.into_owned())
}

/// A `.docx` whose `word/document.xml` holds one paragraph per line of `text`.
fn docx(text: &str) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let body: String = text
        .lines()
        .map(|l| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                esc(l)
            )
        })
        .collect();
    let xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let written = zip
        .start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .and_then(|()| zip.write_all(xml.as_bytes()).map_err(Into::into))
        .and_then(|()| zip.finish().map(|_| ()));
    written.expect("writing a zip into memory cannot fail");
    buf.into_inner()
}
