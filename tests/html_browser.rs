//! The HTML report in a real browser (headless Chromium, Debian's
//! `chromium` package): the plan of data/ plus two tasks whose titles try to
//! run script. Chromium loads the page from a file:// URL:
//!
//! 1. with `--dump-dom` (the DOM after scripts ran) and console logging on
//!    stderr: no console message at all (a CSP violation or a script error
//!    would log one), the page's SVG holds one `rect.bar` per task of
//!    plan.csv, no `<script>` element exists and the document title was not
//!    changed by the injected code, whose text shows escaped;
//! 2. the Gantt in that DOM: bands for the days nobody works (the Christmas
//!    holidays of data/team.toml named), Maria's leave hatched in her lane
//!    from the first to the last working day of it on the chart, no time
//!    off in anyone else's lane, and every bar labelled with its whole
//!    title or a number that the key table under the chart gives the task;
//! 3. the Gantt's geometry as the browser lays it out: a copy of the page
//!    with a script appended (the report itself has none) measures every
//!    text and the legend with `getBoundingClientRect` and writes what
//!    overlaps, what runs off the drawing and which label spills out of its
//!    bar into a `<pre>`, which must list nothing; a control page with an
//!    overlap, a clipped tick and a spilling label proves the measure sees
//!    them;
//! 4. with `--screenshot`: the PNG decodes, is not blank (many colours, a
//!    good share of non-white pixels) and shows the priority colours of the
//!    Gantt bars, the grey of the days nobody works and the hatching of
//!    time off.
//!
//! A probe page with a deliberate `console.error` first proves that console
//! messages are seen at all, so "no message" means something.
//!
//! Without chromium the test is skipped with a message, unless
//! SPRINTCAST_REQUIRE_BROWSER is set (as .ci/run does): then it fails.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// chromium (or chromium-browser) on PATH.
fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// Output of one browser run.
struct Run {
    stdout: String,
    stderr: String,
}

/// Runs headless Chromium on `url` with `extra` flags, in a fresh profile;
/// kills it after two minutes (a hung browser must not hang the tests).
fn chromium(browser: &Path, profile: &Path, extra: &[String], url: &str) -> Run {
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(url)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("chromium starts");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within two minutes on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stdout = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    assert!(
        status.success(),
        "chromium failed ({status}) on {url}:\n{stderr}"
    );
    Run { stdout, stderr }
}

/// The console messages chromium logged (`…:CONSOLE(line)] "text", source: …`).
fn console_messages(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains("CONSOLE")).collect()
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// The plan of data/backlog.csv plus two hostile tasks: returns the HTML
/// report and the number of tasks in plan.csv.
fn make_report(dir: &Path) -> (PathBuf, usize) {
    let mut backlog = std::fs::read_to_string(root().join("data/backlog.csv")).unwrap();
    backlog.push_str(
        "x/script,<script>document.title='pwned';console.error('injected')</script>,hostile,LOW,,2,,,,,open,,,,\n",
    );
    backlog.push_str(
        "x/img,\"<img src=x onerror=\"\"document.title='pwned'\"\">\",hostile,LOW,,1,x/script,,,,open,,,,\n",
    );
    let backlog_path = dir.join("backlog.csv");
    std::fs::write(&backlog_path, backlog).unwrap();
    let html = dir.join("report.html");
    let out = dir.join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_sprintcast"))
        .current_dir(root())
        .args(["plan"])
        .arg(&backlog_path)
        .args(["--team", "data/team.toml", "--today", "2026-12-09", "--out"])
        .arg(&out)
        .arg("--html")
        .arg(&html)
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let plan = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    let tasks = csv::Reader::from_reader(plan.as_bytes()).records().count();
    (html, tasks)
}

