//! Cited documents: every Quyết định, Kế hoạch, Chỉ thị, Kết luận, Nghị quyết, Nghị
//! định, Thông tư, Quy định, Công văn, Luật, Hướng dẫn … the plan cites by number.
//!
//! Anchored on the document number ("1315/QĐ-TTg", "49-KL/TW", "25/2023/TT-BGDĐT",
//! "108 /KH-UBND"), read on the normalized text after the title; the document type
//! comes from the words just before the number ("Quyết định số"), from a plural
//! heading the number is listed under ("các Kế hoạch của …: Số 481/…; số 2810/…"),
//! or, failing both, from the symbol of the number (KH, QĐ, CT …). The date that
//! follows ("ngày 09/11/2023", "ngày 09 tháng 11 năm 2023") is given in ISO and the
//! issuer after "của" in canonical form when it is a body of known name. Words are
//! matched on accent-folded keys so OCR text that lost its marks still reads. One
//! entry per document (type and number), in order of first citation, with the
//! number of citations; documents cited in a basis paragraph of the preamble (Căn
//! cứ, Thực hiện, Tiếp theo) are the plan's `basis`. A citation whose number is
//! clearly broken gives a `malformed_reference` warning instead.
//!
//! The place name after a unit ("Ủy ban nhân dân tỉnh Quảng Trị") is read as
//! written on text that was clean. On repaired text a repaired name is a guess,
//! so only the plan's own place is read there: the words after the unit that
//! fold to the name of the plan's locality, with its unit, are that place,
//! written as the plan's metadata gives it (another place's name is left out).

use crate::fasthash::FastMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::calendar::is_valid_date;
use super::folded::Folded;
use super::Context;
use crate::fuzzy::similarity_at_least;
use crate::normalize::Quality;
use crate::plan::{Document, Reference, Warning};
use crate::syllable::fold;

/// Folded keyword patterns naming each document type.
const TYPES: &[(&str, &str)] = &[
    ("quyet dinh", "quyet_dinh"),
    ("k[e&] ?hoach", "ke_hoach"),
    ("chi thi", "chi_thi"),
    ("ket luan", "ket_luan"),
    ("nghi quyet", "nghi_quyet"),
    ("nghi dinh", "nghi_dinh"),
    ("thong tu", "thong_tu"),
    ("quy dinh", "quy_dinh"),
    ("cong van", "cong_van"),
    ("luat", "luat"),
    ("huong dan", "huong_dan"),
    ("thong bao", "other"),
    ("cong dien", "other"),
    ("de an", "other"),
    ("chuong trinh hanh dong", "other"),
    ("chuong trinh", "other"),
    ("bao cao", "other"),
    ("to trinh", "other"),
    ("quy che", "other"),
    ("van ban", "other"),
];

fn type_alternation() -> String {
    TYPES
        .iter()
        .map(|(k, _)| format!("({})", k.replace(' ', r"\s*")))
        .collect::<Vec<_>>()
        .join("|")
}

fn type_of_groups(c: &regex::Captures<'_>, first: usize) -> Option<&'static str> {
    (0..TYPES.len()).find_map(|i| c.get(first + i).map(|_| TYPES[i].1))
}

/// A document number on the normalized text (case kept: "TTg"). The party form
/// ("49-KL/TW") ends at a word boundary, written as the one non-word character
/// (or the end) that follows: a Unicode `\b` would make the regex engine give up its
/// DFA on Vietnamese text and run a backtracker over every paragraph. That
/// character is no part of the number: see [`number_range`].
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<a>\d{1,5})\s*-\s*(?P<asym>[A-ZĐ][A-Za-zĐ]{1,3})\s*/\s*(?P<aorg>[A-ZĐ]{2,8})(?:$|[^\w])
        |
        (?P<n>\d{1,5})\s*/\s*(?:(?P<y>(?:19|20)\d{2})\s*/\s*)?
        (?P<sym>[A-ZĐ][A-Za-zĐđ&0-9]*(?:-[A-ZĐ0-9][A-Za-zĐđ&0-9]*)*)
        ",
    )
    .unwrap()
});

/// The type keyword just before a number: "Quyết định số ", "Kết luận ", "Kế hoạch
/// liên tịch số: ".
static DIRECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^a-z0-9])(?:{})(?:\s+lien\s+(?:tich|nganh|bo))?(?:\s*(?:so|s6|s0)\b)?\s*:?\s*$",
        type_alternation()
    ))
    .unwrap()
});

/// A law cited by name before its number: "Luật Giáo dục số ".
static NAMED_LAW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^a-z0-9])luat(?:\s+[a-z,]+){1,8}?\s+(?:so|s6|s0)\s*:?\s*$").unwrap()
});

/// Any type keyword.
static DIRECT_ANY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b(?:{})\b", type_alternation())).unwrap());

/// "số " (or OCR "s6 ") just before a number listed under a plural heading.
static LISTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[;,:]|\bva)\s*((?:so|s6|s0)\s*:?\s*)$").unwrap());

/// A plural heading: "các Kế hoạch của …:".
static PLURAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^a-z])cac\s+(?:{})\b([^:;.]{{0,80}}):",
        type_alternation()
    ))
    .unwrap()
});

/// The date after a number.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*,?\s*(?:ban hanh\s+)?ngay\s*(?:(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4}))",
    )
    .unwrap()
});

/// "của " after the number or date (OCR: "ciia", "cta", "ctia", "caa").
static OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*,?\s*(?:cua|c[a-z]{1,2}a)\s+").unwrap());

