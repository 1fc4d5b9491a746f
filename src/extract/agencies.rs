//! Agencies: one entry per body named as lead or partner of a task, in order of
//! first appearance, with its canonical name, the forms written when they differ
//! ("Sở GD&ĐT"), its administrative level read from the name (Sở, Ban … tỉnh,
//! Tỉnh ủy → province; Phòng, huyện, Huyện ủy → district; xã, thị trấn, công chức,
//! thôn → commune; Bộ, Thủ tướng, Chính phủ → national; else null), its roles over
//! all its tasks (in the order of the schema's enum) and the ids of its tasks.

use super::tasks;
use super::Context;
use crate::plan::{Agency, Level, Task, ROLES};

/// The agencies of the plan, in order of first appearance.
pub fn extract(ctx: &Context<'_>, tasks: &[Task]) -> Vec<Agency> {
    let (_, forms) = tasks::extract_with_forms(ctx);
    from_tasks(tasks, &forms)
}

/// Agencies from tasks and the written forms of their names.
pub fn from_tasks(tasks: &[Task], forms: &[(String, String)]) -> Vec<Agency> {
    let mut out: Vec<Agency> = Vec::new();
    let mut roles: Vec<Vec<&str>> = Vec::new();
    let mut written_case: Vec<(usize, String)> = Vec::new();
    // Each agency's name in lowercase, computed once.
    let mut lower_names: Vec<String> = Vec::new();
    for t in tasks {
        let named = t
            .lead
            .iter()
            .map(|n| (n, t.role.as_deref()))
            .chain(t.partners.iter().map(|n| (n, Some("coordinate"))));
        for (name, role) in named {
            // Names that differ only in case ("Văn Phòng") are one body.
            let lower = name.to_lowercase();
            let k = match lower_names.iter().position(|l| *l == lower) {
                Some(k) => {
                    if out[k].name != *name && !written_case.contains(&(k, name.clone())) {
                        written_case.push((k, name.clone()));
                    }
                    k
                }
                None => {
                    out.push(Agency {
                        name: name.clone(),
                        aliases: Vec::new(),
                        level: level_of(name),
                        roles: Vec::new(),
                        task_ids: Vec::new(),
                    });
                    roles.push(Vec::new());
                    lower_names.push(lower);
                    out.len() - 1
                }
            };
            if let Some(r) = role {
                if !roles[k].contains(&r) {
                    roles[k].push(r);
                }
            }
            if !out[k].task_ids.contains(&t.id) {
                out[k].task_ids.push(t.id.clone());
            }
        }
    }
    for (k, w) in written_case {
        if let Some(a) = out.get_mut(k) {
            a.aliases.push(w);
        }
    }
    let forms_lower: Vec<String> = forms.iter().map(|(c, _)| c.to_lowercase()).collect();
    for ((a, rs), lower) in out.iter_mut().zip(roles).zip(&lower_names) {
        a.roles = ROLES
            .iter()
            .filter(|r| rs.contains(r))
            .map(|r| r.to_string())
            .collect();
        for ((_, w), c) in forms.iter().zip(&forms_lower) {
            let w = w.trim();
            if c == lower && w != a.name && !w.contains('(') && !a.aliases.iter().any(|x| x == w) {
                a.aliases.push(w.to_string());
            }
        }
    }
    out
}

