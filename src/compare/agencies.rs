//! Agencies across levels: the bodies of each plan placed in fields by a rule
//! table (Sở Giáo dục và Đào tạo ↔ Phòng Giáo dục và Đào tạo ↔ the commune's
//! công chức Văn hóa - Xã hội or community learning centre; Sở Nội vụ ↔ Phòng Nội
//! vụ ↔ công chức Văn phòng …), and tasks aligned across each pair: which body leads
//! the same task at each level, and which tasks of a parent have no owner in the
//! child.
//!
//! Bodies are matched on accent-folded names (keys only); names, task ids, texts and
//! spans in the output are the plans' own. Tasks are compared as folded word
//! sequences with the bodies' names left out, so "Sở Nội vụ chủ trì hướng dẫn khen
//! thưởng" and "Công chức Văn phòng chủ trì hướng dẫn khen thưởng" align.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::plan::{Task, ROLES};

use super::hierarchy::PairRef;
use super::text::{assign, folded_words, similarity_at_least, Words};
use super::{round3, AgencyMap, Doc, FieldBodies, FieldRow, TaskRow, TaskSide};

/// A field of government work and the folded name patterns of its bodies at each
/// level. A pattern matches whole words anywhere in the name; one starting with `^`
/// only at its start.
pub struct Field {
    /// Stable key.
    pub key: &'static str,
    /// Vietnamese label.
    pub label: &'static str,
    /// Province bodies (sở …).
    pub province: &'static [&'static str],
    /// District bodies (phòng …).
    pub district: &'static [&'static str],
    /// Commune bodies (công chức, ban …).
    pub commune: &'static [&'static str],
    /// Bodies of the same name at every level (hội, mặt trận …).
    pub any: &'static [&'static str],
}

/// The rule table, by field.
pub const FIELDS: &[Field] = &[
    Field {
        key: "education",
        label: "Giáo dục và Đào tạo",
        province: &["so giao duc"],
        district: &["phong giao duc"],
        commune: &["cong chuc van hoa xa hoi", "trung tam hoc tap cong dong"],
        any: &[],
    },
    Field {
        key: "home_affairs",
        label: "Nội vụ, thi đua - khen thưởng",
        province: &["so noi vu", "ban thi dua khen thuong"],
        district: &["phong noi vu"],
        commune: &["cong chuc van phong", "^cong chuc noi vu"],
        any: &[],
    },
    Field {
        key: "finance",
        label: "Tài chính",
        province: &["so tai chinh"],
        district: &["phong tai chinh"],
        commune: &["cong chuc tai chinh"],
        any: &[],
    },
    Field {
        key: "culture_information",
        label: "Văn hóa, thông tin",
        province: &["so van hoa", "so thong tin"],
        district: &["phong van hoa"],
        commune: &["cong chuc van hoa"],
        any: &[],
    },
    Field {
        key: "media",
        label: "Báo chí, phát thanh, truyền thanh",
        province: &["dai phat thanh", "^bao"],
        district: &[
            "trung tam van hoa thong tin",
            "trung tam truyen thong",
            "dai truyen thanh huyen",
        ],
        commune: &["dai truyen thanh"],
        any: &[],
    },
    Field {
        key: "front",
        label: "Ủy ban Mặt trận Tổ quốc",
        province: &[],
        district: &[],
        commune: &[],
        any: &["mat tran to quoc", "mttq"],
    },
    Field {
        key: "unions",
        label: "Tổ chức chính trị - xã hội, đoàn thể",
        province: &[],
        district: &[],
        commune: &[],
        any: &["to chuc chinh tri xa hoi", "doan the"],
    },
    Field {
        key: "study_promotion",
        label: "Hội Khuyến học",
        province: &[],
        district: &[],
        commune: &[],
        any: &["hoi khuyen hoc"],
    },
    Field {
        key: "emulation_council",
        label: "Hội đồng Thi đua - Khen thưởng",
        province: &[],
        district: &[],
        commune: &[],
        any: &["hoi dong thi dua"],
    },
    Field {
        key: "propaganda",
        label: "Ban Tuyên giáo",
        province: &[],
        district: &[],
        commune: &[],
        any: &["ban tuyen giao"],
    },
    Field {
        key: "departments",
        label: "Sở, ban, ngành ↔ phòng, ban, ngành ↔ ban, ngành xã",
        province: &["^cac so ban nganh", "^so ban nganh"],
        district: &["^cac phong ban nganh", "^phong ban nganh"],
        commune: &["^cac ban nganh", "^ban nganh"],
        any: &[],
    },
    Field {
        key: "lower_level",
        label: "Cấp dưới: UBND huyện ↔ UBND xã ↔ thôn, tổ dân phố",
        province: &["^uy ban nhan dan cac huyen"],
        district: &["^uy ban nhan dan xa", "^uy ban nhan dan cac xa"],
        commune: &[
            "^truong cac thon",
            "^truong thon",
            "^cac thon",
            "^cac to dan pho",
            "^to dan pho",
        ],
        any: &[],
    },
    Field {
        key: "enterprises",
        label: "Doanh nghiệp",
        province: &[],
        district: &[],
        commune: &[],
        any: &["doanh nghiep"],
    },
];

