//! Splitting a line into the words the repairer considers and the punctuation that
//! separates sentences, shared by training and repair so both see the same tokens.
//!
//! Takes one line of text (no `\n`), gives [`Lexeme`]s whose ranges are byte
//! offsets into that line. Lossless: nothing is rewritten here.

use std::ops::Range;

use crate::syllable::parse;

/// What follows a word before the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum After {
    /// Only spaces.
    Space,
    /// A comma (the sentence goes on).
    Comma,
    /// Punctuation that ends a sentence or a clause (". ; : ! ? ( ) quotes").
    Break,
}

/// One word of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lexeme {
    /// Byte range of the word in the line, punctuation around it excluded.
    pub range: Range<usize>,
    /// Punctuation right before the word (if it breaks the sentence).
    pub break_before: bool,
    /// What follows the word.
    pub after: After,
    /// The first character after the word (for list labels "a)" and numerals "II.").
    pub next_char: Option<char>,
    /// A lone comma or period glued to the front of the word, a space before it
    /// and a word before that ("Công ,dân"): where typed text puts its commas
    /// after a word, OCR reads a speck so. The sentence break it makes is
    /// still reported (`break_before`, the previous word's `after`); the
    /// repairer weighs it.
    pub stray_lead: bool,
}

/// Characters trimmed from the ends of a word. OCR letter stand-ins ("&", "€",
/// "¢", "@", "$") are kept: they are damaged letters, not punctuation.
pub fn is_edge_punct(c: char) -> bool {
    !c.is_alphanumeric() && !is_letter_stand_in(c) && !('\u{300}'..='\u{36f}').contains(&c)
}

/// Symbols an OCR engine without Vietnamese support reads in place of a
/// letter with marks ("hi¢n" for "hiện", "@0" for "độ", "¢" for "ở").
pub fn is_letter_stand_in(c: char) -> bool {
    matches!(c, '&' | '@' | '$' | '€' | '¢' | '£' | '¥' | '§')
}

/// Splits a line into words.
pub fn lex(line: &str) -> Vec<Lexeme> {
    lex_as(line, false)
}

/// Splits a line of OCR'd text into words: as [`lex`], but an opening bracket
/// glued to the front of a lowercase word and never closed in the line is a
/// damaged letter of the word ("[qu"), not punctuation.
pub fn lex_ocr(line: &str) -> Vec<Lexeme> {
    lex_as(line, true)
}

/// A symbol OCR writes inside a word for a letter it cannot read: a letter
/// stand-in ([`is_letter_stand_in`]) or the bracket [`lex_ocr`] keeps.
pub fn is_ocr_symbol(c: char) -> bool {
    is_letter_stand_in(c) || matches!(c, '[' | '{')
}

fn lex_as(line: &str, ocr: bool) -> Vec<Lexeme> {
    let mut out: Vec<Lexeme> = Vec::new();
    let mut pos = 0;
    for chunk in line.split(' ') {
        let start = pos;
        pos += chunk.len() + 1;
        if chunk.is_empty() {
            continue;
        }
        let mut core = chunk.trim_matches(is_edge_punct);
        let mut lead = &chunk[..chunk.len() - chunk.trim_start_matches(is_edge_punct).len()];
        if ocr && is_unclosed_bracket(lead, core, &line[start..]) {
            core = &chunk[..lead.len() + core.len()];
            lead = "";
        }
        if core.is_empty() {
            // Punctuation on its own: attach to the previous word.
            if let Some(prev) = out.last_mut() {
                prev.after = merge(prev.after, classify(chunk));
            }
            continue;
        }
        let core_start = start + lead.len();
        let core_end = core_start + core.len();
        let trail = &line[core_end..start + chunk.len()];
        if !lead.is_empty() && classify(lead) != After::Space {
            if let Some(prev) = out.last_mut() {
                prev.after = merge(prev.after, After::Break);
            }
        }
        let break_before = !lead.is_empty() && classify(lead) == After::Break;
        let stray_lead = matches!(lead, "," | ".")
            && core.starts_with(|c: char| c.is_alphabetic() && c.is_lowercase())
            && out.last().is_some_and(|prev| {
                prev.range.end + 1 == start && line[..prev.range.end].ends_with(char::is_alphabetic)
            });
        let mut part_start = core_start;
        if splits_into_words(core) {
            for (i, c) in core.char_indices() {
                if c == '-' || c == '/' {
                    out.push(Lexeme {
                        range: part_start..core_start + i,
                        break_before: break_before && part_start == core_start,
                        after: After::Space,
                        next_char: Some(c),
                        stray_lead: stray_lead && part_start == core_start,
                    });
                    part_start = core_start + i + 1;
                }
            }
        }
        out.push(Lexeme {
            range: part_start..core_end,
            break_before: break_before && part_start == core_start,
            after: classify(trail),
            next_char: trail.chars().next(),
            stray_lead: stray_lead && part_start == core_start,
        });
    }
    out
}

