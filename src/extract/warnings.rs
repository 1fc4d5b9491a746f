//! Data-quality warnings about the plan as a whole: duplicated items, dates that
//! cannot be right, malformed year ranges, standard parts missing, headings of no
//! known kind, and the OCR repairs normalization made.
//!
//! Reads the layout, the extracted document and references, and the repairs of the
//! normalize stage; gives [`Warning`]s, each with a source span where it points at
//! text. Warnings never change the facts: they mark what to check.

use std::sync::LazyLock;

use regex::Regex;

use super::Context;
use crate::plan::{Document, Reference, Warning};
use crate::segment::{Item, SectionKind};
use crate::syllable::{fold, fold_lower, fold_words};

/// Repairs below this confidence are reported one by one.
const LOW_CONFIDENCE: f32 = 0.5;

/// Items shorter than this (in characters) are not compared for duplication:
/// short formulas ("Mục đích") legitimately repeat.
const MIN_DUPLICATE_CHARS: usize = 80;

/// Runs every plan-level check.
pub fn extract(ctx: &Context<'_>, document: &Document, references: &[Reference]) -> Vec<Warning> {
    let mut out = Vec::new();
    duplicate_items(ctx, &mut out);
    implausible_dates(document, references, &mut out);
    malformed_year_ranges(ctx, &mut out);
    missing_sections(ctx, document, &mut out);
    unrecognized_headings(ctx, &mut out);
    repairs(ctx, &mut out);
    out
}

/// Two items under the same parent with the same words (after folding and
/// spacing): a copy error. The same criterion under two target groups is not one.
///
/// Folding keeps the number of words (a character folds to whitespace exactly when
/// it is whitespace), so only items that share their parent and their number of
/// words with another are folded and compared.
fn duplicate_items(ctx: &Context<'_>, out: &mut Vec<Warning>) {
    for section in &ctx.layout.sections {
        let candidates: Vec<(&Item, &str, usize)> = section
            .all_items()
            .into_iter()
            .filter_map(|item| {
                let (chars, words) = shape(item);
                if chars < MIN_DUPLICATE_CHARS {
                    return None;
                }
                let parent = item.id.rsplit_once('.').map_or("", |(p, _)| p);
                Some((item, parent, words))
            })
            .collect();
        // Grouped by parent and number of words by a stable sort, so that each
        // group keeps the order of the items; within a group, sorting the folded
        // words (then the order) puts each copy after its first original.
        let shape_of = |k: usize| (candidates[k].1, candidates[k].2);
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        order.sort_by(|&a, &b| shape_of(a).cmp(&shape_of(b)));
        let mut copy_of: Vec<Option<usize>> = vec![None; candidates.len()];
        for group in order.chunk_by(|&a, &b| shape_of(a) == shape_of(b)) {
            if let &[a, b] = group {
                // Two items, as in most groups: the same words as written fold the
                // same; else their folded words are compared up to the first
                // difference, and not folded further.
                let (x, y) = (candidates[a].0, candidates[b].0);
                if pieces(x) == pieces(y) || folded_words(x).eq(folded_words(y)) {
                    copy_of[b] = Some(a);
                }
                continue;
            }
            if group.len() < 2 {
                continue;
            }
            let mut folded: Vec<(String, usize)> = group
                .iter()
                .map(|&k| (fold_words(&candidates[k].0.full_text()), k))
                .collect();
            folded.sort();
            for same in folded.chunk_by(|a, b| a.0 == b.0) {
                for &(_, k) in &same[1..] {
                    copy_of[k] = Some(same[0].1);
                }
            }
        }
        for (&(item, _, _), first) in candidates.iter().zip(copy_of) {
            if let Some(first) = first {
                out.push(Warning {
                    code: "duplicate_item".to_string(),
                    message: format!(
                        "item {} repeats item {} word for word",
                        item.id, candidates[first].0.id
                    ),
                    span: Some(ctx.span(item.range.clone())),
                });
            }
        }
    }
}

