//! The JSON Schemas (draft 2020-12) of the plan object and the comparison object,
//! as `kehoach schema plan` and `kehoach schema comparison` print them. Written by
//! hand beside [`crate::plan`] and [`crate::compare`]; tests validate every emitted
//! record and comparison against them.

use serde_json::{json, Value};

use crate::plan::ROLES;

fn span() -> Value {
    json!({ "type": "array", "items": { "type": "integer", "minimum": 0 }, "minItems": 2, "maxItems": 2,
            "description": "[start, end): byte offsets into the source text after decoding to UTF-8" })
}

fn nullable(t: &str) -> Value {
    json!({ "type": [t, "null"] })
}

fn strings() -> Value {
    json!({ "type": "array", "items": { "type": "string" } })
}

fn enum_or_null(values: &[&str]) -> Value {
    let mut v: Vec<Value> = values.iter().map(|s| json!(s)).collect();
    v.push(Value::Null);
    json!({ "enum": v })
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": properties, "additionalProperties": false })
}

const LEVELS: &[&str] = &["national", "province", "district", "commune"];
const RECURRENCE: &[&str] = &[
    "once",
    "yearly",
    "half_yearly",
    "quarterly",
    "monthly",
    "continuous",
];

/// The schema of `kehoach/plan@1`.
pub fn plan_schema() -> Value {
    let item = json!({ "$ref": "#/$defs/item" });
    let locality = object(
        &["name", "unit", "level", "parent"],
        json!({
            "name": { "type": "string" },
            "unit": { "enum": ["tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu"] },
            "level": enum_or_null(LEVELS),
            "parent": nullable("string"),
        }),
    );
    let document = object(
        &[
            "kind",
            "number",
            "title",
            "date",
            "year",
            "issuer",
            "locality",
            "period",
            "signer",
            "recipients",
        ],
        json!({
            "kind": { "const": "ke_hoach" },
            "number": nullable("string"),
            "title": nullable("string"),
            "date": { "type": ["string", "null"], "pattern": "^\\d{4}-\\d{2}-\\d{2}$" },
            "year": nullable("integer"),
            "issuer": nullable("string"),
            "locality": { "oneOf": [locality, { "type": "null" }] },
            "period": { "oneOf": [object(&["start", "end"], json!({ "start": { "type": "integer" }, "end": { "type": "integer" } })), { "type": "null" }] },
            "signer": { "oneOf": [object(&["name", "position", "on_behalf"], json!({
                "name": nullable("string"), "position": nullable("string"), "on_behalf": nullable("string") })), { "type": "null" }] },
            "recipients": strings(),
            "span": { "oneOf": [span(), { "type": "null" }] },
        }),
    );
    let kinds = json!({ "type": "array", "items": { "enum": ["purpose", "objectives", "content", "criteria", "awards", "solutions", "schedule", "funding", "organization", "reporting", "other"] } });
    let section = object(
        &["numeral", "ordinal", "heading", "kinds", "span", "items"],
        json!({
            "numeral": { "type": "string" }, "ordinal": { "type": "integer", "minimum": 1 },
            "heading": { "type": "string" }, "kinds": kinds, "span": span(),
            "items": { "type": "array", "items": item },
        }),
    );
    let item_def = object(
        &["id", "label", "heading", "text", "span", "items"],
        json!({
            "id": { "type": "string" }, "label": nullable("string"), "heading": nullable("string"),
            "text": { "type": "string" }, "span": span(), "items": { "type": "array", "items": item },
        }),
    );
    let reference = object(
        &[
            "doc_type", "number", "date", "issuer", "relation", "mentions", "span",
        ],
        json!({
            "doc_type": { "enum": ["quyet_dinh", "ke_hoach", "chi_thi", "ket_luan", "nghi_quyet", "nghi_dinh", "thong_tu", "quy_dinh", "cong_van", "luat", "huong_dan", "other"] },
            "number": nullable("string"), "date": nullable("string"), "issuer": nullable("string"),
            "relation": enum_or_null(&["basis"]), "mentions": { "type": "integer", "minimum": 1 }, "span": span(),
        }),
    );
    let criterion = object(
        &["target", "target_text", "text", "titles", "span"],
        json!({
            "target": { "enum": ["departments", "front_unions", "district", "commune", "village", "household", "enterprise", "individual", "other"] },
            "target_text": { "type": "string" }, "text": { "type": "string" }, "titles": strings(), "span": span(),
        }),
    );
    let award = object(
        &["occasion", "years", "forms", "span"],
        json!({
            "occasion": { "enum": ["annual", "interim_review", "final_review"] },
            "years": { "type": "array", "items": { "type": "integer" } }, "forms": strings(), "span": span(),
        }),
    );
    let phase = object(
        &["label", "start", "end", "span"],
        json!({
            "label": { "type": "string" }, "start": nullable("integer"), "end": nullable("integer"), "span": span(),
        }),
    );
    let deadline = object(
        &[
            "text",
            "day",
            "month",
            "year",
            "by",
            "recurrence",
            "action",
            "responsible",
            "recipients",
            "task_id",
            "span",
        ],
        json!({
            "text": { "type": "string" }, "day": nullable("integer"), "month": nullable("integer"), "year": nullable("integer"),
            "by": nullable("string"), "recurrence": enum_or_null(RECURRENCE), "action": nullable("string"),
            "responsible": strings(), "recipients": strings(), "task_id": nullable("string"), "span": span(),
        }),
    );
    let due = object(
        &["text", "by", "recurrence"],
        json!({
        "text": { "type": "string" }, "by": nullable("string"), "recurrence": enum_or_null(RECURRENCE) }),
    );
    let task = object(
        &[
            "id", "text", "lead", "partners", "role", "due", "source", "span",
        ],
        json!({
            "id": { "type": "string" }, "text": { "type": "string" }, "lead": strings(), "partners": strings(),
            "role": enum_or_null(ROLES), "due": { "oneOf": [due, { "type": "null" }] },
            "source": { "enum": ["body", "annex"] }, "span": span(),
        }),
    );
    let agency = object(
        &["name", "aliases", "level", "roles", "task_ids"],
        json!({
            "name": { "type": "string" }, "aliases": strings(), "level": enum_or_null(LEVELS),
            "roles": { "type": "array", "items": { "enum": ROLES } }, "task_ids": strings(),
        }),
    );
    let funding = object(
        &["sources", "text", "span"],
        json!({
            "sources": { "type": "array", "items": { "enum": ["state_budget", "integrated_programs", "socialization", "sponsorship", "unit_revenue", "other"] } },
            "text": { "type": "string" }, "span": span(),
        }),
    );
    let target = object(
        &["text", "value", "unit", "year", "subject", "span"],
        json!({
            "text": { "type": "string" }, "value": { "type": "number" }, "unit": { "type": "string" },
            "year": nullable("integer"), "subject": nullable("string"), "span": span(),
        }),
    );
    let warning = object(
        &["code", "message", "span"],
        json!({
            "code": { "type": "string", "description": "implausible_date, duplicate_item, missing_section, malformed_reference, unrecognized_heading, ocr_repaired, low_confidence_repair, …" },
            "message": { "type": "string" }, "span": { "oneOf": [span(), { "type": "null" }] },
        }),
    );
    let source = object(
        &[
            "path",
            "sha256",
            "bytes",
            "encoding",
            "quality",
            "repaired_tokens",
        ],
        json!({
            "path": { "type": "string" }, "sha256": { "type": "string" }, "bytes": { "type": "integer", "minimum": 0 },
            "encoding": enum_or_null(&["utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni", "docx"]),
            "quality": enum_or_null(&["clean", "no_diacritics", "ocr_damaged"]),
            "repaired_tokens": { "type": "integer", "minimum": 0 },
        }),
    );
    let error = object(
        &["code", "message"],
        json!({ "code": { "type": "string" }, "message": { "type": "string" } }),
    );
    let arr = |v: Value| json!({ "type": "array", "items": v });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "kehoach/plan@1",
        "title": "A Vietnamese plan (KẾ HOẠCH) extracted by kehoach, or the error that stopped it",
        "type": "object",
        "required": ["schema", "source"],
        "additionalProperties": false,
        "properties": {
            "schema": { "const": "kehoach/plan@1" },
            "source": source,
            "error": error,
            "document": document,
            "sections": arr(section),
            "references": arr(reference),
            "criteria": arr(criterion),
            "awards": arr(award),
            "phases": arr(phase),
            "deadlines": arr(deadline),
            "tasks": arr(task),
            "agencies": arr(agency),
            "funding": { "oneOf": [funding, { "type": "null" }] },
            "targets": arr(target),
            "warnings": arr(warning),
        },
        "oneOf": [
            { "required": ["error"], "not": { "required": ["document"] } },
            { "required": ["document", "sections", "references", "criteria", "awards", "phases", "deadlines", "tasks", "agencies", "funding", "targets", "warnings"], "not": { "required": ["error"] } },
        ],
        "$defs": { "item": item_def },
    })
}

