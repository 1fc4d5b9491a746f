//! Inputs no plan should be but an archive will hold: 100,000 headings, numbering
//! nested 200 deep, a folder mixing every encoding with a binary file, entries that
//! cannot be read (a locked file, a dangling link, a FIFO), a link loop, broken and
//! bomb-like Word documents, standard input, and a run interrupted mid-way. Each
//! gives the records it should, and never a panic or a hang. (A 5 MB single line
//! is in `tests/cli.rs`.)

mod support;

#[path = "../examples/support/render.rs"]
mod render;

#[path = "support/run.rs"]
mod run;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use kehoach::decode::Encoding;
use kehoach::plan::ItemOut;
use run::{kehoach, lines};

/// The header and title of a district plan, then section I.
fn plan_head(district: &str) -> String {
    format!(
        "ỦY BAN NHÂN DÂN\nHUYỆN {}\nSố: 12/KH-UBND\nKẾ HOẠCH\n\
         Triển khai phong trào thi đua xây dựng xã hội học tập trên địa bàn huyện {district}\n\
         I. NỘI DUNG\n",
        district.to_uppercase()
    )
}

/// Items in document order (each before its sub-items).
fn preorder(items: &[ItemOut]) -> Vec<&ItemOut> {
    let mut out = Vec::new();
    for i in items {
        out.push(i);
        out.extend(preorder(&i.items));
    }
    out
}

fn depth(items: &[ItemOut]) -> usize {
    items.iter().map(|i| 1 + depth(&i.items)).max().unwrap_or(0)
}

/// Runs the pipeline on `text` (checking every invariant of the fuzz target) and
/// asserts that the items of its one section are exactly `expected` lines, in order,
/// each item's span starting at its line. Returns the section's nesting depth.
fn items_are_the_lines(text: &str, expected: &[String]) -> usize {
    support::invariants::check(text.as_bytes());
    let record = kehoach::process("p.txt", text.as_bytes(), &Default::default());
    let plan = record.plan.expect("a plan");
    assert_eq!(plan.sections.len(), 1);
    let items = preorder(&plan.sections[0].items);
    assert_eq!(items.len(), expected.len(), "one item per line");
    for (item, line) in items.iter().zip(expected) {
        assert!(
            text[item.span.range()].starts_with(line.as_str()),
            "{:?} is not at {line:?}",
            item.id
        );
    }
    depth(&plan.sections[0].items)
}

#[test]
fn a_hundred_thousand_headings_are_a_hundred_thousand_items() {
    let headings: Vec<String> = (1..=100_000)
        .map(|k| format!("{k}. Nội dung thứ {k}"))
        .collect();
    let text = plan_head("Kim Bảng") + &headings.join("\n") + "\n";
    items_are_the_lines(&text, &headings);
}

#[test]
fn decimal_numbering_two_hundred_levels_deep() {
    let levels: Vec<String> = (1..=200)
        .map(|d| format!("{}. Nội dung cấp {d}", vec!["1"; d].join(".")))
        .collect();
    let text = plan_head("Kim Bảng") + &levels.join("\n") + "\n";
    let depth = items_are_the_lines(&text, &levels);
    assert_eq!(
        depth, 4,
        "1 > 1.1 > 1.1.1 > 1.1.1.1, deeper numbers are text"
    );
}

#[test]
fn letters_dashes_and_pluses_alternating_two_hundred_deep() {
    let mut levels = vec!["1. Mở đầu".to_string()];
    levels.extend((0..200).map(|d| format!("{} Nội dung cấp {d}", ["a)", "-", "+"][d % 3])));
    let text = plan_head("Kim Bảng") + &levels.join("\n") + "\n";
    let depth = items_are_the_lines(&text, &levels);
    assert_eq!(depth, 4, "1 > a) > - > +, then siblings");
}

/// A short plan of a commune of `district`, long enough to tell encodings apart.
fn commune_plan(district: &str) -> String {
    plan_head(district)
        + "1. Tuyên truyền, nâng cao nhận thức của các tầng lớp nhân dân về vị trí, vai trò \
           của học tập suốt đời; xây dựng các mô hình học tập trong gia đình, dòng họ, cộng đồng.\n\
           2. Phòng Giáo dục và Đào tạo chủ trì, phối hợp với các cơ quan, đơn vị liên quan \
           hướng dẫn, kiểm tra việc thực hiện kế hoạch; báo cáo kết quả trước ngày 15 tháng 12 hằng năm.\n"
}

