//! Tasks: the work a plan assigns to named bodies.
//!
//! In the organization section(s) (TỔ CHỨC THỰC HIỆN) each numbered item is a
//! body's assignment: a heading naming the body ("2. Sở Giáo dục và Đào tạo" with
//! sub-paragraphs, "4. Sở Tài chính: Căn cứ …"), or a sentence whose subject is the
//! body ("6. Hội Khuyến học tỉnh chủ trì, phối hợp …"). Each leaf unit of work is a
//! task: the item's own text when it has text, else each child paragraph or bullet.
//! In schedule sections, a sentence where a body "chủ trì" something is a task too.
//! Annex task tables (tab-separated rows after "PHỤ LỤC") give tasks with source
//! `annex`.
//!
//! The lead is the body named by the heading or by the subject before the first
//! verb, abbreviations expanded; partners are the bodies after "phối hợp với"; the
//! role comes from the verbs; the due date is the first time expression
//! ([`first_due`]). Generic groups ("các sở, ban, ngành") are kept as written.

use crate::fasthash::FastMap;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::when::first_due;
use super::Context;
use crate::abbrev::expand;
use crate::plan::{Due, Task, ROLES};
use crate::segment::{Item, SectionKind};
use crate::span::Span;
use crate::syllable::{fold, fold_into, fold_lower, is_letter, is_upper};
use crate::words;

/// Folded first words that open the name of a body.
const BODY_HEADS: &[&str] = &[
    "so",
    "phong",
    "ban",
    "hoi",
    "uy ban",
    "ubnd",
    "ubmttq",
    "trung tam",
    "cong chuc",
    "dai",
    "bao",
    "cac",
    "truong",
    "van phong",
    "cong an",
    "bo",
    "tinh uy",
    "huyen uy",
    "dang uy",
    "doan",
    "lien doan",
    "chi cuc",
    "cuc",
    "kho bac",
    "mat tran",
    "thu truong",
    "chu tich",
    "doanh nghiep",
    "thuong truc",
    "tinh doan",
    "huyen doan",
    "benh vien",
    "vien",
    "ngan hang",
    "chi nhanh",
    "lanh dao",
    "hdnd",
    "mttq",
    "bch",
    "chi bo",
    "quan doi",
    "bo chi huy",
    "ban chi huy",
    "hop tac xa",
    "thu tuong",
    "chinh phu",
    "to dan pho",
    "thon",
];

/// Words that follow a body's name: the verbs of an assignment (lowercase, as the
/// running text writes them).
static VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(?i:chủ trì|phối hợp|tham mưu|xây dựng|triển khai|thực hiện|căn cứ|báo cáo|vận động|chỉ đạo|hướng dẫn|có trách nhiệm|chủ động|tăng cường|phát động|ban hành|yêu cầu|tiếp tục|đẩy mạnh|nghiên cứu|tổ chức (?:triển khai|thực hiện)|hưởng ứng|theo dõi|tuyên truyền|lập dự toán|rà soát|kiểm tra|tích cực)(?:$|[\s,.;:])").unwrap()
});

/// Where a list of partners ends: a verb, or punctuation that closes the clause.
static PARTNER_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[:;.(]|\s(?:chủ trì|phối hợp|tham mưu|xây dựng|triển khai|thực hiện|báo cáo|vận động|chỉ đạo|định hướng|hướng dẫn|tổ chức|thống nhất|tuyên truyền|lập dự toán|trong việc|để|nhằm|kiểm tra|đôn đốc|nghiên cứu|ban hành|rà soát|cung cấp|theo dõi|thúc đẩy|đánh giá|tổng hợp|bố trí|cân đối|trình|làm)(?:$|[\s,.;:])").unwrap()
});

/// "phối hợp (chặt chẽ) với".
static WITH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)phối hợp(?:\s+chặt chẽ)?\s+với\s+").unwrap());

/// Folded heads that may open a body's name in lowercase, inside running text.
const LOWER_HEADS: &[&str] = &[
    "hoi",
    "co quan",
    "don vi",
    "doanh nghiep",
    "doan the",
    "ban",
    "phong",
    "so",
    "uy ban",
    "ubnd",
    "truong thon",
    "truong cac thon",
    "to dan pho",
    "cong chuc",
    "trung tam",
];

/// Folded nouns that make "các …" a group of bodies ("các sở", "các đơn vị").
const GROUP_NOUNS: &[&str] = &[
    "so",
    "ban",
    "nganh",
    "phong",
    "don vi",
    "co quan",
    "to chuc",
    "doan the",
    "hoi",
    "truong",
    "xa",
    "huyen",
    "thon",
    "to dan pho",
    "doanh nghiep",
    "dia phuong",
    "cap",
    "uy ban",
    "ubnd",
    "thanh vien",
    "tap the",
    "chi bo",
    "khu pho",
    "phuong",
    "thi tran",
    "bo",
    "tinh",
];

/// Folded openings that look like a body's head but are words of another kind
/// ("Ban hành", "Báo cáo", "Phòng, chống", "Bộ tiêu chí", "Hội nghị" …).
const NOT_BODIES: &[&str] = &[
    "ban hanh",
    "bao cao",
    "bao dam",
    "bao ve",
    "bao quan",
    "truong hop",
    "hoi nghi",
    "hoi thi",
    "hoi thao",
    "hoi dien",
    "hoi dien",
    "bo tri",
    "bo tieu chi",
    "bo sung",
    "bo chi so",
    "bo cong cu",
    "bo may",
    "phong chong",
    "phong, chong",
    "phong ngua",
    "phong tranh",
    "dai hoi",
    "doan ket",
    "dai dien",
    "so ket",
    "so luong",
    "so lieu",
    "so hoa",
    "ban dau",
    "cuc bo",
    "vien chuc",
    "thuong xuyen",
    "truong thanh",
    "dao tao",
];

/// The first words of the heads, as written with their marks.
const HEAD_WORDS: &[&str] = &[
    "sở",
    "phòng",
    "ban",
    "hội",
    "ủy",
    "trung",
    "công",
    "đài",
    "báo",
    "các",
    "trường",
    "trưởng",
    "văn",
    "bộ",
    "tỉnh",
    "huyện",
    "đảng",
    "đoàn",
    "liên",
    "chi",
    "cục",
    "kho",
    "mặt",
    "thủ",
    "chủ",
    "doanh",
    "thường",
    "bệnh",
    "viện",
    "ngân",
    "lãnh",
    "quân",
    "hợp",
    "chính",
    "tổ",
    "thôn",
    "cơ",
    "đơn",
];

/// How many characters of a text [`starts_with_body`] folds: more than "các ",
/// the longest head and the character after it (checked when compiled).
const KEY_CHARS: usize = 20;
const _: () = {
    let lists: [&[&str]; 4] = [BODY_HEADS, LOWER_HEADS, GROUP_NOUNS, NOT_BODIES];
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            assert!("cac ".len() + lists[l][i].len() < KEY_CHARS);
            i += 1;
        }
        l += 1;
    }
};

/// Bytes the fold of [`KEY_CHARS`] characters can take: a character folds to at
/// most three (its lowercase), of four bytes each.
const KEY_BYTES: usize = KEY_CHARS * 12;

/// The key all the heads are compared with: the fold of the first [`KEY_CHARS`]
/// characters of `s`, made in `buf`. Every character folds to one or more, so it
/// is the opening of `fold(s)` and longer than any head with "cac " and the
/// character after.
fn fold_opening<'b>(s: &str, buf: &'b mut [u8; KEY_BYTES]) -> &'b str {
    let mut n = 0;
    for c in s.chars().take(KEY_CHARS) {
        fold_lower(c, |f| {
            // Always room: see KEY_BYTES.
            if let Some(dst) = buf.get_mut(n..n + f.len_utf8()) {
                n += f.encode_utf8(dst).len();
            }
        });
    }
    std::str::from_utf8(&buf[..n]).unwrap_or("")
}