/// True when `lead` is one opening bracket glued to a lowercase word `core`,
/// and `rest` (the line from there) never closes it.
fn is_unclosed_bracket(lead: &str, core: &str, rest: &str) -> bool {
    let close = match lead {
        "[" => ']',
        "{" => '}',
        _ => return false,
    };
    core.starts_with(|c: char| c.is_alphabetic() && c.is_lowercase()) && !rest.contains(close)
}

/// True for words joined by "-" or "/" ("mô-đun", "chức/doanh", "Rịa-Vũng"),
/// as opposed to codes ("KH-UBND", "QĐ-TTg", "Covid-19").
fn splits_into_words(core: &str) -> bool {
    if !core.contains(['-', '/']) {
        return false;
    }
    core.split(['-', '/']).all(|part| {
        let mut it = part.chars();
        match it.next() {
            Some(first) if first.is_alphabetic() => {
                let rest = it.as_str();
                rest.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
                    && (first.is_lowercase() || !rest.is_empty())
            }
            _ => false,
        }
    })
}

fn merge(a: After, b: After) -> After {
    match (a, b) {
        (After::Break, _) | (_, After::Break) => After::Break,
        (After::Comma, _) | (_, After::Comma) => After::Comma,
        _ => After::Space,
    }
}

fn classify(p: &str) -> After {
    let mut out = After::Space;
    for c in p.chars() {
        match c {
            ',' => out = merge(out, After::Comma),
            '-' | '–' | '—' | '\'' | '’' | '‘' => {}
            _ => out = After::Break,
        }
    }
    out
}

/// The language-model token for a clean word (training side): `<num>` for
/// numbers, `<unk>` for codes, the syllable in official tone placement, or the
/// lowercase word.
pub fn lm_token(word: &str) -> String {
    if word
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return "<num>".to_string();
    }
    if word.contains(['/', '-']) || word.chars().any(|c| c.is_ascii_digit()) {
        return "<code>".to_string();
    }
    let lower = word.to_lowercase();
    match parse(&lower) {
        Some(s) => s.render(),
        None => lower,
    }
}