#[test]
fn a_folder_in_every_encoding_gives_one_line_each_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases = [
        ("a.txt", Encoding::Utf8, "Kim Bảng"),
        ("b.txt", Encoding::Utf16Le, "Thanh Liêm"),
        ("c.txt", Encoding::Windows1258, "Bình Lục"),
        ("d.txt", Encoding::Tcvn3, "Lý Nhân"),
        ("e.txt", Encoding::Vni, "Duy Tiên"),
        ("f.docx", Encoding::Docx, "Phủ Lý"),
    ];
    for (name, encoding, district) in cases {
        let bytes = render::render(&commune_plan(district), encoding).unwrap();
        fs::write(d.join(name), bytes).unwrap();
    }
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect();
    fs::write(d.join("g.txt"), binary).unwrap();
    let out = kehoach(&["extract", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "the binary file is an error");
    let records = lines(&out);
    let names: Vec<String> = records
        .iter()
        .map(|r| {
            let path = r["source"]["path"].as_str().unwrap();
            Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into()
        })
        .collect();
    assert_eq!(
        names,
        ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.docx", "g.txt"]
    );
    for (r, (_, encoding, district)) in records.iter().zip(cases) {
        assert_eq!(r["source"]["encoding"], encoding.name());
        assert!(r["error"].is_null());
        let first = &r["sections"][0]["items"][0];
        assert_eq!(first["id"], "I.1", "{encoding}");
        assert!(first["text"].as_str().unwrap().starts_with("Tuyên truyền"));
        // TCVN3 has no toned capitals ("KẾ HOẠCH" is written "Kế HOạCH"): the
        // decoder restores them, and the header with them.
        assert_eq!(r["document"]["number"], "12/KH-UBND", "{encoding}");
        assert_eq!(r["document"]["locality"]["name"], district, "{encoding}");
    }
    assert_eq!(records[6]["error"]["code"], "binary");
}