fn opens_with(key: &str, heads: &[&str]) -> bool {
    let Some(&b) = key.as_bytes().first() else {
        return false;
    };
    // Comparing first bytes first spares most of the heads a full comparison.
    heads.iter().any(|h| {
        h.as_bytes().first() == Some(&b)
            && key
                .strip_prefix(h)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',', ':', '&']))
    })
}

/// Bytes of the longest of [`HEAD_WORDS`] (checked when compiled).
const HEAD_WORD_BYTES: usize = 12;
const _: () = {
    assert!(
        HEAD_WORD_BYTES < 16,
        "a packed word keeps its length in the top byte"
    );
    let mut i = 0;
    while i < HEAD_WORDS.len() {
        assert!(HEAD_WORDS[i].len() <= HEAD_WORD_BYTES);
        i += 1;
    }
};

/// A word of up to [`HEAD_WORD_BYTES`] bytes as one number: its bytes, and its
/// length in the top byte (so that words compare as numbers, with no `memcmp`).
const fn packed_word(bytes: &[u8], n: usize) -> u128 {
    let mut v = (n as u128) << 120;
    let mut i = 0;
    while i < n {
        v |= (bytes[i] as u128) << (8 * i);
        i += 1;
    }
    v
}

/// [`HEAD_WORDS`] as [`packed_word`]s.
static HEAD_WORD_KEYS: [u128; HEAD_WORDS.len()] = {
    let mut keys = [0; HEAD_WORDS.len()];
    let mut i = 0;
    while i < HEAD_WORDS.len() {
        keys[i] = packed_word(HEAD_WORDS[i].as_bytes(), HEAD_WORDS[i].len());
        i += 1;
    }
    keys
};

/// True when the lowercase of `word` is one of [`HEAD_WORDS`], lowercased on the
/// stack: a word too long for the buffer is no head.
fn is_head_word(word: &str) -> bool {
    let mut buf = [0u8; HEAD_WORD_BYTES];
    let mut n = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let len = c.len_utf8();
        let Some(dst) = buf.get_mut(n..n + len) else {
            return false;
        };
        c.encode_utf8(dst);
        n += len;
    }
    let key = packed_word(&buf, n);
    HEAD_WORD_KEYS.contains(&key)
}

/// True when `s` opens with the name of a body: a known head ("Sở", "Phòng",
/// "Ủy ban" …; in lowercase only the heads running text writes so), or "các" and a
/// noun of bodies.
pub(crate) fn starts_with_body(s: &str) -> bool {
    let s = s.trim_start().trim_start_matches(['(', '“', '"']);
    // Heads are matched folded, for text typed without marks; in text with marks
    // the first word must be a head's as written ("Phòng", not "Phong trào";
    // "Sở", not "Số").
    let first = s
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '&'))
        .next()
        .unwrap_or("");
    let abbreviation = first.chars().filter(|&c| is_letter(c)).all(is_upper);
    if !abbreviation && !s.is_ascii() && !is_head_word(first) {
        return false;
    }
    let mut buf = [0; KEY_BYTES];
    let key = fold_opening(s, &mut buf);
    if let Some(rest) = key.strip_prefix("cac ") {
        return opens_with(rest, GROUP_NOUNS);
    }
    if opens_with(key, NOT_BODIES) {
        return false;
    }
    let upper = s.chars().next().is_some_and(is_upper);
    opens_with(key, if upper { BODY_HEADS } else { LOWER_HEADS })
}

/// The first match of `re` in `text` that is not the "chỉ đạo" of a "Ban Chỉ đạo".
fn find_verb(re: &Regex, text: &str) -> Option<Range<usize>> {
    re.find_iter(text)
        .find(|m| {
            // The few words before the verb are enough to judge it.
            let mut from = m.start().saturating_sub(48);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let before = fold(&text[from..m.start()]);
            let after = fold(m.as_str());
            let after = after.trim_start();
            let before = before.trim_end();
            let ban_chi_dao = after.starts_with("chi dao") && before.ends_with("ban");
            // "các tổ chức", "…, tổ chức xã hội" name bodies; "tổ chức" alone is a verb.
            let to_chuc_body = after.starts_with("to chuc")
                && (before.ends_with("cac") || before.ends_with(',') || before.ends_with(" va"));
            !(ban_chi_dao || to_chuc_body || nominal(before))
        })
        .map(|m| m.range())
}

/// True when folded words ending with `before` make the verb after them a noun
/// ("việc thực hiện", "tình hình thực hiện").
fn nominal(before: &str) -> bool {
    NOMINAL.iter().any(|n| {
        before
            .strip_suffix(n)
            .is_some_and(|b| b.is_empty() || b.ends_with(|c: char| !c.is_alphanumeric()))
    })
}

/// A body's canonical name: abbreviations expanded, parenthetical remarks and
/// closing punctuation dropped, the first letter of a proper name kept. A group
/// ("Các sở, ban, ngành", "Các Doanh nghiệp") is a common noun: the capitals a
/// sentence or a list item gave it are dropped.
pub(crate) fn canonical(name: &str) -> String {
    // (Every remark opens with '('.)
    let n = if name.contains('(') {
        PAREN.replace_all(name, "")
    } else {
        Cow::Borrowed(name)
    };
    let n = expand(&n);
    let n = n.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '-'));
    let group = n
        .strip_prefix("Các ")
        .or_else(|| n.strip_prefix("các "))
        .map(|rest| (rest, fold(rest)));
    match group {
        Some((rest, key)) if opens_with(&key, GROUP_NOUNS) => {
            // The group noun: its words up to the first that is not one of the
            // noun's ("Doanh nghiệp trên …" → "doanh nghiệp trên …").
            let noun = GROUP_NOUNS
                .iter()
                .filter(|g| opens_with(&key, &[g]))
                .map(|g| g.split(' ').count())
                .max()
                .unwrap_or(1);
            let mut out = String::from("các");
            for (i, w) in rest.split(' ').enumerate() {
                out.push(' ');
                if i < noun {
                    out.extend(w.chars().flat_map(char::to_lowercase));
                } else {
                    out.push_str(w);
                }
            }
            out
        }
        _ => n.to_string(),
    }
}

/// A parenthetical remark in a name, with the spaces before it.
static PAREN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\([^)]*\)").unwrap());

/// Canonical names already made for one plan, by the name as written: a plan names
/// the same few bodies over and over, and [`canonical`] runs regexes.
#[derive(Default)]
struct Names(FastMap<String, String>);

impl Names {
    /// [`canonical`] of `name`, made once.
    fn canonical(&mut self, name: &str) -> String {
        if let Some(c) = self.0.get(name) {
            return c.clone();
        }
        let c = canonical(name);
        self.0.insert(name.to_string(), c.clone());
        c
    }
}

