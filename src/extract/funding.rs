//! Funding: the text of the plan's funding part (the KINH PHÍ section, else an item
//! headed "Kinh phí …" of another section) and the sources it names, by keyword on
//! accent-folded words: `state_budget` (ngân sách nhà nước, dự toán chi thường
//! xuyên, phân cấp ngân sách), `integrated_programs` (lồng ghép; kinh phí thực hiện
//! các chương trình, đề án), `socialization` (xã hội hóa), `sponsorship` (tài trợ,
//! đóng góp), `unit_revenue` (nguồn thu hợp pháp của cơ quan, đơn vị), and `other`
//! when the part names none of these.
//!
//! Trailing items that say nothing of money (the closing words some plans put in
//! their last section) are not funding text.

use std::sync::LazyLock;

use regex::Regex;

use super::Context;
use crate::plan::Funding;
use crate::segment::{Item, SectionKind};
use crate::syllable::fold;

/// Sources in the order of the schema, with their folded keywords.
const SOURCES: &[(&str, &str)] = &[
    ("state_budget", r"ngan sach|du toan chi"),
    (
        "integrated_programs",
        r"long ghep|kinh phi(?: \S+){1,3} cac (?:chuong trinh|[dp]e an)",
    ),
    ("socialization", r"xa hoi hoa"),
    ("sponsorship", r"tai tr[oqg]|dong gop"),
    ("unit_revenue", r"nguon thu"),
];

/// Words of money: an item with none of them is not funding text.
static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"kinh phi|ngan sach|nguon (?:von|thu|luc)|tai tr[oqg]|xa hoi hoa|du toan").unwrap()
});

/// The funding part of the plan, when it has one.
pub fn extract(ctx: &Context<'_>) -> Option<Funding> {
    let headed = |i: &&Item| {
        i.heading
            .as_deref()
            .is_some_and(|h| fold(h).trim_start().starts_with("kinh phi"))
    };
    let items: Vec<&Item> = match ctx.sections_of(SectionKind::Funding).next() {
        // A section of funding alone: all of it.
        Some(s) if s.kinds.len() == 1 => s.items.iter().collect(),
        // A section that joins funding with another part ("KINH PHÍ VÀ TỔ CHỨC
        // THỰC HIỆN"): its "Kinh phí" item, else the items that speak of money.
        Some(s) => {
            let own: Vec<&Item> = s.items.iter().filter(headed).take(1).collect();
            if own.is_empty() {
                s.items
                    .iter()
                    .filter(|i| MONEY.is_match(&fold(&i.full_text())))
                    .collect()
            } else {
                own
            }
        }
        None => ctx
            .layout
            .sections
            .iter()
            .flat_map(|s| s.items.iter())
            .filter(headed)
            .take(1)
            .collect(),
    };
    let keep = items
        .iter()
        .rposition(|i| {
            i.walk()
                .iter()
                .any(|d| MONEY.is_match(&fold(&d.full_text())))
        })
        .map_or(0, |p| p + 1);
    let items = &items[..keep];
    let (first, last) = (items.first()?, items.last()?);
    let text = items
        .iter()
        .flat_map(|i| i.walk())
        .map(Item::full_text)
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let key = fold(&text);
    static COMPILED: LazyLock<Vec<(&str, Option<Regex>)>> = LazyLock::new(|| {
        SOURCES
            .iter()
            .map(|(s, pat)| (*s, Regex::new(pat).ok()))
            .collect()
    });
    let mut sources: Vec<String> = COMPILED
        .iter()
        .filter(|(_, re)| re.as_ref().is_some_and(|re| re.is_match(&key)))
        .map(|(s, _)| s.to_string())
        .collect();
    if sources.is_empty() {
        sources.push("other".to_string());
    }
    let end = last.walk().last().map_or(last.range.end, |d| d.range.end);
    Some(Funding {
        sources,
        text,
        span: ctx.span(first.range.start..end),
    })
}

#[cfg(test)]
mod tests {
    use super::super::folded::testing::with_ctx;
    use super::*;

    #[test]
    fn sources_of_the_funding_section() {
        let src = "KẾ HOẠCH\nThi đua\nI. MỤC ĐÍCH\n1. Mục đích\nNâng cao.\nII. KINH PHÍ THỰC HIỆN\n1. Kinh phí thực hiện được bảo đảm từ dự toán chi thường xuyên của các cơ quan theo phân cấp ngân sách; lồng ghép trong các chương trình mục tiêu.\n2. Khuyến khích huy động nguồn xã hội hóa và sự tài trợ của doanh nghiệp.\n3. Các đơn vị sự nghiệp sử dụng nguồn thu hợp pháp của đơn vị.\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ: theo dõi.\n";
        with_ctx(src, |ctx| {
            let f = extract(ctx).unwrap();
            assert_eq!(
                f.sources,
                [
                    "state_budget",
                    "integrated_programs",
                    "socialization",
                    "sponsorship",
                    "unit_revenue"
                ]
            );
            assert!(f.text.starts_with("Kinh phí thực hiện được bảo đảm"));
            assert!(f.text.ends_with("nguồn thu hợp pháp của đơn vị."));
            let s = &src[f.span.range()];
            assert!(s.starts_with("1. Kinh phí thực hiện"));
            assert!(s.ends_with("nguồn thu hợp pháp của đơn vị."));
        });
    }

    #[test]
    fn programs_funding_and_trailing_closing_words() {
        let src = "KẾ HOẠCH\nThi đua\nI. KINH PHÍ\nKinh phí được bố trí trong kinh phí thực hiện các đề án đã được phê duyệt.\nỦy ban nhân dân huyện yêu cầu các đơn vị nghiêm túc thực hiện.\n";
        with_ctx(src, |ctx| {
            let f = extract(ctx).unwrap();
            assert_eq!(f.sources, ["integrated_programs"]);
            assert_eq!(
                &src[f.span.range()],
                "Kinh phí được bố trí trong kinh phí thực hiện các đề án đã được phê duyệt."
            );
        });
    }

    #[test]
    fn item_of_another_section_and_unnamed_source() {
        let src = "KẾ HOẠCH\nThi đua\nI. TỔ CHỨC THỰC HIỆN\n1. Kinh phí: Các đơn vị tự cân đối kinh phí để thực hiện.\n2. Phòng Nội vụ: theo dõi.\n";
        with_ctx(src, |ctx| {
            let f = extract(ctx).unwrap();
            assert_eq!(f.sources, ["other"]);
            assert_eq!(
                &src[f.span.range()],
                "1. Kinh phí: Các đơn vị tự cân đối kinh phí để thực hiện."
            );
        });
    }

    #[test]
    fn joined_section_gives_its_funding_item() {
        let src = "KẾ HOẠCH\nThi đua\nI. TỔ CHỨC THỰC HIỆN VÀ KINH PHÍ\n1. Phòng Nội vụ: theo dõi, tổng hợp.\n2. Kinh phí: Từ nguồn xã hội hóa.\n";
        with_ctx(src, |ctx| {
            let f = extract(ctx).unwrap();
            assert_eq!(f.sources, ["socialization"]);
            assert_eq!(&src[f.span.range()], "2. Kinh phí: Từ nguồn xã hội hóa.");
        });
    }

    #[test]
    fn no_funding_part() {
        let src = "KẾ HOẠCH\nThi đua\nI. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ: theo dõi kinh phí.\n";
        with_ctx(src, |ctx| assert_eq!(extract(ctx), None));
    }
}
