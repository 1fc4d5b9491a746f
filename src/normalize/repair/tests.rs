//! Tests of the repairer as a whole, with the shipped model and table.

use super::*;

fn fix(text: &str, mode: Mode) -> String {
    apply(text, &Repairer::global().repair_as(text, mode))
}

#[test]
fn the_shipped_model_loads() {
    let r = Repairer::global();
    assert!(r.is_loaded());
    assert!(r.model().vocab.len() > 3000);
    // Every bigram kept: the decoder skips trigram lookups after unknown bigrams.
    assert!(r.model().trigrams_have_bigrams());
    assert!(!Repairer::shipped_confusions().is_empty());
}

#[test]
fn a_plan_typed_without_accents_is_restored() {
    // A plan of another province, typed without accents.
    let src = "KE HOACH\n\
               Trien khai phong trao thi dua xay dung xa hoi hoc tap tren dia ban tinh Quang Ngai giai doan 2024 - 2030\n\
               Can cu Ke hoach so 25/KH-UBND ngay 19/01/2024 cua UBND tinh, HDND va MTTQ tinh.\n\
               II. NOI DUNG THUC HIEN\n\
               a) Nang cao nhan thuc cua can bo, dang vien va nhan dan ve vai tro cua hoc tap suot doi.\n";
    let out = fix(src, Mode::Stripped);
    for expected in [
        "KẾ HOẠCH\n",
        "Triển khai phong trào thi đua xây dựng xã hội học tập trên địa bàn tỉnh",
        "giai đoạn 2024 - 2030",
        "Căn cứ Kế hoạch số 25/KH-UBND ngày 19/01/2024 của UBND tỉnh",
        "II. NỘI DUNG THỰC HIỆN",
        "a) Nâng cao nhận thức của cán bộ, đảng viên và nhân dân về vai trò của học tập suốt đời.",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    // Codes, abbreviations, numbers and list labels are left alone, but for the
    // marks an abbreviation lost.
    assert!(out.contains("HĐND và MTTQ tỉnh."), "{out}");
    for kept in ["25/KH-UBND", "19/01/2024", "UBND", "MTTQ", "II.", "a)"] {
        assert!(out.contains(kept), "{kept} changed in\n{out}");
    }
}

#[test]
fn an_ocr_paragraph_is_restored() {
    // OCR without Vietnamese support: marks stripped or misread, letters confused.
    let src = "Can ctr Ké hoach s6 12/KH-UBND cua UBND tinh vé viéc t6 chirc thuc hién phong trao thi dua. \
               Pang uy xa chi dao cac to chuc chinh trj - xa hoi tuyén truyén sau rong dén nhan dan, \
               gop phan nang cao chat luong giao duc cua dia phuong.\n";
    let fixes = Repairer::global().repair_as(src, Mode::Ocr);
    let out = apply(src, &fixes);
    assert_eq!(
        out,
        "Căn cứ Kế hoạch số 12/KH-UBND của UBND tỉnh về việc tổ chức thực hiện phong trào thi đua. \
         Đảng ủy xã chỉ đạo các tổ chức chính trị - xã hội tuyên truyền sâu rộng đến nhân dân, \
         góp phần nâng cao chất lượng giáo dục của địa phương.\n"
    );
    for f in &fixes {
        assert!((0.0..=1.0).contains(&f.confidence));
        assert!(src.is_char_boundary(f.range.start) && src.is_char_boundary(f.range.end));
    }
    // Sorted and not overlapping.
    assert!(fixes.windows(2).all(|w| w[0].range.end <= w[1].range.start));
}

#[test]
fn clean_text_is_returned_unchanged() {
    let clean = "Phát huy sức mạnh của cả hệ thống chính trị trong việc tuyên truyền, nâng cao \
                 nhận thức của các tầng lớp nhân dân về vai trò, ý nghĩa và sự cần thiết của \
                 khuyến học, khuyến tài, học tập suốt đời; xây dựng xã hội học tập.\n";
    assert!(Repairer::global().repair(clean).is_empty());
    // Even forced, correct Vietnamese stays as it is: marks that are there are
    // evidence, for the OCR channel too.
    assert_eq!(fix(clean, Mode::Stripped), clean);
    assert_eq!(fix(clean, Mode::Ocr), clean);
}

#[test]
fn case_is_kept() {
    let out = fix(
        "MUC DICH, YEU CAU\nHoi dong nhan dan tinh Thanh Hoa\n",
        Mode::Stripped,
    );
    assert_eq!(out, "MỤC ĐÍCH, YÊU CẦU\nHội đồng nhân dân tỉnh Thanh Hóa\n");
}

#[test]
fn output_is_deterministic() {
    let src = "Ca nudc thi dua xay dung xi hgi hoc tap, diy manh hoc tap sudt doi.\n";
    let a = Repairer::global().repair_as(src, Mode::Ocr);
    let b = Repairer::global().repair_as(src, Mode::Ocr);
    assert_eq!(a, b);
    let fresh = Repairer::new(
        Repairer::global().model().clone(),
        Repairer::shipped_confusions(),
    );
    assert_eq!(fresh.repair_as(src, Mode::Ocr), a);
}

#[test]
fn arbitrary_input_does_not_panic() {
    let huge = "a".repeat(10_000);
    let digits = "1234567890".repeat(50);
    let inputs = [
        "",
        "\n\n\n",
        " ",
        huge.as_str(),
        digits.as_str(),
        "😀 😀😀 t😀6 ch😀irc",
        "Привет мир 你好 世界 مرحبا hoc tap",
        "x\u{301}\u{301}\u{301} \u{300}a",
        "a) b) đ) I. II. III. IV. XLVII",
        "&&& @@ €¢ -- // ,,, ...",
        "ngay21 thango2 16ng 1a x4 t6 ho1 QH15 2030~",
        "A\nB\r\nC",
    ];
    for input in inputs {
        for mode in [Mode::Stripped, Mode::Ocr] {
            let fixes = Repairer::global().repair_as(input, mode);
            for f in &fixes {
                assert!(f.range.end <= input.len());
                assert!(input.is_char_boundary(f.range.start));
                assert!(input.is_char_boundary(f.range.end));
            }
            let _ = apply(input, &fixes);
        }
        let _ = Repairer::global().repair(input);
    }
}

#[test]
fn strip_marks_keeps_letters_and_case() {
    assert_eq!(strip_marks("Đảng ỦY Thủy"), "Dang UY Thuy");
}

#[test]
fn candidates_respect_written_marks() {
    assert!(compatible("kế", &['k', 'e']));
    assert!(compatible("kế", &['k', 'ê']));
    assert!(compatible("kế", &['k', 'é']));
    assert!(!compatible("kế", &['k', 'è']));
    assert!(!compatible("kế", &['k']));
}

#[test]
fn words_run_together_by_ocr_are_split() {
    let src = "ngay21 thang 02 nam 2024, triénkhai phong trao nham nangcao chat luong\n";
    let fixes = Repairer::global().repair_as(src, Mode::Ocr);
    let out = apply(src, &fixes);
    assert_eq!(
        out,
        "ngày 21 tháng 02 năm 2024, triển khai phong trào nhằm nâng cao chất lượng\n"
    );
    let split = fixes.iter().find(|f| f.replacement == "nâng cao").unwrap();
    assert_eq!(&src[split.range.clone()], "nangcao");
}

#[test]
fn the_list_label_after_d_is_dd() {
    let src = "c) Tuyen truyen sau rong.\nd) To chuc thuc hien.\nd) Kiem tra, giam sat.\ne) Bao cao ket qua.\n";
    let out = fix(src, Mode::Stripped);
    assert!(
        out.contains("\nd) Tổ chức thực hiện.\nđ) Kiểm tra, giám sát.\ne) Báo cáo"),
        "{out}"
    );
}

#[test]
fn one_rule_for_roman_numerals() {
    use Numeral::{Keep, Read};
    let read = |s: &str| Some(Read(s.to_string()));
    // OCR's 1 and l for I, heading a line before ".": read back.
    assert_eq!(roman_numeral("I1", Some('.'), true, Mode::Ocr), read("II"));
    assert_eq!(
        roman_numeral("I11", Some('.'), true, Mode::Ocr),
        read("III")
    );
    assert_eq!(roman_numeral("Vl", Some('.'), true, Mode::Ocr), read("VI"));
    // The same left alone: text without diacritics has no OCR misreadings,
    // another punctuation, a "|", or no numeral of at most four letters.
    assert_eq!(
        roman_numeral("I1", Some('.'), true, Mode::Stripped),
        Some(Keep)
    );
    assert_eq!(roman_numeral("I1", Some(','), true, Mode::Ocr), Some(Keep));
    assert_eq!(roman_numeral("I|", Some('.'), true, Mode::Ocr), Some(Keep));
    assert_eq!(
        roman_numeral("VIII1", Some('.'), true, Mode::Ocr),
        Some(Keep)
    );
    // Numerals as written: left alone, whatever the mode.
    assert_eq!(roman_numeral("II", Some('.'), true, Mode::Ocr), Some(Keep));
    assert_eq!(
        roman_numeral("IV", Some(')'), false, Mode::Stripped),
        Some(Keep)
    );
    assert_eq!(roman_numeral("X", None, false, Mode::Ocr), Some(Keep));
    // Not numerals: inside a line, or not read so.
    assert_eq!(roman_numeral("I1", Some('.'), false, Mode::Ocr), None);
    assert_eq!(roman_numeral("CI", None, false, Mode::Ocr), None);
    assert_eq!(roman_numeral("Ia", Some('.'), true, Mode::Ocr), None);
}

#[test]
fn ocr_roman_numerals_are_read_back() {
    let src = "I1. NOI DUNG\nI11. TO CHUC THUC HIEN\nII. GIAI PHAP\n";
    let out = fix(src, Mode::Ocr);
    assert!(
        out.starts_with("II. NỘI DUNG\nIII. TỔ CHỨC THỰC HIỆN\nII. GIẢI PHÁP"),
        "{out}"
    );
    // Text typed without accents has no such misreading: left as written.
    let out = fix("I1. NOI DUNG\nI11, TO CHUC\n", Mode::Stripped);
    assert!(out.starts_with("I1. NỘI DUNG\nI11, TỔ CHỨC"), "{out}");
    // Nor OCR'd text before a comma.
    let out = fix("I11, TO CHUC THUC HIEN\n", Mode::Ocr);
    assert!(out.starts_with("I11, TỔ CHỨC"), "{out}");
}

#[test]
fn abbreviations_get_their_marks_back() {
    let src = "Thuc hien Quyet dinh so 1234/QD-UBND va Nghi dinh 15/2020/ND-CP cua HDND tinh\n";
    let fixes = Repairer::global().repair_as(src, Mode::Stripped);
    let out = apply(src, &fixes);
    assert!(out.contains("1234/QĐ-UBND"), "{out}");
    assert!(out.contains("15/2020/NĐ-CP"), "{out}");
    assert!(out.contains("của HĐND tỉnh"), "{out}");
    assert!(fixes.windows(2).all(|w| w[0].range.end <= w[1].range.start));
}

#[test]
fn an_abbreviation_is_read_as_the_words_it_stands_for() {
    // "TT" is "Thường trực": what follows it is read as after those words
    // ("Thường trực Đảng ủy"), not as after an unknown word ("bằng uy").
    let src = "- TT bang uy va UBND xa (b/c);\n- Luu: VT.\n";
    let out = fix(src, Mode::Ocr);
    assert!(out.contains("TT đảng ủy"), "{out}");
    assert!(out.contains("UBND xã"), "{out}");
    // The abbreviation itself is kept as written.
    assert!(out.starts_with("- TT "), "{out}");
}

#[test]
fn long_abbreviations_of_the_plans_table_are_restored() {
    // Only the marks lost: restored typed without accents and OCR'd alike.
    let src = "- Thuong truc BCDXHHT xa (b/c);\n- Luu: VT.\n";
    assert!(fix(src, Mode::Stripped).contains("BCĐXHHT xã"));
    assert!(fix(src, Mode::Ocr).contains("BCĐXHHT xã"));
    // A letter too many: OCR damage, so only in OCR'd text.
    let src = "- Thuong truc BCDOXHHT xa (b/c);\n- Luu: VT.\n";
    assert!(fix(src, Mode::Ocr).contains("BCĐXHHT xã"));
    assert!(fix(src, Mode::Stripped).contains("BCDOXHHT xã"));
    // Short codes are not guessed from one edit.
    let src = "- Thuong truc HDNO xa (b/c);\n";
    assert!(fix(src, Mode::Ocr).contains("HDNO"));
}

#[test]
fn the_readme_names_the_shipped_files_by_their_sha256() {
    use sha2::{Digest, Sha256};
    let readme = include_str!("README.md");
    for (name, bytes) in [
        ("model.bin", MODEL_BYTES),
        ("abbreviations.tsv", ABBREVIATIONS.as_bytes()),
    ] {
        let hex: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let line = format!("`{name}` sha256 `{hex}`");
        assert!(
            readme.contains(&line),
            "README.md does not document the shipped {name}: expected {line}"
        );
    }
}

#[test]
fn ocr_symbols_standing_for_letters_are_read() {
    // An OCR engine without Vietnamese support writes a symbol for a letter
    // with marks, inside a word or as the whole word.
    for (src, expected) in [
        (
            "Thuc hién ché @0 bao cao dinh ky theo quy dinh cua UBND huyén.\n",
            "Thực hiện chế độ báo cáo định kỳ theo quy định của UBND huyện.\n",
        ),
        (
            "Tuyén truyén sau rong ¢ cac t6 dan phd va truong hoc tren dia ban.\n",
            "Tuyên truyền sâu rộng ở các tổ dân phố và trường học trên địa bàn.\n",
        ),
        (
            "cong tac khuyén hoc ¢ dia phuong, co s¢ giao duc.\n",
            "công tác khuyến học ở địa phương, cơ sở giáo dục.\n",
        ),
    ] {
        let fixes = Repairer::global().repair_as(src, Mode::Ocr);
        assert_eq!(apply(src, &fixes), expected);
        // The symbol itself is what a repair replaces.
        let symbol = fixes
            .iter()
            .find(|f| src[f.range.clone()].contains(['@', '¢']));
        assert!(symbol.is_some_and(|f| f.confidence >= 0.5), "{fixes:?}");
    }
}

#[test]
fn symbols_that_are_no_letters_stay() {
    for src in [
        "Liên hé: vanthu@quangngai.gov.vn hodc s6 dién thoai 0255.3822.\n",
        "theo Luat Giao duc [1] va Nghi dinh [2] cua Chinh phu.\n",
        "Kinh phi 5.000 € do t6 chirc quéc té tai trg.\n",
        "Kinh phi 5.000 £ , 200 ¥ va 30 ¢ moi nam.\n",
        "Dia chi thu dién tir @ cua UBND xa.\n",
        "Theo § 3 cua Nghi dinh s6 15.\n",
        "Phong Tai chinh & Ké hoach huyén.\n",
    ] {
        let out = fix(src, Mode::Ocr);
        for kept in [
            "vanthu@quangngai.gov.vn",
            "0255.3822.",
            "[1]",
            "[2]",
            "5.000 €",
            "5.000 £ , 200 ¥",
            "30 ¢",
            " @ ",
            "§ 3",
            " & ",
        ] {
            assert_eq!(src.contains(kept), out.contains(kept), "{kept} in {out}");
        }
    }
}

#[test]
fn a_speck_glued_to_a_word_is_dropped_but_commas_stay() {
    let src = "Phat dong phong trao “Gia dinh hoc tap”, “Cong ,dan hoc tap” trong toan xa.\n";
    let fixes = Repairer::global().repair_as(src, Mode::Ocr);
    assert_eq!(
        apply(src, &fixes),
        "Phát động phong trào “Gia đình học tập”, “Công dân học tập” trong toàn xã.\n"
    );
    // One repair covers the mark and the word after it.
    assert!(fixes
        .iter()
        .any(|f| &src[f.range.clone()] == ",dan" && f.replacement == "dân"));
    // Where a comma reads as a comma, it stays.
    for (src, kept) in [
        (
            "Gui bao cao vé cac co quan ,don vi lién quan truoc ngay 15/12.\n",
            "cơ quan ,đơn vị",
        ),
        (
            "Phoi hop voi cac ban ,nganh, doan thé cua xa.\n",
            "ban ,ngành,",
        ),
        (
            "Hoc sinh ,sinh vién va nguoi lao dong.\n",
            "Học sinh ,sinh viên",
        ),
        (
            "Cac ban, nganh, doan thé ,t6 dan phd thuc hién.\n",
            "đoàn thể ,tổ dân phố",
        ),
        ("ti 1é tang 2 ,5 lan so voi nam 2020.\n", "2 ,5 lần"),
    ] {
        let out = fix(src, Mode::Ocr);
        assert!(out.contains(kept), "{kept} in {out}");
    }
    // Text typed without marks keeps its commas where they are.
    let typed = "danh hieu Cong ,dan hoc tap\n";
    assert!(fix(typed, Mode::Stripped).contains("Công ,dân học tập"));
}

#[test]
fn a_bracket_read_for_a_letter_is_weighed_against_punctuation() {
    // An opening bracket glued to a word and never closed: a letter OCR could
    // not read, when the model says so (a capital: the bracket is as tall as one).
    let src = "Phoi hop voi [qu ban Mat tran T6 quéc xa va cac doan thé.\n";
    let fixes = Repairer::global().repair_as(src, Mode::Ocr);
    assert_eq!(
        apply(src, &fixes),
        "Phối hợp với Ủy ban Mặt trận Tổ quốc xã và các đoàn thể.\n"
    );
    assert!(fixes
        .iter()
        .any(|f| &src[f.range.clone()] == "[qu" && f.replacement == "Ủy"));
    // Brackets that are punctuation stay, the word after them repaired.
    for (src, expected) in [
        (
            "theo mau [xem phu luc kem theo] cua huyén.\n",
            "theo mẫu [xem phụ lục kèm theo] của huyện.\n",
        ),
        (
            "theo mau {ten don vi} cua huyén.\n",
            "theo mẫu {tên đơn vị} của huyện.\n",
        ),
        (
            "theo mau [ten don vi cua huyén.\n",
            "theo mẫu [tên đơn vị của huyện.\n",
        ),
    ] {
        assert_eq!(fix(src, Mode::Ocr), expected);
    }
}