/// Issuers of known name: folded pattern, canonical name.
const ISSUERS: &[(&str, &str)] = &[
    ("thu tuong chinh phu", "Thủ tướng Chính phủ"),
    ("chinh phu", "Chính phủ"),
    ("ban bi thu", "Ban Bí thư"),
    ("bo chinh tri", "Bộ Chính trị"),
    ("ban chap hanh trung uong", "Ban Chấp hành Trung ương"),
    ("uy ban thuong vu quoc hoi", "Ủy ban Thường vụ Quốc hội"),
    ("quoc hoi", "Quốc hội"),
    ("ban thuong vu tinh uy", "Ban Thường vụ Tỉnh ủy"),
    ("ban thuong vu huyen uy", "Ban Thường vụ Huyện ủy"),
    ("ban thuong vu thanh uy", "Ban Thường vụ Thành ủy"),
    ("tinh uy", "Tỉnh ủy"),
    ("huyen uy", "Huyện ủy"),
    ("thanh uy", "Thành ủy"),
    ("dang uy", "Đảng ủy"),
    ("bo giao duc (?:va|&) dao tao", "Bộ Giáo dục và Đào tạo"),
    ("bo gd ?& ?dt", "Bộ Giáo dục và Đào tạo"),
    ("bo gddt", "Bộ Giáo dục và Đào tạo"),
    ("bo noi vu", "Bộ Nội vụ"),
    ("bo tai chinh", "Bộ Tài chính"),
    (
        "bo van hoa,? the thao va du lich",
        "Bộ Văn hóa, Thể thao và Du lịch",
    ),
    (
        "bo lao dong ?-? ?thuong binh va xa hoi",
        "Bộ Lao động - Thương binh và Xã hội",
    ),
    (
        "bo thong tin va truyen thong",
        "Bộ Thông tin và Truyền thông",
    ),
    ("bo ke hoach va dau tu", "Bộ Kế hoạch và Đầu tư"),
    ("bo y te", "Bộ Y tế"),
    ("bo tu phap", "Bộ Tư pháp"),
    ("bo cong an", "Bộ Công an"),
    ("bo quoc phong", "Bộ Quốc phòng"),
    ("bo khoa hoc va cong nghe", "Bộ Khoa học và Công nghệ"),
    (
        "bo nong nghiep va phat trien nong thon",
        "Bộ Nông nghiệp và Phát triển nông thôn",
    ),
    (
        "bo nong nghiep va moi truong",
        "Bộ Nông nghiệp và Môi trường",
    ),
    ("bo tai nguyen va moi truong", "Bộ Tài nguyên và Môi trường"),
    ("bo dan toc va ton giao", "Bộ Dân tộc và Tôn giáo"),
    ("bo cong thuong", "Bộ Công Thương"),
    ("bo xay dung", "Bộ Xây dựng"),
];

static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = ISSUERS.iter().map(|(k, _)| format!("({k})")).collect();
    Regex::new(&format!(r"^(?:{})\b", alts.join("|"))).unwrap()
});

/// Bodies named with their unit: "Ủy ban nhân dân tỉnh", "Hội đồng nhân dân
/// huyện", "Ban Chỉ đạo xây dựng xã hội học tập huyện".
const BODIES: &[(&str, &str)] = &[
    ("ubnd", "Ủy ban nhân dân"),
    ("uy ban nhan dan", "Ủy ban nhân dân"),
    ("hdnd", "Hội đồng nhân dân"),
    ("hoi dong nhan dan", "Hội đồng nhân dân"),
    (
        "ban chi dao xay dung xa hoi hoc tap",
        "Ban Chỉ đạo xây dựng xã hội học tập",
    ),
    ("bcd xhht", "Ban Chỉ đạo xây dựng xã hội học tập"),
];

/// "Ủy ban nhân dân" / "Hội đồng nhân dân" of a unit, with the unit.
static COUNCIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan|ban chi dao xay dung xa hoi hoc tap|bcd xhht)\s+(thanh pho|thi tran|thi xa|tinh|huyen|quan|phuong|xa)\b",
    )
    .unwrap()
});

/// A place name after a unit: capitalized syllables.
static PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ (\p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*){0,3})").unwrap());

const UNITS: &[(&str, &str)] = &[
    ("thanh pho", "thành phố"),
    ("thi tran", "thị trấn"),
    ("thi xa", "thị xã"),
    ("tinh", "tỉnh"),
    ("huyen", "huyện"),
    ("quan", "quận"),
    ("phuong", "phường"),
    ("xa", "xã"),
];

/// One citation found in a paragraph.
struct Citation {
    doc_type: &'static str,
    number: String,
    date: Option<String>,
    issuer: Option<String>,
    basis: bool,
    /// Range of the normalized text.
    range: Range<usize>,
}

