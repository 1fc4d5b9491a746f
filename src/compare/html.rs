//! The comparison as one self-contained HTML page for analysts: inline CSS, no
//! script, no network, no external assets; readable on a laptop screen and
//! printable (print CSS, A4 landscape).
//!
//! Sections: the plans and who implements whom, the coverage matrix, criteria side
//! by side, the agency map and who leads the same task, the deadline chain, reuse
//! bars. Every text taken from the plans is escaped. Long tables are capped (the
//! JSON and CSV outputs hold everything); the page says where.

use std::fmt::Write;

use super::{
    level_name, ChainCheck, Comparison, CriterionRow, DeadlineRef, DocumentRef, TaskRow, TaskSide,
};
use crate::plan::Level;
use crate::segment::SectionKind;

/// Pairs shown in detail (criteria and tasks); the rest are summarized.
const DETAIL_PAIRS: usize = 30;
/// Plans shown as columns of the agency map.
const AGENCY_COLUMNS: usize = 12;
/// Task texts are cut to this many characters on the page.
const TASK_CHARS: usize = 220;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let head: String = s.chars().take(max).collect();
        format!("{}…", head.trim_end())
    }
}

fn level_vi(l: Option<Level>) -> &'static str {
    match l {
        Some(Level::National) => "Trung ương",
        Some(Level::Province) => "Tỉnh",
        Some(Level::District) => "Huyện",
        Some(Level::Commune) => "Xã",
        None => "Chưa rõ",
    }
}

fn level_rank(l: Option<Level>) -> u8 {
    match l {
        Some(Level::National) => 0,
        Some(Level::Province) => 1,
        Some(Level::District) => 2,
        Some(Level::Commune) => 3,
        None => 4,
    }
}

fn level_badge(l: Option<Level>) -> String {
    let class = l.map(level_name).unwrap_or("unknown");
    format!("<span class=\"lv lv-{class}\">{}</span>", level_vi(l))
}

fn kind_vi(k: SectionKind) -> &'static str {
    match k {
        SectionKind::Purpose => "Mục đích, yêu cầu",
        SectionKind::Objectives => "Mục tiêu",
        SectionKind::Content => "Nội dung",
        SectionKind::Criteria => "Tiêu chí",
        SectionKind::Awards => "Khen thưởng",
        SectionKind::Solutions => "Giải pháp",
        SectionKind::Schedule => "Tiến độ",
        SectionKind::Funding => "Kinh phí",
        SectionKind::Organization => "Tổ chức thực hiện",
        SectionKind::Reporting => "Chế độ báo cáo",
        SectionKind::Other => "Khác",
    }
}

fn kind_short(k: SectionKind) -> &'static str {
    match k {
        SectionKind::Purpose => "Mục đích",
        SectionKind::Organization => "Tổ chức",
        SectionKind::Reporting => "Báo cáo",
        _ => kind_vi(k),
    }
}

fn target_short(t: &str) -> &'static str {
    match t {
        "departments" => "Sở, ban",
        "front_unions" => "MTTQ, đoàn thể",
        "district" => "Huyện",
        "commune" => "Xã",
        "village" => "Thôn, TDP",
        "household" => "Hộ, dòng họ",
        "enterprise" => "Doanh nghiệp",
        "individual" => "Cá nhân",
        _ => "Khác",
    }
}

fn target_vi(t: &str) -> &'static str {
    match t {
        "departments" => "Sở, phòng, ban, ngành",
        "front_unions" => "MTTQ, đoàn thể",
        "district" => "Cấp huyện",
        "commune" => "Cấp xã",
        "village" => "Thôn, tổ dân phố",
        "household" => "Hộ gia đình, dòng họ",
        "enterprise" => "Doanh nghiệp",
        "individual" => "Cá nhân",
        _ => "Đối tượng khác",
    }
}

fn role_vi(r: &str) -> &'static str {
    match r {
        "lead" => "chủ trì",
        "coordinate" => "phối hợp",
        "advise" => "tham mưu",
        "implement" => "thực hiện",
        "report" => "báo cáo",
        "requested" => "đề nghị",
        _ => "khác",
    }
}

