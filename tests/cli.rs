//! The `kehoach` binary as users run it: output lines, exit statuses, the schema,
//! pathological inputs, atomic output files, determinism.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[path = "support/run.rs"]
mod run;

use run::{kehoach, lines};

fn schema() -> jsonschema::Validator {
    let out = kehoach(&["schema", "plan"]);
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    jsonschema::draft202012::new(&schema).expect("a valid draft 2020-12 schema")
}

#[test]
fn extracts_the_corpus_in_order_and_valid_against_the_schema() {
    let out = kehoach(&["extract", "corpus/"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = lines(&out);
    let paths: Vec<&str> = records
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "corpus/an-lao-district.txt",
            "corpus/binh-thuan-province.txt",
            "corpus/ha-nam-province.txt",
            "corpus/ninh-hai-commune.txt",
            "corpus/trieu-son-town-ocr.txt"
        ]
    );
    let validator = schema();
    for r in &records {
        let errors: Vec<String> = validator
            .iter_errors(r)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", r["source"]["path"]);
        assert_eq!(r["schema"], "kehoach/plan@1");
    }
    assert_eq!(records[4]["source"]["quality"], "ocr_damaged");
    assert_eq!(records[2]["source"]["quality"], "clean");
}

#[test]
fn same_input_same_bytes_whatever_the_jobs() {
    let one = kehoach(&["extract", "-j", "1", "corpus/"]);
    let two = kehoach(&["extract", "-j", "2", "corpus/"]);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn bad_inputs_give_error_lines_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let noise: Vec<u8> = (0..65536u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8)
        .collect();
    fs::write(d.join("a-random.txt"), &noise).unwrap();
    fs::write(d.join("b-empty.txt"), b"").unwrap();
    fs::write(d.join("c-nul.txt"), b"KE HOACH\0\0\0 binary").unwrap();
    let long = "Phát huy sức mạnh của cả hệ thống chính trị ".repeat(5 * 1024 * 1024 / 48);
    fs::write(d.join("d-long-line.txt"), long).unwrap();
    let out = kehoach(&["extract", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let records = lines(&out);
    assert_eq!(records.len(), 4);
    let codes: Vec<&str> = records
        .iter()
        .map(|r| r["error"]["code"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(codes, ["binary", "empty", "binary", "-"]);
    assert_eq!(records[3]["source"]["encoding"], "utf-8");
    let validator = schema();
    for r in &records {
        assert!(validator.is_valid(r), "{}", r["source"]["path"]);
    }
}

#[test]
fn missing_file_is_an_error_line() {
    let out = kehoach(&["extract", "no/such/plan.txt", "corpus/ha-nam-province.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let records = lines(&out);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["error"]["code"], "io");
    assert!(records[1]["error"].is_null());
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("plans.jsonl");
    let out = kehoach(&[
        "extract",
        "-o",
        dest.to_str().unwrap(),
        "corpus/ninh-hai-commune.txt",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let text = fs::read_to_string(&dest).unwrap();
    assert_eq!(text.lines().count(), 1);
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn unwritable_output_is_exit_2() {
    let out = kehoach(&[
        "extract",
        "-o",
        "/nonexistent-dir/x.jsonl",
        "corpus/ninh-hai-commune.txt",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!Path::new("/nonexistent-dir").exists());
}

#[test]
fn pretty_prints_one_document() {
    let out = kehoach(&["extract", "--pretty", "corpus/ha-nam-province.txt"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["document"]["locality"]["name"], "Hà Nam");
    let out = kehoach(&[
        "extract",
        "--pretty",
        "corpus/ha-nam-province.txt",
        "corpus/an-lao-district.txt",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn normalize_prints_one_paragraph_per_line() {
    let out = kehoach(&["normalize", "corpus/ninh-hai-commune.txt"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().any(|l| l.starts_with("1.1. Phát huy sức mạnh của cả hệ thống chính trị trong việc tuyên truyền, nâng cao nhận thức")));
    assert!(
        !text.lines().any(|l| l.trim() == "2"),
        "the page number is dropped"
    );
}

#[test]
fn normalize_refuses_a_file_past_the_size_limit() {
    let dir = std::env::temp_dir().join(format!("kehoach-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.txt");
    let line = "Kế hoạch thực hiện phong trào học tập suốt đời.\n";
    let copies = kehoach::decode::MAX_BYTES / line.len() + 1;
    std::fs::write(&big, line.repeat(copies)).unwrap();
    let out = kehoach(&["normalize", big.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("too_large"), "{err}");
}

#[test]
fn usage_errors_are_exit_2() {
    assert_eq!(kehoach(&["extract"]).status.code(), Some(2));
    assert_eq!(
        kehoach(&["extract", "--encoding", "latin-9", "x"])
            .status
            .code(),
        Some(2)
    );
}

/// A minimal `.docx` holding the given paragraphs and one table.
fn docx(paragraphs: &[&str], rows: &[[&str; 3]]) -> Vec<u8> {
    use std::io::Write;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut body: String = paragraphs
        .iter()
        .map(|p| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                esc(p)
            )
        })
        .collect();
    body.push_str("<w:tbl>");
    for row in rows {
        body.push_str("<w:tr>");
        for cell in row {
            body.push_str(&format!(
                "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>",
                esc(cell)
            ));
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    let xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

#[test]
fn a_folder_of_mixed_formats_and_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = docx(
        &[
            "ỦY BAN NHÂN DÂN",
            "HUYỆN KIM BẢNG",
            "KẾ HOẠCH",
            "Triển khai phong trào thi đua trên địa bàn huyện Kim Bảng",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Mục đích",
            "II. TỔ CHỨC THỰC HIỆN",
            "1. Phòng Giáo dục và Đào tạo chủ trì.",
            "PHỤ LỤC",
        ],
        &[
            ["Nhiệm vụ", "Chủ trì", "Thời gian"],
            ["Tuyên truyền", "Phòng Văn hóa và Thông tin", "Quý II/2026"],
        ],
    );
    fs::write(d.join("a-plan.docx"), &plan).unwrap();
    fs::write(d.join("b-broken.docx"), &plan[..plan.len() / 2]).unwrap();
    let vni = kehoach::decode::vni::encode("KẾ HOẠCH\nTriển khai phong trào thi đua trên địa bàn xã Tân Phú\nI. MỤC TIÊU\n1. Nâng cao nhận thức của các tầng lớp nhân dân về học tập suốt đời.\n").unwrap();
    fs::write(d.join("c-vni.txt"), vni).unwrap();
    fs::write(d.join("d-notes.pdf"), b"%PDF-1.4").unwrap();
    let out = kehoach(&["extract", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let records = lines(&out);
    assert_eq!(records.len(), 3, "the .pdf is skipped with a note");
    assert!(String::from_utf8_lossy(&out.stderr).contains("d-notes.pdf"));
    assert_eq!(records[0]["source"]["encoding"], "docx");
    assert_eq!(records[0]["document"]["locality"]["name"], "Kim Bảng");
    let headings: Vec<&str> = records[0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["heading"].as_str().unwrap())
        .collect();
    assert_eq!(headings, ["MỤC ĐÍCH, YÊU CẦU", "TỔ CHỨC THỰC HIỆN"]);
    assert_eq!(records[1]["error"]["code"], "corrupt_docx");
    assert_eq!(records[2]["source"]["encoding"], "vni");
    assert_eq!(records[2]["document"]["locality"]["name"], "Tân Phú");
    let validator = schema();
    for r in &records {
        assert!(validator.is_valid(r));
    }
}

/// `-o` to something that is no regular file (here a named pipe; `/dev/null` is the
/// usual one) writes into it: renaming a temporary file over it would replace the
/// device or pipe with a plain file.
#[cfg(unix)]
#[test]
fn output_to_a_pipe_writes_into_it_and_leaves_it_a_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).expect("read the pipe"))
    };
    let out = kehoach(&[
        "extract",
        "corpus/ha-nam-province.txt",
        "-o",
        fifo.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = reader.join().unwrap();
    let line: Value = serde_json::from_slice(&written).expect("one JSON line");
    assert_eq!(line["source"]["path"], "corpus/ha-nam-province.txt");
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
}