/// Splits a list of bodies ("Sở Tài chính, Sở Nội vụ và các đơn vị liên quan") into
/// names as written. A comma piece that does not open a body ("ban", "ngành", "thị
/// xã") continues the one before; "và" splits only before a body.
pub(crate) fn split_bodies(list: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for raw in list.split([',', ';']) {
        let p = raw.trim();
        if p.is_empty() {
            continue;
        }
        let upper = p.chars().next().is_some_and(char::is_uppercase);
        let mut buf = [0; KEY_BYTES];
        let key = fold_opening(p, &mut buf);
        // "Các ban, ngành, đoàn thể xã": a lowercase noun of bodies goes on the
        // group before it.
        let in_group = !upper
            && opens_with(key, GROUP_NOUNS)
            && pieces.last().is_some_and(|l| {
                // The last body of the piece before: from its last "các".
                let l = fold(l);
                let group = if l.starts_with("cac ") {
                    Some(&l[..])
                } else {
                    l.rfind(" cac ").map(|i| &l[i + 1..])
                };
                group
                    .and_then(|g| g.strip_prefix("cac "))
                    .is_some_and(|r| opens_with(r, GROUP_NOUNS))
            });
        let opens = starts_with_body(p)
            && !in_group
            && (upper || key.starts_with("cac ") || words::more_than(p, 2));
        if pieces.is_empty() || opens {
            pieces.push(p.to_string());
        } else if let Some(last) = pieces.last_mut() {
            last.push_str(", ");
            last.push_str(p);
        }
    }
    // "và" before a body splits; so does a group right after a place word, where
    // a comma was left out ("… Việt Nam tỉnh các tổ chức chính trị - xã hội").
    let mut out = Vec::new();
    for p in pieces {
        let (va, cac) = split_words(&p);
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        if va {
            cuts.extend(
                VA.find_iter(&p)
                    .filter(|m| starts_with_body(&p[m.end()..]))
                    .map(|m| (m.start(), m.end())),
            );
        }
        if cac {
            cuts.extend(AFTER_PLACE.captures_iter(&p).filter_map(|c| {
                let gap = c.get(1)?;
                let group = &p[gap.end()..];
                let rest = fold(group);
                let noun = rest.strip_prefix("cac ")?;
                (opens_with(noun, GROUP_NOUNS) && !noun.starts_with("cap"))
                    .then_some((gap.start(), gap.end()))
            }));
        }
        cuts.sort_unstable();
        let mut start = 0;
        for (a, b) in cuts {
            if a >= start && !p[start..a].trim().is_empty() {
                out.push(p[start..a].trim().to_string());
                start = b;
            }
        }
        out.push(p[start..].trim().to_string());
    }
    out.retain(|s| !s.is_empty() && !words::more_than(s, 25));
    out
}

/// "và" or "cùng" between words: where [`split_bodies`] may split before a body.
static VA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+(?:và|cùng)\s+").unwrap());

/// A place word and "các" after it: where [`split_bodies`] may split before a group.
static AFTER_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(?:tỉnh|huyện|xã|thị trấn|thành phố|thị xã|phường|quận)(\s+)các\s").unwrap()
});

/// Whether `s` has "và" or "cùng" (which a match of [`VA`] needs) and "các" (which
/// one of [`AFTER_PLACE`] needs): one pass over the bytes, cheaper than the
/// regexes' searches in the many pieces that have neither.
fn split_words(s: &str) -> (bool, bool) {
    // The first three bytes of each word ("cù" of "cùng", "cá" of "các").
    const VA: &[u8] = "và".as_bytes();
    const CUNG: &[u8] = "cù".as_bytes();
    const CAC: &[u8] = "cá".as_bytes();
    const _: () = assert!(VA.len() == 3 && CUNG.len() == 3 && CAC.len() == 3);
    let (mut va, mut cac) = (false, false);
    for w in s.as_bytes().windows(3) {
        va |= w == VA || w == CUNG;
        cac |= w == CAC;
    }
    (va, cac)
}

/// The subject of a sentence: the list of bodies that ends right before the first
/// verb and opens at the sentence start or after a comma ("Trên cơ sở …, Sở Giáo
/// dục và Đào tạo chủ trì"). Gives the subject's range in `text`.
pub(crate) fn subject(text: &str) -> Option<Range<usize>> {
    let v = find_verb(&VERB, text)?;
    let before = &text[..v.start];
    if before.contains(['.', ':']) {
        return None;
    }
    let mut starts: Vec<usize> = vec![0];
    starts.extend(before.match_indices([',', ';']).map(|(i, _)| i + 1));
    // The fold of the words before each start, made as the starts go.
    let mut prefix = String::new();
    let mut folded = 0;
    for s in starts {
        let cand = &before[s..];
        let lead_ws = cand.len() - cand.trim_start().len();
        let cand = cand.trim();
        fold_into(&before[folded..s], &mut prefix);
        folded = s;
        let inside_partners = prefix.contains("phoi hop");
        if !cand.is_empty()
            && !inside_partners
            && starts_with_body(cand)
            && !words::more_than(cand, 60)
        {
            return Some(s + lead_ws..s + lead_ws + cand.len());
        }
    }
    None
}

/// Partners: the bodies after "phối hợp với", canonical.
pub fn partners(text: &str) -> Vec<String> {
    partners_written(text, &mut Names::default())
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

/// Partners, canonical with the form as written.
fn partners_written(text: &str, names: &mut Names) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for m in WITH.find_iter(text) {
        let rest = &text[m.end()..];
        let end = find_verb(&PARTNER_END, rest).map_or(rest.len(), |e| e.start);
        for b in split_bodies(&rest[..end]) {
            let c = names.canonical(&b);
            if !c.is_empty() && starts_with_body(&c) && !out.iter().any(|(x, _)| *x == c) {
                out.push((c, b));
            }
        }
    }
    out
}

/// Folded verbs of the role enum, with the role each gives.
const ROLE_VERBS: &[(&str, &str)] = &[
    ("chu tri", "lead"),
    ("phoi hop", "coordinate"),
    ("tham muu", "advise"),
    ("trien khai", "implement"),
    ("thuc hien", "implement"),
    ("xay dung ke hoach", "implement"),
    ("bao cao", "report"),
];

/// Folded words after which a verb is a noun ("việc thực hiện", "tình hình thực
/// hiện", "trong thực hiện đường lối"): not the lead's.
const NOMINAL: &[&str] = &[
    "viec",
    "trong",
    "tinh hinh",
    "ket qua",
    "qua trinh",
    "cong tac",
    "cua",
    "che do",
];

/// The role of the lead: "Đề nghị …" is `requested`, "(Nghiên cứu,) đề xuất …"
/// opening the work `advise`, else the first verb of the role enum in the text
/// that is not used as a noun, with where it stands; `key` is the folded text.
fn role_of(key: &str) -> Option<(&'static str, usize)> {
    if let Some(role) = opening_role(key) {
        return Some((role, 0));
    }
    // One pass over the word starts: the first verb found is the leftmost.
    let mut after_word = false;
    for (i, c) in key.char_indices() {
        let word_start = !after_word;
        after_word = c.is_alphanumeric();
        if !word_start {
            continue;
        }
        let rest = &key[i..];
        let found = ROLE_VERBS.iter().find(|&&(verb, _)| {
            rest.as_bytes()[0] == verb.as_bytes()[0]
                && rest.starts_with(verb)
                && !rest[verb.len()..].starts_with(|c: char| c.is_alphanumeric())
                && !nominal(key[..i].trim_end())
        });
        if let Some(&(_, role)) = found {
            return Some((role, i));
        }
    }
    None
}

/// Bytes of a work's text folded first when looking for its role: the verb
/// mostly stands among its first words, and the rest of a long paragraph need
/// not be folded.
const ROLE_PREFIX: usize = 256;

/// Folded bytes that a role found at some place reads from there on, at most:
/// the longest opening or verb and the character after it (checked when
/// compiled).
const ROLE_READS: usize = 24;
const _: () = {
    let mut i = 0;
    while i < ROLE_VERBS.len() {
        assert!(ROLE_VERBS[i].0.len() + 4 <= ROLE_READS);
        i += 1;
    }
    let mut i = 0;
    while i < OPENINGS.len() {
        assert!(OPENINGS[i].0.len() <= ROLE_READS);
        i += 1;
    }
};

/// [`role_of`] the fold of `text`, folding only its first [`ROLE_PREFIX`] bytes
/// when they settle it. Folding goes character by character, so the prefix's fold
/// is the opening of the whole fold: a role found there with more than
/// [`ROLE_READS`] bytes after it is the one the whole fold gives (a verb or an
/// opening before it would have been read inside the prefix too). Otherwise the
/// whole text is folded.
fn role_in(text: &str) -> Option<(&'static str, usize)> {
    if text.len() > ROLE_PREFIX {
        let mut end = ROLE_PREFIX;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let key = fold(&text[..end]);
        if let Some(found) = role_of(&key).filter(|&(_, at)| key.len() - at > ROLE_READS) {
            return Some(found);
        }
    }
    role_of(&fold(text))
}

