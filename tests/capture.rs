//! `timeline capture`: a local copy of a source from a file (text, Markdown, HTML, PDF) or an
//! http(s) URL. The URL cases run against a server on 127.0.0.1 started here; nothing in these
//! tests reaches beyond the loopback address (the proxy variables are removed for the program).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const TIMELINE: &str = r#"// A timeline whose sources get copies.
Timeline(
    title: "Storm at the harbour",
    sources: [
        Source(id: "report", title: "Harbour closed after the storm"), // the newspaper
        Source(id: "wire", title: "Wire"),
    ],
    events: [
        Event(id: "closed", when: "2024-03-19", title: "The harbour closes", sources: [
            Cite(source: "report", at: "¶2", quote: "closed the harbour at dawn"),
            Cite(source: "wire", at: "¶1"),
        ]),
    ],
)
"#;

const ARTICLE: &str = "<html><head><title>Harbour closed after the storm</title></head><body>\
    <nav><a href='/'>Home</a> <a href='/sport'>Sport</a> <a href='/weather'>Weather</a></nav>\
    <article><h1>Harbour closed after the storm</h1>\
    <p>The port authority closed the harbour at dawn on Tuesday, as the storm that had been forecast for days \
    arrived over the coast with waves higher than any the harbour master had seen in his thirty years there.</p>\
    <p>“We had no choice,” the harbour master said, “the waves were too high, and the moorings would not have \
    held the larger ships, which were sent offshore to ride the storm out at a distance from the quays.”</p>\
    <p>Ships waited offshore for two days while the wind kept the tugs in port, and their crews were told to \
    stay aboard until the authority judged the entrance safe again for vessels of every size.</p>\
    <p>The harbour reopened on Thursday morning, when the first ferry came in under a clear sky.</p>\
    </article><footer>Copyright the newspaper</footer></body></html>";

fn scratch() -> tempfile::TempDir {
    let dir = tempfile::TempDir::with_prefix("timeline-capture-").unwrap();
    std::fs::write(dir.path().join("timeline.ron"), TIMELINE).unwrap();
    dir
}

/// Runs the program in `dir` with no proxy in its environment, for at most twenty seconds.
fn timeline(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_timeline"));
    for var in
        ["ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"]
    {
        command.env_remove(var);
    }
    let mut child = command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "`timeline {}` still runs after twenty seconds", args.join(" "));
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// A server on 127.0.0.1 answering each path as `answer` says, on its own threads.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    address
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    let _ = reader.read_line(&mut request);
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let (status, headers, body): (&str, String, Vec<u8>) = match path.as_str() {
        "/article" => ("200 OK", "Content-Type: text/html; charset=utf-8".into(), ARTICLE.into()),
        "/moved" => ("302 Found", "Location: /article".into(), Vec::new()),
        "/moved-twice" => ("301 Moved Permanently", "Location: /moved".into(), Vec::new()),
        "/loop" => ("302 Found", "Location: /loop".into(), Vec::new()),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(5));
            ("200 OK", "Content-Type: text/html".into(), ARTICLE.into())
        }
        "/big" => ("200 OK", "Content-Type: text/html".into(), vec![b'a'; 3 << 20]),
        "/image" => ("200 OK", "Content-Type: image/png".into(), b"\x89PNG\r\n".to_vec()),
        "/text" => ("200 OK", "Content-Type: text/plain".into(), b"One line\nwrapped.\n\nTwo.\n".to_vec()),
        _ => ("404 Not Found", "Content-Type: text/plain".into(), b"no".to_vec()),
    };
    let head = format!("HTTP/1.1 {status}\r\n{headers}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

#[test]
fn a_web_page_is_kept_with_its_article_as_text_and_its_hash() {
    let dir = scratch();
    let server = serve();
    let url = format!("{server}/moved-twice");
    let out = timeline(dir.path(), &["capture", "report", &url]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains(&format!("redirected: {url} → {server}/moved → {server}/article")), "{said}");
    let text = read(dir.path(), "sources/report.txt");
    assert!(text.contains("Ships waited offshore for two days"), "{text}");
    assert!(!text.contains("Sport") && !text.contains("Copyright"), "the navigation and footer stay out: {text}");
    assert!(text.lines().all(|l| !l.trim().is_empty()), "one paragraph per line: {text}");
    let original = std::fs::read(dir.path().join("sources/report.html")).unwrap();
    assert_eq!(original, ARTICLE.as_bytes(), "the bytes as they came");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "recorded the copy of `report` in timeline.ron\n");
    // Recorded in place: only the source's line changed, its comment kept.
    let after = read(dir.path(), "timeline.ron");
    let changed: Vec<(&str, &str)> = TIMELINE.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(after.lines().count(), TIMELINE.lines().count(), "{after}");
    assert_eq!(changed.len(), 1, "{after}");
    let line = changed[0].1;
    let hash = timeline::evidence::sha256_hex(ARTICLE.as_bytes());
    for field in [
        "archive: \"sources/report.txt\"".to_string(),
        "original: \"sources/report.html\"".to_string(),
        format!("sha256: \"{hash}\""),
        "captured: \"20".to_string(),
        format!("captured_from: \"{server}/article\""),
    ] {
        assert!(line.contains(&field), "{field} in {line}");
    }
    assert!(line.ends_with("), // the newspaper"), "{line}");
    // `verify` finds the quote at the paragraph it cites, and the original intact.
    let verify = timeline(dir.path(), &["verify"]);
    let summary = String::from_utf8_lossy(&verify.stdout).into_owned();
    assert_eq!(
        summary,
        "2 citations: 1 verified, 0 misplaced, 0 not found, 0 without a quote, 1 without a copy; 1 copy intact\n"
    );
    assert!(verify.status.success());
    // Once recorded, a second capture needs --force, and then replaces it.
    let out = timeline(dir.path(), &["capture", "report", &format!("{server}/article")]);
    assert!(stderr(&out).contains("source `report` has a captured copy already"), "{}", stderr(&out));
    let out = timeline(dir.path(), &["capture", "report", &format!("{server}/text"), "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(dir.path(), "timeline.ron").contains("original: \"sources/report.original.txt\""));
}

