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
    fn casing() {
        assert_eq!(title_case("HÀ NAM"), "Hà Nam");
    }
}
