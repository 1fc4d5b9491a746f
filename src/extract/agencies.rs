//! Agencies: one entry per body named as lead or partner of a task or given a
//! numbered item of "Tổ chức thực hiện" by its heading, in order of first
//! appearance, with its canonical name, the forms written when they differ ("Sở
//! GD&ĐT"; "Hội Khuyến học" beside "Hội Khuyến học thị trấn" in that town's plan),
//! its administrative level, its roles over all its tasks (in the order of the
//! schema's enum) and the ids of its tasks.
//!
//! The level is read from the name (Sở, Ban … tỉnh, Tỉnh ủy → province; Phòng,
//! huyện, Huyện ủy → district; xã, thị trấn, công chức, thôn, Trung tâm học tập
//! cộng đồng → commune; Bộ, Thủ tướng, Chính phủ → national), else from the plan:
//! a body that names the plan's own place ("Báo Hà Nam"), or one that every level
//! has (Ủy ban Mặt trận Tổ quốc, the Hội, Đài truyền thanh …) named bare, is of the
//! plan's level. Otherwise it is null.

use crate::fasthash::FastMap;

use super::tasks::{self, AssignedItem, Assignments};
use super::Context;
use crate::plan::{Agency, Level, Locality, Task, ROLES};
use crate::syllable::fold;

/// The agencies of the plan, in order of first appearance.
pub fn extract(ctx: &Context<'_>) -> Vec<Agency> {
    let document = super::metadata::document(ctx);
    from_assignments(
        &tasks::assignments(ctx, document.date.as_deref()),
        document.locality.as_ref(),
    )
}

/// Agencies from what the plan assigns: the leads and partners of its tasks, and
/// the bodies each numbered item of "Tổ chức thực hiện" is given to, in order of
/// first appearance.
pub fn from_assignments(a: &Assignments, locality: Option<&Locality>) -> Vec<Agency> {
    let mut b = Bodies::new(locality);
    let mut items = a.items.iter().peekable();
    for (i, t) in a.tasks.iter().enumerate() {
        while let Some(item) = items.next_if(|it| it.tasks_start <= i) {
            b.item(item, &a.tasks);
        }
        for name in &t.lead {
            b.add(name, t.role.as_deref(), &t.id);
        }
        for name in &t.partners {
            b.add(name, Some("coordinate"), &t.id);
        }
    }
    for item in items {
        b.item(item, &a.tasks);
    }
    b.finish(&a.forms)
}

/// The agencies being gathered, with their roles as found.
#[derive(Default)]
struct Bodies<'a> {
    /// The plan's locality.
    home: Option<&'a Locality>,
    /// Its unit and place, folded, as they end a body's name (" thi tran nga
    /// son", " nga son", " thi tran").
    home_suffixes: Vec<String>,
    /// The key of each agency (see [`Bodies::key`]).
    keys: Vec<String>,
    /// The key of each name met, for names met again.
    key_of: FastMap<String, String>,
    out: Vec<Agency>,
    roles: Vec<Vec<String>>,
    written_case: Vec<(usize, String)>,
}

impl<'a> Bodies<'a> {
    fn new(home: Option<&'a Locality>) -> Self {
        let home_suffixes = home
            .map(|h| {
                let unit = lower_key(&h.unit);
                let place = lower_key(&h.name);
                [
                    format!(" {unit} {place}"),
                    format!(" {place}"),
                    format!(" {unit}"),
                ]
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect()
            })
            .unwrap_or_default();
        Bodies {
            home,
            home_suffixes,
            ..Bodies::default()
        }
    }