/// The cited documents, and warnings on broken numbers. On repaired text, the
/// plan's own locality (from `document`, its metadata) is the one place read
/// after a council.
pub fn extract(ctx: &Context<'_>, document: &Document) -> (Vec<Reference>, Vec<Warning>) {
    let own = ctx.layout.header.iter().find_map(|r| {
        NUMBER
            .captures(ctx.slice(r.clone()))
            .map(|c| restore_symbol(&canonical_number(&c)))
    });
    let start = ctx
        .layout
        .title
        .as_ref()
        .or(ctx.layout.kind_line.as_ref())
        .or(ctx.layout.header.last())
        .map_or(0, |r| r.end);
    let exact = ctx.norm.quality == Quality::Clean;
    let places = if exact {
        Vec::new()
    } else {
        own_places(document)
    };
    let mut cites = Vec::new();
    let mut warnings = Vec::new();
    for para in ctx.norm.paragraphs() {
        if para.start < start || para.is_empty() {
            continue;
        }
        let basis = ctx.layout.preamble.contains(&para) && is_basis(ctx.slice(para.clone()));
        let at = Issuers {
            exact,
            places: &places,
        };
        paragraph(ctx, para, basis, &at, &mut cites, &mut warnings);
    }
    let mut refs: Vec<Reference> = Vec::new();
    // Index of each document (type and number) in `refs`; order stays that of `refs`.
    let mut index: FastMap<(&'static str, String), usize> = FastMap::default();
    for c in cites {
        if own.as_deref() == Some(c.number.as_str()) && c.doc_type == "ke_hoach" {
            continue;
        }
        let at = index.get(&(c.doc_type, c.number.clone())).copied();
        if let Some(r) = at.and_then(|i| refs.get_mut(i)) {
            r.mentions += 1;
            if r.date.is_none() {
                r.date = c.date;
            }
            if r.issuer.is_none() {
                r.issuer = c.issuer;
            }
            if c.basis {
                r.relation = Some("basis".to_string());
            }
            continue;
        }
        index.insert((c.doc_type, c.number.clone()), refs.len());
        refs.push(Reference {
            doc_type: c.doc_type.to_string(),
            number: Some(c.number),
            date: c.date,
            issuer: c.issuer,
            relation: c.basis.then(|| "basis".to_string()),
            mentions: 1,
            span: ctx.span(c.range),
        });
    }
    (refs, warnings)
}

/// A basis paragraph opens with "Căn cứ", "Thực hiện" or "Tiếp theo" (OCR: "Can ctr").
fn is_basis(p: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\W*(?:can\s+c[a-z]{1,3}|thuc\s+hien|tiep\s+theo)\b").unwrap()
    });
    RE.is_match(&fold(&p.chars().take(24).collect::<String>()))
}

/// The range of a [`NUMBER`] match, without the boundary character after the party
/// form.
fn number_range(c: &regex::Captures<'_>) -> Range<usize> {
    let m = c.get(0).map_or(0..0, |m| m.range());
    match c.name("aorg") {
        Some(org) => m.start..org.end(),
        None => m,
    }
}

fn canonical_number(c: &regex::Captures<'_>) -> String {
    let s = if let Some(a) = c.name("a") {
        format!("{}-{}/{}", a.as_str(), &c["asym"], &c["aorg"])
    } else {
        match c.name("y") {
            Some(y) => format!("{}/{}/{}", &c["n"], y.as_str(), &c["sym"]),
            None => format!("{}/{}", &c["n"], &c["sym"]),
        }
    };
    s.split_whitespace().collect()
}

/// Symbol codes that are always written with Đ, restored where the text lost its
/// marks ("1373/QD-TTg" is "1373/QĐ-TTg").
fn restore_symbol(number: &str) -> String {
    const CODES: &[(&str, &str)] = &[
        ("QD", "QĐ"),
        ("ND", "NĐ"),
        ("BCD", "BCĐ"),
        ("GDDT", "GDĐT"),
        ("BGDDT", "BGDĐT"),
        ("SGDDT", "SGDĐT"),
        ("DU", "ĐU"),
    ];
    let mut out = String::with_capacity(number.len() + 4);
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        let t = CODES
            .iter()
            .find(|(k, _)| k == token)
            .map_or(token.as_str(), |(_, v)| v);
        out.push_str(t);
        token.clear();
    };
    for ch in number.chars() {
        if ch == '-' || ch == '/' {
            flush(&mut token, &mut out);
            out.push(ch);
        } else {
            token.push(ch);
        }
    }
    flush(&mut token, &mut out);
    out
}

/// The type a symbol implies when no word names it ("QĐ-TTg" is a decision, "KL/TW"
/// a conclusion). "QĐ/TW" is left alone: the Party writes both its decisions and its
/// regulations so.
fn type_of_symbol(number: &str) -> Option<&'static str> {
    let party = number
        .split_once('-')
        .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
        .and_then(|(_, rest)| rest.split_once('/'))
        .map(|(t, _)| t);
    let code = match party {
        Some(t) => t,
        None => number
            .rsplit('/')
            .next()
            .unwrap_or("")
            .split('-')
            .next()
            .unwrap_or(""),
    };
    Some(match code {
        "KH" => "ke_hoach",
        "QĐ" if party.is_none() => "quyet_dinh",
        "CT" => "chi_thi",
        "KL" => "ket_luan",
        "NQ" => "nghi_quyet",
        "NĐ" => "nghi_dinh",
        "TT" => "thong_tu",
        "HD" => "huong_dan",
        _ => return None,
    })
}

/// How issuers are read: place names as written (clean text), or only the
/// plan's own locality (unit, folded name, name as the plan writes it).
struct Issuers<'a> {
    exact: bool,
    places: &'a [(String, String, String)],
}

/// The plan's locality as (unit, folded name, name).
fn own_places(doc: &Document) -> Vec<(String, String, String)> {
    doc.locality
        .iter()
        .map(|l| (l.unit.clone(), fold(&l.name), l.name.clone()))
        .filter(|(_, key, _)| !key.is_empty())
        .collect()
}