/// The characters of [`fold_words`] of [`Item::full_text`], one at a time and
/// without building either: each character folded as `fold_words` folds it, a
/// space given before a word that follows whitespace, none at the start or end.
fn folded_words(item: &Item) -> impl Iterator<Item = char> + '_ {
    let (mut space, mut started) = (false, false);
    pieces(item)
        .into_iter()
        .flat_map(str::chars)
        .flat_map(|c| {
            // A lowercase is three characters at most.
            let (mut buf, mut n) = (['\0'; 3], 0);
            fold_lower(c, |f| {
                buf[n] = f;
                n += 1;
            });
            buf.into_iter().take(n)
        })
        .flat_map(move |f| {
            if f.is_whitespace() {
                space = started;
                [None, None]
            } else {
                started = true;
                [std::mem::take(&mut space).then_some(' '), Some(f)]
            }
        })
        .flatten()
}

/// The pieces that [`Item::full_text`] joins.
fn pieces(item: &Item) -> [&str; 3] {
    match (&item.heading, item.text.is_empty()) {
        (Some(h), true) => [h.as_str(), "", ""],
        (Some(h), false) => [h.as_str(), ": ", item.text.as_str()],
        (None, _) => [item.text.as_str(), "", ""],
    }
}

/// The characters and whitespace-separated words of [`Item::full_text`], counted
/// without building it.
fn shape(item: &Item) -> (usize, usize) {
    let (mut chars, mut words, mut in_word) = (0, 0, false);
    for piece in pieces(item) {
        let (c, w, i) =
            ascii_spaced_shape(piece, in_word).unwrap_or_else(|| piece_shape(piece, in_word));
        (chars, words, in_word) = (chars + c, words + w, i);
    }
    (chars, words)
}

/// Bytes looked at together by [`ascii_spaced_shape`]: its counts stay within a
/// byte, and a loop over a fixed number of bytes is one the compiler vectorizes.
const CHUNK: usize = 64;

/// [`piece_shape`] of a piece whose only whitespace is ASCII, else `None`.
///
/// With no whitespace beyond ASCII, a character is a space exactly when its first
/// byte is an ASCII space (a character beyond ASCII is then no space), so a word
/// starts at each byte that is no ASCII space after one that is, and at the first
/// byte when the piece before ended in a space; characters are the bytes that are
/// not continuation bytes. Whitespace beyond ASCII (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000) opens with `C2`, `E1 9A`, `E2` or `E3`: where one of those
/// is seen, the characters there are decoded to tell the quotes and dashes that
/// `E2` also opens from a space.
fn ascii_spaced_shape(piece: &str, in_word: bool) -> Option<(usize, usize, bool)> {
    let bytes = piece.as_bytes();
    let &last = bytes.last()?;
    let wide_space_in = |from: usize| {
        bytes[from..].iter().take(CHUNK).enumerate().any(|(k, &b)| {
            matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
                && piece[from + k..]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace)
        })
    };
    let (mut chars, mut starts, mut at) = (0, 0, 0);
    // Each chunk takes the byte after it too, for the pair that straddles; the
    // last is padded with spaces, which neither start a word nor open a space
    // beyond ASCII, and whose count is taken off the characters.
    while at < bytes.len() {
        let rest = &bytes[at..];
        let (seen, c, n) = match rest.first_chunk::<{ CHUNK + 1 }>() {
            Some(x) => chunk_counts(x),
            None => {
                let mut x = [b' '; CHUNK + 1];
                x[..rest.len()].copy_from_slice(rest);
                let (seen, c, n) = chunk_counts(&x);
                (seen, c - (CHUNK - rest.len()) as u8, n)
            }
        };
        if seen && wide_space_in(at) {
            return None;
        }
        (chars, starts, at) = (chars + usize::from(c), starts + usize::from(n), at + CHUNK);
    }
    let words = starts + usize::from(!in_word && !ascii_space(bytes[0]));
    Some((chars, words, !ascii_space(last)))
}

/// For the first [`CHUNK`] bytes of `x`: whether one may open a space beyond ASCII,
/// how many start a character, and how many start a word after an ASCII space
/// (the last byte of `x` is only the one after).
fn chunk_counts(x: &[u8; CHUNK + 1]) -> (bool, u8, u8) {
    let space = |b: u8| u8::from(ascii_space(b));
    let (mut seen, mut c, mut n) = (0u8, 0u8, 0u8);
    for k in 0..CHUNK {
        let (a, b) = (x[k], x[k + 1]);
        seen |= u8::from(a == 0xC2)
            | u8::from(a == 0xE2)
            | u8::from(a == 0xE3)
            | u8::from(a == 0xE1) & u8::from(b == 0x9A);
        c += u8::from((a as i8) >= -0x40);
        n += space(a) & !space(b) & 1;
    }
    (seen != 0, c, n)
}