    /// The entry of a body, made on its first mention. Names that differ only in
    /// case ("Văn Phòng") or accents, or by the plan's own place after them
    /// ("Hội Khuyến học" and "Hội Khuyến học thị trấn"), are one body, named by
    /// its fullest form.
    fn entry(&mut self, name: &str) -> usize {
        let key = self.key(name);
        let Some(k) = self.keys.iter().position(|x| *x == key) else {
            self.keys.push(key);
            self.out.push(Agency {
                name: name.to_string(),
                aliases: Vec::new(),
                level: self.level(name),
                roles: Vec::new(),
                task_ids: Vec::new(),
            });
            self.roles.push(Vec::new());
            return self.out.len() - 1;
        };
        if self.out[k].name != name {
            let current = self.out[k].name.clone();
            let fuller = name.split_whitespace().count() > current.split_whitespace().count();
            let other = if fuller {
                self.out[k].name = name.to_string();
                self.out[k].level = self.level(name);
                current
            } else {
                name.to_string()
            };
            let w = (k, other);
            if !self.written_case.contains(&w) {
                self.written_case.push(w);
            }
        }
        k
    }

    /// What makes two names one body: folded, lowercase, without the plan's own
    /// unit and place at the end.
    fn key(&mut self, name: &str) -> String {
        if let Some(key) = self.key_of.get(name) {
            return key.clone();
        }
        let key = self.key_uncached(name);
        self.key_of.insert(name.to_string(), key.clone());
        key
    }

    fn key_uncached(&self, name: &str) -> String {
        let key = lower_key(name);
        for suffix in &self.home_suffixes {
            if let Some(k) = key.strip_suffix(suffix.as_str()) {
                if !k.trim().is_empty() {
                    return k.to_string();
                }
            }
        }
        key
    }

    /// The level of a body: from its name, else from the plan (see the module).
    fn level(&self, name: &str) -> Option<Level> {
        level_of(name).or_else(|| {
            let home = self.home?;
            let level = home.level?;
            let key = lower_key(name);
            let place = lower_key(&home.name);
            let names_home = !place.is_empty()
                && key.match_indices(&place).any(|(i, _)| {
                    let after = &key[i + place.len()..];
                    key[..i].ends_with(' ') && (after.is_empty() || after.starts_with([' ', ',']))
                });
            let undetermined = ["cac cap", "cung cap", "cap tren", "trung uong"]
                .iter()
                .any(|w| key.contains(w));
            let every_level = EVERY_LEVEL.iter().any(|h| key.starts_with(h));
            (names_home || (every_level && !undetermined)).then_some(level)
        })
    }

    fn add(&mut self, name: &str, role: Option<&str>, task_id: &str) {
        let k = self.entry(name);
        if let Some(r) = role {
            if !self.roles[k].iter().any(|x| x == r) {
                self.roles[k].push(r.to_string());
            }
        }
        if !self.out[k].task_ids.iter().any(|x| x == task_id) {
            self.out[k].task_ids.push(task_id.to_string());
        }
    }

    /// The bodies an item's heading names, with the item's tasks.
    fn item(&mut self, item: &AssignedItem, tasks: &[Task]) {
        let ids = tasks.get(item.tasks_start..item.tasks_end).unwrap_or(&[]);
        for name in &item.bodies {
            let k = self.entry(name);
            if let Some(r) = item.role {
                if !self.roles[k].iter().any(|x| x == r) {
                    self.roles[k].push(r.to_string());
                }
            }
            for t in ids {
                if !self.out[k].task_ids.contains(&t.id) {
                    self.out[k].task_ids.push(t.id.clone());
                }
            }
        }
    }

    /// Roles in the schema's order; aliases: case variants, then written forms.
    fn finish(mut self, forms: &[(String, String)]) -> Vec<Agency> {
        let forms: Vec<(String, &str)> =
            forms.iter().map(|(c, w)| (self.key(c), w.trim())).collect();
        let keys = self.keys;
        let mut out = self.out;
        for (k, w) in self.written_case {
            if let Some(a) = out.get_mut(k) {
                a.aliases.push(w);
            }
        }
        for ((a, rs), key) in out.iter_mut().zip(self.roles).zip(keys) {
            a.roles = ROLES
                .iter()
                .filter(|r| rs.iter().any(|x| x == *r))
                .map(|r| r.to_string())
                .collect();
            for &(ref c, w) in &forms {
                if *c == key && w != a.name && !w.contains('(') && !a.aliases.iter().any(|x| x == w)
                {
                    a.aliases.push(w.to_string());
                }
            }
        }
        out
    }
}

