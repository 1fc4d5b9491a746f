//! Abbreviations of Vietnamese administration and their expansions ("UBND" →
//! "Ủy ban nhân dân", "Sở GD&ĐT" → "Sở Giáo dục và Đào tạo"), and title-casing of
//! names set in capitals.
//!
//! Takes names as written, gives canonical names. Offsets are not involved. The
//! repairer reads the same table ([`expansion`]): an abbreviation is read by its
//! language model as the words it stands for.

use std::sync::LazyLock;

use regex::Regex;

/// Abbreviations and what they stand for, longest first where one contains another.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("PCTUBND", "Phó Chủ tịch Ủy ban nhân dân"),
    ("BCĐXHHT", "Ban Chỉ đạo xây dựng xã hội học tập"),
    ("GD&ĐT", "Giáo dục và Đào tạo"),
    ("GDĐT", "Giáo dục và Đào tạo"),
    ("GD-ĐT", "Giáo dục và Đào tạo"),
    ("TT&TT", "Thông tin và Truyền thông"),
    ("TTTT", "Thông tin và Truyền thông"),
    ("VH-TT", "Văn hóa - Thông tin"),
    ("VHTT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("LĐ-TB&XH", "Lao động - Thương binh và Xã hội"),
    ("LĐTBXH", "Lao động - Thương binh và Xã hội"),
    ("KH&ĐT", "Kế hoạch và Đầu tư"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("VPUB", "Văn phòng Ủy ban nhân dân"),
    ("HTCĐ", "học tập cộng đồng"),
    ("BCĐ", "Ban Chỉ đạo"),
    ("PCT", "Phó Chủ tịch"),
    ("CT", "Chủ tịch"),
    ("TT", "Thường trực"),
    ("HU", "Huyện ủy"),
    ("TU", "Tỉnh ủy"),
    ("ĐU", "Đảng ủy"),
    ("TP", "thành phố"),
    ("KH", "Kế hoạch"),
];

/// What an abbreviation written as `word` stands for ("TT" → "Thường trực"), if
/// it is one of the table.
pub fn expansion(word: &str) -> Option<&'static str> {
    ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == word)
        .map(|(_, full)| *full)
}

/// Letters a word needs before it is read as an abbreviation of the table: a
/// shorter one, without its marks or with a letter wrong, is too often a word
/// ("DU" of "DU LICH" is not "ĐU") or another code.
const MIN_LETTERS: usize = 6;

/// The abbreviation of the table that `word` (ASCII capitals, as OCR without
/// Vietnamese support or typing without marks writes them) spells: the one whose
/// letters without marks ("BCDXHHT" for "BCĐXHHT") are within `edits` letter edits
/// of it ("BCDOXHHT"), when exactly one is. Both need [`MIN_LETTERS`] letters.
pub fn nearest(word: &str, edits: usize) -> Option<&'static str> {
    if word.len() < MIN_LETTERS || !word.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let bare = |a: &str| -> Option<String> {
        a.chars()
            .map(|c| match c {
                'Đ' => Some('D'),
                c if c.is_ascii_uppercase() => Some(c),
                _ => None,
            })
            .collect()
    };
    let mut found = ABBREVIATIONS.iter().filter_map(|(a, _)| {
        let letters = bare(a).filter(|l| l.len() >= MIN_LETTERS)?;
        (strsim::levenshtein(&letters, word) <= edits).then_some(*a)
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// True when `first` and `second` (lowercase words) open a name of the table that
/// is written with a capital ("đảng", "ủy": "Đảng ủy"; not "thành phố").
pub fn opens_a_name(first: &str, second: &str) -> bool {
    ABBREVIATIONS.iter().any(|(_, full)| {
        let mut words = full.split(' ');
        full.starts_with(char::is_uppercase)
            && words.next().is_some_and(|w| w.to_lowercase() == first)
            && words.next().is_some_and(|w| w.to_lowercase() == second)
    })
}

/// Expands the abbreviations of a name written with them. Words in capitals that
/// are not known abbreviations are kept as written.
pub fn expand(name: &str) -> String {
    static WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[\p{Lu}Đ][\p{Lu}Đ&\-]*[\p{Lu}Đ]").unwrap());
    let out = WORD.replace_all(name, |c: &regex::Captures<'_>| {
        let w = &c[0];
        expansion(w).unwrap_or(w).to_string()
    });
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "HÀ NAM" → "Hà Nam": each syllable capitalized, the rest lowercase.
pub fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_known_abbreviations() {
        assert_eq!(expand("Sở GD&ĐT"), "Sở Giáo dục và Đào tạo");
        assert_eq!(expand("Bộ GDĐT"), "Bộ Giáo dục và Đào tạo");
        assert_eq!(
            expand("Chủ tịch, các PCT UBND tỉnh"),
            "Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân tỉnh"
        );
        assert_eq!(expand("Trung tâm HTCĐ"), "Trung tâm học tập cộng đồng");
        assert_eq!(expand("Lưu: VT"), "Lưu: VT");
    }

    #[test]
    fn damaged_spellings_read_as_the_one_abbreviation_they_can_be() {
        // Marks lost.
        assert_eq!(nearest("BCDXHHT", 0), Some("BCĐXHHT"));
        assert_eq!(nearest("LDTBXH", 0), Some("LĐTBXH"));
        // A letter too many, too few or read wrong.
        assert_eq!(nearest("BCDOXHHT", 1), Some("BCĐXHHT"));
        assert_eq!(nearest("PCTUBN", 1), Some("PCTUBND"));
        assert_eq!(nearest("UBMTTO", 1), Some("UBMTTQ"));
        // Not without edits allowed, nor short words, nor words that are no code.
        assert_eq!(nearest("BCDOXHHT", 0), None);
        assert_eq!(nearest("DU", 0), None);
        assert_eq!(nearest("HTCD", 0), None);
        assert_eq!(nearest("CHUONG", 1), None);
        assert_eq!(nearest("Bcdxhht", 0), None);
        assert_eq!(nearest("", 1), None);
    }

    #[test]
    fn names_open_with_their_first_two_words() {
        assert!(opens_a_name("đảng", "ủy"));
        assert!(opens_a_name("ủy", "ban"));
        assert!(!opens_a_name("đảng", "viên"));
        assert!(!opens_a_name("thành", "phố"));
        assert!(!opens_a_name("đảng", ""));
    }

    #[test]
    fn casing() {
        assert_eq!(title_case("HÀ NAM"), "Hà Nam");
    }
}