/// Runs `kehoach extract DIR`; a run still going after a generous while is blocked
/// (on the FIFO), so the FIFO is opened for writing to release it and the test fails.
fn extract_without_blocking(dir: &Path, fifo: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["extract", dir.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(300) {
            drop(fs::OpenOptions::new().write(true).open(fifo));
            let _ = child.wait_with_output();
            panic!("kehoach blocked reading a FIFO");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn unreadable_entries_are_error_lines_or_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let locked = d.join("a-locked.txt");
    fs::write(&locked, commune_plan("Kim Bảng")).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads a file whatever its mode: the line says what this user got.
    let readable = fs::read(&locked).is_ok();
    std::os::unix::fs::symlink(d.join("nowhere.txt"), d.join("b-gone.txt")).unwrap();
    let fifo = d.join("c-pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    fs::write(d.join("d-plan.txt"), commune_plan("Bình Lục")).unwrap();
    let out = extract_without_blocking(d, &fifo);
    assert_eq!(out.status.code(), Some(1));
    let records = lines(&out);
    let paths: Vec<&str> = records
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap())
        .collect();
    let path = |name: &str| d.join(name).display().to_string();
    assert_eq!(
        paths,
        [path("a-locked.txt"), path("b-gone.txt"), path("d-plan.txt")]
    );
    if readable {
        assert_eq!(records[0]["document"]["locality"]["name"], "Kim Bảng");
    } else {
        assert_eq!(records[0]["error"]["code"], "io");
    }
    assert_eq!(records[1]["error"]["code"], "io");
    assert_eq!(records[2]["document"]["locality"]["name"], "Bình Lục");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("c-pipe.txt: not a regular file"),
        "{stderr}"
    );
}

#[test]
fn a_link_loop_and_an_alias_walk_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("sub")).unwrap();
    fs::write(d.join("a.txt"), commune_plan("Kim Bảng")).unwrap();
    fs::write(d.join("sub/b.txt"), commune_plan("Bình Lục")).unwrap();
    std::os::unix::fs::symlink("..", d.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("sub", d.join("alias")).unwrap();
    let out = kehoach(&["extract", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let records = lines(&out);
    let localities: Vec<&str> = records
        .iter()
        .map(|r| r["document"]["locality"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(localities, ["Kim Bảng", "Bình Lục"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("already walked").count(), 2, "{stderr}");
}

/// A zip holding the named entries.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    for (name, data) in entries {
        let options = zip::write::SimpleFileOptions::default().large_file(data.len() > 1 << 30);
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

fn error_code(bytes: &[u8]) -> String {
    support::invariants::check(bytes);
    let record = kehoach::process("p.docx", bytes, &Default::default());
    assert!(record.plan.is_none());
    record.error.expect("an error record").code
}

#[test]
fn broken_word_documents_are_corrupt_docx() {
    let good = render::render(&commune_plan("Phủ Lý"), Encoding::Docx).unwrap();
    assert!(kehoach::process("p.docx", &good, &Default::default())
        .plan
        .is_some());
    for cut in [4, good.len() / 10, good.len() / 2, good.len() - 1] {
        assert_eq!(error_code(&good[..cut]), "corrupt_docx", "cut at {cut}");
    }
    let no_body = zip(&[("[Content_Types].xml", b"<Types/>")]);
    assert_eq!(error_code(&no_body), "corrupt_docx");
    let bad_xml = zip(&[("word/document.xml", b"<w:body><w:p><w:t>KE HOACH</w:x>")]);
    assert_eq!(error_code(&bad_xml), "corrupt_docx");
}

#[test]
fn a_zip_bomb_is_too_large_without_being_inflated_whole() {
    // 300 MB of text deflates to some 300 KB.
    let mut xml = b"<w:document><w:body><w:p><w:r><w:t>".to_vec();
    xml.resize(xml.len() + (300 << 20), b' ');
    xml.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let honest = zip(&[("word/document.xml", &xml)]);
    let declared = u32::try_from(xml.len()).unwrap().to_le_bytes();
    drop(xml);
    assert_eq!(error_code(&honest), "too_large");
    // The same archive declaring a small size: the stream is cut at the limit.
    let mut lying = honest.clone();
    let small = 1000u32.to_le_bytes();
    let mut patched = 0;
    for i in 0..lying.len().saturating_sub(4) {
        if lying[i..i + 4] == declared {
            lying[i..i + 4].copy_from_slice(&small);
            patched += 1;
        }
    }
    assert!(patched >= 1, "the declared size is in the archive");
    let code = error_code(&lying);
    assert!(code == "too_large" || code == "corrupt_docx", "{code}");
}

#[test]
fn standard_input_is_read_in_its_place() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["extract", "corpus/ha-nam-province.txt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let plan = commune_plan("Thanh Liêm");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(plan.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let records = lines(&out);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["document"]["locality"]["name"], "Hà Nam");
    assert_eq!(records[1]["source"]["path"], "-");
    assert_eq!(records[1]["source"]["bytes"], plan.len());
    assert_eq!(records[1]["document"]["locality"]["name"], "Thanh Liêm");
}

#[test]
fn an_interrupted_run_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    fs::create_dir(&plans).unwrap();
    for i in 0..400 {
        fs::write(plans.join(format!("{i:03}.txt")), commune_plan("Kim Bảng")).unwrap();
    }
    let out_dir = dir.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    let dest = out_dir.join("plans.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["extract", "-j", "1", "-o"])
        .arg(&dest)
        .arg(&plans)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Interrupt once the temporary output exists, before the run could finish.
    while fs::read_dir(&out_dir).unwrap().next().is_none() {
        assert!(child.try_wait().unwrap().is_none(), "the run ended first");
        std::thread::sleep(Duration::from_millis(5));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert!(!status.success());
    assert!(!dest.exists(), "no output file after an interrupted run");
    let left: Vec<_> = fs::read_dir(&out_dir).unwrap().collect();
    assert!(left.is_empty(), "the temporary file is removed: {left:?}");
}
