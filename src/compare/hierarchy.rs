//! Hierarchy: which plan implements which, and which plans are peers.
//!
//! A plan's parent is, first, an input plan it cites as its basis ("Thực hiện Kế
//! hoạch số 77/KH-UBND ngày 26/4/2024 của UBND huyện Ninh Giang"): same number and,
//! to tell apart the many "77/KH-UBND" of different councils, the same date or the
//! same issuing locality. Failing that, an input plan for the locality above it
//! (its `locality.parent`, or the cited issuer's place). Failing that, the cited
//! document or the named locality is an absent parent. A basis issued at the
//! plan's own level (a province's earlier plans) is not a parent.
//!
//! Plans without a parent among the inputs are peers of their level. Pairs for the
//! side-by-side comparisons are parent–child edges, then peers: every pair in a
//! small group, every member against an anchor in a large one.

use crate::plan::{Level, Locality, Reference};
use crate::syllable::fold;

use super::reuse::Measured;
use super::{AbsentParent, Cited, Doc, Edge, Hierarchy, Pair, PeerGroup};

/// Peer groups up to this size are compared pair by pair; larger ones against
/// their anchor, so the work grows with the number of plans, not its square.
pub const MAX_ALL_PAIRS: usize = 6;

/// The hierarchy and, for each readable document, its parent among them.
pub(crate) struct Linked {
    /// The wire object.
    pub hierarchy: Hierarchy,
    /// For each entry of the docs slice, the index (into that slice) of its parent.
    pub parent_of: Vec<Option<usize>>,
}

/// A pair to compare: indices into the docs slice and the wire object.
pub(crate) struct PairRef {
    /// The parent, or the earlier peer.
    pub a: usize,
    /// The child, or the later peer.
    pub b: usize,
    /// The wire object.
    pub wire: Pair,
}

impl PairRef {
    /// True for a parent–child pair.
    pub fn is_parent_child(&self) -> bool {
        self.wire.relation == "parent_child"
    }
}

/// A place named by an issuer or a locality: unit, name, level.
#[derive(Clone, Debug, PartialEq)]
struct Place {
    /// Folded unit ("huyen", "thanh pho").
    unit: String,
    /// Folded name, when given ("ninh giang").
    name: Option<String>,
    level: Option<Level>,
}

/// Units, folded, longest first.
const UNITS: &[&str] = &[
    "thanh pho",
    "thi tran",
    "thi xa",
    "dac khu",
    "tinh",
    "huyen",
    "quan",
    "phuong",
    "xa",
];

/// Cities run by the central government: a "thành phố" of province level.
const CENTRAL_CITIES: &[&str] = &[
    "ha noi",
    "ho chi minh",
    "hai phong",
    "da nang",
    "can tho",
    "hue",
];

/// Issuers of national level, folded.
const NATIONAL: &[&str] = &[
    "thu tuong",
    "chinh phu",
    "quoc hoi",
    "ban bi thu",
    "bo chinh tri",
    "trung uong",
];

fn unit_level(unit: &str, name: Option<&str>) -> Option<Level> {
    Some(match unit {
        "tinh" => Level::Province,
        "thanh pho" if name.is_some_and(|n| CENTRAL_CITIES.contains(&n)) => Level::Province,
        "thanh pho" | "huyen" | "quan" | "thi xa" => Level::District,
        "xa" | "phuong" | "thi tran" | "dac khu" => Level::Commune,
        _ => return None,
    })
}

/// The place an issuer or a locality string names: the first unit word and the
/// words after it ("Ủy ban nhân dân huyện Ninh Giang" → huyện, ninh giang).
fn place(text: &str) -> Option<Place> {
    let key = format!("{} ", fold(text).replace(['-', ',', '.', '(', ')'], " "));
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ") + " ";
    // A ministry ("Bộ Giáo dục và Đào tạo"), not a "Đảng bộ tỉnh".
    let ministry = key.starts_with("bo ");
    if ministry
        || NATIONAL
            .iter()
            .any(|n| key.starts_with(n) || key.contains(&format!(" {n}")))
    {
        return Some(Place {
            unit: "quoc gia".to_string(),
            name: None,
            level: Some(Level::National),
        });
    }
    let words: Vec<&str> = key.split_whitespace().collect();
    for i in 0..words.len() {
        for unit in UNITS {
            let uw: Vec<&str> = unit.split(' ').collect();
            if !words[i..].starts_with(&uw) {
                continue;
            }
            let rest = &words[i + uw.len()..];
            if *unit == "xa" && rest.first() == Some(&"hoi") {
                continue;
            }
            let name = (!rest.is_empty()).then(|| rest.join(" "));
            let level = unit_level(unit, name.as_deref());
            return Some(Place {
                unit: unit.to_string(),
                name,
                level,
            });
        }
    }
    None
}