/// The administrative level a body's name tells.
pub fn level_of(name: &str) -> Option<Level> {
    let lower: String = name.chars().flat_map(char::to_lowercase).collect();
    let words = format!(
        " {} ",
        lower
            .replace(['.', ',', ';', ':', '-', '(', ')'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut words = words.replace(" thị xã ", " thị_xã ");
    while words.contains(" xã hội ") {
        words = words.replace(" xã hội ", " xã_hội ");
    }
    let has = |w: &str| words.contains(&format!(" {w} "));
    let starts = |w: &str| words.trim_start().starts_with(&format!("{w} "));
    if starts("bộ") || has("thủ tướng") || has("chính phủ") || has("trung ương") {
        Some(Level::National)
    } else if has("xã")
        || has("thị trấn")
        || has("phường")
        || starts("công chức")
        || has("thôn")
        || has("tổ dân phố")
    {
        Some(Level::Commune)
    } else if starts("phòng") || has("huyện") || has("huyện ủy") || has("quận") || has("thị_xã")
    {
        Some(Level::District)
    } else if starts("sở") || has("tỉnh") || has("tỉnh ủy") || starts("các sở") {
        Some(Level::Province)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::folded::testing::with_ctx;
    use super::*;

    #[test]
    fn agencies_from_tasks() {
        let src = "KẾ HOẠCH\nPhát triển du lịch\nI. TỔ CHỨC THỰC HIỆN\n1. Sở VHTT&DL chủ trì, phối hợp với Sở Tài chính triển khai kế hoạch.\n2. Sở Tài chính: Tham mưu bố trí kinh phí.\n3. Phòng Văn hóa - Thông tin huyện phối hợp với Sở Văn hóa, Thể thao và Du lịch tuyên truyền.\n";
        with_ctx(src, |ctx| {
            let t = tasks::extract(ctx);
            let a = extract(ctx, &t);
            let names: Vec<_> = a.iter().map(|x| x.name.as_str()).collect();
            assert_eq!(
                names,
                [
                    "Sở Văn hóa, Thể thao và Du lịch",
                    "Sở Tài chính",
                    "Phòng Văn hóa - Thông tin huyện"
                ]
            );
            assert_eq!(a[0].aliases, ["Sở VHTT&DL"]);
            assert_eq!(a[0].roles, ["lead", "coordinate"]);
            assert_eq!(a[0].task_ids, ["I.1", "I.3"]);
            assert_eq!(a[1].roles, ["coordinate", "advise"]);
            assert_eq!(a[1].task_ids, ["I.1", "I.2"]);
            assert_eq!(a[1].level, Some(Level::Province));
            assert_eq!(a[2].level, Some(Level::District));
            assert!(a[1].aliases.is_empty());
        });
    }

    #[test]
    fn names_differing_in_case_are_one_body() {
        let t = |id: &str, lead: &str| Task {
            id: id.to_string(),
            text: String::new(),
            lead: vec![lead.to_string()],
            partners: Vec::new(),
            role: Some("lead".to_string()),
            due: None,
            source: "body".to_string(),
            span: crate::span::Span::default(),
        };
        let a = from_tasks(
            &[
                t("II.1", "Công chức Văn phòng"),
                t("II.2", "Công chức Văn Phòng"),
            ],
            &[],
        );
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].aliases, ["Công chức Văn Phòng"]);
        assert_eq!(a[0].task_ids, ["II.1", "II.2"]);
        assert_eq!(a[0].level, Some(Level::Commune));
    }

    #[test]
    fn levels() {
        assert_eq!(level_of("Bộ Giáo dục và Đào tạo"), Some(Level::National));
        assert_eq!(level_of("Ban Tuyên giáo Tỉnh ủy"), Some(Level::Province));
        assert_eq!(level_of("Hội Khuyến học tỉnh"), Some(Level::Province));
        assert_eq!(
            level_of("Ủy ban nhân dân các huyện, thị xã, thành phố"),
            Some(Level::District)
        );
        assert_eq!(
            level_of("Công chức Văn hóa - Thông tin"),
            Some(Level::Commune)
        );
        assert_eq!(level_of("Hội Khuyến học xã"), Some(Level::Commune));
        assert_eq!(level_of("các tổ chức chính trị - xã hội"), None);
        assert_eq!(
            level_of("các tổ chức chính trị - xã hội, xã hội nghề nghiệp"),
            None
        );
        assert_eq!(level_of("Trung tâm học tập cộng đồng"), None);
    }
}
