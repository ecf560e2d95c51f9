//! The web page in a real browser: headless Chromium driven through chromedriver (W3C WebDriver over plain HTTP on
//! the loopback), against the server started in-process on 127.0.0.1:0 over the five seeds.
//!
//! Searches 新媒体 and sees report 000 with the word marked, opens the report and sees table 3, then applies the
//! "收到申请" (received applications) filter and sees three reports (screenshot: `target/browser-test.png`), then
//! opens the problems view and sees themes with charts (`target/browser-test-problems.png`). Without chromium and chromedriver the test fails when `CI` is set, else it says why it
//! is skipped and passes.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nianbao::index::Store;
use nianbao::server::{serve, AppState};
use serde_json::{json, Value};

use crate::util::seed_paths;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER_CANDIDATES: [&str; 2] =
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];
/// How long to wait for the page to reach an expected state before giving up (a bound, not a speed assertion).
const WAIT: Duration = Duration::from_secs(30);
/// The W3C WebDriver key of an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process, killed on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 exchange with chromedriver; returns the JSON `value` or the WebDriver error as text.
fn webdriver(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let payload = body.map(Value::to_string).unwrap_or_default();
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).map_err(|error| format!("connect: {error}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|error| error.to_string())?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|error| format!("write: {error}"))?;
    // chromedriver keeps the connection open whatever the request says: read the head, then the body by its length.
    let mut raw = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let split = loop {
        if let Some(split) = raw.windows(4).position(|window| window == b"\r\n\r\n") {
            break split;
        }
        let read = stream
            .read(&mut chunk)
            .map_err(|error| format!("read: {error}"))?;
        if read == 0 {
            return Err("the connection closed before the HTTP header ended".to_string());
        }
        raw.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut content = raw[split + 4..].to_vec();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok());
    match length {
        Some(length) => {
            while content.len() < length {
                let read = stream
                    .read(&mut chunk)
                    .map_err(|error| format!("read: {error}"))?;
                if read == 0 {
                    return Err("the connection closed inside the body".to_string());
                }
                content.extend_from_slice(&chunk[..read]);
            }
            content.truncate(length);
        }
        None => {
            stream
                .read_to_end(&mut content)
                .map_err(|error| format!("read: {error}"))?;
            if head.contains("transfer-encoding: chunked") {
                content = dechunk(&content)?;
            }
        }
    }
    let answer: Value = serde_json::from_slice(&content).map_err(|error| {
        format!(
            "{method} {path}: not JSON ({error}): {}",
            String::from_utf8_lossy(&content)
        )
    })?;
    let value = answer.get("value").cloned().unwrap_or(Value::Null);
    if let Some(error) = value.get("error") {
        return Err(format!("{method} {path}: {error}: {}", value["message"]));
    }
    Ok(value)
}

fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = body
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("bad chunk")?;
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|error| format!("bad chunk size: {error}"))?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(body.get(..size).ok_or("short chunk")?);
        body = body.get(size + 2..).ok_or("short chunk")?;
    }
}

/// A WebDriver session.
struct Session {
    port: u16,
    id: String,
    /// The browser's fresh profile, removed after the session ends.
    _profile: tempfile::TempDir,
}

impl Session {
    fn path(&self, tail: &str) -> String {
        format!("/session/{}{tail}", self.id)
    }

    fn call(&self, method: &str, tail: &str, body: Option<Value>) -> Value {
        webdriver(self.port, method, &self.path(tail), body.as_ref())
            .unwrap_or_else(|error| panic!("{error}"))
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let value = self.call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        value[ELEMENT_KEY]
            .as_str()
            .expect("element reference")
            .to_string()
    }

    fn click(&self, css: &str) {
        let element = self.find(css);
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.call(
            "POST",
            &format!("/element/{element}/clear"),
            Some(json!({})),
        );
        if !text.is_empty() {
            self.call(
                "POST",
                &format!("/element/{element}/value"),
                Some(json!({ "text": text })),
            );
        }
    }

    fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Waits until a script returns true; panics with `what` and the page's text after [`WAIT`].
    fn wait_for(&self, what: &str, script: &str) {
        let start = Instant::now();
        loop {
            if self.script(script) == Value::Bool(true) {
                return;
            }
            if start.elapsed() > WAIT {
                let text = self.script("return document.body.innerText;");
                panic!(
                    "the page never showed {what}; it shows:\n{}",
                    text.as_str().unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, to: &Path) {
        let value = self.call("GET", "/screenshot", None);
        let png = decode_base64(value.as_str().expect("base64 screenshot"));
        if let Some(dir) = to.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        std::fs::write(to, png).expect("screenshot written");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = webdriver(self.port, "DELETE", &format!("/session/{}", self.id), None);
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value_of = |c: u8| -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some((c - b'A') as u32),
            b'a'..=b'z' => Some((c - b'a' + 26) as u32),
            b'0'..=b'9' => Some((c - b'0' + 52) as u32),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for value in text.bytes().filter_map(value_of) {
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// Why the browser test cannot run here, if it cannot.
fn missing_tools() -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        return Some(format!("{CHROMIUM} is missing (Debian package chromium)"));
    }
    if chromedriver().is_none() {
        return Some("chromedriver is missing (Debian package chromium-driver)".to_string());
    }
    None
}

fn chromedriver() -> Option<PathBuf> {
    CHROMEDRIVER_CANDIDATES
        .iter()
        .map(PathBuf::from)
        .find(|path| path.exists())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

fn start_driver() -> Driver {
    let port = free_port();
    let child = Command::new(chromedriver().expect("chromedriver present"))
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver { child, port };
    let start = Instant::now();
    loop {
        if let Ok(status) = webdriver(port, "GET", "/status", None) {
            if status["ready"] == Value::Bool(true) {
                return driver;
            }
        }
        assert!(start.elapsed() < WAIT, "chromedriver did not become ready");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn new_session(driver: &Driver) -> Session {
    let profile = tempfile::tempdir().expect("a profile directory");
    let capabilities = json!({
        "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,1000",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        }},
    });
    let value = webdriver(driver.port, "POST", "/session", Some(&capabilities))
        .unwrap_or_else(|error| panic!("chromium does not start: {error}"));
    Session {
        port: driver.port,
        id: value["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string(),
        _profile: profile,
    }
}

fn seeded_state() -> AppState {
    let store = Store::create_in_ram().expect("in-RAM index");
    let parsed: Vec<_> = seed_paths()
        .iter()
        .map(|path| nianbao::parse::parse_file(path).expect("seed parses"))
        .collect();
    store.add_batch(&parsed).expect("seeds index");
    AppState::new(store, None)
}

#[test]
fn the_page_searches_shows_a_report_and_filters_in_chromium() {
    if let Some(reason) = missing_tools() {
        if std::env::var_os("CI").is_some() {
            panic!("the browser test cannot run in CI: {reason}");
        }
        eprintln!("browser test skipped: {reason}");
        return;
    }

    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a loopback port");
    let address = listener.local_addr().expect("the bound address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(serve(listener, seeded_state(), async move {
        let _ = stopped.await;
    }));

    let driver = start_driver();
    let session = new_session(&driver);
    let base = format!("http://{address}/");

    session.go(&base);
    session.wait_for(
        "the five seeds",
        "return document.querySelector('#total')?.textContent === '5';",
    );

    // Search 新媒体: report 000, with the word marked.
    session.type_into("#q", "新媒体");
    session.click("#search-form button[type=submit]");
    session.wait_for(
        "one hit for 新媒体",
        "return document.querySelector('#total')?.textContent === '1' && !!document.querySelector('.hit mark');",
    );
    let hit = session.script(
        "const hit = document.querySelector('.hit');
         return { file: hit.querySelector('.file').textContent,
                  marks: [...hit.querySelectorAll('mark')].map((mark) => mark.textContent) };",
    );
    assert_eq!(hit["file"], "000_1c57cddd851b3817.txt");
    let marks: Vec<&str> = hit["marks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        !marks.is_empty() && marks.iter().all(|mark| *mark == "新媒体"),
        "{marks:?}"
    );

    // Open the report: table 3 with its rows.
    session.click(".hit a.title");
    session.wait_for("table 3", "return !!document.querySelector('#table3');");
    let table = session.script(
        "const rows = [...document.querySelectorAll('#table3 tbody tr')];
         return { rows: rows.length,
                  first: rows[0].querySelector('th').textContent,
                  title: document.querySelector('.report-head h1').textContent };",
    );
    assert_eq!(table["first"], "一、本年新收政府信息公开申请数量");
    assert!(table["rows"].as_u64().unwrap() >= 25, "{table}");
    assert!(
        table["title"].as_str().unwrap().contains("新民屯镇"),
        "{table}"
    );

    // Back to the search, without words, filtered to the reports that received applications.
    session.click("#back-link");
    session.wait_for(
        "the search view",
        "return !document.querySelector('#view-search').hidden;",
    );
    session.type_into("#q", "");
    session.click("[data-filter=received]");
    session.wait_for(
        "three reports that received applications",
        "return document.querySelector('#total')?.textContent === '3'
             && document.querySelectorAll('.hit').length === 3;",
    );
    let files = session.script(
        "return [...document.querySelectorAll('.hit .file')].map((f) => f.textContent).sort();",
    );
    assert_eq!(
        files,
        json!([
            "001_ab0a76f0713d54a4.txt",
            "002_fc5dc72e36efd908.txt",
            "003_bd5d810af7c26391.txt"
        ])
    );

    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    session.screenshot(&target.join("browser-test.png"));

    // The problems view: themes with their report counts and a per-year chart.
    session.click("[data-nav=problems]");
    session.wait_for(
        "the problem themes",
        "return document.querySelectorAll('.theme').length > 0 && !!document.querySelector('.theme svg.chart rect');",
    );
    let summary =
        session.script("return document.querySelector('#problems .summary').textContent;");
    assert!(
        summary.as_str().unwrap().starts_with("5 份报告中的"),
        "{summary}"
    );
    session.screenshot(&target.join("browser-test-problems.png"));

    drop(session);
    drop(driver);
    let _ = stop.send(());
    let _ = runtime.block_on(server);
}