#[test]
fn a_server_too_slow_is_given_up_on_at_the_timeout() {
    let dir = scratch();
    let server = serve();
    let started = Instant::now();
    let out = timeline(dir.path(), &["capture", "report", &format!("{server}/slow"), "--timeout", "0.5"]);
    assert!(started.elapsed() < Duration::from_secs(4), "gave up at the timeout");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did not answer within 0.5 seconds"), "{}", stderr(&out));
    assert!(!dir.path().join("sources/report.txt").exists(), "nothing written");
}

#[test]
fn a_body_over_the_limit_is_refused() {
    let dir = scratch();
    let out = timeline(dir.path(), &["capture", "report", &format!("{}/big", serve()), "--limit", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is larger than 1 MB, the limit of a copy"), "{}", stderr(&out));
    assert!(!dir.path().join("sources").join("report.html").exists());
}

#[test]
fn a_type_that_is_not_a_document_and_endless_redirects_are_refused() {
    let dir = scratch();
    let server = serve();
    let out = timeline(dir.path(), &["capture", "report", &format!("{server}/image")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is `image/png`, not a web page, PDF or text"), "{}", stderr(&out));
    let out = timeline(dir.path(), &["capture", "report", &format!("{server}/loop")]);
    assert!(stderr(&out).contains("redirects more than 5 times"), "{}", stderr(&out));
    let out = timeline(dir.path(), &["capture", "report", &format!("{server}/nothing")]);
    assert!(stderr(&out).contains("answered with HTTP status 404"), "{}", stderr(&out));
    // Plain text from a server is text.
    let out = timeline(dir.path(), &["capture", "wire", &format!("{server}/text")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(dir.path(), "sources/wire.txt"), "One line\nwrapped.\nTwo.\n", "a text file line for line");
}

#[test]
fn files_of_every_kind_are_captured_and_never_replaced_without_force() {
    let dir = scratch();
    let d = dir.path();
    std::fs::write(d.join("notes.md"), "# Wire\n\nOfficials said the storm\nclosed the port.\n").unwrap();
    let out = timeline(d, &["capture", "wire", "notes.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(d, "sources/wire.txt"), "# Wire\nOfficials said the storm closed the port.\n");
    assert_eq!(read(d, "sources/wire.md"), "# Wire\n\nOfficials said the storm\nclosed the port.\n");
    // Again: the copy is there, and only --force replaces it.
    std::fs::write(d.join("wire.txt"), "Replaced text.\n").unwrap();
    let out = timeline(d, &["capture", "wire", "wire.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("source `wire` has a captured copy already"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force replaces it"));
    // A copy written by hand, not recorded, is not replaced either.
    std::fs::write(d.join("sources/report.txt"), "Typed by hand.\n").unwrap();
    let out = timeline(d, &["capture", "report", "wire.txt"]);
    assert!(stderr(&out).contains("`sources/report.txt` exists: a copy was captured before"), "{}", stderr(&out));
    assert_eq!(read(d, "sources/report.txt"), "Typed by hand.\n");
    let out = timeline(d, &["capture", "wire", "wire.txt", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(d, "sources/wire.txt"), "Replaced text.\n");
    assert_eq!(read(d, "sources/wire.original.txt"), "Replaced text.\n");
    // HTML and PDF.
    std::fs::write(d.join("page.html"), ARTICLE).unwrap();
    let out = timeline(d, &["capture", "report", "page.html", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(d, "sources/report.txt").contains("The harbour reopened on Thursday morning"));
    std::fs::write(d.join("paper.pdf"), pdf(&["Harbour report", "The harbour reopened on Thursday."])).unwrap();
    let out = timeline(d, &["capture", "report", "paper.pdf", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = read(d, "sources/report.txt");
    assert!(text.contains("The harbour reopened on Thursday."), "{text}");
    assert!(d.join("sources/report.pdf").exists());
}

#[test]
fn what_cannot_be_captured_is_said_and_nothing_is_written() {
    let dir = scratch();
    let d = dir.path();
    let out = timeline(d, &["capture", "reprot", "x.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no source `reprot`") && stderr(&out).contains("did you mean `report`?"));
    let out = timeline(d, &["capture", "report", "file:///etc/passwd"]);
    assert!(stderr(&out).contains("only http and https addresses are captured, not `file:`"), "{}", stderr(&out));
    let out = timeline(d, &["capture", "report", "-missing.html"]);
    assert!(stderr(&out).contains("cannot read `-missing.html`"), "a name, not an option: {}", stderr(&out));
    std::fs::write(d.join("broken.pdf"), b"%PDF-1.4\nnot really").unwrap();
    let out = timeline(d, &["capture", "report", "broken.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read the text of the PDF `broken.pdf`"), "{}", stderr(&out));
    assert!(!d.join("sources/report.txt").exists());
}

/// A one-page PDF with a line of text for each of `lines`, in Helvetica (a standard font, which
/// a PDF need not embed).
fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 72 720 Td 14 TL\n");
    for line in lines {
        content.push_str(&format!("({line}) Tj T*\n"));
    }
    content.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).bytes());
    out
}
