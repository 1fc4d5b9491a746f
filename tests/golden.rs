//! Golden tests: each corpus plan against the fixture written by reading it
//! (fixtures/<plan>.json), field by field, with every difference listed.

use std::fs;

use serde_json::{json, Value};

/// Fields the OCR plan cannot give yet: its "Nơi nhận" abbreviations are damaged
/// by OCR ("BCDOXHHT", "HDND", "bang uy" for "Đảng ủy") beyond what repair restores.
/// They are compared for every other plan.
const NEEDS_OCR_REPAIR: &[(&str, &str)] = &[("trieu-son-town-ocr", "recipients")];

/// References whose issuer the extractor cannot complete yet, with the reason:
/// place names after a council are read only on text that was clean as written.
const ISSUER_GAPS: &[(&str, &str)] = &[("trieu-son-town-ocr", "947/KH-UBND")];

const PLANS: &[&str] = &[
    "ninh-hai-commune",
    "trieu-son-town-ocr",
    "ha-nam-province",
    "binh-thuan-province",
    "an-lao-district",
];

fn extracted(plan: &str) -> Value {
    let path = format!("corpus/{plan}.txt");
    let bytes = fs::read(&path).unwrap();
    let record = kehoach::pipeline::process(&path, &bytes, &Default::default());
    serde_json::to_value(&record).unwrap()
}