/// `fold(&s.to_lowercase())`, without the lowercase copy: the fold lowercases
/// each character itself, and only a capital sigma, whose lowercase depends on its
/// place in the word, needs the whole string's.
fn lower_key(s: &str) -> String {
    if s.contains('Σ') {
        fold(&s.to_lowercase())
    } else {
        fold(s)
    }
}

/// Folded heads of bodies that every level has: named bare, they are the plan's
/// own level's.
const EVERY_LEVEL: &[&str] = &[
    "uy ban mat tran to quoc",
    "hoi ",
    "doan thanh nien",
    "dai truyen thanh",
    "ban chi dao",
    "ban thuong truc",
    "cac ban, nganh",
];

/// A name's lowercase words, split at spaces and punctuation, between single
/// spaces (" sở giáo dục và đào tạo "), as [`level_of`] searches them.
fn level_words(name: &str) -> String {
    let mut words = String::with_capacity(name.len() + 2);
    words.push(' ');
    for c in name.chars() {
        if c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '-' | '(' | ')') {
            if !words.ends_with(' ') {
                words.push(' ');
            }
        } else if c.is_ascii() {
            words.push(c.to_ascii_lowercase());
        } else {
            words.extend(c.to_lowercase());
        }
    }
    if !words.ends_with(' ') {
        words.push(' ');
    }
    if words.len() == 1 {
        words.push(' ');
    }
    words
}