fn locality_place(l: &Locality) -> Place {
    Place {
        unit: fold(&l.unit),
        name: Some(fold(&l.name)),
        level: l.level,
    }
}

/// True when `p` (named) is the locality `l`.
fn same_place(p: &Place, l: &Locality) -> bool {
    p.name.is_some()
        && *p
            == Place {
                level: p.level,
                ..locality_place(l)
            }
}

/// True when a plan of level `child` can implement one of level `parent`: strictly
/// higher, or either unknown.
fn above(parent: Option<Level>, child: Option<Level>) -> bool {
    match (parent, child) {
        (Some(p), Some(c)) => p < c,
        _ => true,
    }
}

fn cited(r: &Reference) -> Cited {
    Cited {
        doc_type: r.doc_type.clone(),
        number: r.number.clone(),
        date: r.date.clone(),
        issuer: r.issuer.clone(),
        span: r.span,
    }
}

/// Does input plan `p` answer citation `r` made by `c`?
fn answers(r: &Reference, p: &Doc<'_>, c: &Doc<'_>) -> bool {
    let d = &p.plan.document;
    if r.number.is_none() || r.number != d.number || !above(p.level(), c.level()) {
        return false;
    }
    let date_ok = match (&r.date, &d.date) {
        (Some(a), Some(b)) if a != b => return false,
        (Some(_), Some(_)) => true,
        _ => false,
    };
    let place_ok = match (r.issuer.as_deref().and_then(place), &d.locality) {
        (Some(pl), Some(l)) if pl.name.is_some() => {
            if !same_place(&pl, l) {
                return false;
            }
            true
        }
        // "UBND huyện" without a name: the child's own parent locality tells which.
        (Some(pl), Some(l)) => {
            pl.unit == fold(&l.unit)
                && c.plan
                    .document
                    .locality
                    .as_ref()
                    .and_then(|cl| cl.parent.as_deref())
                    .and_then(place)
                    .is_some_and(|pp| same_place(&pp, l))
        }
        _ => false,
    };
    date_ok || place_ok
}