fn expected(plan: &str) -> Value {
    let text = fs::read_to_string(format!("fixtures/{plan}.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Fails with every difference listed, one per line.
fn assert_no_diffs(diffs: &[String]) {
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

fn sections_of(v: &Value) -> Vec<Value> {
    v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let labels: Vec<Value> = s["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["label"].clone())
                .collect();
            json!({ "numeral": s["numeral"], "heading": s["heading"], "kinds": s["kinds"], "item_labels": labels })
        })
        .collect()
}

#[test]
fn corpus_plans_match_their_fixtures() {
    let mut diffs = Vec::new();
    for plan in PLANS {
        let got = extracted(plan);
        let want = expected(plan);
        for (field, value) in want["document"].as_object().unwrap() {
            if NEEDS_OCR_REPAIR.contains(&(plan, field.as_str())) {
                continue;
            }
            if &got["document"][field] != value {
                diffs.push(format!(
                    "{plan}: document.{field}\n    expected {value}\n    got      {}",
                    got["document"][field]
                ));
            }
        }
        let got_sections = sections_of(&got);
        let want_sections = want["sections"].as_array().unwrap();
        if got_sections.len() != want_sections.len() {
            diffs.push(format!(
                "{plan}: {} sections expected, {} found",
                want_sections.len(),
                got_sections.len()
            ));
        }
        for (g, w) in got_sections.iter().zip(want_sections) {
            if g != w {
                diffs.push(format!(
                    "{plan}: section\n    expected {w}\n    got      {g}"
                ));
            }
        }
    }
    assert_no_diffs(&diffs);
}

#[test]
fn every_span_is_in_bounds_and_on_char_boundaries() {
    for plan in PLANS {
        let source = fs::read_to_string(format!("corpus/{plan}.txt")).unwrap();
        let got = extracted(plan);
        let mut stack = vec![&got];
        let mut checked = 0;
        while let Some(v) = stack.pop() {
            match v {
                Value::Object(m) => {
                    if let Some(Value::Array(span)) = m.get("span") {
                        let (a, b) = (
                            span[0].as_u64().unwrap() as usize,
                            span[1].as_u64().unwrap() as usize,
                        );
                        assert!(
                            a <= b && b <= source.len(),
                            "{plan}: span {a}..{b} out of bounds"
                        );
                        assert!(
                            source.get(a..b).is_some(),
                            "{plan}: span {a}..{b} splits a character"
                        );
                        checked += 1;
                    }
                    stack.extend(m.values());
                }
                Value::Array(a) => stack.extend(a),
                _ => {}
            }
        }
        assert!(checked > 20, "{plan}: only {checked} spans");
    }
}

#[test]
fn section_spans_start_at_their_headings() {
    let source = fs::read_to_string("corpus/ha-nam-province.txt").unwrap();
    let got = extracted("ha-nam-province");
    let vii = &got["sections"][6];
    let span = vii["span"].as_array().unwrap();
    let text = &source[span[0].as_u64().unwrap() as usize..span[1].as_u64().unwrap() as usize];
    assert!(text.starts_with("VII. TỔ CHỨC THỰC HIỆN"), "{text}");
    assert!(
        text.trim_end().ends_with("để xem xét, chỉ đạo./."),
        "{text}"
    );
    let item = &vii["items"][3];
    let span = item["span"].as_array().unwrap();
    let text = &source[span[0].as_u64().unwrap() as usize..span[1].as_u64().unwrap() as usize];
    assert!(
        text.starts_with("4. Sở Tài chính: Căn cứ khả năng cân đối ngân sách"),
        "{text}"
    );
}

#[test]
fn references_and_warnings_match_their_fixtures() {
    let mut diffs = Vec::new();
    for plan in PLANS {
        let got = extracted(plan);
        let want = expected(plan);
        let keys = [
            "doc_type", "number", "date", "issuer", "relation", "mentions",
        ];
        let project = |r: &Value| -> Value {
            keys.iter()
                .map(|k| (k.to_string(), r[*k].clone()))
                .collect()
        };
        let gap = |r: &Value| ISSUER_GAPS.contains(&(*plan, r["number"].as_str().unwrap_or("")));
        let mut got_refs: Vec<Value> = got["references"]
            .as_array()
            .unwrap()
            .iter()
            .map(project)
            .collect();
        let mut want_refs = want["references"].as_array().unwrap().clone();
        for r in got_refs.iter_mut().chain(want_refs.iter_mut()) {
            if gap(r) {
                r["issuer"] = Value::Null;
            }
        }
        for w in &want_refs {
            if !got_refs.contains(w) {
                diffs.push(format!("{plan}: reference missing or different: {w}"));
            }
        }
        for g in &got_refs {
            if !want_refs.contains(g) {
                diffs.push(format!("{plan}: reference not in the plan: {g}"));
            }
        }
        let mut codes: Vec<&str> = got["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap())
            .filter(|c| *c != "low_confidence_repair")
            .collect();
        codes.sort();
        let want_codes: Vec<&str> = want["warning_codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        if codes != want_codes {
            diffs.push(format!(
                "{plan}: warnings {codes:?}, expected {want_codes:?}"
            ));
        }
    }
    assert_no_diffs(&diffs);
}

#[test]
fn phases_funding_awards_and_deadlines_match_their_fixtures() {
    let mut diffs = Vec::new();
    for plan in PLANS {
        let got = extracted(plan);
        let want = expected(plan);
        let pick = |v: &Value, keys: &[&str]| -> Vec<Value> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    keys.iter()
                        .map(|k| (k.to_string(), x[*k].clone()))
                        .collect()
                })
                .collect()
        };
        let checks = [
            ("phases", &["label", "start", "end"][..]),
            ("awards", &["occasion", "years", "forms"][..]),
            ("deadlines", &["day", "month", "year", "recurrence"][..]),
        ];
        for (field, keys) in checks {
            let (g, w) = (pick(&got[field], keys), pick(&want[field], keys));
            if g != w {
                diffs.push(format!(
                    "{plan}: {field}\n    expected {w:?}\n    got      {g:?}"
                ));
            }
        }
        let sources = &got["funding"]["sources"];
        if sources != &want["funding_sources"] {
            diffs.push(format!(
                "{plan}: funding sources {sources}, expected {}",
                want["funding_sources"]
            ));
        }
    }
    assert_no_diffs(&diffs);
}