/// What [`char::is_whitespace`] says of an ASCII byte.
fn ascii_space(b: u8) -> bool {
    b == b' ' || b.wrapping_sub(b'\t') <= b'\r' - b'\t'
}

/// The characters and words of a piece of [`Item::full_text`] and whether it ends
/// in a word, `in_word` telling whether the piece before did: the plain count, byte
/// by byte, for a piece that may hold whitespace beyond ASCII.
fn piece_shape(piece: &str, mut in_word: bool) -> (usize, usize, bool) {
    let (mut chars, mut words) = (0, 0);
    let bytes = piece.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        // A character starts at every byte but a continuation byte; only these
        // lead bytes open a whitespace character beyond ASCII (U+0085, U+00A0,
        // U+1680, U+2000–U+205F, U+3000). 0xE1 also opens most of Vietnamese's
        // marked letters (U+1EA0–U+1EF9), so its one space is told by bytes.
        let space = match b {
            0x80..=0xBF => continue,
            b'\t'..=b'\r' | b' ' => true,
            0xE1 => bytes.get(i + 1..i + 3) == Some(&[0x9A, 0x80]),
            0xC2 | 0xE2 | 0xE3 => piece[i..].chars().next().is_some_and(char::is_whitespace),
            _ => false,
        };
        chars += 1;
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    (chars, words, in_word)
}

/// A cited document dated before 1945, or after the plan itself. When the plan is
/// undated, it was issued after the documents it implements: a citation more than a
/// year after the latest of those is flagged.
fn implausible_dates(document: &Document, references: &[Reference], out: &mut Vec<Warning>) {
    let year_of = |d: &str| d.get(..4).and_then(|y| y.parse::<i32>().ok());
    let basis_year = references
        .iter()
        .filter(|r| r.relation.as_deref() == Some("basis"))
        .filter_map(|r| r.date.as_deref().and_then(year_of))
        .max();
    let (limit, why) = match (document.year, basis_year) {
        (Some(y), _) => (y, format!("the plan's own year {y}")),
        (None, Some(b)) => (
            b + 1,
            format!("the year after its basis ({b}); the plan itself is undated"),
        ),
        (None, None) => (i32::MAX, String::new()),
    };
    for r in references {
        let Some(date) = r.date.as_deref() else {
            continue;
        };
        let Some(year) = year_of(date) else { continue };
        let name = r.number.as_deref().unwrap_or(&r.doc_type);
        if year < 1945 {
            out.push(Warning {
                code: "implausible_date".to_string(),
                message: format!("{name} is dated {date}, before 1945"),
                span: Some(r.span),
            });
        } else if year > limit {
            out.push(Warning {
                code: "implausible_date".to_string(),
                message: format!("{name} is dated {date}, after {why}"),
                span: Some(r.span),
            });
        }
    }
}

/// "giai đoạn 202 - 2030": a year range whose years are not four digits.
fn malformed_year_ranges(ctx: &Context<'_>, out: &mut Vec<Warning>) {
    // The second number must end its run of digits, as `\b` would say; the check
    // is made after the match because a Unicode `\b` keeps the regex off its fast
    // engine. A match is never part of another, so dropping one loses nothing.
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)giai đoạn\s+(\d{1,6})\s*-\s*(\d{1,6})").unwrap());
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\w").unwrap());
    let text = ctx.text();
    for m in RE.captures_iter(text) {
        let end = m.get(0).map_or(0, |g| g.end());
        if WORD.is_match(&text[end..]) {
            continue;
        }
        let (a, b) = (&m[1], &m[2]);
        let year =
            |s: &str| s.len() == 4 && s.parse::<i32>().is_ok_and(|y| (1945..=2100).contains(&y));
        if !(year(a) && year(b)) {
            let whole = m.get(0).map_or(0..0, |g| g.range());
            out.push(Warning {
                code: "malformed_number".to_string(),
                message: format!("the period \"{a} - {b}\" is not a range of years"),
                span: Some(ctx.span(whole)),
            });
        }
    }
}