/// The administrative level a body's name tells.
pub fn level_of(name: &str) -> Option<Level> {
    let mut words = level_words(name);
    // Both runs have "xã": most names have no "ã", and need no search.
    if words.contains('ã') {
        words = words.replace(" thị xã ", " thị_xã ");
        while words.contains(" xã hội ") {
            words = words.replace(" xã hội ", " xã_hội ");
        }
    }
    let tokens: Vec<&str> = words.split(' ').filter(|t| !t.is_empty()).collect();
    // One pass over the words, each looked at with the words after it, noting the
    // level of every run that tells one; the highest level told wins.
    let (mut national, mut commune, mut district, mut province) = (false, false, false, false);
    for (i, &t) in tokens.iter().enumerate() {
        let first = i == 0;
        let then = |w: &[&str]| tokens[i + 1..].starts_with(w);
        match t {
            "bộ" => national |= first,
            "thủ" => national |= then(&["tướng"]),
            "chính" => national |= then(&["phủ"]),
            "trung" => {
                national |= then(&["ương"]);
                commune |= first && then(&["tâm", "học", "tập", "cộng", "đồng"]);
            }
            "xã" | "phường" | "thôn" => commune = true,
            "thị" => commune |= then(&["trấn"]),
            "công" => commune |= first && then(&["chức"]),
            "tổ" => commune |= then(&["dân", "phố"]),
            "phòng" => district |= first,
            "huyện" | "quận" | "thị_xã" => district = true,
            "sở" => province |= first,
            "tỉnh" => province = true,
            "các" => province |= first && then(&["sở"]),
            _ => {}
        }
    }
    if national {
        Some(Level::National)
    } else if commune {
        Some(Level::Commune)
    } else if district {
        Some(Level::District)
    } else if province {
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
            let a = extract(ctx);
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
        let a = from_assignments(
            &Assignments {
                tasks: vec![
                    t("II.1", "Công chức Văn phòng"),
                    t("II.2", "Công chức Văn Phòng"),
                ],
                ..Assignments::default()
            },
            None,
        );
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].aliases, ["Công chức Văn Phòng"]);
        assert_eq!(a[0].task_ids, ["II.1", "II.2"]);
        assert_eq!(a[0].level, Some(Level::Commune));
    }

    /// [`level_of`] as it was written first, a search of the words for each run.
    fn level_of_plain(name: &str) -> Option<Level> {
        let mut words = level_words(name).replace(" thị xã ", " thị_xã ");
        while words.contains(" xã hội ") {
            words = words.replace(" xã hội ", " xã_hội ");
        }
        // `words` is its words between single spaces: " {w} " is in it when the
        // words of `w` follow each other.
        let tokens: Vec<&str> = words.split(' ').filter(|t| !t.is_empty()).collect();
        let has = |w: &[&str]| tokens.windows(w.len()).any(|run| run == w);
        let starts = |w: &[&str]| tokens.starts_with(w);
        if starts(&["bộ"])
            || has(&["thủ", "tướng"])
            || has(&["chính", "phủ"])
            || has(&["trung", "ương"])
        {
            Some(Level::National)
        } else if has(&["xã"])
            || has(&["thị", "trấn"])
            || has(&["phường"])
            || starts(&["công", "chức"])
            || starts(&["trung", "tâm", "học", "tập", "cộng", "đồng"])
            || has(&["thôn"])
            || has(&["tổ", "dân", "phố"])
        {
            Some(Level::Commune)
        } else if starts(&["phòng"])
            || has(&["huyện"])
            || has(&["huyện", "ủy"])
            || has(&["quận"])
            || has(&["thị_xã"])
        {
            Some(Level::District)
        } else if starts(&["sở"])
            || has(&["tỉnh"])
            || has(&["tỉnh", "ủy"])
            || starts(&["các", "sở"])
        {
            Some(Level::Province)
        } else {
            None
        }
    }

    #[test]
    fn levels_agree_with_the_plain_search() {
        let names = [
            "",
            " ",
            "Bộ Giáo dục và Đào tạo",
            "Văn phòng Bộ",
            "Thủ tướng Chính phủ",
            "Ban Chỉ đạo Trung ương",
            "Trung tâm học tập cộng đồng",
            "Ban quản lý Trung tâm học tập cộng đồng",
            "Trung tâm Văn hóa",
            "Công chức Văn hóa - Thông tin",
            "các công chức",
            "Tổ dân phố",
            "tổ dân",
            "thị trấn Nga Sơn",
            "thị xã Hoài Nhơn",
            "Ủy ban nhân dân các huyện, thị xã, thành phố",
            "các tổ chức chính trị - xã hội",
            "các tổ chức chính trị - xã hội, xã hội nghề nghiệp",
            "xã hội xã hội xã",
            "thị xã thị xã",
            "Phòng Nông nghiệp",
            "Huyện ủy",
            "Quận 1",
            "Sở Tài chính",
            "các sở, ban, ngành",
            "Các Sở",
            "Tỉnh ủy",
            "Hội Khuyến học tỉnh",
            "Hội Khuyến học",
            "Phường 3",
            "thôn",
            "THỦ TƯỚNG",
            "Ủy ban nhân dân tỉnh (UBND)",
            "Trung ương Đoàn",
        ];
        for name in names {
            assert_eq!(level_of(name), level_of_plain(name), "{name:?}");
        }
        // Every comma piece of the plans' lines.
        let plans = crate::extract::folded::testing::corpus_texts();
        for plan in &plans {
            for line in plan.lines() {
                assert_eq!(level_of(line), level_of_plain(line), "{line:?}");
                for piece in line.split(',') {
                    assert_eq!(level_of(piece), level_of_plain(piece), "{piece:?}");
                }
            }
        }
    }

    #[test]
    fn keys_fold_as_the_lowercase_folds() {
        // Both folds are made character by character, so every character agreeing
        // makes every string without a sigma agree.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(lower_key(&s), fold(&s.to_lowercase()), "{c:?}");
        }
        for s in ["ΟΔΟΣ Σ", "Sở Giáo dục và Đào tạo", "ΣΑΣ", "İstanbul", ""] {
            assert_eq!(lower_key(s), fold(&s.to_lowercase()), "{s:?}");
        }
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
        assert_eq!(
            level_of("Trung tâm học tập cộng đồng"),
            Some(Level::Commune),
            "only communes have one"
        );
        assert_eq!(level_of("Hội Khuyến học"), None, "no place in the name");
    }

    #[test]
    fn forms_of_one_body_and_levels_from_the_plan() {
        let t = |id: &str, lead: &str| Task {
            id: id.to_string(),
            text: String::new(),
            lead: vec![lead.to_string()],
            partners: Vec::new(),
            role: Some("implement".to_string()),
            due: None,
            source: "body".to_string(),
            span: crate::span::Span::default(),
        };
        let town = Locality {
            name: "Nga Sơn".to_string(),
            unit: "thị trấn".to_string(),
            level: Some(Level::Commune),
            parent: None,
        };
        let a = from_assignments(
            &Assignments {
                tasks: vec![
                    t("V.1", "Hội Nông dân"),
                    t("VII.1", "Hội Nông dân thị trấn"),
                    t(
                        "VII.2",
                        "Ban quản lý Trung tâm học tập cộng đồng thị trấn Nga Sơn",
                    ),
                    t("VII.3", "Ban quản lý Trung tâm học tập công đồng"),
                    t("VII.4", "Ủy ban Mặt trận Tổ quốc"),
                    t("VII.5", "Hội đồng Thi đua - Khen thưởng các cấp"),
                    t("VII.6", "Phòng Nông nghiệp"),
                    t("VII.7", "các ban, ngành"),
                ],
                ..Assignments::default()
            },
            Some(&town),
        );
        let got: Vec<_> = a
            .iter()
            .map(|x| (x.name.as_str(), x.aliases.clone(), x.level))
            .collect();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            got,
            [
                (
                    "Hội Nông dân thị trấn",
                    s(&["Hội Nông dân"]),
                    Some(Level::Commune)
                ),
                (
                    "Ban quản lý Trung tâm học tập cộng đồng thị trấn Nga Sơn",
                    s(&["Ban quản lý Trung tâm học tập công đồng"]),
                    Some(Level::Commune)
                ),
                ("Ủy ban Mặt trận Tổ quốc", s(&[]), Some(Level::Commune)),
                ("Hội đồng Thi đua - Khen thưởng các cấp", s(&[]), None),
                ("Phòng Nông nghiệp", s(&[]), Some(Level::District)),
                ("các ban, ngành", s(&[]), Some(Level::Commune)),
            ]
        );
        assert_eq!(a[0].task_ids, ["V.1", "VII.1"]);
    }

    #[test]
    fn every_body_an_item_heading_names() {
        let src = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nKẾ HOẠCH\nTuyên truyền phòng, chống thiên tai\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Thông tin và Truyền thông, Báo Quảng Ngãi, Đài Phát thanh và Truyền hình tỉnh:\nSở Thông tin và Truyền thông phối hợp với Ban Tuyên giáo Tỉnh ủy định hướng các cơ quan báo chí tuyên truyền.\n2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, các tổ chức chính trị - xã hội:\n- Vận động Nhân dân tham gia.\n";
        with_ctx(src, |ctx| {
            let a = extract(ctx);
            let got: Vec<_> = a
                .iter()
                .map(|x| (x.name.as_str(), x.roles.clone(), x.task_ids.clone()))
                .collect();
            let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
            assert_eq!(
                got,
                [
                    (
                        "Sở Thông tin và Truyền thông",
                        s(&["coordinate"]),
                        s(&["I.1.1"])
                    ),
                    ("Báo Quảng Ngãi", s(&[]), s(&["I.1.1"])),
                    ("Đài Phát thanh và Truyền hình tỉnh", s(&[]), s(&["I.1.1"])),
                    ("Ban Tuyên giáo Tỉnh ủy", s(&["coordinate"]), s(&["I.1.1"])),
                    (
                        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                        s(&["requested"]),
                        s(&["I.2.1"])
                    ),
                    (
                        "các tổ chức chính trị - xã hội",
                        s(&["requested"]),
                        s(&["I.2.1"])
                    ),
                ]
            );
            assert_eq!(a[1].level, Some(Level::Province), "the plan's own province");
            assert_eq!(a[2].level, Some(Level::Province));
        });
    }
}