fn paragraph(
    ctx: &Context<'_>,
    para: Range<usize>,
    basis: bool,
    issuers: &Issuers<'_>,
    cites: &mut Vec<Citation>,
    warnings: &mut Vec<Warning>,
) {
    let text = ctx.slice(para.clone());
    // Numbers, broken or not, have a slash, and only '/' folds to '/': most
    // paragraphs need no key.
    if memchr::memchr(b'/', text.as_bytes()).is_none() {
        return;
    }
    let f = Folded::new(text);
    let key = f.key.as_str();
    let mut prev_end = 0usize; // key offset
    let mut prev_in_list: Option<(&'static str, Option<String>)> = None;
    for c in NUMBER.captures_iter(text) {
        let m = number_range(&c);
        // Not inside a longer token ("A12/KH", "3/12/KH").
        let before = text[..m.start].chars().next_back();
        if before.is_some_and(|b| b.is_alphanumeric() || b == '/' || b == '-') {
            continue;
        }
        // A symbol cut short ("45/UBND-") is no number.
        let after = text[m.end..].chars().next();
        if after.is_some_and(|a| a.is_alphanumeric() || a == '-' || a == '/') {
            continue;
        }
        let number = restore_symbol(&canonical_number(&c));
        let ks = f.key_at(m.start);
        let ke = f.key_at(m.end);
        // Inside the previous reference, which took it for part of its date or
        // issuer ("ngày 03/7/ 1373/QĐ-TTg" in a garbled list): not a reference.
        if ks < prev_end {
            continue;
        }
        let window_start = {
            let mut w = ks.saturating_sub(80).max(prev_end);
            while !key.is_char_boundary(w) {
                w += 1;
            }
            w.min(ks)
        };
        let window = &key[window_start..ks];
        let mut first = ks;
        let mut shared_issuer = None;
        let doc_type = if let Some(d) = DIRECT.captures(window) {
            let g = d.get(0).map_or(0..0, |g| g.range());
            // Skip the separator matched before the keyword.
            let off = window[g.clone()]
                .find(|ch: char| ch.is_alphabetic())
                .unwrap_or(0);
            first = window_start + g.start + off;
            // A generic word ("Văn bản số 12/KH-UBND") yields to the symbol.
            match type_of_groups(&d, 1) {
                Some("other") => type_of_symbol(&number).or(Some("other")),
                t => t,
            }
        } else if let Some(g) = NAMED_LAW.find(window).filter(|g| {
            // The law's name, with no other document named in it.
            let name = &window[g.range()];
            !DIRECT_ANY.is_match(name.get(4..).unwrap_or(""))
        }) {
            let off = window[g.range()]
                .find(|ch: char| ch.is_alphabetic())
                .unwrap_or(0);
            first = window_start + g.start() + off;
            Some("luat")
        } else if let Some(listed) = LISTED.captures(window).and_then(|l| l.get(1)) {
            first = window_start + listed.start();
            // Under a plural heading of this sentence, or after a listed sibling.
            // Looked for within the sentence, at most a few lines back.
            let mut from = ks.saturating_sub(600);
            while !key.is_char_boundary(from) {
                from += 1;
            }
            let sentence_start = key[from..ks].rfind(". ").map_or(from, |p| from + p + 2);
            let heading = PLURAL
                .captures_iter(&key[sentence_start..ks])
                .last()
                .map(|p| {
                    let t = type_of_groups(&p, 1);
                    let tail = p.get(TYPES.len() + 1).map_or("", |g| g.as_str());
                    let tail_at = p.get(TYPES.len() + 1).map_or(0, |g| g.start()) + sentence_start;
                    (t, issuer_at(&f, text, tail_at, tail, issuers))
                });
            let inherited = match (heading, &prev_in_list) {
                (Some((Some(t), iss)), _) => Some((t, iss)),
                (_, Some((t, iss))) => Some((*t, iss.clone())),
                _ => None,
            };
            // A symbol of another type ends the list: "…; số 5/QĐ-UBND" after plans.
            match (inherited, type_of_symbol(&number)) {
                (Some((t, _)), Some(s)) if s != t => Some(s),
                (Some((t, iss)), _) => {
                    shared_issuer = iss;
                    Some(t)
                }
                (None, s) => s,
            }
        } else {
            None
        };
        let doc_type = match doc_type {
            Some(t) => t,
            // With no word naming it, a number stands for a document only by a
            // symbol of known type, right after "số" or alone.
            None if window.trim_end().is_empty()
                || window.trim_end().ends_with(['(', ',', ';'])
                || window.trim_end().ends_with(" so")
                || window.trim_end().ends_with(" va") =>
            {
                match type_of_symbol(&number) {
                    Some(t) => t,
                    None => continue,
                }
            }
            None => continue,
        };
        // Date and issuer after the number.
        let mut end = ke;
        let mut date = None;
        if let Some(d) = DATE.captures(&key[ke..]) {
            let (dd, mm, yy) = if d.get(1).is_some() {
                (&d[1], &d[2], &d[3])
            } else {
                (&d[4], &d[5], &d[6])
            };
            if let (Ok(dd), Ok(mm), Ok(yy)) =
                (dd.parse::<u32>(), mm.parse::<u32>(), yy.parse::<i32>())
            {
                if is_valid_date(yy, mm, dd) {
                    date = Some(format!("{yy:04}-{mm:02}-{dd:02}"));
                    end = ke + d.get(0).map_or(0, |g| g.end());
                }
            }
        }
        let mut issuer = None;
        if let Some(o) = OF.find(&key[end..]) {
            let at = end + o.end();
            if let Some((name, e)) = issuer_name(&f, text, at, issuers) {
                issuer = Some(name);
                end = e;
            }
        }
        if issuer.is_none() {
            issuer = shared_issuer.clone();
        }
        prev_end = end;
        prev_in_list = Some((doc_type, shared_issuer.or_else(|| issuer.clone())));
        let range = f.orig_range(first..end);
        cites.push(Citation {
            doc_type,
            number,
            date,
            issuer,
            basis,
            range: para.start + range.start..para.start + range.end,
        });
    }
    malformed(ctx, para, &f, warnings);
}

/// The issuer named in the tail of a plural heading ("các Kế hoạch của Ủy ban nhân
/// dân tỉnh:").
fn issuer_at(
    f: &Folded,
    text: &str,
    tail_at: usize,
    tail: &str,
    issuers: &Issuers<'_>,
) -> Option<String> {
    let o = OF.find(tail)?;
    issuer_name(f, text, tail_at + o.end(), issuers).map(|(n, _)| n)
}

/// A canonical issuer starting at key offset `at`, and the key offset where it ends.
fn issuer_name(
    f: &Folded,
    text: &str,
    at: usize,
    issuers: &Issuers<'_>,
) -> Option<(String, usize)> {
    let exact = issuers.exact;
    let key = &f.key[at..];
    if let Some(c) = ISSUER.captures(key) {
        let i = (1..=ISSUERS.len()).find(|&i| c.get(i).is_some())?;
        return Some((ISSUERS[i - 1].1.to_string(), at + c.get(0)?.end()));
    }
    let Some(c) = COUNCIL.captures(key) else {
        return if exact {
            None
        } else {
            fuzzy_issuer(f, at).map(|(name, end)| own_place(f, text, name, end, issuers.places))
        };
    };
    let body = BODIES.iter().find(|(k, _)| *k == &c[1])?.1;
    let unit = UNITS.iter().find(|(k, _)| *k == &c[2])?.1;
    let mut end = at + c.get(0)?.end();
    let mut name = format!("{body} {unit}");
    // The place's name, when written with its marks.
    if exact {
        let o = f.orig(end);
        if let Some(p) = PLACE.captures(&text[o..]) {
            let place = p.get(1)?;
            // Place names have two syllables or more ("Hà Nam"); one capitalized
            // word is more likely a sentence word ("Quy định").
            let ok = place.as_str().contains(' ')
                && !place.as_str().split(' ').any(|w| {
                    // A capitalized sentence word after the issuer is not a name.
                    matches!(fold(w).as_str(), "ve" | "tai" | "phe" | "ban" | "trien")
                });
            if ok {
                name = format!("{name} {}", place.as_str());
                end = f.key_at(o + place.end());
            }
        }
        return Some((name, end));
    }
    Some(own_place(f, text, name, end, issuers.places))
}

/// A body of a unit ("Ủy ban nhân dân thị trấn") followed by the name of one of
/// the plan's own places of that unit (on the folded key, whole words): the body
/// of that place, and the key offset where its name ends.
fn own_place(
    f: &Folded,
    text: &str,
    name: String,
    end: usize,
    places: &[(String, String, String)],
) -> (String, usize) {
    let rest = &f.key[end..];
    for (unit, key, place) in places {
        let Some(after) = rest
            .strip_prefix(' ')
            .and_then(|r| r.strip_prefix(key.as_str()))
        else {
            continue;
        };
        // The name ends there: no letter follows, nor a capitalized word that
        // would make it a longer name ("Quan Lao Mới").
        let next = &text[f.orig(end + 1 + key.len())..];
        let whole_word = !after.starts_with(|c: char| c.is_alphanumeric())
            && !next
                .strip_prefix(' ')
                .is_some_and(|w| w.starts_with(char::is_uppercase));
        if whole_word && name.ends_with(&format!(" {unit}")) {
            return (format!("{name} {place}"), end + 1 + key.len());
        }
    }
    (name, end)
}

/// Issuers read through OCR damage ("Thu twéng Chinh ph", "Uy ban nhan dén thi
/// trdn"): the known names and the bodies of each unit, compared word run by word
/// run on the folded key; the closest at 0.82 or more.
fn fuzzy_issuer(f: &Folded, at: usize) -> Option<(String, usize)> {
    static CANDIDATES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
        let mut out: Vec<(String, String)> = ISSUERS
            .iter()
            .map(|(_, name)| (fold(name), name.to_string()))
            .collect();
        for (_, body) in BODIES {
            for (_, unit) in UNITS {
                let name = format!("{body} {unit}");
                out.push((fold(&name), name));
            }
        }
        out.sort();
        out.dedup();
        out
    });
    let key = &f.key[at..];
    // Word ends in the key, for runs of n words.
    let mut ends = Vec::new();
    let mut in_word = false;
    for (i, ch) in key.char_indices() {
        if ch.is_whitespace() || ch == ',' || ch == ';' || ch == '.' {
            if in_word {
                ends.push(i);
            }
            in_word = false;
            if ch != ' ' {
                break;
            }
        } else {
            in_word = true;
        }
        if ends.len() >= 10 {
            break;
        }
    }
    if in_word && ends.len() < 10 {
        ends.push(key.len());
    }
    let mut best: Option<(f64, &str, usize)> = None;
    for (cand, name) in CANDIDATES.iter() {
        let n = cand.split(' ').count();
        let Some(&end) = ends.get(n - 1) else {
            continue;
        };
        let Some(score) = similarity_at_least(&key[..end], cand, 0.82) else {
            continue;
        };
        if best.is_none_or(|b| score > b.0) {
            best = Some((score, name, end));
        }
    }
    best.map(|(_, name, end)| (name.to_string(), at + end))
}

