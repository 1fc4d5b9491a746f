//! The HTML report of `kehoach compare corpus/*.txt --format html` in a real
//! browser: headless Chromium loads the page, the rendered DOM holds the coverage
//! matrix and all five localities, the page fits a 1366-pixel laptop screen
//! without sideways scrolling, prints to PDF, and a screenshot is kept at
//! target/compare-report.png for people to look at.
//!
//! Needs `chromium` (Debian: `apt-get install chromium chromium-driver`; `.ci/run`
//! installs it). Without it the test fails with that message under `CI=true`, and
//! prints a skip notice otherwise.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CORPUS: &[&str] = &[
    "corpus/an-lao-district.txt",
    "corpus/binh-thuan-province.txt",
    "corpus/ha-nam-province.txt",
    "corpus/ninh-hai-commune.txt",
    "corpus/trieu-son-town-ocr.txt",
];

/// The five localities, as the page names them (read from the plans' headers).
const LOCALITIES: &[&str] = &[
    "huyện An Lão",
    "tỉnh Bình Thuận",
    "tỉnh Hà Nam",
    "xã Ninh Hải",
    "thị trấn Triệu Sơn",
];

fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

/// Chromium, or `None` after a skip notice; under CI a missing browser fails.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = find_chromium() {
        return Some(p);
    }
    let message = "headless Chromium is needed for the HTML report test: install it with `apt-get update && apt-get install -y chromium chromium-driver` (.ci/run does this)";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}");
    }
    eprintln!("SKIPPED compare_html: {message}");
    None
}

/// target/ (the parent of this test's temporary directory).
fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// Runs Chromium headless with a fresh profile and gives its standard output
/// (written to a file, so a large DOM never blocks on a full pipe); kills it
/// after two minutes.
fn run_chromium(bin: &Path, args: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let stdout = profile.path().join("stdout");
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("profile").display()
        ))
        .args(args)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let started = Instant::now();
    while child.try_wait().expect("wait for chromium").is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within two minutes: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    String::from_utf8_lossy(&fs::read(&stdout).unwrap_or_default()).into_owned()
}

/// Measures the rendered page; appended to a copy of the report only (the report
/// itself carries no script).
const PROBE: &str = r#"<script>
(function () {
  var names = __NAMES__;
  var visible = function (el) { var r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  var rows = document.querySelectorAll('#coverage table.matrix tbody tr');
  var inMatrix = names.filter(function (n) {
    return Array.prototype.some.call(rows, function (r) { return visible(r) && r.textContent.indexOf(n) >= 0; });
  });
  var headings = Array.prototype.map.call(document.querySelectorAll('h2'), function (h) { return visible(h) ? h.textContent : ''; });
  var out = {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    matrixRows: rows.length,
    inMatrix: inMatrix,
    headings: headings,
    fontSize: getComputedStyle(document.body).fontSize
  };
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"#;

fn probe_result(dom: &str) -> serde_json::Value {
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").expect("probe end");
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&text).expect("probe JSON")
}

#[test]
fn report_renders_in_headless_chromium() {
    let Some(bin) = chromium() else {
        return;
    };
    let target = target_dir();
    let report = target.join("compare-report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .arg("compare")
        .args(CORPUS)
        .args(["--format", "html", "-o"])
        .arg(&report)
        .output()
        .expect("run kehoach");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = fs::read_to_string(&report).unwrap();
    let url = |p: &Path| format!("file://{}", p.display());
    let size = "--window-size=1366,900".to_string();

    // The page as Chromium parsed and rendered it.
    let dom = run_chromium(
        &bin,
        &[size.clone(), "--dump-dom".to_string(), url(&report)],
    );
    assert!(
        dom.contains("<table class=\"matrix\">"),
        "the coverage matrix is in the DOM"
    );
    assert!(dom.contains("Ma trận bao phủ"));
    for name in LOCALITIES {
        assert!(dom.contains(name), "{name} is in the DOM");
    }

    // Layout at 1366 × 900: no sideways scrolling, the matrix has a row per plan
    // and every locality is visible in it, every section heading is shown.
    let names = serde_json::to_string(LOCALITIES).unwrap();
    let probed = target.join("compare-report-probe.html");
    fs::write(
        &probed,
        page.replace(
            "</body>",
            &format!("{}</body>", PROBE.replace("__NAMES__", &names)),
        ),
    )
    .unwrap();
    let dom = run_chromium(
        &bin,
        &[size.clone(), "--dump-dom".to_string(), url(&probed)],
    );
    let r = probe_result(&dom);
    assert!(
        r["scrollWidth"].as_u64().unwrap() <= r["clientWidth"].as_u64().unwrap(),
        "the page fits the window: {r}"
    );
    assert_eq!(r["matrixRows"], 5, "{r}");
    assert_eq!(r["inMatrix"].as_array().unwrap().len(), 5, "{r}");
    let headings: Vec<&str> = r["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(headings.len(), 6, "{headings:?}");
    assert!(headings.iter().all(|h| !h.is_empty()), "{headings:?}");

    // A screenshot for people, kept under target/.
    let png = target.join("compare-report.png");
    let _ = fs::remove_file(&png);
    run_chromium(
        &bin,
        &[
            size,
            format!("--screenshot={}", png.display()),
            url(&report),
        ],
    );
    let bytes = fs::read(&png).expect("a screenshot was written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let dim =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    assert_eq!((dim(16), dim(20)), (1366, 900));
    eprintln!("screenshot: {}", png.display());

    // The print stylesheet gives a PDF.
    let pdf = target.join("compare-report.pdf");
    let _ = fs::remove_file(&pdf);
    run_chromium(
        &bin,
        &[
            "--no-pdf-header-footer".to_string(),
            format!("--print-to-pdf={}", pdf.display()),
            url(&report),
        ],
    );
    let bytes = fs::read(&pdf).expect("a PDF was written");
    assert!(bytes.starts_with(b"%PDF-"));
}
