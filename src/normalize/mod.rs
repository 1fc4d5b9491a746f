//! The normalize stage: decoded source text to the text the extractors read, one
//! paragraph per line, with a map back to the source.
//!
//! Passes, in order: [`chars`] (BOM, CRLF, NFC, spaces, dashes, quotes, official
//! tone placement), [`lines`] (Markdown, header columns, page numbers, running
//! headers, hard-wrapped lines joined). The quality of the text ([`quality`]) is
//! judged on the result; when asked, text without diacritics or with OCR damage is
//! then repaired word by word ([`repair`]; a first letter OCR changed takes its
//! case from the document, [`case`]), each repair recorded with the source span of
//! the word as written. Every pass builds a new [`NormText`], so
//! [`NormText::source_span`] turns any range of the result into a span of the source.

pub mod case;
pub mod chars;
pub mod lines;
pub mod quality;
pub mod repair;
pub mod text;

pub use quality::{Quality, WordStats};
pub use text::NormText;

use crate::span::Span;

/// Normalized text with what was learned about it on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Normalized {
    /// One paragraph per line, each line ending in `\n`.
    pub text: NormText,
    /// How the source reads.
    pub quality: Quality,
    /// Words changed by OCR or diacritic repair.
    pub repaired_tokens: usize,
    /// The repairs made, in text order.
    pub repairs: Vec<Repair>,
}

/// One word changed by OCR or diacritic repair.
#[derive(Clone, Debug, PartialEq)]
pub struct Repair {
    /// The word in the source: `&source[span.range()]` is the word as written.
    pub span: Span,
    /// The word as written (after character normalization).
    pub from: String,
    /// The repaired word.
    pub to: String,
    /// How sure the repair is, 0..=1.
    pub confidence: f32,
}

impl Normalized {
    /// True when the words carry their marks, so that words can be matched as
    /// written: the source was clean, or repair restored its marks.
    pub fn has_marks(&self) -> bool {
        self.quality == Quality::Clean || self.repaired_tokens > 0
    }

    /// The paragraphs: each line's byte range in the normalized text, without its `\n`.
    /// The line breaks are found by `memchr` (vectorized), not by `str::split`'s
    /// byte search: extractors walk the paragraphs of every plan.
    pub fn paragraphs(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        paragraph_ranges(self.text.as_str())
    }
}

/// The line ranges of `text` without their `\n`, as `split_inclusive('\n')` cuts
/// it: no empty range after a final `\n`, none at all for an empty text.
fn paragraph_ranges(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let unterminated = (!text.is_empty() && !text.ends_with('\n')).then_some(text.len());
    let mut at = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(unterminated)
        .map(move |end| {
            let r = at..end;
            at = end + 1;
            r
        })
}

/// Runs the normalize stage over decoded source text. With `repair`, text that
/// reads as Vietnamese without diacritics or as OCR damage is repaired word by
/// word ([`repair::Repairer`]); clean text is never touched. Spans stay valid
/// either way.
pub fn normalize(source: &str, repair: bool) -> Normalized {
    normalize_all(&[source], repair).swap_remove(0)
}

/// [`normalize`] over several texts, pass by pass: characters, lines, quality and
/// repair each run over all the texts before the next pass starts, so that a
/// pass's code and tables stay warm. Gives each text exactly what [`normalize`]
/// gives it alone, in order.
pub fn normalize_all(sources: &[&str], repair: bool) -> Vec<Normalized> {
    let texts: Vec<NormText> = sources.iter().map(|s| NormText::from_source(s)).collect();
    let texts: Vec<NormText> = texts.iter().map(chars::normalize_chars).collect();
    let texts: Vec<NormText> = texts.iter().map(lines::normalize_lines).collect();
    let qualities: Vec<Quality> = texts
        .iter()
        .map(|t| WordStats::of(t.as_str()).quality())
        .collect();
    texts
        .into_iter()
        .zip(qualities)
        .map(|(text, quality)| repaired(text, quality, repair))
        .collect()
}

/// A normalized text of the quality given, repaired when asked and it is not clean.
fn repaired(text: NormText, quality: Quality, repair: bool) -> Normalized {
    let mut out = Normalized {
        text,
        quality,
        repaired_tokens: 0,
        repairs: Vec::new(),
    };
    if repair && quality != Quality::Clean {
        let mode = match quality {
            Quality::OcrDamaged => repair::Mode::Ocr,
            _ => repair::Mode::Stripped,
        };
        let mut fixes = repair::Repairer::global().repair_as(out.text.as_str(), mode);
        case::from_document(out.text.as_str(), &mut fixes);
        if !fixes.is_empty() {
            apply_repairs(&mut out, &fixes);
        }
    }
    out
}

fn apply_repairs(out: &mut Normalized, fixes: &[repair::TokenRepair]) {
    let old = &out.text;
    let text = old.as_str();
    let mut b = old.builder();
    let mut at = 0;
    let mut repairs = Vec::with_capacity(fixes.len());
    for f in fixes {
        let r = f.range.clone();
        if r.start < at
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        b.copy(at..r.start);
        let span = b.replace(r.clone(), &f.replacement);
        at = r.end;
        repairs.push(Repair {
            span,
            from: text[r].to_string(),
            to: f.replacement.clone(),
            confidence: f.confidence,
        });
    }
    b.copy(at..text.len());
    out.repaired_tokens = repairs.len();
    out.repairs = repairs;
    out.text = b.finish();
}

