//! `kehoach compare` (issue 5): the corpus compared, with every expected value
//! written from reading the five plans (corpus/README.md and the texts); small
//! synthetic plans for what the corpus lacks (a parent among the inputs, a
//! deadline chain that breaks); the schema, CSV and HTML outputs, JSON Lines
//! inputs, errors and determinism.

use std::fs;
use std::process::{Command, Output};
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;

use kehoach::compare::{compare, Comparison};
use kehoach::plan::PlanRecord;

const CORPUS: &[&str] = &[
    "corpus/an-lao-district.txt",
    "corpus/binh-thuan-province.txt",
    "corpus/ha-nam-province.txt",
    "corpus/ninh-hai-commune.txt",
    "corpus/trieu-son-town-ocr.txt",
];

fn kehoach(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .output()
        .expect("run kehoach")
}

fn compare_args(extra: &[&str]) -> Vec<String> {
    let mut args = vec!["compare".to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// The corpus compared through the binary, as JSON.
fn corpus_json() -> Value {
    let mut args = compare_args(CORPUS);
    args.push("--pretty".to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = kehoach(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

/// The validator of `kehoach schema comparison`, built once.
fn schema() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let out = kehoach(&["schema", "comparison"]);
        assert!(out.status.success());
        let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
        jsonschema::draft202012::new(&schema).expect("a valid draft 2020-12 schema")
    })
}

fn assert_valid(v: &Value) {
    let errors: Vec<String> = schema()
        .iter_errors(v)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The document id of a corpus file in `corpus_json()` (input order).
fn id_of(c: &Value, path: &str) -> String {
    c["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == path)
        .map(|d| d["id"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("{path} is a document"))
}

fn by_document<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|x| x["document"] == id)
        .unwrap_or_else(|| panic!("{id} is listed"))
}

fn folded(s: &str) -> String {
    kehoach::compare::text::key(s)
}

#[test]
fn corpus_levels_and_localities() {
    let c = corpus_json();
    // From the headers and titles: An Lão is a district of Hải Phòng city, the two
    // provinces stand alone, Ninh Hải is a commune of Ninh Giang district and Triệu
    // Sơn a township (thị trấn) of Triệu Sơn district.
    let got: Vec<(&str, &str, &str)> = c["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["label"].as_str().unwrap(),
                d["level"].as_str().unwrap(),
                d["locality"]["parent"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("huyện An Lão", "district", "thành phố Hải Phòng"),
            ("tỉnh Bình Thuận", "province", "-"),
            ("tỉnh Hà Nam", "province", "-"),
            ("xã Ninh Hải", "commune", "huyện Ninh Giang"),
            ("thị trấn Triệu Sơn", "commune", "huyện Triệu Sơn"),
        ]
    );
    assert_valid(&c);
}

#[test]
fn corpus_plans_cite_parents_that_are_not_in_the_corpus() {
    let c = corpus_json();
    let h = &c["hierarchy"];
    // No corpus plan cites another corpus plan: each implements a document from
    // outside the set.
    let edges = h["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 5);
    assert!(edges.iter().all(|e| e["present"] == false));
    let parent_of = |path: &str| -> &Value {
        let id = id_of(&c, path);
        let e = edges.iter().find(|e| e["child"] == id.as_str()).unwrap();
        h["absent"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == e["parent"])
            .unwrap()
    };
    // "Thực hiện Kế hoạch số 77/KH-UBND, ngày 26/4/2024 của Ủy ban nhân dân huyện Ninh Giang"
    let nh = parent_of("corpus/ninh-hai-commune.txt");
    assert_eq!(nh["number"], "77/KH-UBND");
    assert_eq!(nh["date"], "2024-04-26");
    assert_eq!(nh["level"], "district");
    // "Can ctr Ké hoach s6 25/KH-UBND ngay 19/01/2024 ciia UBND huyén": the district
    // is not named; the town's own parent locality names it.
    let ts = parent_of("corpus/trieu-son-town-ocr.txt");
    assert_eq!(ts["number"], "25/KH-UBND");
    assert_eq!(ts["date"], "2024-01-19");
    assert_eq!(ts["locality"], "huyện Triệu Sơn");
    // "Thực hiện Kế hoạch số 108 /KH-UBND ngày 06/5/2025 của Ủy ban nhân dân thành
    // phố Hải Phòng": a city run by the centre, province level.
    let al = parent_of("corpus/an-lao-district.txt");
    assert_eq!(al["number"], "108/KH-UBND");
    assert_eq!(al["level"], "province");
    // Both provinces implement Quyết định 1315/QĐ-TTg of 09/11/2023: one absent
    // parent with two children. Hà Nam's own earlier plans (481, 2810), cited
    // "Tiếp theo", are issued at its own level and are not its parent.
    let bt = parent_of("corpus/binh-thuan-province.txt");
    let hn = parent_of("corpus/ha-nam-province.txt");
    assert_eq!(bt["id"], hn["id"]);
    assert_eq!(bt["number"], "1315/QĐ-TTg");
    assert_eq!(bt["level"], "national");
    assert_eq!(bt["children"].as_array().unwrap().len(), 2);
    assert_eq!(h["absent"].as_array().unwrap().len(), 4);
}

#[test]
fn corpus_peers_are_the_two_provinces_and_the_two_communes() {
    let c = corpus_json();
    let groups: Vec<(String, Vec<String>)> = c["hierarchy"]["peer_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["level"].as_str().unwrap().to_string(),
                g["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let id = |p: &str| id_of(&c, p);
    assert_eq!(
        groups,
        [
            (
                "province".to_string(),
                vec![
                    id("corpus/binh-thuan-province.txt"),
                    id("corpus/ha-nam-province.txt")
                ]
            ),
            (
                "commune".to_string(),
                vec![
                    id("corpus/ninh-hai-commune.txt"),
                    id("corpus/trieu-son-town-ocr.txt")
                ]
            ),
        ],
        "An Lão is the only district: no peer"
    );
    let pairs = c["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2);
    assert!(pairs.iter().all(|p| p["relation"] == "peers"));
}

#[test]
fn corpus_coverage_matches_the_parts_each_plan_has() {
    let c = corpus_json();
    let kinds: Vec<&str> = c["coverage"]["section_kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    let targets: Vec<&str> = c["coverage"]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    let row = |path: &str| by_document(&c["coverage"]["rows"], &id_of(&c, path)).clone();
    let has = |row: &Value, kind: &str| {
        row["sections"][kinds.iter().position(|k| *k == kind).unwrap()] == true
    };
    let criteria = |row: &Value| -> Vec<(String, u64)> {
        targets
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let n = row["criteria"][i].as_u64().unwrap();
                (n > 0).then(|| (t.to_string(), n))
            })
            .collect()
    };
    let pairs = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
        list.iter().map(|(t, n)| (t.to_string(), *n)).collect()
    };
    // An Lão: four parts only (I mục đích, yêu cầu; II nội dung, giải pháp; III tổ
    // chức thực hiện; IV kinh phí); no criteria, awards or schedule.
    let al = row("corpus/an-lao-district.txt");
    for k in ["purpose", "content", "solutions", "organization", "funding"] {
        assert!(has(&al, k), "An Lão has {k}");
    }
    for k in ["criteria", "awards", "schedule"] {
        assert!(!has(&al, k), "An Lão has no {k}");
    }
    assert!(criteria(&al).is_empty());
    // The other four have all seven parts I–VII of the national template.
    for p in &CORPUS[1..] {
        let r = row(p);
        for k in [
            "purpose",
            "content",
            "criteria",
            "awards",
            "solutions",
            "schedule",
            "funding",
            "organization",
        ] {
            assert!(has(&r, k), "{p} has {k}");
        }
    }
    // Criteria bullets counted under each "Đối với …" heading.
    assert_eq!(
        criteria(&row("corpus/binh-thuan-province.txt")),
        pairs(&[
            ("departments", 4),
            ("front_unions", 2),
            ("district", 3),
            ("commune", 3),
            ("household", 2),
            ("enterprise", 4),
            ("individual", 2),
            ("other", 1)
        ])
    );
    assert_eq!(
        criteria(&row("corpus/ha-nam-province.txt")),
        pairs(&[
            ("departments", 6),
            ("front_unions", 2),
            ("district", 3),
            ("commune", 3),
            ("household", 2),
            ("enterprise", 4),
            ("individual", 2),
            ("other", 1)
        ])
    );
    // Ninh Hải: its own ban, ngành, đoàn thể and schools; thôn; no "cấp xã" group.
    assert_eq!(
        criteria(&row("corpus/ninh-hai-commune.txt")),
        pairs(&[
            ("departments", 4),
            ("village", 3),
            ("household", 2),
            ("enterprise", 4),
            ("individual", 2)
        ])
    );
    // Triệu Sơn: "Đối với cấp thị trấn" (commune level) and "các tổ dân phố".
    assert_eq!(
        criteria(&row("corpus/trieu-son-town-ocr.txt")),
        pairs(&[
            ("commune", 4),
            ("village", 3),
            ("household", 2),
            ("enterprise", 4),
            ("individual", 2)
        ])
    );
    // Every task in the corpus names its lead (the plans assign each item).
    for p in CORPUS {
        let t = &row(p)["tasks"];
        assert_eq!(t["without_lead"], 0, "{p}");
        assert!(t["total"].as_u64().unwrap() > 0, "{p}");
    }
}

/// Rows of the criteria alignment of the pair holding `a` and `b`, for `target`.
fn criteria_rows(c: &Value, a: &str, b: &str, target: &str) -> Vec<Value> {
    let (ia, ib) = (id_of(c, a), id_of(c, b));
    let pair = c["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["a"] == ia.as_str() && p["b"] == ib.as_str())
        .expect("the pair is compared")["id"]
        .clone();
    c["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["pair"] == pair && r["target"] == target)
        .cloned()
        .collect()
}

#[test]
fn corpus_criteria_of_the_two_provinces() {
    let c = corpus_json();
    let (bt, hn) = (
        "corpus/binh-thuan-province.txt",
        "corpus/ha-nam-province.txt",
    );
    // "d) Đối với cấp xã": the same three bullets, word for word, in both.
    let commune = criteria_rows(&c, bt, hn, "commune");
    assert_eq!(commune.len(), 3);
    assert!(commune.iter().all(|r| r["status"] == "matched"));
    // "c) … cấp huyện": Bình Thuận's policies are issued "do các cấp", Hà Nam's "do
    // trung ương và tỉnh": the same criterion, changed.
    let district = criteria_rows(&c, bt, hn, "district");
    let first = &district[0];
    assert_eq!(first["status"], "changed");
    assert_eq!(first["terms"]["a_only"], serde_json::json!(["các cấp"]));
    assert_eq!(
        first["terms"]["b_only"],
        serde_json::json!(["trung ương", "tỉnh"])
    );
    // "a) Đối với các sở, ban, ngành": Hà Nam has six bullets, Bình Thuận four; three
    // of Bình Thuận's appear word for word in Hà Nam.
    let depts = criteria_rows(&c, bt, hn, "departments");
    let n = |s: &str| depts.iter().filter(|r| r["status"] == s).count();
    assert_eq!(n("matched"), 3);
    let only_hn = depts
        .iter()
        .filter(|r| r["status"] == "only_in" && r["a"].is_null())
        .count();
    assert_eq!(only_hn, 2);
    // Evidence: each text is the criterion as the plan gives it, with its span.
    let hn_src = fs::read_to_string(hn).unwrap();
    for r in &depts {
        if let Some(b) = r["b"].as_object() {
            let span = b["span"].as_array().unwrap();
            let (s, e) = (
                span[0].as_u64().unwrap() as usize,
                span[1].as_u64().unwrap() as usize,
            );
            let words = |t: &str| folded(t);
            assert!(
                words(&hn_src[s..e]).contains(&words(b["text"].as_str().unwrap())[..20]),
                "span of {}",
                b["text"]
            );
        }
    }
}

#[test]
fn corpus_criteria_of_the_two_communes() {
    let c = corpus_json();
    let (nh, ts) = (
        "corpus/ninh-hai-commune.txt",
        "corpus/trieu-son-town-ocr.txt",
    );
    // Villages: Ninh Hải's thôn become "Cộng đồng học tập thôn", Triệu Sơn's tổ dân
    // phố "Cộng đồng học tập" cấp xã: changed, and the terms say how.
    let village = criteria_rows(&c, nh, ts, "village");
    let title = village
        .iter()
        .find(|r| {
            r["a"]["text"]
                .as_str()
                .is_some_and(|t| t.contains("Cộng đồng học tập thôn"))
        })
        .expect("aligned");
    assert_eq!(title["status"], "changed");
    assert!(title["terms"]["b_only"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("xã")));
    // Households: "Đạt danh hiệu “Gia đình học tập” và “Dòng họ học tập” …" in both.
    let household = criteria_rows(&c, nh, ts, "household");
    assert_eq!(household[0]["status"], "matched");
    // Ninh Hải's own ban, ngành have no counterpart group in Triệu Sơn, whose
    // "cấp thị trấn" criteria have none in Ninh Hải.
    assert!(criteria_rows(&c, nh, ts, "departments")
        .iter()
        .all(|r| r["status"] == "only_in" && r["b"].is_null()));
    assert!(criteria_rows(&c, nh, ts, "commune")
        .iter()
        .all(|r| r["status"] == "only_in" && r["a"].is_null()));
}

#[test]
fn corpus_agencies_by_field_across_levels() {
    let c = corpus_json();
    let field = |key: &str| -> Vec<(String, Vec<String>)> {
        c["agencies"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == key)
            .unwrap_or_else(|| panic!("field {key}"))["bodies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["document"].as_str().unwrap().to_string(),
                    b["names"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|n| n.as_str().unwrap().to_string())
                        .collect(),
                )
            })
            .collect()
    };
    let id = |p: &str| id_of(&c, p);
    let names_of = |key: &str, path: &str| -> Vec<String> {
        field(key)
            .into_iter()
            .find(|(d, _)| *d == id(path))
            .map(|(_, n)| n)
            .unwrap_or_default()
    };
    // Home affairs and emulation: Sở Nội vụ (both provinces), Phòng Nội vụ (An Lão,
    // III.2), the commune's công chức Văn phòng (Ninh Hải VII.3 "Văn phòng Đảng uỷ,
    // Nội vụ"; Triệu Sơn VII.3 "Cong chirc Van Phong").
    assert_eq!(names_of("home_affairs", CORPUS[1]), ["Sở Nội vụ"]);
    assert_eq!(names_of("home_affairs", CORPUS[2]), ["Sở Nội vụ"]);
    assert_eq!(names_of("home_affairs", CORPUS[0]), ["Phòng Nội vụ"]);
    assert_eq!(
        names_of("home_affairs", CORPUS[3]),
        ["Công chức Văn phòng Đảng ủy, Nội vụ"]
    );
    assert_eq!(
        folded(&names_of("home_affairs", CORPUS[4]).join(" ")),
        "cong chuc van phong"
    );
    // Finance: Sở Tài chính ↔ Phòng Tài chính - Kế hoạch ↔ công chức Tài chính - Kế toán.
    assert_eq!(names_of("finance", CORPUS[1]), ["Sở Tài chính"]);
    assert_eq!(
        names_of("finance", CORPUS[0]),
        ["Phòng Tài chính - Kế hoạch"]
    );
    assert_eq!(
        names_of("finance", CORPUS[4]),
        ["Công chức Tài chính - Kế toán"]
    );
    // Education: Sở and Phòng Giáo dục và Đào tạo; at the communes the community
    // learning centre carries the plan (Ninh Hải VII.2, Triệu Sơn VII.2).
    assert_eq!(names_of("education", CORPUS[2]), ["Sở Giáo dục và Đào tạo"]);
    assert_eq!(
        names_of("education", CORPUS[0]),
        ["Phòng Giáo dục và Đào tạo"]
    );
    assert!(
        folded(&names_of("education", CORPUS[4]).join(" ")).contains("trung tam hoc tap cong dong")
    );
    // Hội Khuyến học at every level: tỉnh (×2), huyện, xã, thị trấn.
    for (p, level) in [
        (CORPUS[0], "huyện"),
        (CORPUS[1], "tỉnh"),
        (CORPUS[2], "tỉnh"),
        (CORPUS[3], "xã"),
        (CORPUS[4], "thị trấn"),
    ] {
        assert!(
            names_of("study_promotion", p).contains(&format!("Hội Khuyến học {level}")),
            "{p}"
        );
    }
    // The same task led at each commune by its own office: "chủ trì, phối hợp …
    // hướng dẫn khen thưởng sơ kết, tổng kết, đánh giá" (Ninh Hải VII.3, Triệu Sơn
    // VII.3); and by Sở Nội vụ in both provinces (VII.3).
    let matched_leads: Vec<(String, String, bool)> = c["agencies"]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "matched")
        .map(|t| {
            (
                folded(t["a"]["lead"][0].as_str().unwrap_or("")),
                folded(t["b"]["lead"][0].as_str().unwrap_or("")),
                t["same_field"] == true,
            )
        })
        .collect();
    assert!(matched_leads.contains(&(
        "cong chuc van phong dang uy noi vu".to_string(),
        "cong chuc van phong".to_string(),
        true
    )));
    assert!(matched_leads.contains(&("so noi vu".to_string(), "so noi vu".to_string(), true)));
    // Peers have no parent: nothing is "unowned" in the corpus.
    assert!(c["agencies"]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["status"] != "unowned"));
}

#[test]
fn corpus_deadline_chain_has_dates_but_no_parent_to_check_against() {
    let c = corpus_json();
    let date = |path: &str| -> Option<(u64, u64)> {
        by_document(&c["deadlines"]["plans"], &id_of(&c, path))["collects"]
            .as_array()
            .unwrap()
            .last()
            .map(|d| (d["day"].as_u64().unwrap(), d["month"].as_u64().unwrap()))
    };
    // Read from the plans: Ninh Hải "trước ngày 30/11 hằng năm"; Triệu Sơn "(trudc
    // ngay 06/12)"; Hà Nam "Trước ngày 05 tháng 12 hằng năm"; Bình Thuận "Trước ngày
    // 01/12 hằng năm"; An Lão reports "định kỳ" without a date.
    assert_eq!(date("corpus/ninh-hai-commune.txt"), Some((30, 11)));
    assert_eq!(date("corpus/trieu-son-town-ocr.txt"), Some((6, 12)));
    assert_eq!(date("corpus/ha-nam-province.txt"), Some((5, 12)));
    assert_eq!(date("corpus/binh-thuan-province.txt"), Some((1, 12)));
    assert_eq!(date("corpus/an-lao-district.txt"), None);
    // No parent is among the inputs, so no check can be made: five gaps, no
    // violation (Triệu Sơn's 06/12 is later than both provinces' dates, but
    // neither province is its own: it lies in Thanh Hóa).
    let checks = c["deadlines"]["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 5);
    assert!(checks.iter().all(|k| k["status"] == "gap"));
    let al = checks
        .iter()
        .find(|k| k["child"] == id_of(&c, "corpus/an-lao-district.txt").as_str())
        .unwrap();
    assert_eq!(
        al["gaps"],
        serde_json::json!(["parent_absent", "child_undated"])
    );
}

#[test]
fn corpus_reuse_follows_the_national_template() {
    let c = corpus_json();
    let reuse = |path: &str| by_document(&c["reuse"]["plans"], &id_of(&c, path)).clone();
    // An Lão implements another movement ("Học tập suốt đời", 2025) in its own words.
    let al = reuse("corpus/an-lao-district.txt");
    assert!(al["share"].as_f64().unwrap() < 0.1, "{al}");
    // The four plans of the 1315/QĐ-TTg movement copy its template: the purposes,
    // the six contents, the solutions and most criteria read the same.
    for p in &CORPUS[1..] {
        let r = reuse(p);
        assert!(r["share"].as_f64().unwrap() > 0.4, "{p}: {r}");
        assert!(r["reused"].as_u64().unwrap() <= r["sentences"].as_u64().unwrap());
    }
    // The two provinces are each other's closest text.
    let bt = reuse("corpus/binh-thuan-province.txt");
    let hn = reuse("corpus/ha-nam-province.txt");
    assert_eq!(
        bt["sources"][0]["document"],
        id_of(&c, "corpus/ha-nam-province.txt").as_str()
    );
    assert_eq!(
        hn["sources"][0]["document"],
        id_of(&c, "corpus/binh-thuan-province.txt").as_str()
    );
    // Nobody's parent is present.
    for p in CORPUS {
        assert!(reuse(p)["from_parent"].is_null());
    }
}

#[test]
fn reuse_finds_what_comparing_every_sentence_pair_finds() {
    use kehoach::compare::text::{sentences, similarity, Words};
    let records: Vec<PlanRecord> = CORPUS
        .iter()
        .map(|p| record(p, &fs::read_to_string(p).unwrap()))
        .collect();
    let c = compare(&records);
    let words: Vec<Vec<Words>> = records
        .iter()
        .map(|r| {
            sentences(r.plan.as_ref().unwrap())
                .iter()
                .map(|s| Words::from_folded(s))
                .collect()
        })
        .collect();
    for (p, mine) in words.iter().enumerate() {
        let found = mine
            .iter()
            .filter(|s| {
                words.iter().enumerate().any(|(q, theirs)| {
                    q != p
                        && theirs
                            .iter()
                            .any(|t| similarity(s, t) >= kehoach::compare::reuse::THRESHOLD)
                })
            })
            .count();
        assert_eq!(c.reuse.plans[p].sentences, mine.len());
        assert_eq!(c.reuse.plans[p].reused, found, "{}", CORPUS[p]);
    }
}

// ---- Synthetic plans: a district plan and a commune plan citing it by number. ----

const DISTRICT: &str = "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN TIÊN LÃNG  Độc lập - Tự do - Hạnh phúc
Số: 30/KH-UBND  Tiên Lãng, ngày 01 tháng 02 năm 2024

KẾ HOẠCH
Triển khai Phong trào “Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023 - 2030” trên địa bàn huyện Tiên Lãng

Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2024 của Ủy ban nhân dân thành phố Hải Phòng về triển khai Phong trào thi đua, Ủy ban nhân dân huyện Tiên Lãng ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Phát huy sức mạnh của cả hệ thống chính trị trong việc tuyên truyền, nâng cao nhận thức của các tầng lớp Nhân dân về vai trò của khuyến học, khuyến tài, học tập suốt đời.
II. TIÊU CHÍ THI ĐUA
1. Đối với cấp xã
- Thực hiện đầy đủ các chính sách thúc đẩy học tập suốt đời, xây dựng xã hội học tập do tỉnh và huyện ban hành.
- Được công nhận “Cộng đồng học tập” cấp xã theo tiêu chí do Bộ Giáo dục và Đào tạo ban hành.
2. Đối với hộ gia đình, dòng họ
- Đạt danh hiệu “Gia đình học tập” và “Dòng họ học tập” theo tiêu chí do Bộ Giáo dục và Đào tạo phối hợp với Hội Khuyến học Việt Nam ban hành.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Giáo dục và Đào tạo chủ trì, phối hợp với Phòng Nội vụ hướng dẫn, đôn đốc, kiểm tra việc thực hiện Kế hoạch này.
2. Phòng Nội vụ chủ trì, phối hợp với Phòng Giáo dục và Đào tạo hướng dẫn khen thưởng sơ kết, tổng kết Phong trào thi đua.
3. Phòng Tài chính - Kế hoạch tham mưu bố trí kinh phí thực hiện Kế hoạch.
4. Ủy ban nhân dân các xã, thị trấn xây dựng kế hoạch cụ thể để tổ chức Phong trào thi đua trên địa bàn.
Trước ngày 25/11 hằng năm, Ủy ban nhân dân các xã, thị trấn báo cáo tình hình thực hiện Phong trào thi đua về Phòng Giáo dục và Đào tạo để tổng hợp.
Nơi nhận:
- UBND thành phố (để b/c);
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
";

/// Another district whose plan happens to carry the same number, 30/KH-UBND.
const OTHER_DISTRICT: &str = "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN VĨNH BẢO  Độc lập - Tự do - Hạnh phúc
Số: 30/KH-UBND  Vĩnh Bảo, ngày 20 tháng 01 năm 2024

KẾ HOẠCH
Triển khai Phong trào thi đua xây dựng xã hội học tập trên địa bàn huyện Vĩnh Bảo

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao nhận thức của cán bộ, công chức về học tập suốt đời trong thời kỳ chuyển đổi số.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Giáo dục và Đào tạo chủ trì theo dõi, tổng hợp kết quả thực hiện.
Trước ngày 15/12 hằng năm, các xã báo cáo kết quả thực hiện về Phòng Giáo dục và Đào tạo.
";

const COMMUNE: &str = "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ ĐÔNG HƯNG  Độc lập - Tự do - Hạnh phúc
Số: 45/KH-UBND  Đông Hưng, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
Triển khai Phong trào “Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023 - 2030” trên địa bàn xã Đông Hưng

Thực hiện Kế hoạch số 30/KH-UBND ngày 01/02/2024 của UBND huyện Tiên Lãng về triển khai Phong trào thi đua, UBND xã Đông Hưng xây dựng Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Phát huy sức mạnh của cả hệ thống chính trị trong việc tuyên truyền, nâng cao nhận thức của các tầng lớp Nhân dân về vai trò của khuyến học, khuyến tài, học tập suốt đời.
II. TIÊU CHÍ THI ĐUA
1. Đối với các thôn
- Được công nhận “Cộng đồng học tập” cấp thôn theo tiêu chí do Bộ Giáo dục và Đào tạo ban hành.
2. Đối với hộ gia đình, dòng họ
- Đạt danh hiệu “Gia đình học tập” và “Dòng họ học tập” theo tiêu chí do Bộ Giáo dục và Đào tạo phối hợp với Hội Khuyến học Việt Nam ban hành.
III. TỔ CHỨC THỰC HIỆN
1. Công chức Văn hóa - Xã hội chủ trì, phối hợp với công chức Văn phòng - Thống kê hướng dẫn, đôn đốc, kiểm tra việc thực hiện Kế hoạch này.
2. Công chức Văn phòng - Thống kê chủ trì, phối hợp với công chức Văn hóa - Xã hội hướng dẫn khen thưởng sơ kết, tổng kết Phong trào thi đua.
3. Trưởng các thôn xây dựng kế hoạch cụ thể để tổ chức Phong trào thi đua trên địa bàn thôn.
Trước ngày 30/11 hằng năm, các thôn báo cáo tình hình thực hiện Phong trào thi đua về công chức Văn hóa - Xã hội để tổng hợp.
Nơi nhận:
- UBND huyện (để b/c);
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Phạm Văn Bình
";

fn record(path: &str, text: &str) -> PlanRecord {
    kehoach::process(path, text.as_bytes(), &kehoach::Options::default())
}

fn synthetic(texts: &[(&str, &str)]) -> Comparison {
    let records: Vec<PlanRecord> = texts.iter().map(|(p, t)| record(p, t)).collect();
    compare(&records)
}

#[test]
fn a_commune_citing_its_district_plan_is_its_child() {
    let c = synthetic(&[
        ("vinh-bao.txt", OTHER_DISTRICT),
        ("tien-lang.txt", DISTRICT),
        ("dong-hung.txt", COMMUNE),
    ]);
    // The commune cites 30/KH-UBND of 01/02/2024 of UBND huyện Tiên Lãng: the
    // Tiên Lãng plan (D2), not Vĩnh Bảo's plan of the same number (D1).
    let edge = c.hierarchy.edges.iter().find(|e| e.child == "D3").unwrap();
    assert_eq!((edge.parent.as_str(), edge.present), ("D2", true));
    assert_eq!(edge.evidence, "reference");
    let src = COMMUNE;
    let span = edge.reference.as_ref().unwrap().span;
    assert!(src[span.range()].contains("30/KH-UBND"));
    // The district cites the city's plan, absent.
    let up = c.hierarchy.edges.iter().find(|e| e.child == "D2").unwrap();
    assert!(!up.present);
    // Pairs: the edge first, then the two districts as peers (neither has its
    // parent among the inputs).
    let pairs: Vec<(&str, &str, &str)> = c
        .pairs
        .iter()
        .map(|p| (p.a.as_str(), p.b.as_str(), p.relation.as_str()))
        .collect();
    assert_eq!(pairs, [("D2", "D3", "parent_child"), ("D1", "D2", "peers")]);
}

#[test]
fn deadline_chain_violation_and_unowned_task() {
    let c = synthetic(&[("tien-lang.txt", DISTRICT), ("dong-hung.txt", COMMUNE)]);
    // The district collects on 25/11, the commune on 30/11: too late.
    let check = c.deadlines.checks.iter().find(|k| k.child == "D2").unwrap();
    assert_eq!(check.status, "violation");
    assert_eq!(
        check.child_deadline.as_ref().map(|d| (d.day, d.month)),
        Some((30, 11))
    );
    assert_eq!(
        check.parent_deadline.as_ref().map(|d| (d.day, d.month)),
        Some((25, 11))
    );
    // Phòng Giáo dục và Đào tạo's and Phòng Nội vụ's tasks are led at the commune by
    // the công chức of the same fields; Phòng Tài chính - Kế hoạch's has no
    // finance body in the commune plan.
    let leads = |status: &str| -> Vec<(String, String)> {
        c.agencies
            .tasks
            .iter()
            .filter(|t| t.status == status)
            .map(|t| {
                (
                    t.a.as_ref().map(|s| s.lead.join("; ")).unwrap_or_default(),
                    t.b.as_ref().map(|s| s.lead.join("; ")).unwrap_or_default(),
                )
            })
            .collect()
    };
    let matched = leads("matched");
    assert!(matched.contains(&(
        "Phòng Giáo dục và Đào tạo".to_string(),
        "Công chức Văn hóa - Xã hội".to_string()
    )));
    assert!(matched.contains(&(
        "Phòng Nội vụ".to_string(),
        "Công chức Văn phòng - Thống kê".to_string()
    )));
    assert_eq!(
        leads("unowned"),
        [("Phòng Tài chính - Kế hoạch".to_string(), String::new())]
    );
    // The household criterion is copied; the commune's "cấp xã" group is the
    // district's alone.
    let household: Vec<&str> = c
        .criteria
        .iter()
        .filter(|r| r.target == "household")
        .map(|r| r.status.as_str())
        .collect();
    assert_eq!(household, ["matched"]);
    assert!(c
        .criteria
        .iter()
        .filter(|r| r.target == "commune")
        .all(|r| r.status == "only_in" && r.b.is_none()));
    // The commune's purpose sentence is the district's: reuse from the parent.
    let reuse = c.reuse.plans.iter().find(|p| p.document == "D2").unwrap();
    let from_parent = reuse.from_parent.as_ref().unwrap();
    assert_eq!(from_parent.document, "D1");
    assert!(from_parent.sentences >= 1);
    // And the whole validates.
    assert_valid(&serde_json::to_value(&c).unwrap());
}

#[test]
fn a_commune_without_citation_links_by_locality() {
    let commune = COMMUNE.replace(
        "Thực hiện Kế hoạch số 30/KH-UBND ngày 01/02/2024 của UBND huyện Tiên Lãng về triển khai Phong trào thi đua, ",
        "Trên địa bàn xã Đông Hưng, huyện Tiên Lãng, ",
    );
    let c = synthetic(&[("tien-lang.txt", DISTRICT), ("dong-hung.txt", &commune)]);
    let edge = c.hierarchy.edges.iter().find(|e| e.child == "D2").unwrap();
    assert_eq!(
        (edge.parent.as_str(), edge.present, edge.evidence.as_str()),
        ("D1", true, "locality")
    );
}

// ---- The binary: formats, inputs, errors, determinism. ----

#[test]
fn json_validates_and_is_deterministic() {
    let mut args = compare_args(CORPUS);
    args.push("-j".to_string());
    args.push("1".to_string());
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let one = kehoach(&a);
    args.pop();
    args.push("2".to_string());
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let two = kehoach(&a);
    assert_eq!(one.status.code(), Some(0));
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    let v: Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(v["schema"], "kehoach/comparison@1");
    assert_valid(&v);
}

#[test]
fn extract_output_compares_like_the_text_files() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("plans.jsonl");
    let mut args = vec!["extract", "-o", jsonl.to_str().unwrap()];
    args.extend(CORPUS);
    assert_eq!(kehoach(&args).status.code(), Some(0));
    let from_text = kehoach(
        &compare_args(CORPUS)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let from_jsonl = kehoach(&["compare", jsonl.to_str().unwrap()]);
    assert_eq!(from_jsonl.status.code(), Some(0));
    assert_eq!(from_text.stdout, from_jsonl.stdout);
    // Mixed: a JSON Lines file between text files keeps the input order.
    let one = dir.path().join("one.jsonl");
    assert_eq!(
        kehoach(&["extract", "-o", one.to_str().unwrap(), CORPUS[2]])
            .status
            .code(),
        Some(0)
    );
    let mixed = kehoach(&[
        "compare",
        CORPUS[0],
        CORPUS[1],
        one.to_str().unwrap(),
        CORPUS[3],
        CORPUS[4],
    ]);
    assert_eq!(from_text.stdout, mixed.stdout);
}

#[test]
fn unreadable_inputs_are_listed_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    fs::write(
        &bad,
        "{\"schema\": \"kehoach/plan@1\", \"source\": 3}\nnot json\n",
    )
    .unwrap();
    let out = kehoach(&[
        "compare",
        "no/such/plan.txt",
        bad.to_str().unwrap(),
        CORPUS[1],
        CORPUS[2],
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["error"]["code"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(codes, ["io", "invalid_json", "invalid_json", "-", "-"]);
    // The two readable provinces are still compared.
    assert_eq!(v["pairs"].as_array().unwrap().len(), 1);
    assert_valid(&v);
    // Nothing to compare at all is a usage error.
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        kehoach(&["compare", empty.path().to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(kehoach(&["compare"]).status.code(), Some(2));
    // An output that cannot be written is exit 2, and leaves nothing behind.
    assert_eq!(
        kehoach(&["compare", "-o", "/nonexistent-dir/r.html", CORPUS[0]])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        kehoach(&["compare", "--format", "xml", CORPUS[0]])
            .status
            .code(),
        Some(2)
    );
}

/// Splits RFC 4180 CSV text into records of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR is followed by LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("bare LF outside quotes"),
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "ends with CRLF");
    rows
}

#[test]
fn csv_opens_in_excel_with_vietnamese_intact() {
    let mut args = compare_args(CORPUS);
    args.extend(["--format".to_string(), "csv".to_string()]);
    let out = kehoach(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 byte order mark"
    );
    let text = String::from_utf8(out.stdout[3..].to_vec()).expect("UTF-8");
    let rows = parse_csv(&text);
    assert_eq!(rows[0][0], "kind");
    let width = rows[0].len();
    assert!(
        rows.iter().all(|r| r.len() == width),
        "every row has {width} fields"
    );
    let kinds: std::collections::BTreeSet<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["agency", "criterion", "deadline", "reuse", "task"]
    );
    // Vietnamese survives, quotes and commas inside texts are quoted.
    assert!(rows.iter().any(|r| r.iter().any(|f| f == "Sở Nội vụ")));
    assert!(rows.iter().any(|r| r
        .iter()
        .any(|f| f.contains("“Cộng đồng học tập”") && f.contains(','))));
    // One criterion row per row of the JSON alignment.
    let json = corpus_json();
    let criteria = rows.iter().filter(|r| r[0] == "criterion").count();
    assert_eq!(criteria, json["criteria"].as_array().unwrap().len());
}

#[test]
fn html_is_one_escaped_self_contained_page() {
    let hostile = COMMUNE.replace(
        "- Được công nhận “Cộng đồng học tập” cấp thôn",
        "- Được công nhận <script>alert(1)</script> & “Cộng đồng học tập” cấp thôn",
    );
    let c = synthetic(&[("tien-lang.txt", DISTRICT), ("dong-hung.txt", &hostile)]);
    let page = kehoach::compare::html::render(&c);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        !page.contains("<script"),
        "no script, and plan text is escaped"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; “Cộng đồng học tập”"));
    for external in ["http://", "https://", "<link", " src=", "@import", "url("] {
        assert!(!page.contains(external), "no external asset: {external}");
    }
    assert!(page.contains("@media print"));
    // The parts an analyst looks for.
    for id in [
        "plans",
        "coverage",
        "criteria",
        "agencies",
        "deadlines",
        "reuse",
    ] {
        assert!(page.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    assert!(page.contains("vi phạm"), "the deadline violation is shown");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever the plans hold, comparing them does not panic, and the result
    /// validates and renders.
    #[test]
    fn compare_never_panics(texts in prop::collection::vec(
        prop::collection::vec(prop::sample::select(vec![
            "KẾ HOẠCH\n", "I. MỤC ĐÍCH, YÊU CẦU\n", "III. TỔ CHỨC THỰC HIỆN\n", "1. ", "- ",
            "Đối với cấp xã\n", "Đối với hộ gia đình, dòng họ\n", "Sở Nội vụ chủ trì ", "Phòng Tài chính - Kế hoạch ",
            "Thực hiện Kế hoạch số 30/KH-UBND ngày 01/02/2024 của UBND huyện Tiên Lãng, ",
            "UBND xã Đông Hưng xây dựng Kế hoạch như sau:\n", "trên địa bàn huyện Tiên Lãng\n",
            "Trước ngày 25/11 hằng năm báo cáo về Phòng Giáo dục và Đào tạo.\n",
            "xây dựng xã hội học tập, học tập suốt đời; ", "“Cộng đồng học tập” ", "\n", ". ", "<&>\"'",
        ]), 0..40).prop_map(|v| v.concat()),
        0..4,
    )) {
        let records: Vec<PlanRecord> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| record(&format!("p{i}.txt"), t))
            .collect();
        let c = compare(&records);
        assert_eq!(c.documents.len(), records.len());
        let v = serde_json::to_value(&c).unwrap();
        assert_valid(&v);
        let _ = kehoach::compare::csv::render(&c);
        let page = kehoach::compare::html::render(&c);
        prop_assert!(!page.contains("<script"));
    }
}