/// Sentences of language-model tokens from clean text, one paragraph per line.
pub fn sentences(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut cur: Vec<String> = Vec::new();
        for lx in lex(line) {
            if lx.break_before && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(lm_token(&line[lx.range.clone()]));
            match lx.after {
                After::Space => {}
                After::Comma => cur.push(",".to_string()),
                After::Break => {
                    if !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                    }
                }
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// The words of a line that are all letters, as the evaluation scores them.
pub fn letter_words(line: &str) -> Vec<&str> {
    lex(line)
        .into_iter()
        .map(|l| &line[l.range])
        .filter(|w| w.chars().all(char::is_alphabetic))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_punctuation() {
        let line = "Căn cứ Kế hoạch số 25/KH-UBND, “Cả nước thi đua” (2023).";
        let l = lex(line);
        let words: Vec<&str> = l.iter().map(|x| &line[x.range.clone()]).collect();
        assert_eq!(
            words,
            [
                "Căn",
                "cứ",
                "Kế",
                "hoạch",
                "số",
                "25/KH-UBND",
                "Cả",
                "nước",
                "thi",
                "đua",
                "2023"
            ]
        );
        assert_eq!(l[5].after, After::Break); // the opening quote breaks
        assert_eq!(l[4].after, After::Space);
        assert!(l[6].break_before);
    }

    #[test]
    fn compounds_split_but_codes_do_not() {
        let line = "mô-đun chức/doanh KH-UBND QĐ-TTg Covid-19 Bà Rịa-Vũng Tàu";
        let words: Vec<&str> = lex(line).iter().map(|x| &line[x.range.clone()]).collect();
        assert_eq!(
            words,
            [
                "mô", "đun", "chức", "doanh", "KH-UBND", "QĐ-TTg", "Covid-19", "Bà", "Rịa", "Vũng",
                "Tàu"
            ]
        );
    }

    #[test]
    fn ocr_letter_stand_ins_stay_in_the_word() {
        let line = "v&i K& nhi€ém, Tri¢u.";
        let l = lex(line);
        let words: Vec<&str> = l.iter().map(|x| &line[x.range.clone()]).collect();
        assert_eq!(words, ["v&i", "K&", "nhi€ém", "Tri¢u"]);
        assert_eq!(l[2].after, After::Comma);
    }

    #[test]
    fn a_lone_mark_glued_to_a_word_is_flagged() {
        let stray = |line: &str| -> Vec<String> {
            lex(line)
                .iter()
                .filter(|l| l.stray_lead)
                .map(|l| line[l.range.clone()].to_string())
                .collect()
        };
        assert_eq!(stray("danh hiệu Công ,dân học tập"), ["dân"]);
        assert_eq!(stray("cán bộ .công chức"), ["công"]);
        // A comma where typing puts it, after a number, before a capital, or
        // doubled is punctuation.
        for line in [
            "cán bộ, công chức",
            "cán bộ , công chức",
            "tăng 2 ,5 lần",
            "Hà Nam ,Ninh Bình",
            "cán bộ ,,công chức",
            ",dân",
            "(xã) ,dân",
        ] {
            assert!(stray(line).is_empty(), "{line}");
        }
        // The break it makes is still reported.
        let l = lex("Công ,dân");
        assert_eq!(l[0].after, After::Break);
    }

    #[test]
    fn ocr_lexing_keeps_an_unclosed_bracket_in_its_word() {
        let words = |line: &str, ocr: bool| -> Vec<String> {
            lex_as(line, ocr)
                .iter()
                .map(|l| line[l.range.clone()].to_string())
                .collect()
        };
        let line = "ngành, [qu ban";
        assert_eq!(words(line, true), ["ngành", "[qu", "ban"]);
        assert_eq!(words(line, false), ["ngành", "qu", "ban"]);
        // Closed later in the line, before a capital or a digit: punctuation.
        for line in ["[xem phụ lục] và", "[Tên đơn vị", "[1] và", "{tên}"] {
            assert_eq!(words(line, true), words(line, false), "{line}");
        }
    }

    #[test]
    fn training_sentences() {
        let s = sentences("Ủy ban nhân dân tỉnh, năm 2024. Thuỷ lợi");
        assert_eq!(
            s,
            vec![
                vec!["ủy", "ban", "nhân", "dân", "tỉnh", ",", "năm", "<num>"],
                vec!["thủy", "lợi"]
            ]
        );
    }

    #[test]
    fn odd_lines_do_not_panic() {
        for l in ["", " ", "   a  ", "😀😀", "...", "a)", "—", "x\u{301}"] {
            let _ = lex(l);
            let _ = sentences(l);
        }
    }
}
