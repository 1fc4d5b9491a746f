//! Properties over arbitrary text: the pipeline never panics, every span is in
//! bounds and on character boundaries, normalization maps every range of its
//! output back inside the source, monotonically, and the offset map round-trips:
//! text copied through any chain of edits maps back to exactly where it came from.

use proptest::prelude::*;

use kehoach::normalize::{normalize, NormText};

/// Text that looks like plans: Vietnamese letters, markers, numbers, blank lines,
/// Markdown, OCR debris, and arbitrary characters too.
fn plan_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "I1. NOI DUNG",
        "1.",
        "1.1.",
        "a)",
        "đ)",
        "- ",
        "+ ",
        "Đối với cấp xã",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "ngày 21 tháng 02 năm 2024",
        "Số: 12/KH-UBND",
        "hoà",
        "Uỷ",
        "nudc",
        "t6 chirc",
        "## ",
        "**",
        "\n",
        "\n\n",
        "  ",
        "\r\n",
        "“",
        "”",
        "\u{300}",
        "\u{FEFF}",
        "2",
        "2023 - 2030",
        "trên địa bàn xã Ninh Hải",
        "Pang",
        "ctia",
    ]);
    prop::collection::vec(
        prop_oneof![
            3 => pieces.prop_map(str::to_string),
            1 => any::<String>(),
            1 => "[a-zA-Zà-ỹĐđ ,.;:]{0,20}",
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn normalized_ranges_map_inside_the_source(src in plan_like(), repair in any::<bool>()) {
        let n = normalize(&src, repair);
        let text = n.text.as_str();
        let mut last = 0;
        for (i, _) in text.char_indices() {
            let span = n.text.source_span(i..text.len());
            prop_assert!(span.end <= src.len());
            prop_assert!(span.start >= last || i == 0, "spans move forward");
            last = span.start;
            prop_assert!(src.get(span.range()).is_some(), "span {:?} splits a character", span);
        }
    }

    #[test]
    fn every_emitted_span_is_in_bounds(src in plan_like()) {
        let record = kehoach::process("p.txt", src.as_bytes(), &Default::default());
        let value = serde_json::to_value(&record).unwrap();
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(serde_json::Value::Array(s)) = m.get("span") {
                        let (a, b) = (s[0].as_u64().unwrap() as usize, s[1].as_u64().unwrap() as usize);
                        prop_assert!(a <= b && b <= src.len());
                        prop_assert!(src.get(a..b).is_some());
                    }
                    stack.extend(m.values());
                }
                serde_json::Value::Array(a) => stack.extend(a),
                _ => {}
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let record = kehoach::process("b.bin", &bytes, &Default::default());
        prop_assert!(record.error.is_some() || record.plan.is_some());
    }

    #[test]
    fn offset_map_round_trips_through_edits(
        src in plan_like(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        edits in prop::collection::vec((any::<bool>(), "[a-zđơ ]{0,4}"), 13),
        inserted in "[A-Z]{0,3}",
    ) {
        // Pieces of the source at character boundaries; each copied or replaced.
        let bounds: Vec<usize> = src.char_indices().map(|(i, _)| i).chain([src.len()]).collect();
        let mut at: Vec<usize> = cuts.iter().map(|c| bounds[c.index(bounds.len())]).collect();
        at.extend([0, src.len()]);
        at.sort();
        at.dedup();
        let start = NormText::from_source(&src);
        let mut first = start.builder();
        // (range in the edited text, source range, copied)
        let mut pieces = Vec::new();
        for (w, (copy, with)) in at.windows(2).zip(&edits) {
            let from = first.written().len();
            if *copy {
                first.copy(w[0]..w[1]);
            } else {
                first.replace(w[0]..w[1], with);
            }
            pieces.push((from..first.written().len(), w[0]..w[1], *copy));
        }
        let once = first.finish();
        // A second pass copies each piece again, with an insertion between pieces.
        let mut second = once.builder();
        let mut moved = Vec::new();
        for (range, source, copied) in &pieces {
            second.replace(range.start..range.start, &inserted);
            let from = second.written().len();
            second.copy(range.clone());
            moved.push((from..second.written().len(), source.clone(), *copied));
        }
        let twice = second.finish();
        for (range, source, copied) in moved {
            if range.is_empty() {
                continue;
            }
            let span = twice.source_span(range.clone());
            prop_assert_eq!(span.range(), source.clone(), "piece {:?}", range);
            if copied {
                prop_assert_eq!(&twice.as_str()[range], &src[source]);
            }
        }
    }
}