/// Decodes a PNG into (width, height, RGB pixels).
fn decode_png(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).expect("the screenshot exists"),
    ));
    let mut reader = decoder.read_info().expect("the screenshot is a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let pixels = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| match channels {
            1 | 2 => [p[0], p[0], p[0]],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    (info.width, info.height, pixels)
}

#[test]
fn the_html_report_renders_in_chromium_without_errors_or_injected_script() {
    let Some(browser) = find_chromium() else {
        if std::env::var_os("SPRINTCAST_REQUIRE_BROWSER").is_some() {
            panic!("SPRINTCAST_REQUIRE_BROWSER is set but chromium is not installed (apt-get install chromium)");
        }
        eprintln!(
            "SKIPPED html_browser: chromium is not installed (apt-get install chromium); \
             set SPRINTCAST_REQUIRE_BROWSER=1 to make this a failure"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();

    // The console is seen: a probe page's error shows up on stderr.
    let probe = tmp.path().join("probe.html");
    std::fs::write(
        &probe,
        "<!DOCTYPE html><title>probe</title><script>console.error('sprintcast-probe')</script>",
    )
    .unwrap();
    let run = chromium(
        &browser,
        &tmp.path().join("profile-probe"),
        &["--dump-dom".to_string()],
        &file_url(&probe),
    );
    assert!(
        console_messages(&run.stderr)
            .iter()
            .any(|l| l.contains("sprintcast-probe")),
        "console messages are not visible in chromium's log; stderr:\n{}",
        run.stderr
    );

    let (html, tasks) = make_report(tmp.path());
    assert_eq!(tasks, 57 + 2);

    // 1. The DOM after loading, and the console.
    let run = chromium(
        &browser,
        &tmp.path().join("profile-dom"),
        &["--dump-dom".to_string()],
        &file_url(&html),
    );
    let console = console_messages(&run.stderr);
    assert!(console.is_empty(), "console messages: {console:#?}");
    let dom = &run.stdout;
    assert!(
        dom.contains("<svg class=\"gantt\""),
        "no Gantt chart in the DOM"
    );
    assert_eq!(
        dom.matches("<rect class=\"bar ").count(),
        tasks,
        "one bar per scheduled task"
    );
    assert!(
        !dom.contains("<script"),
        "a script element got into the DOM"
    );
    assert!(!dom.contains("<img"), "an img element got into the DOM");
    assert!(
        !dom.contains("<title>pwned</title>"),
        "the injected script ran"
    );
    assert!(
        dom.contains("<title>Sprint plan — "),
        "the page title is intact"
    );
    assert!(dom.contains("&lt;script&gt;document.title='pwned'"));

    // 2. What the Gantt shows, and 3. how the browser lays it out.
    gantt_shows_closed_days_time_off_and_a_label_for_every_bar(dom);
    let control = measure(&browser, tmp.path(), CONTROL, "control");
    for what in ["overlaps", "outside", "spill"] {
        assert!(
            control[what].as_array().is_some_and(|a| !a.is_empty()),
            "the geometry probe misses the control page's {what}: {control}"
        );
    }
    let page = std::fs::read_to_string(&html).unwrap();
    let geometry = measure(&browser, tmp.path(), &page, "report");
    assert!(
        geometry["texts"].as_u64().unwrap_or(0) > tasks as u64,
        "the probe measured too few texts: {geometry}"
    );
    for what in ["overlaps", "outside", "spill"] {
        assert_eq!(
            geometry[what],
            serde_json::json!([]),
            "Gantt {what}: {geometry}"
        );
    }

    // 4. A screenshot that shows something.
    let shot = tmp.path().join("shot.png");
    chromium(
        &browser,
        &tmp.path().join("profile-shot"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".to_string(),
        ],
        &file_url(&html),
    );
    let (w, h, pixels) = decode_png(&shot);
    assert!(w >= 1000 && h >= 1000, "screenshot {w}x{h}");
    let white = pixels
        .iter()
        .filter(|p| p.iter().all(|&c| c >= 250))
        .count();
    let share = 1.0 - white as f64 / pixels.len() as f64;
    let mut colours: Vec<[u8; 3]> = pixels.clone();
    colours.sort_unstable();
    colours.dedup();
    assert!(
        colours.len() >= 16,
        "the screenshot has only {} colours",
        colours.len()
    );
    assert!(
        share > 0.03,
        "the screenshot is {:.1}% non-white",
        share * 100.0
    );
    // The bars: URGENT red, HIGH amber, MEDIUM blue (SVG fill colours);
    // the grey bands of the days nobody works, the stripes of time off.
    for (name, rgb) in [
        ("URGENT", [0xb4, 0x23, 0x18]),
        ("HIGH", [0xe8, 0x89, 0x0c]),
        ("MEDIUM", [0x2f, 0x6f, 0xd0]),
        ("days nobody works", [0xc8, 0xd1, 0xda]),
        ("time off stripes", [0xa4, 0xac, 0xb5]),
    ] {
        let near = |p: &[u8; 3]| p.iter().zip(rgb).all(|(&a, b)| a.abs_diff(b) <= 8);
        let count = pixels.iter().filter(|p| near(p)).count();
        assert!(
            count > 200,
            "{name} bars: {count} pixels of #{:02x}{:02x}{:02x}",
            rgb[0],
            rgb[1],
            rgb[2]
        );
    }
}

/// The value of attribute `name` in the tag text `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let from = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    let len = tag[from..].find('"').unwrap();
    &tag[from..from + len]
}

fn num_attr(tag: &str, name: &str) -> f64 {
    attr(tag, name).parse().unwrap()
}

/// The top and bottom of the lane of `dev` in the dumped DOM.
fn lane(dom: &str, dev: &str) -> (f64, f64) {
    let re = regex::Regex::new(&format!(
        r#"<rect class="lane[^"]*"[^>]*>(?:</rect>)?<text class="dev"[^>]*><title>{dev}</title>"#
    ))
    .unwrap();
    let tag = re
        .find(dom)
        .unwrap_or_else(|| panic!("no lane for {dev}"))
        .as_str();
    let y = num_attr(tag, "y");
    (y, y + num_attr(tag, "height"))
}

/// Whether the rect tag `tag` lies within the band `(top, bottom)`.
fn within(tag: &str, (top, bottom): (f64, f64)) -> bool {
    let y = num_attr(tag, "y");
    y >= top && y + num_attr(tag, "height") <= bottom
}

/// Whether `day` is a business day of data/team.toml.
fn business(team: &sprintcast::Team, day: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    team.calendar.workdays.contains(&day.weekday()) && !team.calendar.holidays.contains(&day)
}

/// The Gantt of the data/ plan in the dumped DOM: a band per run of days
/// nobody works, Maria's leave in her lane (and no one else's), the short
/// days of Kai (part-time) in his, and every bar named by its title or by
/// a number the key table resolves.
fn gantt_shows_closed_days_time_off_and_a_label_for_every_bar(dom: &str) {
    use chrono::{Duration, NaiveDate};
    let team = sprintcast::team_file::read_team(&root().join("data/team.toml")).unwrap();
    let title = regex::Regex::new(
        r"Schedule in working time: \d+ tasks of \d+ developers, (\S+) to (\S+)</title>",
    )
    .unwrap();
    let caps = title.captures(dom).expect("the chart's title");
    let first: NaiveDate = caps[1].parse().unwrap();
    let last: NaiveDate = caps[2].parse().unwrap();

    // Runs of days nobody works between the first day and the last.
    let mut runs = 0;
    let mut day = first;
    while day <= last {
        if !business(&team, day) && business(&team, day - Duration::days(1)) {
            runs += 1;
        }
        day += Duration::days(1);
    }
    assert!(runs >= 3, "{runs}");
    assert_eq!(dom.matches(r#"<rect class="closed""#).count(), runs);
    assert!(
        dom.contains("nobody works; holiday 2026-12-24, 2026-12-25</title>"),
        "the Christmas holidays are not named on their band"
    );

    // Maria's leave: from its first to its last working day on the chart.
    let maria = team.developer("Maria").unwrap();
    let leave = maria.time_off[0];
    let mut from = leave.first;
    while !business(&team, from) {
        from += Duration::days(1);
    }
    let mut to = leave.last.min(last);
    while !business(&team, to) {
        to -= Duration::days(1);
    }
    let days = (0..=(to - from).num_days())
        .filter(|&k| business(&team, from + Duration::days(k)))
        .count();
    let away = regex::Regex::new(r#"<rect class="away"[^>]*>\s*<title>([^<]*)</title>"#).unwrap();
    let blocks: Vec<(&str, &str)> = away
        .captures_iter(dom)
        .map(|c| (c.get(0).unwrap().as_str(), c.get(1).unwrap().as_str()))
        .collect();
    assert_eq!(blocks.len(), 1, "one time-off block, Maria's: {blocks:?}");
    let (tag, text) = blocks[0];
    assert_eq!(
        text,
        format!("Maria: time off, {from} to {to} ({days} working days)")
    );
    assert!(within(tag, lane(dom, "Maria")), "{tag}");
    let tick = regex::Regex::new(&format!(
        r#"<line class="week" x1="([\d.]+)"[^>]*>(?:</line>)?\s*<text class="tick"[^>]*>{}</text>"#,
        from.format("%-d %b")
    ))
    .unwrap();
    let tick_x = &tick.captures(dom).expect("a tick on the leave's first day")[1];
    assert_eq!(attr(tag, "x"), tick_x, "the leave starts on its day's tick");

    // Kai works short days: the rest of each is shaded in his lane.
    let kai = lane(dom, "Kai");
    let off_hours = regex::Regex::new(r#"<rect class="off-hours"[^>]*>"#).unwrap();
    assert!(
        off_hours
            .find_iter(dom)
            .filter(|m| within(m.as_str(), kai))
            .count()
            >= 10,
        "Kai's short days are not shaded"
    );

    every_bar_has_a_label_or_a_key(dom);
}

/// Each bar shows its whole title, or a number (inside it, or in the
/// lane's number row) that its tooltip and a row of the key table share.
fn every_bar_has_a_label_or_a_key(dom: &str) {
    let task = regex::Regex::new(r#"(?s)<g class="task"><title>([^<]*)</title>(.*?)</g>"#).unwrap();
    let keyed = regex::Regex::new(r"^(\d+)\. ").unwrap();
    let label =
        regex::Regex::new(r#"<text class="label [^"]*"( data-key="(\d+)")?[^>]*>([^<]*)</text>"#)
            .unwrap();
    let mut numbers = Vec::new();
    let mut bars = 0;
    for c in task.captures_iter(dom) {
        bars += 1;
        let mut lines = c[1].lines();
        let (head, id) = (lines.next().unwrap(), lines.next().unwrap());
        let inside = label.captures(&c[2]);
        let Some(n) = keyed.captures(head).map(|k| k[1].to_string()) else {
            let inside = inside.unwrap_or_else(|| panic!("bar {id} has no label"));
            assert_eq!(&inside[3], head, "bar {id} shows its title");
            continue;
        };
        let title = &head[n.len() + 2..];
        match inside {
            Some(l) => {
                assert_eq!(l.get(2).map(|m| m.as_str()), Some(n.as_str()), "{id}");
                assert!(l[3].starts_with(&n), "bar {id} shows its number {n}");
            }
            None => assert_eq!(
                dom.matches(&format!(r#"<text class="num" data-key="{n}""#))
                    .count(),
                1,
                "number {n} of bar {id} in the number row"
            ),
        }
        let row =
            format!(r#"<tr id="key-{n}"><td class="n">{n}</td><td>{id}</td><td>{title}</td>"#);
        assert!(dom.contains(&row), "no key row {row}");
        numbers.push(n.parse::<usize>().unwrap());
    }
    assert!(bars > 0);
    numbers.sort_unstable();
    let expected: Vec<usize> = (1..=numbers.len()).collect();
    assert_eq!(numbers, expected, "key numbers run from 1 without gaps");
    assert_eq!(dom.matches("<tr id=\"key-").count(), numbers.len());
}

/// Measures the Gantt of `page`: a copy without the CSP and with
/// [`PROBE`] appended is loaded in chromium, and the JSON the probe
/// writes into the page is returned.
fn measure(browser: &Path, dir: &Path, page: &str, name: &str) -> serde_json::Value {
    let copy: String = page
        .lines()
        .filter(|l| !l.contains("Content-Security-Policy"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("</body>", &format!("<script>{PROBE}</script></body>"));
    let path = dir.join(format!("{name}-geometry.html"));
    std::fs::write(&path, copy).unwrap();
    let run = chromium(
        browser,
        &dir.join(format!("profile-{name}")),
        &[
            "--dump-dom".to_string(),
            "--window-size=1400,2000".to_string(),
        ],
        &file_url(&path),
    );
    let re = regex::Regex::new(r#"<pre id="geometry">([^<]*)</pre>"#).unwrap();
    let json = re
        .captures(&run.stdout)
        .unwrap_or_else(|| panic!("the probe wrote nothing on {name}: {}", run.stderr))[1]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

/// Measures every text of `svg.gantt` and its legend group: which pairs
/// overlap (by more than half a pixel both ways), which leave the SVG's
/// box, and which bar labels leave their bar.
const PROBE: &str = r#"
(() => {
  const svg = document.querySelector('svg.gantt');
  const box = svg.getBoundingClientRect();
  const rect = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const cut = (a, b) => Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5
    && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0.5;
  const named = t => t.getAttribute('class') + ': ' + (t.lastChild ? t.lastChild.textContent : '');
  const items = [...svg.querySelectorAll('text')].filter(t => !t.closest('g.legend'))
    .map(t => ({ what: named(t), box: rect(t) }));
  items.push({ what: 'legend', box: rect(svg.querySelector('g.legend')) });
  const overlaps = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++)
      if (cut(items[i].box, items[j].box)) overlaps.push([items[i].what, items[j].what]);
  const outside = items.filter(i => i.box[0] < box.left - 0.5 || i.box[2] > box.right + 0.5
    || i.box[1] < box.top - 0.5 || i.box[3] > box.bottom + 0.5).map(i => i.what);
  const spill = [...svg.querySelectorAll('g.task')].filter(g => g.querySelector('text.label'))
    .filter(g => {
      const t = rect(g.querySelector('text.label')), b = rect(g.querySelector('rect.bar'));
      return t[0] < b[0] - 0.5 || t[2] > b[2] + 0.5;
    }).map(g => g.querySelector('text.label').textContent);
  const pre = document.createElement('pre');
  pre.id = 'geometry';
  pre.textContent = JSON.stringify({ texts: items.length, overlaps, outside, spill });
  document.body.appendChild(pre);
})();
"#;

/// A page the probe must fault: two labels on top of each other, a tick
/// that runs off the right edge, a label longer than its bar.
const CONTROL: &str = r#"<!DOCTYPE html><html><body>
<svg class="gantt" viewBox="0 0 400 100" width="400" height="100" xmlns="http://www.w3.org/2000/svg">
<text class="tick" x="380" y="20">28 Dec</text>
<g class="task"><rect class="bar" x="10" y="40" width="20" height="18"/><text class="label" x="12" y="52">A long title</text></g>
<text class="num" x="14" y="52">7</text>
<g class="legend"><text x="10" y="90">legend</text></g>
</svg>
</body></html>"#;