/// Folded openings of the work and the role each gives: "Đề nghị …" `requested`,
/// "(Nghiên cứu,) đề xuất …" `advise`.
const OPENINGS: &[(&str, &str)] = &[
    ("de nghi", "requested"),
    ("de xuat", "advise"),
    ("nghien cuu de xuat", "advise"),
    ("nghien cuu, de xuat", "advise"),
];

/// The role the work's first words give (see [`OPENINGS`]).
fn opening_role(key: &str) -> Option<&'static str> {
    let k = key.trim_start();
    OPENINGS
        .iter()
        .find(|(opening, _)| k.starts_with(opening))
        .map(|&(_, role)| role)
}

/// "Đề nghị …": the issuer asks a body it cannot order.
static REQUESTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^đề nghị\s+").unwrap());

/// Whether `text` opens with "Đề nghị" ([`REQUESTED`]), and `text` without it. The
/// regex runs only on texts that open with "đ" or "Đ", as all its matches do.
fn strip_request(text: &str) -> (bool, Cow<'_, str>) {
    if text.starts_with(['đ', 'Đ']) && REQUESTED.is_match(text) {
        (true, REQUESTED.replace(text, ""))
    } else {
        (false, Cow::Borrowed(text))
    }
}

/// Who an item is about: its bodies as written, the role its heading gives, and
/// whether the lead was requested ("Đề nghị …").
struct Owner {
    lead: Vec<String>,
    partners: Vec<(String, String)>,
    role: Option<&'static str>,
}

/// Bodies of a heading ("Sở Thông tin và Truyền thông, Báo Hà Nam", "Đề nghị Ban
/// Tuyên giáo Tỉnh ủy", "Sở A phối hợp với Ban B").
fn owner_of_heading(h: &str, names: &mut Names) -> Option<Owner> {
    let (requested, h) = strip_request(h);
    if !starts_with_body(&h) || words::more_than(&h, 30) {
        return None;
    }
    let (names, partners_, role) = match WITH.find(&h) {
        Some(m) => (
            &h[..m.start()],
            partners_written(&h[m.start()..], names),
            Some("coordinate"),
        ),
        None => (&h[..], Vec::new(), None),
    };
    let lead: Vec<String> = split_bodies(names.trim().trim_end_matches(','))
        .into_iter()
        .filter(|b| starts_with_body(b))
        .collect();
    (!lead.is_empty()).then_some(Owner {
        lead,
        partners: partners_,
        role: if requested { Some("requested") } else { role },
    })
}

/// What a plan assigns: its tasks, the form each body's name was written in, and
/// the bodies each numbered item of "Tổ chức thực hiện" is given to.
#[derive(Debug, Default)]
pub struct Assignments {
    /// The tasks, in order.
    pub tasks: Vec<Task>,
    /// Canonical name and the form as written, for every body named.
    pub forms: Vec<(String, String)>,
    /// The items whose heading names their bodies, in order.
    pub items: Vec<AssignedItem>,
}

/// A numbered item of "Tổ chức thực hiện" given to bodies by its heading
/// ("5. Sở Thông tin và Truyền thông, Báo Hà Nam, Đài Phát thanh và Truyền hình
/// tỉnh:"), whether or not each of them leads one of its tasks.
#[derive(Debug)]
pub struct AssignedItem {
    /// The item's id.
    pub id: String,
    /// The bodies the heading names, canonical.
    pub bodies: Vec<String>,
    /// The role the heading gives them ("Đề nghị …" is `requested`), if any.
    pub role: Option<&'static str>,
    /// Index of the item's first task in [`Assignments::tasks`]; its tasks run
    /// to `tasks_end`.
    pub tasks_start: usize,
    /// One past the item's last task.
    pub tasks_end: usize,
}

/// The tasks of the plan, in order, relative dues resolved against the plan's
/// date.
pub fn extract(ctx: &Context<'_>) -> Vec<Task> {
    let date = super::metadata::document(ctx).date;
    assignments(ctx, date.as_deref()).tasks
}

/// Everything the plan assigns; `base` is the plan's ISO date, for relative dues.
pub fn assignments(ctx: &Context<'_>, base: Option<&str>) -> Assignments {
    let mut a = Assignments::default();
    let mut names = Names::default();
    for section in &ctx.layout.sections {
        if section.kinds.contains(&SectionKind::Organization) {
            for item in &section.items {
                organization_item(ctx, item, base, &mut a, &mut names);
            }
        } else if section.kinds.contains(&SectionKind::Schedule) {
            for item in section.all_items() {
                schedule_item(ctx, item, base, &mut a.tasks, &mut a.forms, &mut names);
            }
        }
    }
    annex(ctx, base, &mut a.tasks, &mut names);
    a
}

/// The range of the item's own text in its paragraph.
fn text_range(ctx: &Context<'_>, item: &Item, text: &str) -> Range<usize> {
    let start = ctx.text_start(item.range.clone(), text);
    let end = item.range.start + ctx.slice(item.range.clone()).trim_end().len();
    start..end.max(start)
}

/// A task from one unit of text, with the owner it falls back on.
fn task(
    ctx: &Context<'_>,
    item: &Item,
    base: Option<&str>,
    text: &str,
    owner: Option<&Owner>,
    forms: &mut Vec<(String, String)>,
    names: &mut Names,
) -> Option<Task> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let (requested, body_text) = strip_request(text);
    // Where the words after the subject start in `body_text`.
    let mut after_subject: Option<usize> = None;
    let own = subject(&body_text).map(|r| {
        let mut names = &body_text[r.clone()];
        let mut after = &body_text[r.end..];
        // "Ủy ban nhân dân tỉnh yêu cầu các sở … triển khai": the bodies required.
        if let Some(rest) = after.trim_start().strip_prefix("yêu cầu ") {
            if let Some(v) = find_verb(&VERB, &format!(" {rest}")) {
                let end = v.start.saturating_sub(1).min(rest.len());
                if rest.is_char_boundary(end) && starts_with_body(&rest[..end]) {
                    names = &rest[..end];
                    after = &rest[end..];
                }
            }
        }
        after_subject = Some(after.as_ptr() as usize - body_text.as_ptr() as usize);
        split_bodies(names)
            .into_iter()
            .filter(|b| starts_with_body(b))
            .collect::<Vec<_>>()
    });
    let (lead_raw, inherited) = match own {
        Some(l) if !l.is_empty() => (l, false),
        _ => (owner.map(|o| o.lead.clone()).unwrap_or_default(), true),
    };
    if lead_raw.is_empty() {
        return None;
    }
    let mut lead: Vec<String> = Vec::new();
    for b in &lead_raw {
        let c = names.canonical(b);
        if !c.is_empty() && !lead.contains(&c) {
            forms.push((c.clone(), b.clone()));
            lead.push(c);
        }
    }
    let mut written = partners_written(text, names);
    if inherited {
        if let Some(o) = owner {
            for p in &o.partners {
                if !written.iter().any(|(c, _)| *c == p.0) {
                    written.push(p.clone());
                }
            }
        }
    }
    written.retain(|(p, _)| !lead.contains(p));
    forms.extend(written.iter().cloned());
    let partners_: Vec<String> = written.into_iter().map(|(c, _)| c).collect();
    let role = if requested || (inherited && owner.is_some_and(|o| o.role == Some("requested"))) {
        Some("requested")
    } else {
        // A body named in the text: the first role verb after it. Work under a
        // body's heading: a role verb opening the work, else the heading's role,
        // else the first role verb of the work.
        // Not requested, the body text is the text: the words after the subject
        // are a tail of it.
        let own = after_subject
            .filter(|_| !inherited)
            .and_then(|at| role_in(text.get(at..)?))
            .map(|(r, _)| r);
        own.or_else(|| {
            let first_role = role_in(text);
            let opening = first_role.filter(|&(_, at)| at < 3).map(|(r, _)| r);
            opening
                .or_else(|| owner.filter(|_| inherited).and_then(|o| o.role))
                .or_else(|| first_role.map(|(r, _)| r))
        })
        // Work given to a body with a verb of its own ("Tăng cường …", "Phát
        // động …"): the body carries it out.
        .or(Some("implement"))
    };
    Some(Task {
        id: item.id.clone(),
        text: text.to_string(),
        lead,
        partners: partners_,
        role: role.map(str::to_string),
        due: first_due(text, base).map(|(_, d)| d),
        source: "body".to_string(),
        span: ctx.span(text_range(ctx, item, text)),
    })
}