#[cfg(test)]
mod tests {
    use super::*;

    const OCR: &str =
        "Phat huy strc manh cua ca hé thong chinh trj trong viéc tuyén truyen, nang\n\
        cao nhan thirc cua cac tang 1op nhan dan vé vai tro cua hoc tap sudt doi; gop phan\n\
        thuc hién chu truong, chinh sach cua Pang va Nha nudc vé d6i moi can ban giao duc,\n\
        t6 chirc thuc hién Ké hoach s6 25/KH-UBND cua UBND huyén.\n";

    #[test]
    fn paragraphs_are_the_lines_split_inclusive_gives() {
        let plainly = |text: &str| -> Vec<std::ops::Range<usize>> {
            let mut at = 0;
            text.split_inclusive('\n')
                .map(|l| {
                    let r = at..at + l.trim_end_matches('\n').len();
                    at += l.len();
                    r
                })
                .collect()
        };
        for text in [
            "",
            "\n",
            "\n\n",
            "một dòng",
            "một dòng\n",
            "I. MỤC ĐÍCH\n\n1. Mục đích\nnội dung",
            "\nđầu trống\n\ncuối trống\n\n",
            OCR,
        ] {
            assert_eq!(
                paragraph_ranges(text).collect::<Vec<_>>(),
                plainly(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_group_normalizes_each_text_as_alone() {
        let texts = [
            OCR,
            "KẾ HOẠCH\r\nI. MỤC ĐÍCH, YÊU CẦU\r\n1.\u{A0}Mục đích\r\n",
            "",
            "Ke hoach thuc hien phong trao hoc tap suot doi cua xa, thi tran nam 2024\n",
            OCR,
        ];
        let all = normalize_all(&texts, true);
        let alone: Vec<Normalized> = texts.iter().map(|t| normalize(t, true)).collect();
        assert_eq!(all, alone);
        assert!(all[0].repaired_tokens > 0);
        assert!(normalize_all(&[], true).is_empty());
    }

    #[test]
    fn repaired_words_keep_their_source_spans() {
        let n = normalize(OCR, true);
        assert_eq!(n.quality, Quality::OcrDamaged);
        assert!(n.repaired_tokens > 20, "{}", n.repaired_tokens);
        assert_eq!(n.repaired_tokens, n.repairs.len());
        let text = n.text.as_str();
        for want in [
            "sức mạnh",
            "Đảng và Nhà nước",
            "tổ chức",
            "nhận thức",
            "25/KH-UBND",
        ] {
            assert!(text.contains(want), "{want:?} missing in {text}");
        }
        for r in &n.repairs {
            assert_eq!(&OCR[r.span.range()], r.from, "{r:?}");
            assert!((0.0..=1.0).contains(&r.confidence));
        }
        let dang = n
            .repairs
            .iter()
            .find(|r| r.to == "Đảng")
            .expect("Đảng repaired");
        assert_eq!(&OCR[dang.span.range()], "Pang");
        // The repaired word in the normalized text maps back to the OCR form.
        let at = text.find("Đảng").unwrap();
        let span = n.text.source_span(at..at + "Đảng".len());
        assert_eq!(&OCR[span.range()], "Pang");
        // A joined line break keeps pointing at both lines.
        let at = text.find("nâng cao").unwrap();
        let span = n.text.source_span(at..at + "nâng cao".len());
        assert_eq!(&OCR[span.range()], "nang\ncao");
    }

    #[test]
    fn without_repair_nothing_changes() {
        let n = normalize(OCR, false);
        assert_eq!(n.repaired_tokens, 0);
        assert!(n.repairs.is_empty());
        assert!(n.text.as_str().contains("Pang va Nha nudc"));
    }

    #[test]
    fn clean_text_is_not_repaired() {
        let src = "Phát huy sức mạnh của cả hệ thống chính trị trong việc tuyên truyền, nâng cao\n\
            nhận thức của các tầng lớp nhân dân về vai trò, ý nghĩa và sự cần thiết của khuyến\n\
            học, khuyến tài, học tập suốt đời, xây dựng xã hội học tập.\n";
        let a = normalize(src, true);
        let b = normalize(src, false);
        assert_eq!(a.quality, Quality::Clean);
        assert_eq!(a.text.as_str(), b.text.as_str());
        assert!(a.repairs.is_empty());
    }

    #[test]
    fn text_without_diacritics_is_restored() {
        let src =
            "Nang cao vai tro, trach nhiem cua cac cap, cac nganh, cac co quan, don vi, to chuc\n\
            trong viec chi dao, trien khai phong trao thi dua xay dung xa hoi hoc tap.\n";
        let n = normalize(src, true);
        assert_eq!(n.quality, Quality::NoDiacritics);
        assert_eq!(
            n.text.as_str(),
            "Nâng cao vai trò, trách nhiệm của các cấp, các ngành, các cơ quan, đơn vị, tổ chức \
             trong việc chỉ đạo, triển khai phong trào thi đua xây dựng xã hội học tập.\n"
        );
        let r = n.repairs.iter().find(|r| r.to == "trách").unwrap();
        assert_eq!(&src[r.span.range()], "trach");
    }
}
