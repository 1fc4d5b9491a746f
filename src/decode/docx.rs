//! Word documents (`.docx`): the text of `word/document.xml`, paragraphs in order,
//! one per line, and table rows as lines whose cells are separated by tabs, so that
//! annex task tables survive.
//!
//! Takes the bytes of a `.docx` file, gives UTF-8 text; spans of a `.docx` input
//! index into this text (there is no text file to point into). A corrupt archive
//! or XML is a [`DecodeError`], never a panic.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{DecodeError, MAX_BYTES};

/// The zip signature every `.docx` starts with.
pub fn looks_like_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Largest `document.xml` read, streamed (its text is held to [`MAX_BYTES`] too):
/// a zip bomb stops here, or at its declared size, before it is inflated.
const MAX_XML: u64 = 8 * MAX_BYTES as u64;

/// Extracts the text of a `.docx` file.
pub fn text(bytes: &[u8]) -> Result<String, DecodeError> {
    let corrupt = |why: String| DecodeError::CorruptDocx { why };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|e| corrupt(format!("word/document.xml: {e}")))?;
    if entry.size() > MAX_XML {
        return Err(DecodeError::TooLarge {
            bytes: usize::try_from(entry.size()).unwrap_or(usize::MAX),
        });
    }
    paragraphs(BufReader::new(entry.take(MAX_XML + 1)))
}

/// Walks the WordprocessingML body: `w:t` text, `w:tab`, `w:br`, paragraph ends,
/// and table cells (tab-separated) and rows (one line each).
fn paragraphs(xml: impl std::io::BufRead) -> Result<String, DecodeError> {
    let corrupt = |e: quick_xml::Error| DecodeError::CorruptDocx {
        why: format!("word/document.xml: {e}"),
    };
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut in_text = false;
    let mut cell_depth = 0usize;
    let mut row_cells = 0usize;
    loop {
        within_limits(&out, reader.buffer_position())?;
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(corrupt)? {
            Event::Start(e) => match e.name().as_ref() {
                b"w:t" => in_text = true,
                b"w:tr" => row_cells = 0,
                b"w:tc" => {
                    if row_cells > 0 {
                        trim_newline(&mut out);
                        out.push('\t');
                    }
                    row_cells += 1;
                    cell_depth += 1;
                }
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"w:tab" => out.push('\t'),
                b"w:br" | b"w:cr" => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => {
                    // Inside a table cell, paragraphs join with a space.
                    out.push(if cell_depth > 0 { ' ' } else { '\n' });
                }
                b"w:tc" => {
                    cell_depth = cell_depth.saturating_sub(1);
                    while out.ends_with(' ') {
                        out.pop();
                    }
                }
                b"w:tr" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => {
                out.push_str(&t.unescape().map_err(corrupt)?);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    within_limits(&out, reader.buffer_position())?;
    Ok(out)
}

/// Text past [`MAX_BYTES`] or XML past [`MAX_XML`] is too large.
fn within_limits(text: &str, xml_read: u64) -> Result<(), DecodeError> {
    let bytes = if text.len() > MAX_BYTES {
        text.len()
    } else if xml_read > MAX_XML {
        usize::try_from(xml_read).unwrap_or(usize::MAX)
    } else {
        return Ok(());
    };
    Err(DecodeError::TooLarge { bytes })
}

fn trim_newline(out: &mut String) {
    while out.ends_with(['\n', ' ']) {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal `.docx`: a zip with `word/document.xml`.
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        );
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn paragraphs_and_table_rows() {
        let bytes = docx(
            "<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>\
             <w:p><w:r><w:t xml:space=\"preserve\">Triển khai </w:t></w:r><w:r><w:t>phong trào</w:t></w:r></w:p>\
             <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Nhiệm vụ</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Chủ trì</w:t></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:tc><w:p><w:r><w:t>Tuyên truyền</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Phòng Văn hóa &amp; Thông tin</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        );
        assert!(looks_like_docx(&bytes));
        assert_eq!(
            text(&bytes).unwrap(),
            "KẾ HOẠCH\nTriển khai phong trào\nNhiệm vụ\tChủ trì\nTuyên truyền\tPhòng Văn hóa & Thông tin\n"
        );
    }

    #[test]
    fn corrupt_archives_are_errors() {
        let mut bytes = docx("<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>");
        bytes.truncate(bytes.len() / 2);
        assert_eq!(text(&bytes).unwrap_err().code(), "corrupt_docx");
        assert!(text(b"PK\x03\x04 not really").is_err());
    }
}