/// One numbered item of "Tổ chức thực hiện".
fn organization_item(
    ctx: &Context<'_>,
    item: &Item,
    base: Option<&str>,
    a: &mut Assignments,
    names: &mut Names,
) {
    // The heading names the bodies ("2. Sở Tài chính: …"); so does an item's text
    // that is only a list of bodies, over paragraphs that give them the work
    // ("6. Đề nghị Ủy ban MTTQ …, các tổ chức xã hội" / "Tích cực vận động …").
    let bodies_only = !item.items.is_empty()
        && find_verb(&VERB, &format!(" {} ", strip_request(&item.text).1)).is_none();
    let (owner, own_text) = match item
        .heading
        .as_deref()
        .and_then(|h| owner_of_heading(h, names))
    {
        Some(o) => (Some(o), item.text.clone()),
        None => match owner_of_heading(&item.text, names).filter(|_| bodies_only) {
            Some(o) => (Some(o), String::new()),
            None => (None, item.full_text()),
        },
    };
    let tasks_start = a.tasks.len();
    // The bodies the heading gives the item to: each is an agency even when
    // another of them leads every sub-task.
    let given: Option<(Vec<String>, Option<&'static str>)> = owner.as_ref().map(|o| {
        let mut bodies: Vec<String> = Vec::new();
        for b in &o.lead {
            let c = names.canonical(b);
            if !c.is_empty() && !bodies.contains(&c) {
                a.forms.push((c.clone(), b.clone()));
                bodies.push(c);
            }
        }
        (bodies, o.role)
    });
    let mut parent: Option<Owner> = owner;
    if !own_text.trim().is_empty() {
        if let Some(t) = task(
            ctx,
            item,
            base,
            &own_text,
            parent.as_ref(),
            &mut a.forms,
            names,
        ) {
            if parent.is_none() {
                parent = Some(Owner {
                    lead: t.lead.clone(),
                    partners: Vec::new(),
                    role: t.role.as_deref().and_then(static_role),
                });
            }
            a.tasks.push(t);
        }
    }
    for c in &item.items {
        leaves(
            ctx,
            c,
            base,
            parent.as_ref(),
            &mut a.tasks,
            &mut a.forms,
            names,
        );
    }
    if let Some((bodies, role)) = given {
        a.items.push(AssignedItem {
            id: item.id.clone(),
            bodies,
            role,
            tasks_start,
            tasks_end: a.tasks.len(),
        });
    }
}

fn static_role(r: &str) -> Option<&'static str> {
    ROLES.iter().copied().find(|x| *x == r)
}

/// The leaf units under a body's item.
fn leaves(
    ctx: &Context<'_>,
    item: &Item,
    base: Option<&str>,
    owner: Option<&Owner>,
    out: &mut Vec<Task>,
    forms: &mut Vec<(String, String)>,
    names: &mut Names,
) {
    let heads_only = item.text.trim().is_empty() && !item.items.is_empty();
    if !heads_only {
        if let Some(t) = task(ctx, item, base, &item.full_text(), owner, forms, names) {
            out.push(t);
        }
    }
    for c in &item.items {
        leaves(ctx, c, base, owner, out, forms, names);
    }
}

/// A schedule item where a body "chủ trì" something: the bodies right before the
/// "chủ trì" (after the last clause that opens with words of another kind).
fn schedule_item(
    ctx: &Context<'_>,
    item: &Item,
    base: Option<&str>,
    out: &mut Vec<Task>,
    forms: &mut Vec<(String, String)>,
    names: &mut Names,
) {
    let text = item.text.trim();
    let Some(at) = text.find(" chủ trì") else {
        subject_item(ctx, item, base, out, forms, names);
        return;
    };
    let before = &text[..at];
    let mut starts: Vec<usize> = vec![0];
    starts.extend(before.match_indices([',', ';']).map(|(i, _)| i + 1));
    let Some(s) = starts.into_iter().find(|&s| {
        let cand = before[s..].trim();
        starts_with_body(cand)
            && find_verb(&VERB, &format!("{cand} ")).is_none()
            && !words::more_than(cand, 30)
    }) else {
        return;
    };
    let lead: Vec<String> = split_bodies(before[s..].trim())
        .into_iter()
        .filter(|b| starts_with_body(b))
        .collect();
    if lead.is_empty() {
        return;
    }
    let owner = Owner {
        lead,
        partners: Vec::new(),
        role: Some("lead"),
    };
    // The sentence from its subject on, so the subject is the owner's.
    let from = before.len() - before[s..].trim_start().len();
    if let Some(mut t) = task(ctx, item, base, &text[from..], Some(&owner), forms, names) {
        t.text = text.to_string();
        t.role = Some("lead".to_string());
        t.span = ctx.span(text_range(ctx, item, text));
        out.push(t);
    }
}

/// A schedule item whose sentence has bodies for its subject ("Các sở, ban,
/// ngành … tổ chức triển khai …"), after a phase label if one opens it ("Giai
/// đoạn 1 (từ 2023 - 2025): …").
fn subject_item(
    ctx: &Context<'_>,
    item: &Item,
    base: Option<&str>,
    out: &mut Vec<Task>,
    forms: &mut Vec<(String, String)>,
    names: &mut Names,
) {
    let text = item.text.trim();
    let sentence = match text.split_once(':') {
        Some((label, rest))
            if !words::more_than(label, 12) && find_verb(&VERB, label).is_none() =>
        {
            rest
        }
        _ => text,
    };
    if subject(sentence).is_none() {
        return;
    }
    if let Some(mut t) = task(ctx, item, base, sentence, None, forms, names) {
        t.text = text.to_string();
        t.span = ctx.span(text_range(ctx, item, text));
        out.push(t);
    }
}