/// Field key of the bodies one level down; a parent's task for them is the child
/// plan's own work, not a task some child body must own.
const LOWER_LEVEL: &str = "lower_level";

/// Tasks of a pair align from this similarity…
pub const TASK_ALIGN_MIN: f64 = 0.5;
/// …or from this one when their leads share a field.
pub const TASK_ALIGN_MIN_SAME_FIELD: f64 = 0.4;
/// Words of a task compared (the opening says what the task is).
const TASK_WORDS: usize = 120;

/// The rule table's patterns, padded for whole-word matching: (field, at start
/// only, " words ").
static PATTERNS: LazyLock<Vec<(&'static str, bool, String)>> = LazyLock::new(|| {
    FIELDS
        .iter()
        .flat_map(|f| {
            [f.province, f.district, f.commune, f.any]
                .into_iter()
                .flatten()
                .map(move |p| match p.strip_prefix('^') {
                    Some(p) => (f.key, true, format!(" {p} ")),
                    None => (f.key, false, format!(" {p} ")),
                })
        })
        .collect()
});

/// The fields of a body, by its name, in table order.
pub fn fields_of(name: &str) -> Vec<&'static str> {
    let key = format!(" {} ", folded_words(name).join(" "));
    let mut out: Vec<&'static str> = Vec::new();
    for (field, at_start, pattern) in PATTERNS.iter() {
        let hit = if *at_start {
            key.starts_with(pattern.as_str())
        } else {
            key.contains(pattern.as_str())
        };
        if hit && !out.contains(field) {
            out.push(field);
        }
    }
    out
}

/// What the pairing needs of one plan, computed once: its bodies' fields and its
/// tasks' words and lead fields.
struct Prepared {
    /// Per agency of the plan: its fields.
    agency_fields: Vec<Vec<&'static str>>,
    /// Fields with a body in the plan.
    body_fields: Vec<&'static str>,
    /// Per task: words without bodies' names.
    words: Vec<Words>,
    /// Per task: fields of its leads, in table order.
    lead_fields: Vec<Vec<&'static str>>,
}

fn prepare(d: &Doc<'_>) -> Prepared {
    let agency_fields: Vec<Vec<&'static str>> =
        d.plan.agencies.iter().map(|a| fields_of(&a.name)).collect();
    // Leads are agencies of the plan: their fields are known by name.
    let known: HashMap<&str, &Vec<&'static str>> = d
        .plan
        .agencies
        .iter()
        .map(|a| a.name.as_str())
        .zip(&agency_fields)
        .collect();
    let mut body_fields: Vec<&'static str> = Vec::new();
    for f in agency_fields.iter().flatten() {
        if !body_fields.contains(f) {
            body_fields.push(f);
        }
    }
    let lead_fields = d
        .plan
        .tasks
        .iter()
        .map(|t| {
            let of: Vec<Vec<&'static str>> = t
                .lead
                .iter()
                .map(|l| {
                    known
                        .get(l.as_str())
                        .map(|f| f.to_vec())
                        .unwrap_or_else(|| fields_of(l))
                })
                .collect();
            FIELDS
                .iter()
                .map(|f| f.key)
                .filter(|k| of.iter().any(|v| v.contains(k)))
                .collect()
        })
        .collect();
    Prepared {
        agency_fields,
        body_fields,
        words: d.plan.tasks.iter().map(task_words).collect(),
        lead_fields,
    }
}