/// Parts every plan has (purpose, content, organization, funding), and for an
/// emulation movement ("thi đua" in the title) its criteria and awards.
fn missing_sections(ctx: &Context<'_>, document: &Document, out: &mut Vec<Warning>) {
    if ctx.layout.sections.is_empty() {
        out.push(Warning {
            code: "missing_section".to_string(),
            message: "no numbered sections (I, II, …) were found".to_string(),
            span: None,
        });
        return;
    }
    let mut wanted = vec![
        (SectionKind::Purpose, "purpose (MỤC ĐÍCH, YÊU CẦU)"),
        (SectionKind::Content, "content (NỘI DUNG, NHIỆM VỤ)"),
        (
            SectionKind::Organization,
            "organization (TỔ CHỨC THỰC HIỆN)",
        ),
        (SectionKind::Funding, "funding (KINH PHÍ)"),
    ];
    let emulation = document
        .title
        .as_deref()
        .is_some_and(|t| fold(t).contains("thi dua"));
    if emulation {
        wanted.push((SectionKind::Criteria, "criteria (TIÊU CHÍ THI ĐUA)"));
        wanted.push((SectionKind::Awards, "awards (KHEN THƯỞNG)"));
    }
    for (kind, name) in wanted {
        if ctx.sections_of(kind).next().is_none() {
            out.push(Warning {
                code: "missing_section".to_string(),
                message: format!("the plan has no {name} section"),
                span: None,
            });
        }
    }
}

fn unrecognized_headings(ctx: &Context<'_>, out: &mut Vec<Warning>) {
    for s in &ctx.layout.sections {
        if s.kinds == [SectionKind::Other] {
            out.push(Warning {
                code: "unrecognized_heading".to_string(),
                message: format!(
                    "section {} \"{}\" is of no known kind",
                    s.numeral, s.heading
                ),
                span: Some(ctx.span(s.heading_range.clone())),
            });
        }
    }
}