/// The input plan for `want`'s locality, at a level above the child.
fn plan_for(docs: &[Doc<'_>], child: usize, want: &Place) -> Option<usize> {
    docs.iter().enumerate().position(|(j, d)| {
        j != child
            && above(d.level(), docs[child].level())
            && d.plan
                .document
                .locality
                .as_ref()
                .is_some_and(|l| same_place(want, l))
    })
}

/// Links the documents.
pub(crate) fn link(docs: &[Doc<'_>]) -> Linked {
    let mut parent_of: Vec<Option<usize>> = vec![None; docs.len()];
    let mut edges = Vec::new();
    let mut absent: Vec<AbsentParent> = Vec::new();
    for (ci, c) in docs.iter().enumerate() {
        let basis: Vec<&Reference> = c
            .plan
            .references
            .iter()
            .filter(|r| r.relation.as_deref() == Some("basis"))
            .collect();
        let own_locality = c.plan.document.locality.as_ref();
        let parent_place = own_locality
            .and_then(|l| l.parent.as_deref())
            .and_then(place);
        // 1. An input plan the child cites as its basis.
        let by_ref = basis.iter().find_map(|r| {
            docs.iter()
                .enumerate()
                .find(|&(j, p)| j != ci && answers(r, p, c))
                .map(|(j, _)| (j, *r))
        });
        if let Some((j, r)) = by_ref {
            if !closes_cycle(&parent_of, ci, j) {
                parent_of[ci] = Some(j);
                edges.push(Edge {
                    child: c.id.clone(),
                    parent: docs[j].id.clone(),
                    present: true,
                    evidence: "reference".to_string(),
                    reference: Some(cited(r)),
                });
                continue;
            }
        }
        // The closest cited basis issued above the child's level.
        let own_issuer = c.plan.document.issuer.as_deref().map(fold);
        let candidates: Vec<(&Reference, Place)> = basis
            .iter()
            .filter_map(|r| {
                let pl = r.issuer.as_deref().and_then(place)?;
                let higher = pl.level.is_some() && above(pl.level, c.level());
                let other = r.issuer.as_deref().map(fold) != own_issuer;
                (higher && other).then_some((*r, pl))
            })
            .collect();
        let closest = candidates.iter().map(|(_, pl)| pl.level).max();
        let chosen = candidates
            .into_iter()
            .find(|(_, pl)| Some(pl.level) == closest);
        // 2. An input plan for the locality above (named by the child or the citation).
        let wanted: Vec<Place> = chosen
            .iter()
            .filter(|(_, pl)| pl.name.is_some())
            .map(|(_, pl)| pl.clone())
            .chain(parent_place.clone())
            .collect();
        if let Some(j) = wanted.iter().find_map(|w| plan_for(docs, ci, w)) {
            if !closes_cycle(&parent_of, ci, j) {
                parent_of[ci] = Some(j);
                edges.push(Edge {
                    child: c.id.clone(),
                    parent: docs[j].id.clone(),
                    present: true,
                    evidence: "locality".to_string(),
                    reference: chosen.as_ref().map(|(r, _)| cited(r)),
                });
                continue;
            }
        }
        // 3. An absent parent: the cited document, else the named locality.
        let parent_label = own_locality.and_then(|l| l.parent.clone());
        let (entry, evidence, reference) = match &chosen {
            Some((r, pl)) => {
                let locality = if pl.name.is_some() {
                    None
                } else {
                    parent_label
                        .clone()
                        .filter(|p| place(p).is_some_and(|pp| pp.unit == pl.unit))
                };
                let level = pl.level;
                (
                    absent_from_reference(r, locality, level),
                    "reference",
                    Some(cited(r)),
                )
            }
            None => match (&parent_label, &parent_place) {
                (Some(label), Some(pl)) => (
                    AbsentParent {
                        id: String::new(),
                        label: label.clone(),
                        doc_type: None,
                        number: None,
                        date: None,
                        issuer: None,
                        locality: Some(label.clone()),
                        level: pl.level,
                        children: Vec::new(),
                    },
                    "locality",
                    None,
                ),
                _ => continue,
            },
        };
        let at = match absent.iter().position(|a| same_absent(a, &entry)) {
            Some(at) => at,
            None => {
                absent.push(AbsentParent {
                    id: format!("A{}", absent.len() + 1),
                    ..entry
                });
                absent.len() - 1
            }
        };
        absent[at].children.push(c.id.clone());
        edges.push(Edge {
            child: c.id.clone(),
            parent: absent[at].id.clone(),
            present: false,
            evidence: evidence.to_string(),
            reference,
        });
    }
    let peer_groups = peer_groups(docs, &parent_of);
    Linked {
        hierarchy: Hierarchy {
            edges,
            absent,
            peer_groups,
        },
        parent_of,
    }
}

fn closes_cycle(parent_of: &[Option<usize>], child: usize, parent: usize) -> bool {
    let mut at = Some(parent);
    let mut steps = 0;
    while let Some(p) = at {
        if p == child || steps > parent_of.len() {
            return true;
        }
        at = parent_of[p];
        steps += 1;
    }
    false
}

/// How a document type reads in a label.
pub fn doc_type_label(doc_type: &str) -> &'static str {
    match doc_type {
        "ke_hoach" => "Kế hoạch",
        "quyet_dinh" => "Quyết định",
        "chi_thi" => "Chỉ thị",
        "ket_luan" => "Kết luận",
        "nghi_quyet" => "Nghị quyết",
        "nghi_dinh" => "Nghị định",
        "thong_tu" => "Thông tư",
        "quy_dinh" => "Quy định",
        "cong_van" => "Công văn",
        "luat" => "Luật",
        "huong_dan" => "Hướng dẫn",
        _ => "Văn bản",
    }
}

fn absent_from_reference(
    r: &Reference,
    locality: Option<String>,
    level: Option<Level>,
) -> AbsentParent {
    let mut label = doc_type_label(&r.doc_type).to_string();
    if let Some(n) = &r.number {
        label = format!("{label} {n}");
    }
    if let Some((y, m, d)) = r.date.as_deref().and_then(|d| {
        let mut parts = d.splitn(3, '-');
        Some((parts.next()?, parts.next()?, parts.next()?))
    }) {
        label = format!("{label} ngày {d}/{m}/{y}");
    }
    if let Some(i) = &r.issuer {
        label = format!("{label} của {i}");
    }
    if let Some(l) = &locality {
        label = format!("{label} ({l})");
    }
    AbsentParent {
        id: String::new(),
        label,
        doc_type: Some(r.doc_type.clone()),
        number: r.number.clone(),
        date: r.date.clone(),
        issuer: r.issuer.clone(),
        locality,
        level,
        children: Vec::new(),
    }
}

fn same_absent(a: &AbsentParent, b: &AbsentParent) -> bool {
    a.doc_type == b.doc_type
        && a.number == b.number
        && a.date == b.date
        && a.issuer.as_deref().map(fold) == b.issuer.as_deref().map(fold)
        && a.locality.as_deref().map(fold) == b.locality.as_deref().map(fold)
}

const LEVEL_ORDER: &[Option<Level>] = &[
    Some(Level::National),
    Some(Level::Province),
    Some(Level::District),
    Some(Level::Commune),
    None,
];

fn peer_groups(docs: &[Doc<'_>], parent_of: &[Option<usize>]) -> Vec<PeerGroup> {
    LEVEL_ORDER
        .iter()
        .filter_map(|&level| {
            let members: Vec<String> = docs
                .iter()
                .enumerate()
                .filter(|&(i, d)| parent_of[i].is_none() && d.level() == level)
                .map(|(_, d)| d.id.clone())
                .collect();
            (members.len() >= 2).then(|| PeerGroup {
                level,
                mode: if members.len() <= MAX_ALL_PAIRS {
                    "all_pairs"
                } else {
                    "anchor"
                }
                .to_string(),
                members,
                anchor: None,
            })
        })
        .collect()
}

/// The pairs to compare side by side; sets the anchor of large peer groups (the
/// member whose sentences the other members reuse most).
pub(crate) fn pairs(linked: &mut Linked, reused: &Measured) -> Vec<PairRef> {
    let mut out: Vec<(usize, usize, &'static str)> = Vec::new();
    for (child, parent) in linked.parent_of.iter().enumerate() {
        if let Some(p) = *parent {
            out.push((p, child, "parent_child"));
        }
    }
    let index_of = |id: &str| -> usize {
        reused
            .ids
            .iter()
            .position(|d| d == id)
            .unwrap_or(usize::MAX)
    };
    for group in &mut linked.hierarchy.peer_groups {
        let members: Vec<usize> = group.members.iter().map(|m| index_of(m)).collect();
        if members.len() <= MAX_ALL_PAIRS {
            for (k, &a) in members.iter().enumerate() {
                for &b in &members[k + 1..] {
                    out.push((a, b, "peers"));
                }
            }
        } else {
            let anchor = *members
                .iter()
                .max_by_key(|&&m| (reused.received(m), std::cmp::Reverse(m)))
                .unwrap_or(&members[0]);
            group.anchor = reused.ids.get(anchor).cloned();
            for &m in members.iter().filter(|&&m| m != anchor) {
                out.push((anchor.min(m), anchor.max(m), "peers"));
            }
        }
    }
    out.into_iter()
        .enumerate()
        .map(|(k, (a, b, relation))| PairRef {
            a,
            b,
            wire: Pair {
                id: format!("P{}", k + 1),
                a: reused.ids[a].clone(),
                b: reused.ids[b].clone(),
                relation: relation.to_string(),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_of_issuers() {
        let p = place("Ủy ban nhân dân huyện Ninh Giang").unwrap();
        assert_eq!(
            (p.unit.as_str(), p.name.as_deref()),
            ("huyen", Some("ninh giang"))
        );
        assert_eq!(p.level, Some(Level::District));
        let hp = place("Ủy ban nhân dân thành phố Hải Phòng").unwrap();
        assert_eq!(hp.level, Some(Level::Province));
        let unnamed = place("Ủy ban nhân dân huyện").unwrap();
        assert_eq!((unnamed.name, unnamed.level), (None, Some(Level::District)));
        assert_eq!(
            place("Thủ tướng Chính phủ").unwrap().level,
            Some(Level::National)
        );
        assert_eq!(
            place("Bộ Giáo dục và Đào tạo").unwrap().level,
            Some(Level::National)
        );
        // "xã hội" names no commune.
        assert_eq!(
            place("Ban Chỉ đạo xây dựng xã hội học tập huyện")
                .unwrap()
                .unit,
            "huyen"
        );
        assert_eq!(place("Hội Khuyến học Việt Nam"), None);
        assert_eq!(
            place("Đảng bộ tỉnh Hà Nam").unwrap().level,
            Some(Level::Province)
        );
    }
}