/// A number clearly broken: no symbol ("Quyết định số 1315/", "Kế hoạch số
/// 12/KH-"), no number ("Kế hoạch số /KH-UBND"), letters among the digits ("số
/// 1O8/KH-UBND").
fn malformed(ctx: &Context<'_>, para: Range<usize>, f: &Folded, warnings: &mut Vec<Warning>) {
    static BROKEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?:^|[^a-z])(?:{})\s+so\s*:?\s*(\d{{1,5}}\s*/\s*(?:[a-z]{{1,4}}-)?(?:$|[\s,;.)])|\d{{1,5}}\s*/\s*[a-z]{{1,4}}\s*-\s*(?:$|[,;.)])|/\s*[a-z]{{2}}[a-z0-9&]*(?:-[a-z0-9&]+)*|(?:\d+[oli]+\d*|[oli]+\d+)\s*/\s*[a-z]{{2}}[a-z0-9&]*(?:-[a-z0-9&]+)*)",
            type_alternation()
        ))
        .unwrap()
    });
    for c in BROKEN.captures_iter(&f.key) {
        let Some(g) = c.get(TYPES.len() + 1) else {
            continue;
        };
        let r = f.orig_range(g.start()..g.end());
        let written = ctx.slice(para.start + r.start..para.start + r.end).trim();
        let trimmed = written.trim_end_matches([',', ';', '.', ')']).trim();
        let r = para.start + r.start..para.start + r.start + trimmed.len();
        warnings.push(Warning {
            code: "malformed_reference".to_string(),
            message: format!("document number \u{201c}{trimmed}\u{201d} is incomplete or garbled"),
            span: Some(ctx.span(r)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::folded::testing::with_ctx;
    use super::*;

    /// The references of a plan read with its own metadata, as [`super::super::extract`] does.
    fn refs(ctx: &Context<'_>) -> (Vec<Reference>, Vec<Warning>) {
        extract(ctx, &super::super::metadata::document(ctx))
    }

    const PLAN: &str = "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN THỌ XUÂN  Độc lập - Tự do - Hạnh phúc\nSố: 56/KH-UBND  Thọ Xuân, ngày 12 tháng 3 năm 2024\n\nKẾ HOẠCH\nPhát triển văn hóa đọc trên địa bàn huyện Thọ Xuân\n\nCăn cứ Quyết định số 329/QĐ-TTg ngày 15 tháng 3 năm 2017 của Thủ tướng Chính phủ phê duyệt Đề án phát triển văn hóa đọc;\nTiếp theo các Kế hoạch của UBND tỉnh: Số 210/KH-UBND ngày 05/9/2022 về văn hóa đọc; số 88 /KH-UBND ngày 01/4/2023 về thư viện số, Ủy ban nhân dân huyện ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nQuán triệt Kết luận 61-KL/TW ngày 20/6/2023 của Ban Bí thư, Chương trình hành động số 15-CTr/TU và Thông tư số 16/2022/TT-BVHTTDL ngày 30/12/2022.\n2. Yêu cầu\nBám sát Quyết định 329/QĐ-TTg; thực hiện Kế hoạch này đúng tiến độ; Kế hoạch số 56/KH-UBND không bị trích dẫn.\nII. TỔ CHỨC THỰC HIỆN\nPhòng Văn hóa thực hiện theo Hướng dẫn số 12/HD-SVHTT ngày 3/02/2024 của Sở Văn hóa, Văn bản số 7/KH-SVHTT, Thông báo số 8/TB-UBND; Công văn số 45/UBND- ngày 02/02/2024 thiếu ký hiệu.\nTrên đây là Kế hoạch.\n";

    #[test]
    fn cited_documents_in_order_with_mentions() {
        with_ctx(PLAN, |ctx| {
            let (refs, _) = refs(ctx);
            let nums: Vec<_> = refs.iter().map(|r| r.number.as_deref().unwrap()).collect();
            assert_eq!(
                nums,
                [
                    "329/QĐ-TTg",
                    "210/KH-UBND",
                    "88/KH-UBND",
                    "61-KL/TW",
                    "15-CTr/TU",
                    "16/2022/TT-BVHTTDL",
                    "12/HD-SVHTT",
                    "7/KH-SVHTT",
                    "8/TB-UBND"
                ]
            );
            let qd = &refs[0];
            assert_eq!(qd.doc_type, "quyet_dinh");
            assert_eq!(qd.date.as_deref(), Some("2017-03-15"));
            assert_eq!(qd.issuer.as_deref(), Some("Thủ tướng Chính phủ"));
            assert_eq!(qd.relation.as_deref(), Some("basis"));
            assert_eq!(qd.mentions, 2);
            assert_eq!(
                &PLAN[qd.span.range()],
                "Quyết định số 329/QĐ-TTg ngày 15 tháng 3 năm 2017 của Thủ tướng Chính phủ"
            );
        });
    }

    #[test]
    fn listed_documents_share_type_and_issuer() {
        with_ctx(PLAN, |ctx| {
            let (refs, _) = refs(ctx);
            for (r, date) in refs[1..3].iter().zip(["2022-09-05", "2023-04-01"]) {
                assert_eq!(r.doc_type, "ke_hoach");
                assert_eq!(r.date.as_deref(), Some(date));
                assert_eq!(r.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh"));
                assert_eq!(r.relation.as_deref(), Some("basis"));
            }
            assert_eq!(&PLAN[refs[1].span.range()], "Số 210/KH-UBND ngày 05/9/2022");
            assert_eq!(&PLAN[refs[2].span.range()], "số 88 /KH-UBND ngày 01/4/2023");
        });
    }

    #[test]
    fn party_and_ministry_documents_are_not_basis() {
        with_ctx(PLAN, |ctx| {
            let (refs, _) = refs(ctx);
            let kl = &refs[3];
            assert_eq!(
                (
                    kl.doc_type.as_str(),
                    kl.issuer.as_deref(),
                    kl.relation.as_deref()
                ),
                ("ket_luan", Some("Ban Bí thư"), None)
            );
            assert_eq!(
                &PLAN[kl.span.range()],
                "Kết luận 61-KL/TW ngày 20/6/2023 của Ban Bí thư"
            );
            let ctr = &refs[4];
            assert_eq!(
                (ctr.doc_type.as_str(), ctr.number.as_deref()),
                ("other", Some("15-CTr/TU"))
            );
            let tt = &refs[5];
            assert_eq!(tt.doc_type, "thong_tu");
            assert_eq!(tt.issuer, None);
            let hd = &refs[6];
            assert_eq!(hd.doc_type, "huong_dan");
            assert_eq!(hd.date.as_deref(), Some("2024-02-03"));
            // "Sở Văn hóa" is not a body of known canonical name.
            assert_eq!(hd.issuer, None);
            assert_eq!(refs[7].doc_type, "ke_hoach");
            assert_eq!(refs[8].doc_type, "other");
        });
    }

    #[test]
    fn own_number_and_unnumbered_plans_are_not_references() {
        with_ctx(PLAN, |ctx| {
            let (refs, _) = refs(ctx);
            assert!(refs
                .iter()
                .all(|r| r.number.as_deref() != Some("56/KH-UBND")));
        });
    }

    #[test]
    fn broken_number_warns() {
        with_ctx(PLAN, |ctx| {
            let (refs, warnings) = refs(ctx);
            assert!(refs.iter().all(|r| r.doc_type != "cong_van"));
            assert_eq!(warnings.len(), 1);
            let w = &warnings[0];
            assert_eq!(w.code, "malformed_reference");
            assert_eq!(&PLAN[w.span.unwrap().range()], "45/UBND-");
        });
    }

    #[test]
    fn ocr_citation_reads_on_folded_words() {
        let src = "KẾ HOẠCH\nThi đua học tập\nCan ctr Ké hoach s6 31/KH-UBND ngay 19/01/2024 ciia UBND huyén vé thi dua.\nI. MUC DICH\n1. Muc dich\nNang cao theo Quyét dinh s6 12/QD-TTg ngay 3/2/2021 ctia Thu twéng Chinh ph.\nThuc hien Ké hoach s6 40/KH-UBND ngay 2/3/2022 ctia Uy ban nhan dén thi trdn Binh Minh; Ké hoach 41/KH-BCD ngay 2/3/2022 cua Ban Chi dao xdy dung xa hoi hoc tap huyén vé hoc tap.\n";
        with_ctx(src, |ctx| {
            let (refs, _) = refs(ctx);
            assert_eq!(refs.len(), 4);
            let r = &refs[0];
            assert_eq!(r.doc_type, "ke_hoach");
            assert_eq!(r.number.as_deref(), Some("31/KH-UBND"));
            assert_eq!(r.date.as_deref(), Some("2024-01-19"));
            assert_eq!(r.issuer.as_deref(), Some("Ủy ban nhân dân huyện"));
            assert_eq!(r.relation.as_deref(), Some("basis"));
            assert_eq!(
                &src[r.span.range()],
                "Ké hoach s6 31/KH-UBND ngay 19/01/2024 ciia UBND huyén"
            );
            assert_eq!(refs[1].number.as_deref(), Some("12/QĐ-TTg"));
            assert_eq!(refs[1].issuer.as_deref(), Some("Thủ tướng Chính phủ"));
            assert_eq!(
                &src[refs[1].span.range()],
                "Quyét dinh s6 12/QD-TTg ngay 3/2/2021 ctia Thu twéng Chinh ph"
            );
            assert_eq!(refs[2].issuer.as_deref(), Some("Ủy ban nhân dân thị trấn"));
            assert_eq!(
                refs[3].issuer.as_deref(),
                Some("Ban Chỉ đạo xây dựng xã hội học tập huyện")
            );
            assert_eq!(refs[1].doc_type, "quyet_dinh");
        });
    }

    #[test]
    fn repaired_text_reads_only_the_plans_own_places() {
        let src = "UBND HUYEN YEN DINH CONG HOA XA HOI CHU NGHIA VIET NAM\nUBND THI TRAN QUAN LAO Doc lap - Tu do - Hanh phuc\nS6: 12/KH-UBND Thi tran Quan Lao, ngay 21 thang 02 nam 2024\n\nKE HOACH\nTrién khai phong trao hoc tap trén dia ban thi tran Quan Lao.\n\nCan ctr Ké hoach s6 25/KH-UBND ngay 19/01/2024 ciia UBND huyén Yen Dinh vé hoc tap trén dia ban huyén Yen Dinh.\nI. MUC DICH\n1. Muc dich\nThuc hien Ké hoach s6 40/KH-UBND ngay 2/3/2022 ctia Uy ban nhan dén thi trdn Quan Lao vé van dong; Ké hoach s6 41/KH-UBND ngay 2/3/2022 ctia Uy ban nhan dan thi tran Hoa Binh vé hoc tap; Ké hoach s6 42/KH-UBND ngay 2/3/2022 ctia UBND huyén Quan Lao vé hoc tap; Ké hoach s6 43/KH-UBND ngay 2/3/2022 ctia UBND thi tran Quan Lao Moi vé hoc tap.\n";
        with_ctx(src, |ctx| {
            assert_ne!(ctx.norm.quality, Quality::Clean);
            let (refs, _) = refs(ctx);
            let issuers: Vec<_> = refs
                .iter()
                .map(|r| (r.number.as_deref().unwrap(), r.issuer.as_deref().unwrap()))
                .collect();
            assert_eq!(
                issuers,
                [
                    // Another unit's place: its repaired name is a guess.
                    ("25/KH-UBND", "Ủy ban nhân dân huyện"),
                    // The plan's own town, through "nhân đến".
                    ("40/KH-UBND", "Ủy ban nhân dân thị trấn Quan Lao"),
                    // Another town: its repaired name is a guess.
                    ("41/KH-UBND", "Ủy ban nhân dân thị trấn"),
                    // The same name under another unit, or as the start of a longer one.
                    ("42/KH-UBND", "Ủy ban nhân dân huyện"),
                    ("43/KH-UBND", "Ủy ban nhân dân thị trấn"),
                ]
            );
            assert!(ctx.source[refs[1].span.range()].ends_with("thi trdn Quan Lao"));
        });
    }

    #[test]
    fn council_with_place_name() {
        let src = "KẾ HOẠCH\nThi đua\nThực hiện Chỉ thị số 07/CT-UBND ngày 02/3/2023 của Ủy ban nhân dân tỉnh Quảng Trị về khuyến học, Ủy ban nhân dân huyện ban hành Kế hoạch.\nI. MỤC ĐÍCH\n1. Mục đích\nTheo Quyết định số 9/QĐ-UBND ngày 02/3/2023 của UBND tỉnh Quy định về khuyến học.\n";
        with_ctx(src, |ctx| {
            let (refs, _) = refs(ctx);
            assert_eq!(refs.len(), 2);
            assert_eq!(refs[1].issuer.as_deref(), Some("Ủy ban nhân dân tỉnh"));
        });
        let src = "KẾ HOẠCH\nThi đua\nThực hiện Chỉ thị số 07/CT-UBND ngày 02/3/2023 của Ủy ban nhân dân tỉnh Quảng Trị về khuyến học, Ủy ban nhân dân huyện ban hành Kế hoạch.\nI. MỤC ĐÍCH\n1. Mục đích\nNâng cao nhận thức.\n";
        with_ctx(src, |ctx| {
            let (refs, _) = refs(ctx);
            assert_eq!(refs.len(), 1);
            assert_eq!(
                refs[0].issuer.as_deref(),
                Some("Ủy ban nhân dân tỉnh Quảng Trị")
            );
            assert_eq!(
                &src[refs[0].span.range()],
                "Chỉ thị số 07/CT-UBND ngày 02/3/2023 của Ủy ban nhân dân tỉnh Quảng Trị"
            );
        });
    }

    #[test]
    fn a_symbol_of_another_type_ends_a_list() {
        let src = "KẾ HOẠCH\nThi đua\nCăn cứ các Kế hoạch của UBND tỉnh: số 12/KH-UBND ngày 02/3/2024; số 5/QĐ-UBND ngày 03/3/2024;\nI. MỤC ĐÍCH\n1. Mục đích\nNâng cao.\n";
        with_ctx(src, |ctx| {
            let (refs, _) = refs(ctx);
            let got: Vec<_> = refs
                .iter()
                .map(|r| (r.doc_type.as_str(), r.issuer.as_deref()))
                .collect();
            assert_eq!(
                got,
                [
                    ("ke_hoach", Some("Ủy ban nhân dân tỉnh")),
                    ("quyet_dinh", None)
                ]
            );
            assert_eq!(&src[refs[1].span.range()], "số 5/QĐ-UBND ngày 03/3/2024");
        });
    }

    #[test]
    fn law_number_with_legislature_symbol() {
        let src = "KẾ HOẠCH\nThi đua\nCăn cứ Luật Giáo dục số 43/2019/QH14 ngày 14/6/2019 của Quốc hội;\nI. MỤC ĐÍCH\n1. Mục đích\nNâng cao.\n";
        with_ctx(src, |ctx| {
            let (refs, _) = refs(ctx);
            assert_eq!(refs.len(), 1);
            let r = &refs[0];
            assert_eq!(
                (
                    r.doc_type.as_str(),
                    r.number.as_deref(),
                    r.issuer.as_deref()
                ),
                ("luat", Some("43/2019/QH14"), Some("Quốc hội"))
            );
            assert_eq!(
                &src[r.span.range()],
                "Luật Giáo dục số 43/2019/QH14 ngày 14/6/2019 của Quốc hội"
            );
        });
    }

    #[test]
    fn blank_and_garbled_numbers_warn() {
        let src = "KẾ HOẠCH\nThi đua\nThực hiện Kế hoạch số /KH-UBND ngày 02/3/2024 của UBND tỉnh và Quyết định số 1O8/QĐ-UBND ngày 05/3/2024.\nI. MỤC ĐÍCH\n1. Mục đích\nNâng cao.\n";
        with_ctx(src, |ctx| {
            let (refs, warnings) = refs(ctx);
            assert!(refs.is_empty());
            let spans: Vec<_> = warnings
                .iter()
                .map(|w| &src[w.span.unwrap().range()])
                .collect();
            assert_eq!(spans, ["/KH-UBND", "1O8/QĐ-UBND"]);
        });
    }

    #[test]
    fn no_number_no_reference() {
        let src = "KẾ HOẠCH\nThi đua\nCăn cứ Luật Giáo dục năm 2019 và tỷ lệ 3/4 đơn vị; giai đoạn 2023-2030.\nI. MỤC ĐÍCH\n1. Mục đích\nNâng cao.\n";
        with_ctx(src, |ctx| {
            let (refs, warnings) = refs(ctx);
            assert!(refs.is_empty());
            assert!(warnings.is_empty());
        });
    }

    #[test]
    fn a_number_inside_the_previous_reference_is_not_another() {
        // A garbled list: the date of the first runs into the second's number.
        let src = "KẾ HOẠCH\nThực hiện\nCăn cứ Quyết định số 1373/QĐ-TTg ngày 03/7/ 1373/QĐ-TTg ngày 03/7/2021 của Thủ tướng Chính phủ;\nI. MỤC ĐÍCH\n";
        with_ctx(src, |ctx| {
            let (refs, _) = refs(ctx);
            for r in &refs {
                assert!(r.span.start <= r.span.end && r.span.end <= src.len());
            }
            assert!(refs
                .iter()
                .all(|r| r.number.as_deref() == Some("1373/QĐ-TTg")));
        });
    }
}
