//! The normalize stage: decoded source text to the text the extractors read, one
//! paragraph per line, with a map back to the source.
//!
//! Passes, in order: [`chars`] (BOM, CRLF, NFC, spaces, dashes, quotes, official
//! tone placement), [`lines`] (Markdown, header columns, page numbers, running
//! headers, hard-wrapped lines joined). The quality of the text ([`quality`]) is
//! judged on the result. Every pass builds a new [`NormText`], so
//! [`NormText::source_span`] turns any range of the result into a span of the source.

pub mod chars;
pub mod lines;
pub mod quality;
pub mod text;

pub use quality::{Quality, WordStats};
pub use text::NormText;

/// Normalized text with what was learned about it on the way.
#[derive(Clone, Debug)]
pub struct Normalized {
    /// One paragraph per line, each line ending in `\n`.
    pub text: NormText,
    /// How the source reads.
    pub quality: Quality,
    /// Words changed by OCR or diacritic repair.
    pub repaired_tokens: usize,
}

impl Normalized {
    /// The paragraphs: each line's byte range in the normalized text, without its `\n`.
    pub fn paragraphs(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let text = self.text.as_str();
        let mut at = 0;
        text.split_inclusive('\n').map(move |l| {
            let r = at..at + l.trim_end_matches('\n').len();
            at += l.len();
            r
        })
    }
}

/// Runs the normalize stage over decoded source text.
pub fn normalize(source: &str) -> Normalized {
    let text = NormText::from_source(source);
    let text = chars::normalize_chars(&text);
    let text = lines::normalize_lines(&text);
    let quality = WordStats::of(text.as_str()).quality();
    Normalized {
        text,
        quality,
        repaired_tokens: 0,
    }
}
