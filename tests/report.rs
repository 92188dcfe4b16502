//! `influence report`: the page it writes, its errors, and the page as a
//! real browser shows it.
//!
//! The browser test renders the report of the bundled sample in headless
//! Chromium (Debian's `chromium`): the page must load without a console
//! message (an error, or a resource the page's Content-Security-Policy
//! refused), and each chart, rendered on its own, must not be blank. It
//! keeps the screenshots under `target/tmp/report-browser/` (the full page
//! as `report.png`). Without Chromium it is skipped with a note, unless
//! `INFLUENCE_BROWSER_TEST=require` (as `.ci/run` sets after installing
//! Chromium), when a missing browser fails it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_influence"))
}

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/social.csv").display().to_string()
}

fn run(args: &[&str]) -> Output {
    match bin().args(args).stdin(Stdio::null()).output() {
        Ok(out) => out,
        Err(e) => panic!("cannot run influence: {e}"),
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A folder under `target/tmp` for this test's files, emptied first.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the report of the bundled sample into `dir` and returns it.
fn sample_report(dir: &Path, extra: &[&str]) -> String {
    let (path, input) = (dir.join("report.html"), sample());
    let mut args = vec!["report", input.as_str(), "-o", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("report: wrote"), "{}", stderr(&out));
    fs::read_to_string(path).unwrap()
}

/// The charts of a report: `(name, svg)` for each `<figure class="chart">`.
fn charts(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in html.split("<figure class=\"chart\" data-chart=\"").skip(1) {
        let name = part[..part.find('"').unwrap()].to_string();
        let start = part.find("<svg").expect("a figure without an svg");
        let end = part.find("</svg>").expect("an unclosed svg") + "</svg>".len();
        out.push((name, part[start..end].to_string()));
    }
    out
}

#[test]
fn the_page_is_self_contained_and_has_every_section() {
    let dir = folder("report-page");
    let html = sample_report(&dir, &["--user", "u0173", "--history-days", "5"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Loads nothing: no script, no external reference of any kind.
    assert!(html.contains("Content-Security-Policy"));
    // (The only address is the SVG namespace's name, which nothing fetches.)
    let rest = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for needle in ["<script", "http:", "https:", "src=", "href=", "<link", "@import", "url(", "<img"] {
        assert!(!rest.contains(needle), "the report contains {needle}");
    }
    for section in ["distribution", "top", "history", "validation", "topics", "users"] {
        assert!(html.contains(&format!("<section id=\"{section}\">")), "no {section} section");
    }
    let names: Vec<String> = charts(&html).into_iter().map(|(n, _)| n).collect();
    for chart in ["distribution", "top", "history", "validation", "network-u0173", "kind-u0173", "partner-u0173"] {
        assert!(names.iter().any(|n| n == chart), "no chart {chart} in {names:?}");
    }
    // One user asked for: one section, and the history has five days and today.
    assert_eq!(html.matches("<article>").count(), 1);
    assert!(html.contains("the last 5 days"), "the history's caption");
    // The bundled sample has topics: a chart per topic, at most six.
    assert_eq!(names.iter().filter(|n| n.starts_with("topic-")).count(), 6);
}

#[test]
fn undated_input_has_no_history_or_validation_and_says_why() {
    let dir = folder("report-undated");
    let input = dir.join("edges.csv");
    fs::write(&input, "actor,target\na,b\nb,a\nc,a\nc,b\nd,a\n").unwrap();
    let path = dir.join("report.html");
    let out = run(&["report", input.to_str().unwrap(), "-o", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = fs::read_to_string(path).unwrap();
    assert!(html.contains("No history: the input is not dated"), "{html}");
    assert!(html.contains("No validation: some interactions have no time"), "{html}");
}

#[test]
fn bad_input_gets_the_errors_of_score() {
    let dir = folder("report-errors");
    let bad = dir.join("bad.csv");
    fs::write(&bad, "actor,target,weight\na,b,1\nb,c,nope\n").unwrap();
    let out_path = dir.join("report.html");
    let report = run(&["report", bad.to_str().unwrap(), "-o", out_path.to_str().unwrap()]);
    let score = run(&["score", bad.to_str().unwrap()]);
    assert_eq!(report.status.code(), Some(1));
    assert_eq!(score.status.code(), Some(1));
    let line = |o: &Output| stderr(o).lines().find(|l| l.starts_with("error:")).unwrap_or_default().to_string();
    assert_eq!(line(&report), line(&score));
    assert!(!out_path.exists(), "a failed report leaves no file");

    let input = sample();
    let unknown = run(&["report", &input, "--user", "nobody", "-o", out_path.to_str().unwrap()]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("nobody"), "{}", stderr(&unknown));
    assert!(!out_path.exists());

    let split = run(&["report", &input, "--split", "1.5", "-o", out_path.to_str().unwrap()]);
    assert_eq!(split.status.code(), Some(1));
    assert!(stderr(&split).contains("--split 1.5"), "{}", stderr(&split));
    let top = run(&["report", &input, "--top", "0", "-o", out_path.to_str().unwrap()]);
    assert_eq!(top.status.code(), Some(2), "{}", stderr(&top));
}

/// The Chromium to test with: `$INFLUENCE_CHROMIUM`, else the first of the
/// usual names on the PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("INFLUENCE_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let paths = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
        for dir in std::env::split_paths(&paths) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Renders `page` in headless Chromium to `png` at `width` × `height`;
/// returns the console messages it logged.
fn screenshot(browser: &Path, page: &Path, png: &Path, width: u32, height: u32) -> Vec<String> {
    let profile = png.with_extension("profile");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .output()
        .expect("cannot run chromium");
    let _ = fs::remove_dir_all(&profile);
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(png.is_file(), "chromium wrote no screenshot of {}: {log}", page.display());
    log.lines().filter(|l| l.contains(":CONSOLE")).map(str::to_string).collect()
}

/// The distinct colours of a PNG and the share of its pixels that differ
/// from the top-left one (the background).
fn colours(png: &Path) -> (usize, f64) {
    let decoder = png::Decoder::new(fs::File::open(png).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let samples = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(samples).collect();
    let background = pixels[0];
    let mut distinct: Vec<&[u8]> = pixels.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let other = pixels.iter().filter(|p| **p != background).count();
    (distinct.len(), other as f64 / pixels.len() as f64)
}

#[test]
fn the_report_renders_in_a_real_browser() {
    let Some(browser) = chromium() else {
        if std::env::var("INFLUENCE_BROWSER_TEST").as_deref() == Ok("require") {
            panic!("INFLUENCE_BROWSER_TEST=require, but no Chromium is installed (apt-get install chromium)");
        }
        eprintln!("skipped: no Chromium on the PATH (apt-get install chromium, or set INFLUENCE_CHROMIUM)");
        return;
    };
    let dir = folder("report-browser");

    // The console check can fail: a page that logs an error is caught.
    let noisy = dir.join("noisy.html");
    fs::write(&noisy, "<!DOCTYPE html><html><body><script>console.error('boom')</script>x</body></html>").unwrap();
    let messages = screenshot(&browser, &noisy, &dir.join("noisy.png"), 200, 100);
    assert!(messages.iter().any(|m| m.contains("boom")), "the console check saw nothing: {messages:?}");

    let html = sample_report(&dir, &[]);
    let page = dir.join("report.html");
    let messages = screenshot(&browser, &page, &dir.join("report.png"), 1000, 9000);
    assert!(messages.is_empty(), "the report logged to the console: {messages:?}");
    let (distinct, share) = colours(&dir.join("report.png"));
    assert!(distinct > 50 && share > 0.05, "the page looks blank: {distinct} colours, {share} not background");

    // Each chart on its own page, at its own size: present and not blank.
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap() + "</style>".len()];
    let all = charts(&html);
    assert!(all.len() >= 20, "{} charts", all.len());
    for (k, (name, svg)) in all.iter().enumerate() {
        let size = |attr: &str| -> u32 {
            let at = svg.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
            svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
        };
        let (w, h) = (size("width"), size("height"));
        let one = dir.join(format!("chart-{k:02}.html"));
        fs::write(
            &one,
            format!("<!DOCTYPE html><html><head>{style}</head><body style=\"margin:0\">{svg}</body></html>"),
        )
        .unwrap();
        let png = dir.join(format!("chart-{k:02}.png"));
        let messages = screenshot(&browser, &one, &png, w, h);
        assert!(messages.is_empty(), "chart {name} logged to the console: {messages:?}");
        let (distinct, share) = colours(&png);
        assert!(distinct >= 3 && share > 0.01, "chart {name} looks blank: {distinct} colours, {share} not background");
    }
}