/// One summary of the repairs, and each repair made with low confidence.
fn repairs(ctx: &Context<'_>, out: &mut Vec<Warning>) {
    let repairs = &ctx.norm.repairs;
    if repairs.is_empty() {
        return;
    }
    out.push(Warning {
        code: "ocr_repaired".to_string(),
        message: format!(
            "{} words were repaired (OCR damage or missing diacritics); each fact's span points at the text as written",
            repairs.len()
        ),
        span: None,
    });
    for r in repairs.iter().filter(|r| r.confidence < LOW_CONFIDENCE) {
        out.push(Warning {
            code: "low_confidence_repair".to_string(),
            message: format!(
                "\"{}\" read as \"{}\" (confidence {:.2})",
                r.from, r.to, r.confidence
            ),
            span: Some(r.span),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract as extract_all;
    use crate::normalize::normalize;
    use crate::segment::segment;

    fn warnings(src: &str) -> Vec<Warning> {
        let norm = normalize(src, true);
        let layout = segment(&norm);
        let ctx = Context {
            source: src,
            norm: &norm,
            layout: &layout,
        };
        extract_all(&ctx).warnings
    }

    const BODY: &str = "Tiếp tục rà soát, sắp xếp mạng lưới các cơ sở giáo dục, gắn với sắp xếp tổ chức bộ máy tinh gọn, hiệu lực, hiệu quả.";

    #[test]
    fn duplicated_items_and_a_malformed_period() {
        let src = format!("KẾ HOẠCH\nTriển khai phong trào học tập trên địa bàn huyện Kim Sơn\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nII. NỘI DUNG, GIẢI PHÁP\n1. {BODY}\n2. {BODY}\n3. Thực hiện Đề án giai đoạn 202 - 2030.\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ chủ trì.\nIV. KINH PHÍ THỰC HIỆN\nNgân sách nhà nước.\n");
        let w = warnings(&src);
        let dup: Vec<_> = w.iter().filter(|w| w.code == "duplicate_item").collect();
        assert_eq!(dup.len(), 1, "{w:?}");
        assert!(dup[0].message.contains("II.2") && dup[0].message.contains("II.1"));
        assert!(src[dup[0].span.unwrap().range()].starts_with("2. Tiếp tục rà soát"));
        let bad: Vec<_> = w.iter().filter(|w| w.code == "malformed_number").collect();
        assert_eq!(bad.len(), 1);
        assert_eq!(&src[bad[0].span.unwrap().range()], "giai đoạn 202 - 2030");
        assert!(!w.iter().any(|w| w.code == "missing_section"), "{w:?}");
    }

    #[test]
    fn copies_are_found_as_the_plain_maps_find_them() {
        // The search as it read with maps: a count per parent and number of words,
        // then the first item of each parent and folded words.
        fn plain(ctx: &Context<'_>) -> Vec<Warning> {
            use std::collections::HashMap;
            let mut out = Vec::new();
            for section in &ctx.layout.sections {
                let candidates: Vec<(&Item, &str, usize)> = section
                    .all_items()
                    .into_iter()
                    .filter_map(|item| {
                        let full = item.full_text();
                        if full.chars().count() < MIN_DUPLICATE_CHARS {
                            return None;
                        }
                        let parent = item.id.rsplit_once('.').map_or("", |(p, _)| p);
                        Some((item, parent, full.split_whitespace().count()))
                    })
                    .collect();
                let mut shapes: HashMap<(&str, usize), usize> = HashMap::new();
                for &(_, parent, words) in &candidates {
                    *shapes.entry((parent, words)).or_default() += 1;
                }
                let mut seen: HashMap<(&str, String), &str> = HashMap::new();
                for (item, parent, words) in &candidates {
                    if shapes[&(*parent, *words)] < 2 {
                        continue;
                    }
                    let key = (*parent, fold_words(&item.full_text()));
                    if let Some(first) = seen.get(&key) {
                        out.push(Warning {
                            code: "duplicate_item".to_string(),
                            message: format!(
                                "item {} repeats item {} word for word",
                                item.id, first
                            ),
                            span: Some(ctx.span(item.range.clone())),
                        });
                    } else {
                        seen.insert(key, &item.id);
                    }
                }
            }
            out
        }
        let other = "Phối hợp với Mặt trận Tổ quốc và các đoàn thể tuyên truyền sâu rộng đến mọi tầng lớp nhân dân.";
        let upper = BODY.to_uppercase();
        let spaced = BODY.replace(' ', "  ");
        let mut plans = crate::extract::folded::testing::corpus_texts();
        plans.push(format!("KẾ HOẠCH\nThi đua\nI. NỘI DUNG\n1. {BODY}\n2. {other}\n3. {BODY}\n4. {other}\n5. {upper}\n6. {spaced}\n7. Mục đích\nII. TIÊU CHÍ\n1. Nhóm một\n- {BODY}\n- {other}\n- {BODY}\n2. Nhóm hai\n- {BODY}\n- {BODY}\n- {other}\n"));
        plans.push(format!("KẾ HOẠCH\nThi đua\nI. NỘI DUNG\n1. Sở Nội vụ: {BODY}\n2. Sở Nội vụ: {BODY}\n3. Sở Nội vụ: {other}\n"));
        // Groups of two: copies as written, in capitals, spaced apart; and two
        // items of as many words that differ.
        let same_count = BODY.replace("Tiếp tục", "Khẩn trương");
        plans.push(format!("KẾ HOẠCH\nThi đua\nI. NỘI DUNG\n1. {BODY}\n2. {BODY}\nII. GIẢI PHÁP\n1. {BODY}\n2. {upper}\nIII. TIẾN ĐỘ\n1. {spaced}\n2. {BODY}\nIV. KINH PHÍ\n1. {BODY}\n2. {same_count}\n"));
        let mut found = 0;
        for plan in plans {
            crate::extract::folded::testing::with_ctx(&plan, |ctx| {
                let mut got = Vec::new();
                duplicate_items(ctx, &mut got);
                assert_eq!(got, plain(ctx));
                found += got.len();
            });
        }
        assert!(found >= 9, "{found}");
    }

    #[test]
    fn year_ranges_end_where_their_digits_end() {
        let reference = Regex::new(r"(?i)giai đoạn\s+(\d{1,6})\s*-\s*(\d{1,6})\b").unwrap();
        for text in [
            "giai đoạn 2023 - 20301x; GIAI ĐOẠN 202-2030ạ; Giai Đoạn 23 - 2030.",
            "giai đoạn 1234567 - 2030, giai đoạn 2023 - 203_ và giai đoạn 2023-2030",
            "giai đoạn 202 - 2030 giai đoạn 20 - 3",
        ] {
            let src = format!("KẾ HOẠCH\nThực hiện phong trào\nI. NỘI DUNG\n1. {text}\n");
            let got: Vec<String> = warnings(&src)
                .into_iter()
                .filter(|w| w.code == "malformed_number")
                .map(|w| src[w.span.unwrap().range()].to_string())
                .collect();
            let want: Vec<String> = reference
                .captures_iter(&src)
                .filter(|c| !(c[1].len() == 4 && c[2].len() == 4))
                .map(|c| c[0].to_string())
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn an_item_s_shape_is_that_of_its_full_text() {
        let item = |heading: Option<&str>, text: &str| Item {
            id: "II.1".to_string(),
            label: None,
            marker: crate::segment::Marker::Letter,
            heading: heading.map(str::to_string),
            text: text.to_string(),
            range: 0..0,
            items: Vec::new(),
        };
        for it in [
            item(Some("Sở Tài chính"), "chủ trì\u{a0}bố trí  kinh phí."),
            item(Some("Sở Tài chính "), ""),
            item(Some(" a "), " b\tc "),
            item(None, "  Phối hợp   với các ngành\n"),
            item(
                Some("a\u{3000}b"),
                "c\u{2003}d\u{85}e\u{1680}f\u{205F}g\u{202F}h ¢ ờ",
            ),
            item(None, ""),
        ] {
            let full = it.full_text();
            let want = (full.chars().count(), full.split_whitespace().count());
            assert_eq!(shape(&it), want, "{full:?}");
        }
    }

    #[test]
    fn the_ascii_spaced_count_is_the_plain_one() {
        let snippets = [
            "Tiếp tục rà soát, sắp xếp mạng lưới các cơ sở giáo dục.",
            "Đẩy mạnh “Cộng đồng học tập” cấp xã – giai đoạn 2023 - 2030…",
            "  Phối hợp   với các ngành\t\tđoàn thể\r\n",
            "Sở Tài chính:\u{a0}bố trí kinh phí",
            "a\u{85}b\u{1680}c\u{2000}d\u{200A}e\u{2028}f\u{2029}g\u{202F}h\u{205F}i\u{3000}j",
            "\u{200B}zero width\u{2060}joiner \u{2011}\u{2010}",
            "Ớ Ú Ấ ẞ ¢ ° «trích» ‰ ‱",
            " ",
            "x",
            "",
        ];
        let mut pieces: Vec<String> = snippets.iter().map(|s| s.to_string()).collect();
        // Long pieces, each odd character at each place around the chunk edges.
        let base = "Ủy ban nhân dân xã tổ chức học tập suốt đời cho mọi người dân ".repeat(4);
        for odd in [" ", "\u{a0}", "\u{3000}", "\u{1680}", "“", "…", "\t", "ấ"] {
            for at in (0..base.len()).filter(|&i| base.is_char_boundary(i)) {
                pieces.push(format!("{}{odd}{}", &base[..at], &base[at..]));
            }
        }
        for plan in crate::extract::folded::testing::corpus_texts() {
            let norm = normalize(&plan, true);
            pieces.extend(norm.text.as_str().lines().map(str::to_string));
        }
        for piece in &pieces {
            for in_word in [false, true] {
                if let Some(fast) = ascii_spaced_shape(piece, in_word) {
                    assert_eq!(fast, piece_shape(piece, in_word), "{piece:?} {in_word}");
                } else {
                    assert!(
                        piece.is_empty()
                            || piece.chars().any(|c| !c.is_ascii() && c.is_whitespace()),
                        "{piece:?}"
                    );
                }
            }
        }
        // Every item of every corpus plan.
        for plan in crate::extract::folded::testing::corpus_texts() {
            crate::extract::folded::testing::with_ctx(&plan, |ctx| {
                for section in &ctx.layout.sections {
                    for item in section.all_items() {
                        let full = item.full_text();
                        let want = (full.chars().count(), full.split_whitespace().count());
                        assert_eq!(shape(item), want, "{full:?}");
                    }
                }
            });
        }
    }

    #[test]
    fn folded_words_one_at_a_time_are_fold_words() {
        let item = |heading: Option<&str>, text: &str| Item {
            id: "II.1".to_string(),
            label: None,
            marker: crate::segment::Marker::Letter,
            heading: heading.map(str::to_string),
            text: text.to_string(),
            range: 0..0,
            items: Vec::new(),
        };
        let mut items = vec![
            item(Some("Sở Tài chính"), "chủ trì\u{a0}bố trí  kinh phí."),
            item(Some(" Sở "), ""),
            item(None, "  Phối hợp   với các ngành\n"),
            item(Some("İSTANBUL ẞ Ǆ"), "ΣΑΣ ﬁ Đẩy MẠNH"),
            item(Some("a\u{3000}b"), "c\u{2003}d\u{85}e\u{1680}f ¢ ờ"),
            item(None, ""),
            item(Some(""), " "),
        ];
        for plan in crate::extract::folded::testing::corpus_texts() {
            crate::extract::folded::testing::with_ctx(&plan, |ctx| {
                for section in &ctx.layout.sections {
                    items.extend(section.all_items().into_iter().cloned());
                }
            });
        }
        for it in &items {
            let want = fold_words(&it.full_text());
            assert_eq!(
                folded_words(it).collect::<String>(),
                want,
                "{:?}",
                it.full_text()
            );
        }
    }

    #[test]
    fn folding_keeps_the_number_of_words() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut n = 0;
            crate::syllable::fold_lower(c, |f| {
                n += 1;
                assert_eq!(f.is_whitespace(), c.is_whitespace(), "{c:?} folds to {f:?}");
            });
            assert!(n > 0, "{c:?} folds to nothing");
        }
    }

    #[test]
    fn the_same_criterion_in_two_groups_is_no_duplicate() {
        let src = format!("KẾ HOẠCH\nThi đua\nI. TIÊU CHÍ THI ĐUA\n1. Tiêu chí thi đua\na) Đối với cấp huyện\n- {BODY}\nb) Đối với cấp xã\n- {BODY}\n");
        assert!(!warnings(&src).iter().any(|w| w.code == "duplicate_item"));
    }

    #[test]
    fn a_citation_after_an_undated_plan_s_basis() {
        let src = "KẾ HOẠCH\nTriển khai phong trào học tập trên địa bàn huyện Kim Sơn\nThực hiện Kế hoạch số 20/KH-UBND ngày 06/5/2025 của Ủy ban nhân dân tỉnh Ninh Bình, Ủy ban nhân dân huyện ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n1. Thực hiện Chỉ thị số 14/CT-TTg ngày 07/6/2029 của Thủ tướng Chính phủ và Quyết định số 1373/QĐ-TTg ngày 30/7/2021 của Thủ tướng Chính phủ.\n";
        let w = warnings(src);
        let dates: Vec<_> = w.iter().filter(|w| w.code == "implausible_date").collect();
        assert_eq!(dates.len(), 1, "{w:?}");
        assert!(dates[0].message.contains("14/CT-TTg"));
        let missing: Vec<_> = w
            .iter()
            .filter(|w| w.code == "missing_section")
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(missing.len(), 3, "{missing:?}");
    }

    #[test]
    fn an_emulation_plan_without_criteria() {
        let src = "KẾ HOẠCH\nTriển khai phong trào thi đua trên địa bàn xã Yên Lạc\nI. MỤC ĐÍCH, YÊU CẦU\n1. A\nII. NỘI DUNG\n1. B\nIII. ĐIỀU KHOẢN THI HÀNH\n1. C\nIV. KINH PHÍ\n1. D\nV. TỔ CHỨC THỰC HIỆN\n1. E\n";
        let w = warnings(src);
        let codes: Vec<_> = w.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(
            codes.iter().filter(|c| **c == "missing_section").count(),
            2,
            "{w:?}"
        );
        assert!(codes.contains(&"unrecognized_heading"));
    }
}