/// The field map and the task alignment.
pub(crate) fn map(docs: &[Doc<'_>], pairs: &[PairRef]) -> AgencyMap {
    let prepared: Vec<Prepared> = docs.iter().map(prepare).collect();
    let fields = FIELDS
        .iter()
        .filter_map(|f| {
            let bodies: Vec<FieldBodies> = docs
                .iter()
                .zip(&prepared)
                .filter_map(|(d, p)| bodies(d, p, f))
                .collect();
            (!bodies.is_empty()).then(|| FieldRow {
                field: f.key.to_string(),
                label: f.label.to_string(),
                bodies,
            })
        })
        .collect();
    let mut tasks = Vec::new();
    for pair in pairs {
        align_tasks(docs, &prepared, pair, &mut tasks);
    }
    AgencyMap { fields, tasks }
}

fn bodies(d: &Doc<'_>, p: &Prepared, f: &Field) -> Option<FieldBodies> {
    let members: Vec<&crate::plan::Agency> = d
        .plan
        .agencies
        .iter()
        .zip(&p.agency_fields)
        .filter(|(_, fields)| fields.contains(&f.key))
        .map(|(a, _)| a)
        .collect();
    if members.is_empty() {
        return None;
    }
    let names: Vec<String> = members.iter().map(|a| a.name.clone()).collect();
    let roles = ROLES
        .iter()
        .filter(|r| members.iter().any(|a| a.roles.iter().any(|x| x == *r)))
        .map(|r| r.to_string())
        .collect();
    let leads = d
        .plan
        .tasks
        .iter()
        .filter(|t| t.lead.iter().any(|l| names.contains(l)))
        .count();
    Some(FieldBodies {
        document: d.id.clone(),
        names,
        roles,
        leads,
    })
}

/// The words of a task without the names of its bodies.
fn task_words(t: &Task) -> Words {
    let mut words = folded_words(&t.text);
    for name in t.lead.iter().chain(&t.partners) {
        let nw = folded_words(name);
        if nw.is_empty() {
            continue;
        }
        let mut i = 0;
        while i + nw.len() <= words.len() {
            if words[i..i + nw.len()] == nw[..] {
                words.drain(i..i + nw.len());
            } else {
                i += 1;
            }
        }
    }
    words.truncate(TASK_WORDS);
    Words::from_folded(&words)
}

fn task_side(d: &Doc<'_>, p: &Prepared, i: usize) -> TaskSide {
    let t = &d.plan.tasks[i];
    TaskSide {
        document: d.id.clone(),
        task_id: t.id.clone(),
        text: t.text.clone(),
        lead: t.lead.clone(),
        fields: p.lead_fields[i].iter().map(|f| f.to_string()).collect(),
        span: t.span,
    }
}

fn align_tasks(docs: &[Doc<'_>], prepared: &[Prepared], pair: &PairRef, rows: &mut Vec<TaskRow>) {
    let (a, b) = (&docs[pair.a], &docs[pair.b]);
    let (pa, pb) = (&prepared[pair.a], &prepared[pair.b]);
    let (ta, tb) = (&a.plan.tasks, &b.plan.tasks);
    if ta.is_empty() && tb.is_empty() {
        return;
    }
    let (wa, wb) = (&pa.words, &pb.words);
    let (fa, fb) = (&pa.lead_fields, &pb.lead_fields);
    let share_field = |i: usize, j: usize| fa[i].iter().any(|f| fb[j].contains(f));
    let mut candidates = Vec::new();
    for (i, x) in wa.iter().enumerate() {
        for (j, y) in wb.iter().enumerate() {
            if let Some(s) = similarity_at_least(x, y, TASK_ALIGN_MIN_SAME_FIELD) {
                if s >= TASK_ALIGN_MIN || share_field(i, j) {
                    candidates.push((s, i, j));
                }
            }
        }
    }
    let aligned = assign(candidates);
    let child_fields = &pb.body_fields;
    let row = |status: &str, score: Option<f64>, sa, sb, same: Option<bool>| TaskRow {
        pair: pair.wire.id.clone(),
        status: status.to_string(),
        score,
        a: sa,
        b: sb,
        same_field: same,
    };
    for (i, lead_fields) in fa.iter().enumerate() {
        match aligned.iter().find(|&&(ai, _, _)| ai == i) {
            Some(&(_, j, score)) => rows.push(row(
                "matched",
                Some(round3(score)),
                Some(task_side(a, pa, i)),
                Some(task_side(b, pb, j)),
                Some(share_field(i, j)),
            )),
            None => {
                let unowned = pair.is_parent_child()
                    && !lead_fields.is_empty()
                    && !lead_fields.contains(&LOWER_LEVEL)
                    && !lead_fields.iter().any(|f| child_fields.contains(f));
                rows.push(row(
                    if unowned { "unowned" } else { "only_in" },
                    None,
                    Some(task_side(a, pa, i)),
                    None,
                    None,
                ));
            }
        }
    }
    for j in 0..tb.len() {
        if !aligned.iter().any(|&(_, bj, _)| bj == j) {
            rows.push(row("only_in", None, None, Some(task_side(b, pb, j)), None));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_field_across_levels() {
        for name in [
            "Sở Giáo dục và Đào tạo",
            "Phòng Giáo dục và Đào tạo",
            "Công chức Văn hóa - Xã hội",
            "Ban giám đốc Trung tâm học tập cộng đồng xã",
        ] {
            assert!(fields_of(name).contains(&"education"), "{name}");
        }
        for name in [
            "Sở Nội vụ",
            "Phòng Nội vụ",
            "Công chức Văn phòng Đảng ủy, Nội vụ",
        ] {
            assert_eq!(fields_of(name), ["home_affairs"], "{name}");
        }
        assert_eq!(fields_of("Phòng Tài chính - Kế hoạch"), ["finance"]);
        assert_eq!(fields_of("Công chức Tài chính - Kế toán"), ["finance"]);
        assert_eq!(
            fields_of("Phòng Văn hóa và Thông tin"),
            ["culture_information"]
        );
        assert_eq!(
            fields_of("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
            ["front"]
        );
        assert_eq!(fields_of("Hội Khuyến học xã"), ["study_promotion"]);
        assert_eq!(
            fields_of("Ủy ban nhân dân các huyện, thị xã, thành phố"),
            ["lower_level"]
        );
        assert_eq!(fields_of("Trưởng các thôn"), ["lower_level"]);
        // A body named after a village is not the village.
        assert!(fields_of("các cơ quan có liên quan đóng trên địa bàn tổ dân phố").is_empty());
    }
}