/// Rows of annex task tables: tab-separated cells (task, lead, partners, time).
fn annex(ctx: &Context<'_>, base: Option<&str>, out: &mut Vec<Task>, names: &mut Names) {
    let mut row = 0;
    for r in &ctx.layout.annexes {
        // Normalization turns tabs into spaces: the cells are read on the source.
        let sp = ctx.span(r.clone());
        let line = ctx.source.get(sp.range()).unwrap_or("");
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cells.len() < 3 {
            continue;
        }
        // A leading ordinal cell ("1", "I") is not the task.
        let cells: Vec<&str> = if cells[0]
            .chars()
            .all(|c| c.is_ascii_digit() || "IVX.".contains(c))
        {
            cells[1..].to_vec()
        } else {
            cells
        };
        if cells.len() < 2 {
            continue;
        }
        let head = fold(&cells.join(" "));
        if head.contains("chu tri") && (head.contains("nhiem vu") || head.contains("noi dung")) {
            continue;
        }
        let lead: Vec<String> = split_bodies(cells[1])
            .iter()
            .map(|b| names.canonical(b))
            .filter(|b| starts_with_body(b))
            .collect();
        if lead.is_empty() || cells[0].is_empty() {
            continue;
        }
        row += 1;
        let partners_: Vec<String> = cells
            .get(2)
            .map(|p| {
                split_bodies(p)
                    .iter()
                    .map(|b| names.canonical(b))
                    .filter(|b| starts_with_body(b))
                    .collect()
            })
            .unwrap_or_default();
        let due = cells.get(3).and_then(|t| {
            first_due(t, base).or_else(|| {
                (!t.is_empty()).then(|| {
                    (
                        0..0,
                        Due {
                            text: t.to_string(),
                            by: None,
                            recurrence: None,
                        },
                    )
                })
            })
        });
        let text_at = line.find(cells[0]).unwrap_or(0);
        out.push(Task {
            id: format!("PL.{row}"),
            text: cells[0].to_string(),
            lead,
            partners: partners_,
            role: Some("lead".to_string()),
            due: due.map(|(_, d)| d),
            source: "annex".to_string(),
            span: Span::new(sp.start + text_at, sp.start + text_at + cells[0].len()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::folded::testing::with_ctx;
    use super::*;

    /// The role search as it was written first, one search per verb: the one-pass
    /// [`role_of`] must agree with it.
    fn role_of_per_verb(key: &str) -> Option<(&'static str, usize)> {
        if let Some(role) = opening_role(key) {
            return Some((role, 0));
        }
        ROLE_VERBS
            .iter()
            .filter_map(|&(verb, role)| {
                key.match_indices(verb)
                    .find(|&(i, _)| {
                        let before = &key[..i];
                        let after = &key[i + verb.len()..];
                        let word_start = i == 0 || !before.ends_with(|c: char| c.is_alphanumeric());
                        let word_end = !after.starts_with(|c: char| c.is_alphanumeric());
                        word_start && word_end && !nominal(before.trim_end())
                    })
                    .map(|(i, _)| (role, i))
            })
            .min_by_key(|&(_, i)| i)
    }

    #[test]
    fn head_words_compare_as_their_lowercase() {
        let plain = |word: &str| {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            lower.len() <= HEAD_WORD_BYTES && HEAD_WORDS.contains(&lower.as_str())
        };
        let mut words: Vec<String> = Vec::new();
        for h in HEAD_WORDS {
            let upper = h.to_uppercase();
            let mut first = h.chars();
            let title: String = first
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(first)
                .collect();
            words.extend([
                h.to_string(),
                upper,
                title,
                format!("{h}s"),
                format!("x{h}"),
            ]);
            words.push(h[..h.char_indices().last().map_or(0, |(i, _)| i)].to_string());
        }
        words.extend(["", "Số", "Phong", "sở\u{0}", "ỦYBANNHÂNDÂN", "İ", "ß"].map(String::from));
        for w in &words {
            assert_eq!(is_head_word(w), plain(w), "{w:?}");
        }
    }

    /// [`starts_with_body`] as it was written first, with the first word
    /// lowercased into a `String` and every head compared whole.
    fn starts_with_body_plain(s: &str) -> bool {
        let s = s.trim_start().trim_start_matches(['(', '“', '"']);
        let first = s
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '&'))
            .next()
            .unwrap_or("");
        let marked = !s.is_ascii();
        let abbreviation = first
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        if marked && !abbreviation {
            let lower: String = first.chars().flat_map(char::to_lowercase).collect();
            if !HEAD_WORDS.contains(&lower.as_str()) {
                return false;
            }
        }
        let opening = s
            .char_indices()
            // The opening [`starts_with_body`] first folded.
            .nth(24)
            .map_or(s, |(at, _)| &s[..at]);
        let key = fold(opening);
        let opens = |key: &str, heads: &[&str]| {
            heads.iter().any(|h| {
                key.strip_prefix(h)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',', ':', '&']))
            })
        };
        if let Some(rest) = key.strip_prefix("cac ") {
            return opens(rest, GROUP_NOUNS);
        }
        if opens(&key, NOT_BODIES) {
            return false;
        }
        let upper = s.chars().next().is_some_and(char::is_uppercase);
        opens(&key, if upper { BODY_HEADS } else { LOWER_HEADS })
    }

    /// Snippets that open bodies, words that look like them, and odd edges.
    const SNIPPETS: &[&str] = &[
        "",
        " ",
        "(",
        "“Sở Tư pháp”",
        "Sở",
        "Sở Tư pháp",
        "SỞ TƯ PHÁP",
        "Số liệu",
        "Phòng trào thi đua",
        "Phòng, chống dịch",
        "phòng GD&ĐT",
        "UBND tỉnh",
        "UBND",
        "Ủy ban nhân dân các xã",
        "ỦY BAN NHÂN DÂN",
        "ủy ban",
        "Uy ban nhan dan tinh",
        "cac so, ban, nganh",
        "các sở, ban, ngành",
        "Các Doanh nghiệp trên địa bàn",
        "các cấp",
        "các nội dung",
        "Ban hành Kế hoạch",
        "Ban Chỉ đạo",
        "Trưởng thôn",
        "trưởng các thôn",
        "Trường Mầm non",
        "Đài Truyền thanh",
        "Đoàn Thanh niên",
        "Đảng ủy xã",
        "Hội&Đoàn",
        "Hội: nông dân",
        "Thường trực HĐND",
        "Thủ trưởng các cơ quan",
        "Chủ tịch UBND",
        "Ngân hàng Chính sách",
        "Cơ quan thường trực",
        "cơ quan, đơn vị",
        "Đơn vị",
        "İstanbul Sở",
        "ǅeljko",
        "Sởsởsởsởsởsởsởsởsởsởsởsởsởsởsở",
        "thôn",
        "Thôn 3",
        "MTTQ",
        "BCH Quân sự",
        "tổ dân phố",
        "Tổ dân phố",
        "Hợp tác xã",
        "Kho bạc Nhà nước",
        "Bệnh viện Đa khoa",
        "Lãnh đạo các phòng",
        "Quân đội",
        "Chính phủ",
        "Bộ Nội vụ",
        "Bộ tiêu chí",
        "Bộ chỉ huy",
        "bố trí kinh phí",
        "Văn phòng HĐND và UBND",
        "Cục Thống kê",
        "Chi cục Thuế",
        "Liên đoàn Lao động",
        "Mặt trận Tổ quốc",
        "Công an tỉnh",
        "Công chức Văn hóa",
        "Trung tâm Y tế",
        "Báo cáo kết quả",
        "Báo Hà Nam",
        "Huyện ủy",
        "Tỉnh ủy",
        "Tỉnh đoàn",
        "Viện Kiểm sát",
        "viên chức",
        "Doanh nghiệp",
    ];

    #[test]
    fn starts_with_body_agrees_with_the_plain_one() {
        for s in SNIPPETS {
            assert_eq!(starts_with_body(s), starts_with_body_plain(s), "{s:?}");
        }
        // Every opening of a word in the corpus.
        let plans = crate::extract::folded::testing::corpus_texts();
        for text in &plans {
            for (i, c) in text.char_indices() {
                if c.is_whitespace() || matches!(c, ',' | ';' | '(') {
                    let rest = &text[i + c.len_utf8()..];
                    let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
                    assert_eq!(
                        starts_with_body(rest),
                        starts_with_body_plain(rest),
                        "{rest:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn heads_open_the_folded_opening_as_they_open_the_whole_fold() {
        let lists = [BODY_HEADS, LOWER_HEADS, GROUP_NOUNS, NOT_BODIES];
        let mut buf = [0; KEY_BYTES];
        let mut check = |s: &str| {
            let whole = fold(s);
            let key = fold_opening(s, &mut buf);
            assert!(whole.starts_with(key), "{s:?}");
            assert_eq!(key.starts_with("cac "), whole.starts_with("cac "), "{s:?}");
            for heads in lists {
                assert_eq!(opens_with(key, heads), opens_with(&whole, heads), "{s:?}");
            }
        };
        SNIPPETS.iter().for_each(|s| check(s));
        let plans = crate::extract::folded::testing::corpus_texts();
        for text in &plans {
            for (i, c) in text.char_indices() {
                if c.is_whitespace() || c == ',' {
                    let rest = &text[i + c.len_utf8()..];
                    check(&rest[..rest.find('\n').unwrap_or(rest.len())]);
                }
            }
        }
    }

    #[test]
    fn word_tests_agree_with_the_plain_ones() {
        let mut texts: Vec<&str> = SNIPPETS.to_vec();
        texts.extend([
            "Sở Tài chính và Sở Nội vụ",
            "Sở Tài chính cùng các đơn vị",
            "Ủy ban Mặt trận Tổ quốc Việt Nam huyện các tổ chức chính trị - xã hội",
            "thị trấn  các\tđơn vị",
            "vàng và\u{a0}bạc",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z",
            "a  b  c  d  e  f  g  h  i  j  k  l  m  n  o  p  q  r  s  t  u  v  w  x  y  z",
            "mỗi từ có dấu của tiếng Việt là nhiều byte nhưng chỉ một từ",
        ]);
        let plans = crate::extract::folded::testing::corpus_texts();
        for text in &plans {
            for line in text.lines() {
                texts.push(line);
                texts.extend(line.split([',', ';']));
            }
        }
        for s in texts {
            for n in [0, 1, 2, 12, 25, 30, 60] {
                let plain = s.split_whitespace().nth(n).is_some();
                assert_eq!(words::more_than(s, n), plain, "{s:?} {n}");
            }
            let (va, cac) = split_words(s);
            assert!(va || !VA.is_match(s), "{s:?}");
            assert!(cac || !AFTER_PLACE.is_match(s), "{s:?}");
        }
    }

    #[test]
    fn shortcuts_agree_with_the_plain_forms() {
        let mut texts: Vec<&str> = SNIPPETS.to_vec();
        texts.extend([
            "Đề nghị Ủy ban Mặt trận Tổ quốc",
            "đề nghị các tổ chức",
            "ĐỀ NGHỊ Hội Nông dân",
            "Đề nghị",
            "Đề nghịx",
            "đề xuất",
            " Đề nghị Hội",
            "İ Σ ß ǅ",
        ]);
        let plans = crate::extract::folded::testing::corpus_texts();
        for text in &plans {
            texts.extend(text.lines());
        }
        for s in texts {
            let (requested, rest) = strip_request(s);
            assert_eq!(requested, REQUESTED.is_match(s), "{s:?}");
            assert_eq!(rest, REQUESTED.replace(s, ""), "{s:?}");
        }
    }

    #[test]
    fn remarks_and_prefixes_as_the_plain_forms_make_them() {
        let plans = crate::extract::folded::testing::corpus_texts();
        for text in &plans {
            for line in text.lines() {
                if !line.contains('(') {
                    assert!(!PAREN.is_match(line), "{line:?}");
                }
                // The fold of every prefix ending after a comma, made as they go.
                let mut prefix = String::new();
                let mut folded = 0;
                for s in line.match_indices(',').map(|(i, _)| i + 1) {
                    fold_into(&line[folded..s], &mut prefix);
                    folded = s;
                    assert_eq!(prefix, fold(&line[..s]), "{line:?}");
                }
            }
        }
    }

    #[test]
    fn role_verbs_found_in_one_pass() {
        for text in [
            "So Tai chinh chu tri, phoi hop voi So Noi vu thuc hien",
            "viec thuc hien ke hoach; cac phong ban phoi hop bao cao ket qua",
            "tinh hinh thuc hien; ket qua trien khai, to chuc trien khai",
            "xay dung ke hoachx; xay dung ke hoach nam 2026, tham muu UBND",
            "achu tri chu tric bao caoo ¢ thuc hien",
            "cua thuc hien, che do bao cao dinh ky; bao cao",
            "de nghi Uy ban tham muu",
            "  nghien cuu, de xuat",
            "",
            "phoi hop",
            "trong thuc hien duong loi; cong tac tham muu; đ thuc hien",
        ] {
            assert_eq!(role_of(text), role_of_per_verb(text), "{text:?}");
        }
        assert_eq!(
            role_of("ket qua thuc hien; So A bao cao"),
            Some(("report", 24))
        );
    }

    #[test]
    fn roles_read_on_a_prefix_as_on_the_whole_fold() {
        let mut texts: Vec<String> = Vec::new();
        // Verbs and openings cut at every place by the end of the prefix, after
        // unmarked and marked words and after leading spaces.
        let fills = ["to chuc cac hoat dong ", "Tổ chức các hoạt động ", " "];
        let tails = [
            "bao caox; chu tri",
            "xay dung ke hoachx, thuc hien",
            "xây dựng kế hoạch năm 2026",
            "viec thuc hien; bao cao",
            "Đề nghị Sở Y tế thực hiện",
            "nghien cuu, de xuat",
            "",
        ];
        for fill in fills {
            let filler = fill.repeat(ROLE_PREFIX / fill.len() + 1);
            for tail in tails {
                for k in ROLE_PREFIX - 40..=ROLE_PREFIX {
                    if filler.is_char_boundary(k) {
                        texts.push(format!("{}{tail}", &filler[..k]));
                    }
                }
            }
        }
        for plan in crate::extract::folded::testing::corpus_texts() {
            for line in plan.lines() {
                // The line and its tails after each comma, as the words after a
                // subject are.
                texts.push(line.to_string());
                texts.extend(line.match_indices(',').map(|(i, _)| line[i..].to_string()));
            }
        }
        for t in &texts {
            assert_eq!(role_in(t), role_of(&fold(t)), "{t:?}");
        }
    }

    const PLAN: &str = "KẾ HOẠCH\nThực hiện Chương trình chuyển đổi số năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích: Nâng cao nhận thức.\nII. TIẾN ĐỘ THỰC HIỆN\n1. Năm 2026: Trên cơ sở đánh giá kết quả thực hiện năm 2025, Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ tham mưu UBND tỉnh khen thưởng.\n2. Năm 2027: Các đơn vị tiếp tục triển khai.\nIII. TỔ CHỨC THỰC HIỆN\n1. Sở Khoa học và Công nghệ\n- Chủ trì, phối hợp với Sở Tài chính và Sở Nội vụ xây dựng bộ chỉ số đánh giá, xong trong Quý III/2026.\n- Tổng hợp kết quả, báo cáo UBND tỉnh trước ngày 15/12 hằng năm.\n2. Sở Tài chính: Căn cứ khả năng ngân sách, tham mưu UBND tỉnh bố trí kinh phí trong năm 2026.\n3. Sở Văn hóa, Thể thao và Du lịch, Báo Quảng Trị, Đài Phát thanh - Truyền hình tỉnh:\n- Thường xuyên tuyên truyền về chuyển đổi số.\n4. Hội Liên hiệp Phụ nữ tỉnh chủ trì, phối hợp với các sở, ban, ngành liên quan tổ chức cuộc thi trong tháng 5/2026.\n5. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh vận động Nhân dân tham gia.\nTrên đây là Kế hoạch.\n";

    #[test]
    fn tasks_of_organization_and_schedule() {
        with_ctx(PLAN, |ctx| {
            let t = extract(ctx);
            let ids: Vec<_> = t.iter().map(|x| x.id.as_str()).collect();
            assert_eq!(
                ids,
                ["II.1", "II.2", "III.1.1", "III.1.2", "III.2", "III.3.1", "III.4", "III.5"]
            );
            assert_eq!(t[0].lead, ["Sở Khoa học và Công nghệ"]);
            assert_eq!(t[0].partners, ["Sở Nội vụ"]);
            assert_eq!(t[0].role.as_deref(), Some("lead"));
            assert_eq!(t[1].lead, ["các đơn vị"], "a phase's own subject");
            assert_eq!(t[1].role.as_deref(), Some("implement"));
            assert_eq!(t[2].lead, ["Sở Khoa học và Công nghệ"]);
            assert_eq!(t[2].partners, ["Sở Tài chính", "Sở Nội vụ"]);
            let d = t[2].due.as_ref().unwrap();
            assert_eq!(
                (d.by.as_deref(), d.recurrence.as_deref()),
                (Some("2026-09-30"), Some("once"))
            );
            assert_eq!(d.text, "xong trong Quý III/2026");
            assert_eq!(t[3].role.as_deref(), Some("report"));
            let d = t[3].due.as_ref().unwrap();
            assert_eq!(
                (d.by.as_deref(), d.recurrence.as_deref()),
                (None, Some("yearly"))
            );
            assert_eq!(t[4].lead, ["Sở Tài chính"]);
            assert_eq!(t[4].role.as_deref(), Some("advise"));
            assert_eq!(t[4].due.as_ref().unwrap().by.as_deref(), Some("2026-12-31"));
            assert_eq!(
                t[5].lead,
                [
                    "Sở Văn hóa, Thể thao và Du lịch",
                    "Báo Quảng Trị",
                    "Đài Phát thanh - Truyền hình tỉnh"
                ]
            );
            assert_eq!(
                t[5].due.as_ref().unwrap().recurrence.as_deref(),
                Some("continuous")
            );
            assert_eq!(t[6].lead, ["Hội Liên hiệp Phụ nữ tỉnh"]);
            assert_eq!(t[6].partners, ["các sở, ban, ngành liên quan"]);
            assert_eq!(t[6].due.as_ref().unwrap().by.as_deref(), Some("2026-05-31"));
            assert_eq!(t[7].lead, ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]);
            assert_eq!(t[7].role.as_deref(), Some("requested"));
            assert_eq!(
                &PLAN[t[2].span.range()],
                "Chủ trì, phối hợp với Sở Tài chính và Sở Nội vụ xây dựng bộ chỉ số đánh giá, xong trong Quý III/2026."
            );
            assert_eq!(
                &PLAN[t[4].span.range()],
                "Căn cứ khả năng ngân sách, tham mưu UBND tỉnh bố trí kinh phí trong năm 2026."
            );
            assert!(t.iter().all(|x| x.source == "body"));
        });
    }

    #[test]
    fn abbreviated_bodies_expand() {
        let src = "KẾ HOẠCH\nPhòng chống thiên tai\nI. TỔ CHỨC THỰC HIỆN\n1. Phòng GD&ĐT huyện chủ trì, phối hợp với Phòng VH-TT, UBND các xã, thị trấn triển khai kế hoạch định kỳ 6 tháng.\n";
        with_ctx(src, |ctx| {
            let t = extract(ctx);
            assert_eq!(t.len(), 1);
            assert_eq!(t[0].lead, ["Phòng Giáo dục và Đào tạo huyện"]);
            assert_eq!(
                t[0].partners,
                [
                    "Phòng Văn hóa - Thông tin",
                    "Ủy ban nhân dân các xã, thị trấn"
                ]
            );
            assert_eq!(
                t[0].due.as_ref().unwrap().recurrence.as_deref(),
                Some("half_yearly")
            );
        });
    }

    #[test]
    fn no_tasks_without_bodies() {
        let src = "KẾ HOẠCH\nThi đua\nI. NỘI DUNG\n1. Sở Y tế chủ trì kiểm tra.\nII. TỔ CHỨC THỰC HIỆN\n1. Yêu cầu chung: Các nội dung phải được triển khai đồng bộ.\n";
        with_ctx(src, |ctx| assert!(extract(ctx).is_empty()));
    }

    #[test]
    fn annex_rows() {
        let src = "KẾ HOẠCH\nCải cách hành chính\nI. TỔ CHỨC THỰC HIỆN\n1. Các sở thực hiện.\nTrên đây là Kế hoạch.\nNơi nhận:\nPHỤ LỤC\nSTT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n1\tRà soát thủ tục hành chính\tSở Tư pháp\tVăn phòng UBND tỉnh, các sở\tTrong quý II/2026\n";
        with_ctx(src, |ctx| {
            let t: Vec<_> = extract(ctx)
                .into_iter()
                .filter(|t| t.source == "annex")
                .collect();
            assert_eq!(t.len(), 1);
            assert_eq!(t[0].id, "PL.1");
            assert_eq!(t[0].lead, ["Sở Tư pháp"]);
            assert_eq!(t[0].partners, ["Văn phòng Ủy ban nhân dân tỉnh", "các sở"]);
            assert_eq!(t[0].due.as_ref().unwrap().by.as_deref(), Some("2026-06-30"));
            assert_eq!(&src[t[0].span.range()], "Rà soát thủ tục hành chính");
        });
    }

    #[test]
    fn an_item_that_only_names_bodies_owns_its_paragraphs() {
        let src = "KẾ HOẠCH\nPhát triển nông nghiệp\nI. TỔ CHỨC THỰC HIỆN\n1. Đề nghị Hội Nông dân, Hội Cựu chiến binh huyện và các tổ chức xã hội có liên quan\n- Tích cực vận động hội viên tham gia.\n- Phối hợp với Phòng Nông nghiệp huyện tổ chức hội thảo.\n";
        with_ctx(src, |ctx| {
            let t = extract(ctx);
            let got: Vec<_> = t
                .iter()
                .map(|x| (x.id.as_str(), x.lead.clone(), x.role.as_deref()))
                .collect();
            let lead: Vec<String> = [
                "Hội Nông dân",
                "Hội Cựu chiến binh huyện",
                "các tổ chức xã hội có liên quan",
            ]
            .map(String::from)
            .to_vec();
            assert_eq!(
                got,
                [
                    ("I.1.1", lead.clone(), Some("requested")),
                    ("I.1.2", lead, Some("requested"))
                ]
            );
            assert_eq!(t[1].partners, ["Phòng Nông nghiệp huyện"]);
        });
    }

    #[test]
    fn groups_of_bodies_stay_whole() {
        assert_eq!(
            split_bodies("Các ban, ngành, đoàn thể xã và các trường Mầm non, Tiểu học"),
            [
                "Các ban, ngành, đoàn thể xã",
                "các trường Mầm non, Tiểu học"
            ]
        );
        assert_eq!(
            split_bodies("các sở, ban, ngành, Ủy ban nhân dân các huyện"),
            ["các sở, ban, ngành", "Ủy ban nhân dân các huyện"]
        );
        assert_eq!(
            split_bodies("Công chức Văn hóa và các đơn vị, thôn có liên quan"),
            ["Công chức Văn hóa", "các đơn vị, thôn có liên quan"]
        );
        assert_eq!(
            split_bodies("Ủy ban Mặt trận Tổ quốc Việt Nam huyện các tổ chức chính trị - xã hội"),
            [
                "Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
                "các tổ chức chính trị - xã hội"
            ]
        );
        assert_eq!(
            split_bodies("Ủy ban nhân dân các huyện, thị xã"),
            ["Ủy ban nhân dân các huyện, thị xã"]
        );
        assert_eq!(
            split_bodies("Hội đồng Thi đua tỉnh các cấp"),
            ["Hội đồng Thi đua tỉnh các cấp"]
        );
        assert_eq!(
            split_bodies("Sở Nội vụ, đoàn thể tỉnh"),
            ["Sở Nội vụ", "đoàn thể tỉnh"]
        );
    }

    #[test]
    fn words_that_are_not_bodies() {
        assert!(starts_with_body("Sở Tư pháp"));
        assert!(starts_with_body("các đơn vị liên quan"));
        assert!(starts_with_body("Ban Dân tộc tỉnh"));
        assert!(!starts_with_body("Ban hành Kế hoạch"));
        assert!(!starts_with_body("Báo cáo kết quả"));
        assert!(!starts_with_body("Phòng, chống dịch"));
        assert!(!starts_with_body("Bộ tiêu chí"));
        assert!(!starts_with_body("bố trí kinh phí"));
        assert!(!starts_with_body("các nội dung"));
        let src = "KẾ HOẠCH\nPhòng, chống tham nhũng\nI. TỔ CHỨC THỰC HIỆN\n1. Báo cáo kết quả thực hiện định kỳ hằng quý.\n";
        with_ctx(src, |ctx| assert!(extract(ctx).is_empty()));
    }
}
