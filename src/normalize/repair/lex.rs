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
}

/// Characters trimmed from the ends of a word. OCR letter stand-ins ("&", "€",
/// "¢", "@", "$") are kept: they are damaged letters, not punctuation.
pub fn is_edge_punct(c: char) -> bool {
    !c.is_alphanumeric()
        && !matches!(c, '&' | '@' | '$' | '€' | '¢' | '£' | '¥' | '§')
        && !('\u{300}'..='\u{36f}').contains(&c)
}

/// Splits a line into words.
pub fn lex(line: &str) -> Vec<Lexeme> {
    let mut out: Vec<Lexeme> = Vec::new();
    let mut pos = 0;
    for chunk in line.split(' ') {
        let start = pos;
        pos += chunk.len() + 1;
        if chunk.is_empty() {
            continue;
        }
        let core = chunk.trim_matches(is_edge_punct);
        let lead = &chunk[..chunk.len() - chunk.trim_start_matches(is_edge_punct).len()];
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
        let mut part_start = core_start;
        if splits_into_words(core) {
            for (i, c) in core.char_indices() {
                if c == '-' || c == '/' {
                    out.push(Lexeme {
                        range: part_start..core_start + i,
                        break_before: break_before && part_start == core_start,
                        after: After::Space,
                        next_char: Some(c),
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
        });
    }
    out
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