const CSS: &str = r#"
:root{--ink:#1d2430;--muted:#5b6573;--line:#d9dee5;--bg:#f6f7f9;--ok:#1f7a3f;--okbg:#e3f4e8;--warn:#8a5a00;--warnbg:#fff1cc;--bad:#a4262c;--badbg:#fde3e4;--grey:#eef0f3;--accent:#1f5fa8}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 "Segoe UI",system-ui,-apple-system,"Noto Sans","Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:1340px;margin:0 auto;padding:0 20px 40px}
header.top{background:var(--accent);color:#fff;padding:14px 20px 10px}
header.top h1{margin:0 auto;max-width:1300px;font-size:22px}
header.top p{margin:4px auto 0;max-width:1300px;opacity:.92}
nav{max-width:1300px;margin:8px auto 0;display:flex;gap:6px;flex-wrap:wrap}
nav a{color:#fff;background:rgba(255,255,255,.16);padding:2px 10px;border-radius:12px;text-decoration:none;font-size:13px}
h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--accent)}
h3{font-size:15px;margin:18px 0 6px}
p.note{color:var(--muted);font-size:12.5px;margin:4px 0 8px}
.summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:10px;margin:16px 0 0}
.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card b{display:block;font-size:18px}
.card span{color:var(--muted);font-size:12.5px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}
th,td{border:1px solid var(--line);padding:4px 6px;vertical-align:top;text-align:left}
th{background:var(--bg);font-weight:600;font-size:12.5px}
td.c,th.c{text-align:center}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.matrix{table-layout:fixed;font-size:12px}
.matrix th{font-size:10.5px;line-height:1.15;vertical-align:bottom;padding:3px 1px;hyphens:auto}
.matrix th.plan,.matrix td.plan{width:180px}
.matrix td{text-align:center;padding:3px 2px}
.matrix td.plan{text-align:left}
.matrix th.grp{text-align:center;background:#e7ecf3}
.yes{background:var(--okbg);color:var(--ok);font-weight:700}
.no{background:var(--grey);color:#9aa3ae}
.zero{color:#b3bac4}
.cnt{background:#e8f0fa;font-weight:600}
.alert{background:var(--badbg);color:var(--bad);font-weight:700}
.soft{background:var(--warnbg);color:var(--warn);font-weight:600}
.lv{display:inline-block;font-size:11px;font-weight:700;padding:0 6px;border-radius:9px;margin-right:4px;vertical-align:1px;white-space:nowrap}
.lv-national{background:#ece3f7;color:#5b2a86}.lv-province{background:#dce9f8;color:#1f4e8c}.lv-district{background:#dff2e4;color:#1d6b36}.lv-commune{background:#fdebd5;color:#8a4b00}.lv-unknown{background:var(--grey);color:var(--muted)}
.id{color:var(--muted);font-size:11.5px;font-variant-numeric:tabular-nums}
.st{display:inline-block;font-size:11.5px;font-weight:700;padding:1px 7px;border-radius:9px;white-space:nowrap}
.st-matched,.st-corresponds,.st-ok{background:var(--okbg);color:var(--ok)}
.st-changed,.st-gap{background:var(--warnbg);color:var(--warn)}
.st-only_in{background:var(--grey);color:var(--muted)}
.st-unowned,.st-violation{background:var(--badbg);color:var(--bad)}
.side{table-layout:fixed}
.side col.g{width:13%}.side col.t{width:39%}.side col.s{width:9%}
.tasks col.t{width:32%}.tasks col.g{width:12%}.tasks col.s{width:12%}
.side tr.first td{border-top:2px solid #aab4c0}
.terms{display:block;font-size:11px;color:var(--warn);margin-top:2px}
.absent{color:var(--muted);font-style:italic}
.out{font-size:11px;color:var(--muted);border:1px dashed #aab4c0;border-radius:9px;padding:0 6px;white-space:nowrap}
table.compact td{padding:3px 6px}
table.compact td:nth-child(-n+2){white-space:nowrap}
.cell-names div{margin-bottom:2px}
.roles{color:var(--muted);font-size:11px}
.timeline{position:relative;height:34px;background:linear-gradient(#fff,#fff) padding-box;border-left:1px solid var(--line);border-right:1px solid var(--line)}
.tick{position:absolute;top:0;bottom:0;border-left:1px dotted var(--line);font-size:10px;color:var(--muted);padding-left:3px}
.tick.month{border-left:1px solid #aab4c0;font-weight:700}
.mark{position:absolute;top:9px;transform:translateX(-50%);background:var(--accent);color:#fff;font-size:11px;font-weight:700;padding:1px 6px;border-radius:9px;white-space:nowrap}
.barrow{display:flex;align-items:center;gap:8px}
.barrow span{font-size:12px;font-weight:700;white-space:nowrap;min-width:110px}
.mark.late{background:var(--bad)}
.bar{position:relative;flex:1;height:16px;background:var(--grey);border-radius:4px;overflow:hidden;min-width:120px}
.bar i{position:absolute;left:0;top:0;bottom:0;background:#4f86c6}
.bar i.p{background:#9cc0e8}
.errors{background:var(--badbg);border:1px solid #f1b7ba;border-radius:8px;padding:8px 12px;margin-top:12px}
footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line);margin-top:30px;padding-top:8px}
@media print{
  @page{size:A4 landscape;margin:10mm}
  body{font-size:10.5px}
  header.top{background:none;color:var(--ink);padding:0 0 6px;border-bottom:2px solid var(--ink)}
  nav{display:none}
  main{max-width:none;padding:0}
  h2{break-after:avoid;font-size:14px}
  h3{break-after:avoid}
  tr,.card{break-inside:avoid}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"#;

/// The readable documents, by level (province first), then input order.
fn ordered(c: &Comparison) -> Vec<&DocumentRef> {
    let mut docs: Vec<(usize, &DocumentRef)> = c
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.error.is_none())
        .collect();
    docs.sort_by_key(|&(i, d)| (level_rank(d.level), i));
    docs.into_iter().map(|(_, d)| d).collect()
}

/// A plan's name on the page: level badge, label, id.
fn plan_name(c: &Comparison, id: &str) -> String {
    match c.documents.iter().find(|d| d.id == id) {
        Some(d) => format!(
            "{}{} <span class=\"id\">{}</span>",
            level_badge(d.level),
            esc(&d.label),
            esc(&d.id)
        ),
        None => match c.hierarchy.absent.iter().find(|a| a.id == id) {
            Some(a) => format!(
                "{}<span class=\"absent\">{}</span> <span class=\"out\">không có trong bộ</span> <span class=\"id\">{}</span>",
                level_badge(a.level),
                esc(&a.label),
                esc(&a.id)
            ),
            None => esc(id),
        },
    }
}

fn label_of<'a>(c: &'a Comparison, id: &str) -> &'a str {
    c.documents
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.label.as_str())
        .unwrap_or("")
}

/// The page.
pub fn render(c: &Comparison) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let docs = ordered(c);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>So sánh kế hoạch — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&docs.iter().map(|d| d.label.as_str()).collect::<Vec<_>>().join(", "))
    );
    header(&mut h, c, &docs);
    h.push_str("<main>\n");
    summary(&mut h, c);
    plans(&mut h, c, &docs);
    coverage(&mut h, c, &docs);
    criteria(&mut h, c);
    agencies(&mut h, c, &docs);
    deadlines(&mut h, c, &docs);
    reuse(&mut h, c, &docs);
    let _ = write!(
        h,
        "<footer>Tạo bởi <b>kehoach compare</b> ({}). Văn bản so sánh theo từ đã bỏ dấu; tiêu chí “khớp” khi độ tương đồng ≥ 0,85 và cùng số liệu, tên danh hiệu, cấp; “thay đổi” khi tương đồng ≥ 0,4 nhưng khác. Cơ quan được xếp theo lĩnh vực bằng bảng quy tắc (Sở ↔ Phòng ↔ công chức xã). Tái sử dụng: {}. Toàn bộ dữ liệu: <code>--format json</code> hoặc <code>--format csv</code>.</footer>\n</main>\n</body>\n</html>\n",
        esc(&c.schema),
        esc(&c.reuse.method)
    );
    h
}

fn header(h: &mut String, c: &Comparison, docs: &[&DocumentRef]) {
    let count = |l: Option<Level>| docs.iter().filter(|d| d.level == l).count();
    let mut parts: Vec<String> = Vec::new();
    for l in [
        Some(Level::National),
        Some(Level::Province),
        Some(Level::District),
        Some(Level::Commune),
        None,
    ] {
        let n = count(l);
        if n > 0 {
            parts.push(format!("{n} {}", level_vi(l).to_lowercase()));
        }
    }
    let errors = c.documents.iter().filter(|d| d.error.is_some()).count();
    if errors > 0 {
        parts.push(format!("{errors} không đọc được"));
    }
    let _ = write!(
        h,
        "<header class=\"top\"><h1>So sánh kế hoạch triển khai giữa các địa phương</h1><p>{} kế hoạch: {}</p>\n<nav><a href=\"#plans\">1 Kế hoạch</a><a href=\"#coverage\">2 Bao phủ</a><a href=\"#criteria\">3 Tiêu chí</a><a href=\"#agencies\">4 Cơ quan</a><a href=\"#deadlines\">5 Thời hạn báo cáo</a><a href=\"#reuse\">6 Tái sử dụng</a></nav></header>\n",
        docs.len(),
        esc(&parts.join(" · "))
    );
}

fn summary(h: &mut String, c: &Comparison) {
    let present = c.hierarchy.edges.iter().filter(|e| e.present).count();
    let absent = c.hierarchy.edges.len() - present;
    let violations = c
        .deadlines
        .checks
        .iter()
        .filter(|k| k.status == "violation")
        .count();
    let gaps = c
        .deadlines
        .checks
        .iter()
        .filter(|k| k.status == "gap")
        .count();
    let changed = c.criteria.iter().filter(|r| r.status == "changed").count();
    let matched = c.criteria.iter().filter(|r| r.status == "matched").count();
    let unowned = c
        .agencies
        .tasks
        .iter()
        .filter(|t| t.status == "unowned")
        .count();
    let top = c.reuse.plans.iter().max_by(|a, b| {
        a.share
            .total_cmp(&b.share)
            .then(b.document.cmp(&a.document))
    });
    h.push_str("<div class=\"summary\">");
    let _ = write!(
        h,
        "<div class=\"card\"><b>{present} / {}</b><span>kế hoạch có cấp trên trong bộ; {absent} thực hiện văn bản không có trong bộ</span></div>",
        c.hierarchy.edges.len()
    );
    let _ = write!(
        h,
        "<div class=\"card\"><b>{matched} khớp · {changed} thay đổi</b><span>tiêu chí đối chiếu giữa {} cặp kế hoạch</span></div>",
        c.pairs.len()
    );
    let _ = write!(
        h,
        "<div class=\"card\"><b class=\"{}\">{violations} vi phạm</b><span>chuỗi thời hạn báo cáo; {gaps} cặp chưa kiểm tra được</span></div>",
        if violations > 0 { "st-violation" } else { "" }
    );
    let _ = write!(
        h,
        "<div class=\"card\"><b>{unowned}</b><span>nhiệm vụ của cấp trên không có cơ quan phụ trách ở cấp dưới</span></div>"
    );
    if let Some(t) = top {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{:.0}%</b><span>câu của {} có trong kế hoạch khác (cao nhất)</span></div>",
            t.share * 100.0,
            esc(label_of(c, &t.document))
        );
    }
    h.push_str("</div>\n");
}

/// An ISO date as Vietnamese readers write it (dd/mm/yyyy).
fn vi_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts[..] {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

fn plans(h: &mut String, c: &Comparison, docs: &[&DocumentRef]) {
    h.push_str("<section id=\"plans\"><h2>1. Kế hoạch và quan hệ cấp trên – cấp dưới</h2>\n");
    h.push_str("<table class=\"compact\"><thead><tr><th>Kế hoạch</th><th>Số, ngày</th><th>Thực hiện kế hoạch / văn bản của cấp trên</th><th>Liên kết theo</th></tr></thead><tbody>\n");
    for d in docs {
        let edge = c.hierarchy.edges.iter().find(|e| e.child == d.id);
        let number = match (&d.number, &d.date) {
            (Some(n), Some(dt)) => format!("{} · {}", esc(n), vi_date(dt)),
            (Some(n), None) => esc(n),
            (None, Some(dt)) => format!("không số · {}", vi_date(dt)),
            (None, None) => match d.year {
                Some(y) => format!("<span class=\"absent\">không số · năm {y}</span>"),
                None => "<span class=\"absent\">không số, không ngày</span>".to_string(),
            },
        };
        let (parent, evidence) = match edge {
            Some(e) => {
                let cited = e
                    .reference
                    .as_ref()
                    .filter(|_| e.present)
                    .map(|r| {
                        let mut s = format!(
                            "{} {}",
                            super::hierarchy::doc_type_label(&r.doc_type),
                            r.number.as_deref().unwrap_or("")
                        );
                        if let Some(dt) = &r.date {
                            s = format!("{s} ngày {}", vi_date(dt));
                        }
                        format!(
                            " <span class=\"roles\">(trích dẫn: {})</span>",
                            esc(s.trim())
                        )
                    })
                    .unwrap_or_default();
                (
                    format!("{}{cited}", plan_name(c, &e.parent)),
                    if e.evidence == "reference" {
                        "trích dẫn"
                    } else {
                        "địa bàn"
                    },
                )
            }
            None => (
                "<span class=\"absent\">không xác định</span>".to_string(),
                "—",
            ),
        };
        let _ = writeln!(
            h,
            "<tr><td title=\"{}\">{}</td><td>{number}</td><td>{parent}</td><td>{evidence}</td></tr>",
            esc(d.title.as_deref().unwrap_or("")),
            plan_name(c, &d.id),
        );
    }
    h.push_str("</tbody></table>\n");
    if !c.hierarchy.peer_groups.is_empty() {
        h.push_str("<p class=\"note\">So sánh ngang (cùng cấp, không có cấp trên trong bộ): ");
        let groups: Vec<String> = c
            .hierarchy
            .peer_groups
            .iter()
            .map(|g| {
                let names: Vec<String> = g.members.iter().map(|m| esc(label_of(c, m))).collect();
                let anchor = g
                    .anchor
                    .as_deref()
                    .map(|a| format!(" (đối chiếu với {})", esc(label_of(c, a))))
                    .unwrap_or_default();
                format!(
                    "<b>{}</b>: {}{anchor}",
                    level_vi(g.level),
                    names.join(" ↔ ")
                )
            })
            .collect();
        h.push_str(&groups.join("; "));
        h.push_str(".</p>\n");
    }
    let failed: Vec<&DocumentRef> = c.documents.iter().filter(|d| d.error.is_some()).collect();
    if !failed.is_empty() {
        h.push_str("<div class=\"errors\"><b>Không đọc được:</b><ul>");
        for d in failed {
            if let Some(e) = &d.error {
                let _ = write!(
                    h,
                    "<li>{} — {} ({})</li>",
                    esc(&d.path),
                    esc(&e.message),
                    esc(&e.code)
                );
            }
        }
        h.push_str("</ul></div>\n");
    }
    h.push_str("</section>\n");
}

fn coverage(h: &mut String, c: &Comparison, docs: &[&DocumentRef]) {
    let kinds = &c.coverage.section_kinds;
    h.push_str("<section id=\"coverage\"><h2>2. Ma trận bao phủ</h2>\n<p class=\"note\">Phần nào của kế hoạch có mặt (✓), số tiêu chí thi đua theo từng nhóm đối tượng, số nhiệm vụ có và chưa có cơ quan chủ trì, có và chưa có thời hạn.</p>\n");
    let _ = write!(
        h,
        "<table class=\"matrix\"><thead><tr><th class=\"plan\" rowspan=\"2\">Kế hoạch</th><th class=\"grp\" colspan=\"{}\">Các phần của kế hoạch</th><th class=\"grp\" colspan=\"{}\">Tiêu chí theo nhóm đối tượng</th><th class=\"grp\" colspan=\"5\">Nhiệm vụ</th></tr><tr>",
        kinds.len(),
        c.coverage.targets.len()
    );
    for k in kinds {
        let _ = write!(h, "<th class=\"c\">{}</th>", kind_short(*k));
    }
    for t in &c.coverage.targets {
        let _ = write!(
            h,
            "<th class=\"c\" title=\"{}\">{}</th>",
            target_vi(t),
            target_short(t)
        );
    }
    h.push_str("<th class=\"c\">Tổng</th><th class=\"c\">Có chủ trì</th><th class=\"c\">Chưa chủ trì</th><th class=\"c\">Có hạn</th><th class=\"c\">Chưa có hạn</th></tr></thead><tbody>\n");
    for d in docs {
        let Some(row) = c.coverage.rows.iter().find(|r| r.document == d.id) else {
            continue;
        };
        let _ = write!(h, "<tr><td class=\"plan\">{}</td>", plan_name(c, &d.id));
        for &present in &row.sections {
            h.push_str(if present {
                "<td class=\"yes\">✓</td>"
            } else {
                "<td class=\"no\">–</td>"
            });
        }
        for &n in &row.criteria {
            if n == 0 {
                h.push_str("<td class=\"zero\">·</td>");
            } else {
                let _ = write!(h, "<td class=\"cnt\">{n}</td>");
            }
        }
        let t = row.tasks;
        let flag = |n: usize, class: &str| {
            if n > 0 {
                format!("<td class=\"{class}\">{n}</td>")
            } else {
                "<td class=\"zero\">0</td>".to_string()
            }
        };
        let _ = writeln!(
            h,
            "<td>{}</td><td>{}</td>{}<td>{}</td>{}</tr>",
            t.total,
            t.with_lead,
            flag(t.without_lead, "alert"),
            t.with_due,
            flag(t.without_due, "soft")
        );
    }
    h.push_str("</tbody></table>\n</section>\n");
}

fn status_vi(s: &str) -> &'static str {
    match s {
        "matched" => "khớp",
        "corresponds" => "tương ứng",
        "changed" => "thay đổi",
        "only_in" => "chỉ một bên",
        "unowned" => "không ai phụ trách",
        "ok" => "đúng thứ tự",
        "violation" => "vi phạm",
        "gap" => "chưa kiểm tra được",
        _ => "khác",
    }
}

fn badge(status: &str, score: Option<f64>) -> String {
    let score = score
        .map(|s| format!(" {:.2}", s).replace('.', ","))
        .unwrap_or_default();
    format!(
        "<span class=\"st st-{}\">{}{score}</span>",
        esc(status),
        status_vi(status)
    )
}

fn relation_vi(r: &str) -> &'static str {
    if r == "parent_child" {
        "cấp trên – cấp dưới"
    } else {
        "cùng cấp"
    }
}

fn criteria(h: &mut String, c: &Comparison) {
    h.push_str("<section id=\"criteria\"><h2>3. Tiêu chí thi đua đối chiếu từng cặp</h2>\n");
    if c.pairs.is_empty() {
        h.push_str("<p class=\"note\">Không có cặp kế hoạch nào để đối chiếu (cần một kế hoạch cấp trên trong bộ, hoặc hai kế hoạch cùng cấp).</p></section>\n");
        return;
    }
    h.push_str("<table><thead><tr><th>Cặp</th><th>Quan hệ</th><th class=\"c\">Khớp</th><th class=\"c\">Thay đổi</th><th class=\"c\">Chỉ ở kế hoạch A</th><th class=\"c\">Chỉ ở kế hoạch B</th></tr></thead><tbody>\n");
    for p in &c.pairs {
        let rows: Vec<&CriterionRow> = c.criteria.iter().filter(|r| r.pair == p.id).collect();
        let n = |s: &str| rows.iter().filter(|r| r.status == s).count();
        let only_a = rows
            .iter()
            .filter(|r| r.status == "only_in" && r.a.is_some())
            .count();
        let _ = writeln!(
            h,
            "<tr><td>A: {}<br>B: {}</td><td>{}</td><td class=\"c\">{}</td><td class=\"c\">{}</td><td class=\"c\">{only_a}</td><td class=\"c\">{}</td></tr>",
            plan_name(c, &p.a),
            plan_name(c, &p.b),
            relation_vi(&p.relation),
            n("matched"),
            n("changed"),
            n("only_in") - only_a
        );
    }
    h.push_str("</tbody></table>\n");
    for p in c.pairs.iter().take(DETAIL_PAIRS) {
        let rows: Vec<&CriterionRow> = c.criteria.iter().filter(|r| r.pair == p.id).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = write!(
            h,
            "<h3>{} ↔ {} <span class=\"roles\">({})</span></h3>\n<table class=\"side\"><colgroup><col class=\"g\"><col class=\"t\"><col class=\"s\"><col class=\"t\"></colgroup><thead><tr><th>Nhóm</th><th>A: {}</th><th class=\"c\">Kết quả</th><th>B: {}</th></tr></thead><tbody>\n",
            plan_name(c, &p.a),
            plan_name(c, &p.b),
            relation_vi(&p.relation),
            esc(label_of(c, &p.a)),
            esc(label_of(c, &p.b))
        );
        let mut last = "";
        for r in rows {
            let (group, class) = if r.target != last {
                last = &r.target;
                (
                    format!("<b>{}</b>", target_vi(&r.target)),
                    " class=\"first\"",
                )
            } else {
                (String::new(), "")
            };
            let terms = r
                .terms
                .as_ref()
                .filter(|t| !t.a_only.is_empty() || !t.b_only.is_empty())
                .map(|t| {
                    format!(
                        "<span class=\"terms\">{} → {}</span>",
                        esc(&if t.a_only.is_empty() {
                            "—".to_string()
                        } else {
                            t.a_only.join(", ")
                        }),
                        esc(&if t.b_only.is_empty() {
                            "—".to_string()
                        } else {
                            t.b_only.join(", ")
                        })
                    )
                })
                .unwrap_or_default();
            let text = |s: &Option<super::CriterionSide>| {
                s.as_ref()
                    .map(|s| esc(&s.text))
                    .unwrap_or_else(|| "<span class=\"absent\">—</span>".to_string())
            };
            let _ = writeln!(
                h,
                "<tr{class}><td>{group}</td><td>{}</td><td class=\"c\">{}{terms}</td><td>{}</td></tr>",
                text(&r.a),
                badge(&r.status, r.score),
                text(&r.b)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if c.pairs.len() > DETAIL_PAIRS {
        let _ = writeln!(
            h,
            "<p class=\"note\">Chi tiết {DETAIL_PAIRS} cặp đầu; {} cặp còn lại có trong JSON và CSV.</p>",
            c.pairs.len() - DETAIL_PAIRS
        );
    }
    h.push_str("</section>\n");
}

fn agencies(h: &mut String, c: &Comparison, docs: &[&DocumentRef]) {
    h.push_str("<section id=\"agencies\"><h2>4. Cơ quan theo lĩnh vực qua các cấp</h2>\n<p class=\"note\">Mỗi hàng là một lĩnh vực: Sở (tỉnh) ↔ Phòng (huyện) ↔ công chức, ban (xã). Dưới tên: vai trò và số nhiệm vụ chủ trì.</p>\n");
    let cols: Vec<&&DocumentRef> = docs.iter().take(AGENCY_COLUMNS).collect();
    h.push_str("<table class=\"side\"><thead><tr><th>Lĩnh vực</th>");
    for d in &cols {
        let _ = write!(h, "<th>{}</th>", plan_name(c, &d.id));
    }
    h.push_str("</tr></thead><tbody>\n");
    for f in &c.agencies.fields {
        let _ = write!(h, "<tr><td><b>{}</b></td>", esc(&f.label));
        for d in &cols {
            match f.bodies.iter().find(|b| b.document == d.id) {
                Some(b) => {
                    h.push_str("<td class=\"cell-names\">");
                    for n in &b.names {
                        let _ = write!(h, "<div>{}</div>", esc(n));
                    }
                    let roles: Vec<&str> = b.roles.iter().map(|r| role_vi(r)).collect();
                    let led = if b.leads > 0 {
                        format!(" · chủ trì {} nhiệm vụ", b.leads)
                    } else {
                        String::new()
                    };
                    let _ = write!(
                        h,
                        "<span class=\"roles\">{}{led}</span></td>",
                        esc(&roles.join(", "))
                    );
                }
                None => h.push_str("<td class=\"no c\">—</td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
    if docs.len() > AGENCY_COLUMNS {
        let _ = writeln!(
            h,
            "<p class=\"note\">{AGENCY_COLUMNS} kế hoạch đầu được hiển thị; toàn bộ trong JSON và CSV.</p>"
        );
    }
    h.push_str("<h3>Ai chủ trì cùng một nhiệm vụ ở mỗi cấp</h3>\n");
    let mut any = false;
    for p in c.pairs.iter().take(DETAIL_PAIRS) {
        let rows: Vec<&TaskRow> = c
            .agencies
            .tasks
            .iter()
            .filter(|t| t.pair == p.id && t.status != "only_in")
            .collect();
        let only = c
            .agencies
            .tasks
            .iter()
            .filter(|t| t.pair == p.id && t.status == "only_in")
            .count();
        if rows.is_empty() {
            continue;
        }
        any = true;
        let _ = write!(
            h,
            "<p><b>{} ↔ {}</b> <span class=\"roles\">({}; {only} nhiệm vụ chỉ có ở một bên)</span></p>\n<table class=\"side tasks\"><colgroup><col class=\"t\"><col class=\"g\"><col class=\"s\"><col class=\"g\"><col class=\"t\"></colgroup><thead><tr><th>Nhiệm vụ ở A</th><th>Chủ trì ở A</th><th class=\"c\">Kết quả</th><th>Chủ trì ở B</th><th>Nhiệm vụ ở B</th></tr></thead><tbody>\n",
            plan_name(c, &p.a),
            plan_name(c, &p.b),
            relation_vi(&p.relation)
        );
        for t in rows {
            let task = |s: &Option<TaskSide>| {
                s.as_ref()
                    .map(|s| {
                        format!(
                            "<span class=\"id\">{}</span> {}",
                            esc(&s.task_id),
                            esc(&cut(&s.text, TASK_CHARS))
                        )
                    })
                    .unwrap_or_else(|| "<span class=\"absent\">—</span>".to_string())
            };
            let lead = |s: &Option<TaskSide>| {
                s.as_ref()
                    .map(|s| esc(&s.lead.join("; ")))
                    .unwrap_or_else(|| "<span class=\"absent\">—</span>".to_string())
            };
            let field_note = match t.same_field {
                Some(false) => "<span class=\"terms\">khác lĩnh vực</span>",
                _ => "",
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"c\">{}{field_note}</td><td>{}</td><td>{}</td></tr>",
                task(&t.a),
                lead(&t.a),
                badge(if t.status == "matched" { "corresponds" } else { &t.status }, t.score),
                lead(&t.b),
                task(&t.b)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if !any {
        h.push_str("<p class=\"note\">Không có nhiệm vụ tương ứng giữa các cặp.</p>\n");
    }
    h.push_str("</section>\n");
}

/// Day of a non-leap year, 0-based.
fn day_of_year(day: u32, month: u32) -> u32 {
    const START: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    START[(month.clamp(1, 12) - 1) as usize] + day.clamp(1, 31) - 1
}

fn deadlines(h: &mut String, c: &Comparison, docs: &[&DocumentRef]) {
    h.push_str("<section id=\"deadlines\"><h2>5. Chuỗi thời hạn báo cáo hằng năm</h2>\n<p class=\"note\">Cấp dưới phải tổng hợp xong trước ngày cấp trên thu báo cáo (xã → huyện → tỉnh). Xếp từ cấp dưới lên cấp trên.</p>\n");
    let mut rows: Vec<(&DocumentRef, &DeadlineRef)> = Vec::new();
    let mut undated: Vec<&DocumentRef> = Vec::new();
    for d in docs.iter().rev() {
        match c
            .deadlines
            .plans
            .iter()
            .find(|p| p.document == d.id)
            .and_then(|p| p.collects.last())
        {
            Some(dl) => rows.push((d, dl)),
            None => undated.push(d),
        }
    }
    if !rows.is_empty() {
        let months: Vec<u32> = rows.iter().map(|(_, d)| d.month.clamp(1, 12)).collect();
        let first = months.iter().min().copied().unwrap_or(1);
        let last = months.iter().max().copied().unwrap_or(12);
        let (first, last) = if first == last {
            (first.saturating_sub(1).max(1), (last + 1).min(12))
        } else {
            (first, last)
        };
        let lo = day_of_year(1, first);
        let hi = if last == 12 {
            365
        } else {
            day_of_year(1, last + 1)
        };
        let span = f64::from((hi - lo).max(1));
        let pos = |doy: u32| f64::from(doy.saturating_sub(lo)) / span * 100.0;
        h.push_str(
            "<table class=\"side\"><colgroup><col style=\"width:24%\"><col></colgroup><tbody>\n",
        );
        let ticks = |labels: bool| -> String {
            let mut t = String::new();
            for m in first..=last {
                for day in [1u32, 10, 20] {
                    let label = if labels {
                        format!("{day:02}/{m:02}")
                    } else {
                        String::new()
                    };
                    let _ = write!(
                        t,
                        "<div class=\"tick{}\" style=\"left:{:.1}%\">{label}</div>",
                        if day == 1 { " month" } else { "" },
                        pos(day_of_year(day, m))
                    );
                }
            }
            t
        };
        let _ = writeln!(
            h,
            "<tr><td></td><td><div class=\"timeline\">{}</div></td></tr>",
            ticks(true)
        );
        // A child collecting after its parent is marked.
        let late = |id: &str| {
            c.deadlines
                .checks
                .iter()
                .any(|k| k.child == id && k.status == "violation")
        };
        for (d, dl) in &rows {
            let _ = writeln!(
                h,
                "<tr><td>{}<br><span class=\"roles\">{}</span></td><td><div class=\"timeline\">{}<div class=\"mark{}\" style=\"left:{:.1}%\">{:02}/{:02}</div></div></td></tr>",
                plan_name(c, &d.id),
                esc(&cut(&dl.text, 80)),
                ticks(false),
                if late(&d.id) { " late" } else { "" },
                pos(day_of_year(dl.day, dl.month)),
                dl.day,
                dl.month
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if !undated.is_empty() {
        let names: Vec<String> = undated.iter().map(|d| plan_name(c, &d.id)).collect();
        let _ = writeln!(
            h,
            "<p class=\"note\">Không nêu ngày báo cáo hằng năm: {}.</p>",
            names.join(", ")
        );
    }
    if !c.deadlines.checks.is_empty() {
        h.push_str("<h3>Kiểm tra theo quan hệ cấp trên – cấp dưới</h3>\n<table><thead><tr><th>Cấp dưới</th><th>Hạn của cấp dưới</th><th>Cấp trên</th><th>Hạn của cấp trên</th><th>Kết quả</th></tr></thead><tbody>\n");
        let date = |d: &Option<DeadlineRef>| {
            d.as_ref()
                .map(|d| format!("{:02}/{:02}", d.day, d.month))
                .unwrap_or_else(|| "<span class=\"absent\">—</span>".to_string())
        };
        let mut checks: Vec<&ChainCheck> = c.deadlines.checks.iter().collect();
        // Violations first, then checked, then gaps.
        checks.sort_by_key(|k| match k.status.as_str() {
            "violation" => 0,
            "ok" => 1,
            _ => 2,
        });
        for k in checks {
            let why: Vec<&str> = k
                .gaps
                .iter()
                .map(|g| match g.as_str() {
                    "parent_absent" => "cấp trên không có trong bộ",
                    "child_undated" => "cấp dưới không nêu ngày",
                    _ => "cấp trên không nêu ngày",
                })
                .collect();
            let why = if why.is_empty() {
                String::new()
            } else {
                format!("<span class=\"terms\">{}</span>", why.join("; "))
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"c\">{}</td><td>{}</td><td class=\"c\">{}</td><td>{}{why}</td></tr>",
                plan_name(c, &k.child),
                date(&k.child_deadline),
                plan_name(c, &k.parent),
                date(&k.parent_deadline),
                badge(&k.status, None)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("</section>\n");
}

fn reuse(h: &mut String, c: &Comparison, docs: &[&DocumentRef]) {
    h.push_str("<section id=\"reuse\"><h2>6. Tái sử dụng văn bản</h2>\n<p class=\"note\">Tỷ lệ câu của mỗi kế hoạch có gần như nguyên văn trong một kế hoạch khác của bộ; khi kế hoạch cấp trên có trong bộ, phần chép từ cấp trên là thanh đậm trong thanh nhạt.</p>\n<table class=\"side\"><colgroup><col style=\"width:24%\"><col style=\"width:34%\"><col></colgroup><thead><tr><th>Kế hoạch</th><th>Câu có ở kế hoạch khác</th><th>Giống nhiều nhất với</th></tr></thead><tbody>\n");
    for d in docs {
        let Some(p) = c.reuse.plans.iter().find(|p| p.document == d.id) else {
            continue;
        };
        let parent_bar = p
            .from_parent
            .as_ref()
            .map(|s| format!("<i style=\"width:{:.1}%\"></i>", s.share * 100.0))
            .unwrap_or_default();
        let total_class = if p.from_parent.is_some() {
            " class=\"p\""
        } else {
            ""
        };
        let sources: Vec<String> = p
            .sources
            .iter()
            .map(|s| format!("{} {:.0}%", esc(label_of(c, &s.document)), s.share * 100.0))
            .collect();
        let parent = p
            .from_parent
            .as_ref()
            .map(|s| {
                format!(
                    "<br><span class=\"roles\">từ cấp trên ({}): {:.0}%</span>",
                    esc(label_of(c, &s.document)),
                    s.share * 100.0
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td><div class=\"barrow\"><div class=\"bar\"><i{total_class} style=\"width:{:.1}%\"></i>{parent_bar}</div><span>{:.0}% · {}/{} câu</span></div></td><td>{}{parent}</td></tr>",
            plan_name(c, &d.id),
            p.share * 100.0,
            p.share * 100.0,
            p.reused,
            p.sentences,
            if sources.is_empty() {
                "<span class=\"absent\">—</span>".to_string()
            } else {
                sources.join(" · ")
            }
        );
    }
    h.push_str("</tbody></table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<b>“Sở” & 'Phòng'</b>"),
            "&lt;b&gt;“Sở” &amp; &#39;Phòng&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn cuts_on_characters() {
        assert_eq!(cut("Phòng Giáo dục", 5), "Phòng…");
        assert_eq!(cut("Sở", 5), "Sở");
    }
}