/// The schema of `kehoach/comparison@1`.
pub fn comparison_schema() -> Value {
    let id = |prefix: &str| json!({ "type": "string", "pattern": format!("^{prefix}[0-9]+$") });
    let doc_id = id("D");
    let parent_id = json!({ "type": "string", "pattern": "^[DA][0-9]+$" });
    let share = json!({ "type": "number", "minimum": 0, "maximum": 1 });
    let level = enum_or_null(LEVELS);
    let locality = object(
        &["name", "unit", "level", "parent"],
        json!({
            "name": { "type": "string" }, "unit": { "type": "string" },
            "level": level.clone(), "parent": nullable("string"),
        }),
    );
    let error = object(
        &["code", "message"],
        json!({ "code": { "type": "string" }, "message": { "type": "string" } }),
    );
    let document = object(
        &[
            "id", "label", "path", "sha256", "error", "number", "date", "year", "title", "issuer",
            "locality", "level",
        ],
        json!({
            "id": doc_id, "label": { "type": "string" }, "path": { "type": "string" },
            "sha256": { "type": "string" },
            "error": { "oneOf": [error, { "type": "null" }] },
            "number": nullable("string"), "date": nullable("string"), "year": nullable("integer"),
            "title": nullable("string"), "issuer": nullable("string"),
            "locality": { "oneOf": [locality, { "type": "null" }] },
            "level": level,
        }),
    );
    let cited = object(
        &["doc_type", "number", "date", "issuer", "span"],
        json!({
            "doc_type": { "type": "string" }, "number": nullable("string"), "date": nullable("string"),
            "issuer": nullable("string"), "span": span(),
        }),
    );
    let edge = object(
        &["child", "parent", "present", "evidence", "reference"],
        json!({
            "child": doc_id, "parent": parent_id, "present": { "type": "boolean" },
            "evidence": { "enum": ["reference", "locality"] },
            "reference": { "oneOf": [cited, { "type": "null" }] },
        }),
    );
    let absent = object(
        &[
            "id", "label", "doc_type", "number", "date", "issuer", "locality", "level", "children",
        ],
        json!({
            "id": id("A"), "label": { "type": "string" }, "doc_type": nullable("string"),
            "number": nullable("string"), "date": nullable("string"), "issuer": nullable("string"),
            "locality": nullable("string"), "level": level,
            "children": { "type": "array", "items": doc_id, "minItems": 1 },
        }),
    );
    let peer_group = object(
        &["level", "members", "mode", "anchor"],
        json!({
            "level": level, "members": { "type": "array", "items": doc_id, "minItems": 2 },
            "mode": { "enum": ["all_pairs", "anchor"] },
            "anchor": { "oneOf": [doc_id, { "type": "null" }] },
        }),
    );
    let pair = object(
        &["id", "a", "b", "relation"],
        json!({
            "id": id("P"), "a": doc_id, "b": doc_id,
            "relation": { "enum": ["parent_child", "peers"] },
        }),
    );
    let counts = object(
        &[
            "total",
            "with_lead",
            "without_lead",
            "with_due",
            "without_due",
        ],
        json!({
            "total": { "type": "integer", "minimum": 0 }, "with_lead": { "type": "integer", "minimum": 0 },
            "without_lead": { "type": "integer", "minimum": 0 }, "with_due": { "type": "integer", "minimum": 0 },
            "without_due": { "type": "integer", "minimum": 0 },
        }),
    );
    let coverage_row = object(
        &[
            "document",
            "sections",
            "criteria",
            "tasks",
            "deadlines",
            "references",
        ],
        json!({
            "document": doc_id,
            "sections": { "type": "array", "items": { "type": "boolean" } },
            "criteria": { "type": "array", "items": { "type": "integer", "minimum": 0 } },
            "tasks": counts,
            "deadlines": { "type": "integer", "minimum": 0 },
            "references": { "type": "integer", "minimum": 0 },
        }),
    );
    let targets = [
        "departments",
        "front_unions",
        "district",
        "commune",
        "village",
        "household",
        "enterprise",
        "individual",
        "other",
    ];
    let coverage = object(
        &["section_kinds", "targets", "rows"],
        json!({
            "section_kinds": { "type": "array", "items": { "enum": ["purpose", "objectives", "content", "criteria", "awards", "solutions", "schedule", "funding", "organization", "reporting", "other"] } },
            "targets": { "type": "array", "items": { "enum": targets } },
            "rows": { "type": "array", "items": coverage_row },
        }),
    );
    let criterion_side = object(
        &["document", "text", "span"],
        json!({ "document": doc_id, "text": { "type": "string" }, "span": span() }),
    );
    let terms = object(
        &["a_only", "b_only"],
        json!({ "a_only": strings(), "b_only": strings() }),
    );
    let criterion_row = object(
        &["pair", "target", "status", "score", "a", "b", "terms"],
        json!({
            "pair": id("P"), "target": { "enum": targets },
            "status": { "enum": ["matched", "changed", "only_in"] },
            "score": { "oneOf": [share, { "type": "null" }] },
            "a": { "oneOf": [criterion_side, { "type": "null" }] },
            "b": { "oneOf": [criterion_side, { "type": "null" }] },
            "terms": { "oneOf": [terms, { "type": "null" }] },
        }),
    );
    let field_bodies = object(
        &["document", "names", "roles", "leads"],
        json!({
            "document": doc_id, "names": strings(),
            "roles": { "type": "array", "items": { "enum": ROLES } },
            "leads": { "type": "integer", "minimum": 0 },
        }),
    );
    let field_row = object(
        &["field", "label", "bodies"],
        json!({
            "field": { "type": "string" }, "label": { "type": "string" },
            "bodies": { "type": "array", "items": field_bodies },
        }),
    );
    let task_side = object(
        &["document", "task_id", "text", "lead", "fields", "span"],
        json!({
            "document": doc_id, "task_id": { "type": "string" }, "text": { "type": "string" },
            "lead": strings(), "fields": strings(), "span": span(),
        }),
    );
    let task_row = object(
        &["pair", "status", "score", "a", "b", "same_field"],
        json!({
            "pair": id("P"), "status": { "enum": ["matched", "only_in", "unowned"] },
            "score": { "oneOf": [share, { "type": "null" }] },
            "a": { "oneOf": [task_side, { "type": "null" }] },
            "b": { "oneOf": [task_side, { "type": "null" }] },
            "same_field": nullable("boolean"),
        }),
    );
    let deadline = object(
        &[
            "text",
            "day",
            "month",
            "action",
            "responsible",
            "recipients",
            "span",
        ],
        json!({
            "text": { "type": "string" },
            "day": { "type": "integer", "minimum": 1, "maximum": 31 },
            "month": { "type": "integer", "minimum": 1, "maximum": 12 },
            "action": nullable("string"), "responsible": strings(), "recipients": strings(), "span": span(),
        }),
    );
    let plan_deadlines = object(
        &["document", "collects"],
        json!({ "document": doc_id, "collects": { "type": "array", "items": deadline } }),
    );
    let check = object(
        &[
            "child",
            "parent",
            "status",
            "gaps",
            "child_deadline",
            "parent_deadline",
            "message",
        ],
        json!({
            "child": doc_id, "parent": parent_id,
            "status": { "enum": ["ok", "violation", "gap"] },
            "gaps": { "type": "array", "items": { "enum": ["parent_absent", "child_undated", "parent_undated"] } },
            "child_deadline": { "oneOf": [{ "$ref": "#/$defs/deadline" }, { "type": "null" }] },
            "parent_deadline": { "oneOf": [{ "$ref": "#/$defs/deadline" }, { "type": "null" }] },
            "message": { "type": "string" },
        }),
    );
    let source = object(
        &["document", "sentences", "share"],
        json!({ "document": doc_id, "sentences": { "type": "integer", "minimum": 0 }, "share": share }),
    );
    let plan_reuse = object(
        &[
            "document",
            "sentences",
            "reused",
            "share",
            "from_parent",
            "sources",
        ],
        json!({
            "document": doc_id, "sentences": { "type": "integer", "minimum": 0 },
            "reused": { "type": "integer", "minimum": 0 }, "share": share,
            "from_parent": { "oneOf": [{ "$ref": "#/$defs/source" }, { "type": "null" }] },
            "sources": { "type": "array", "items": { "$ref": "#/$defs/source" }, "maxItems": 3 },
        }),
    );
    let arr = |v: Value| json!({ "type": "array", "items": v });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "kehoach/comparison@1",
        "title": "Plans compared across localities by kehoach compare",
        "type": "object",
        "required": ["schema", "documents", "hierarchy", "pairs", "coverage", "criteria", "agencies", "deadlines", "reuse"],
        "additionalProperties": false,
        "properties": {
            "schema": { "const": "kehoach/comparison@1" },
            "documents": arr(document),
            "hierarchy": object(&["edges", "absent", "peer_groups"], json!({
                "edges": arr(edge), "absent": arr(absent), "peer_groups": arr(peer_group) })),
            "pairs": arr(pair),
            "coverage": coverage,
            "criteria": arr(criterion_row),
            "agencies": object(&["fields", "tasks"], json!({ "fields": arr(field_row), "tasks": arr(task_row) })),
            "deadlines": object(&["plans", "checks"], json!({ "plans": arr(plan_deadlines), "checks": arr(check) })),
            "reuse": object(&["method", "threshold", "plans"], json!({
                "method": { "type": "string" }, "threshold": share, "plans": arr(plan_reuse) })),
        },
        "$defs": { "deadline": deadline, "source": source },
    })
}
