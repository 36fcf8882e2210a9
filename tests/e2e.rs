//! End to end: the real binary in a pseudo-terminal, typed at like a user, its screen read back
//! through a VT100 parser. Each test also checks that the terminal is left as it was found.

mod common;

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROWS: u16 = 40;
const COLS: u16 = 120;

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    output: Arc<Mutex<Vec<u8>>>,
    /// Ends when every process on the terminal has closed it: all they wrote has been read.
    reader: std::thread::JoinHandle<()>,
    /// The terminal's device, to read its modes with stty.
    tty: std::path::PathBuf,
}

/// How long anything may take: generous for a loaded machine and a debug build, and only a
/// failing test waits this long.
const DEADLINE: Duration = Duration::from_secs(15);

/// Polls `done` until it holds; fails with `what` and `context()` after the deadline.
fn wait_until(what: &str, done: impl Fn() -> bool, context: impl Fn() -> String) {
    let deadline = Instant::now() + DEADLINE;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}\n{}", context());
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The text a helper program wrote to `path`, once it has written a whole line.
fn wait_for_file(path: &std::path::Path, what: &str) -> String {
    let read = || std::fs::read_to_string(path).unwrap_or_default();
    wait_until(what, || read().ends_with('\n'), || format!("{} holds {:?}", path.display(), read()));
    read()
}

impl Session {
    fn start(env: &[(&str, &str)]) -> Session {
        Session::start_with(&[], env)
    }

    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::start_in(env!("CARGO_MANIFEST_DIR"), args, env)
    }

    fn start_in(dir: &str, args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::run(env!("CARGO_BIN_EXE_timeline"), dir, args, env)
    }

    /// An interactive shell, with job control, in `dir`: timeline is typed at it.
    fn shell_in(dir: &str, env: &[(&str, &str)]) -> Session {
        let session = Session::run("sh", dir, &["-i"], &[&[("PS1", "$ "), ("ENV", "")], env].concat());
        session.wait_for("the prompt", |s| s.contains("$ "));
        session
    }

    fn run(program: &str, dir: &str, args: &[&str], env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        // `e` must never open a real editor on a file of the repository.
        cmd.env("EDITOR", "true");
        cmd.env("VISUAL", "");
        // Nor may the settings of whoever runs the tests change the keys.
        cmd.env("TIMELINE_CONFIG", "/nonexistent/timeline-config.ron");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("start timeline");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0)));
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let (p, o) = (Arc::clone(&parser), Arc::clone(&output));
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                o.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        let tty = pair.master.tty_name().expect("the pty's device");
        // The master must outlive the child; leak it into the reader's lifetime.
        std::mem::forget(pair.master);
        Session { child, writer, parser, output, reader, tty }
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    /// Whether the terminal is in the mode a shell expects: lines edited, typing echoed.
    fn cooked(&self) -> bool {
        let tty = std::fs::File::open(&self.tty).unwrap();
        let stty = std::process::Command::new("stty").arg("-a").stdin(tty).output().unwrap();
        let modes = String::from_utf8_lossy(&stty.stdout).into_owned();
        let words: Vec<&str> = modes.split_whitespace().collect();
        words.contains(&"icanon") && words.contains(&"echo")
    }

    /// Everything the program wrote, as text.
    fn output_text(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// The screen once `expect` holds for it.
    fn wait_for(&self, what: &str, expect: impl Fn(&str) -> bool) -> String {
        wait_until(what, || expect(&self.screen()), || format!("screen:\n{}", self.screen()));
        self.screen()
    }

    /// Types `keys` without waiting: the program reads them in order, so a test waits for the
    /// screen that the last of them brings. An Esc must not be followed by another key this way
    /// (the two would read as Alt and that key): use `escape`.
    fn type_keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Types Esc so that a key typed right after it stays a key of its own: a terminal reads ESC
    /// ESC as one Esc, where ESC and a key would read as Alt and that key.
    fn escape(&mut self) {
        self.type_keys("\x1b\x1b");
    }

    /// Opens and closes the help, from the list: once it has closed, every key typed before it
    /// has been handled.
    fn settle(&mut self) {
        self.type_keys("?");
        self.wait_for("the help", |s| s.contains("Help — Esc closes"));
        self.type_keys("\x1b");
        self.wait_for("the help to close", |s| !s.contains("Help — Esc closes"));
    }

    /// The exit code, once the program has ended and all it wrote has been read.
    fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + DEADLINE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "timeline did not exit; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(10));
        };
        wait_until("the terminal to close", || self.reader.is_finished(), String::new);
        status.exit_code()
    }

    /// Checks that the program ended with `code` and left the terminal as it found it.
    fn exits_with(&mut self, code: u32, what: &str) {
        assert_eq!(self.wait_exit(), code, "{what}");
        self.assert_restored();
    }

    /// Quits with `q`.
    fn quit(&mut self) {
        self.type_keys("q");
        self.exits_with(0, "q");
    }

    /// The terminal as the program left it: main screen, cursor shown, no mouse or paste modes.
    fn assert_restored(&self) {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor still hidden");
        assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse capture still on");
        assert!(!screen.bracketed_paste(), "bracketed paste still on");
    }
}

fn started() -> Session {
    let session = Session::start(&[]);
    session.wait_for("the bundled timeline", |s| {
        s.contains("Crocus City Hall attack, March 2024") && s.contains("42/42 events")
    });
    session
}

#[test]
fn it_starts_on_the_bundled_timeline_and_q_exits_0_with_the_terminal_restored() {
    let mut session = started();
    assert!(session.parser.lock().unwrap().screen().alternate_screen());
    session.quit();
}

#[test]
fn the_actor_picker_leaves_only_that_actors_events() {
    let mut session = started();
    session.type_keys("a");
    session.wait_for("the picker", |s| s.contains("Filter by actor"));
    session.type_keys("federal");
    session.type_keys(" ");
    session.type_keys("\r");
    session.wait_for("the list of the FSB's events, without Sullivan's", |s| {
        s.contains(" 2/42 events")
            && s.contains("@FSB")
            && s.contains("FSB raid on an ISIS-K cell")
            && !s.contains("Sullivan")
    });
    session.type_keys("\x03");
    session.exits_with(0, "Ctrl-c");
}

#[test]
fn an_actor_query_in_the_query_bar_does_the_same() {
    let mut session = started();
    session.type_keys("/@fsb\r");
    session.wait_for("the filtered list, the query shown as a chip", |s| {
        s.contains(" 2/42 events") && s.contains("@fsb") && !s.contains("Sullivan")
    });
    session.quit();
}

#[test]
fn help_opens_with_question_mark_and_escape_closes_it() {
    let mut session = started();
    session.type_keys("?");
    session.wait_for("help", |s| s.contains("Help — Esc closes") && s.contains("filter by actor"));
    session.type_keys("\x1b");
    session.wait_for("help to close", |s| !s.contains("Help — Esc closes"));
    session.quit();
}

#[test]
fn a_panic_leaves_the_terminal_restored_and_prints_its_message() {
    // On the loop's own thread, and on another one, which must end the program as well.
    for (value, thread) in [("1", "main"), ("thread", "<unnamed>")] {
        let mut session = Session::start(&[("TIMELINE_TEST_PANIC", value)]);
        session.exits_with(101, value);
        let output = session.output_text();
        assert!(output.contains("panicking on purpose"), "{output}");
        assert!(output.contains(&format!("thread '{thread}'")), "{output}");
    }
}

#[test]
fn sigterm_sighup_and_sigint_restore_the_terminal() {
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let mut session = started();
        let pid = session.child.process_id().expect("pid");
        let status = std::process::Command::new("kill").args([&format!("-{signal}"), &pid.to_string()]).status();
        assert!(status.unwrap().success());
        session.exits_with(code, &format!("SIG{signal}"));
    }
}

/// A stand-in for the system's opener that writes its arguments, one per line, to a file; in
/// the returned folder, which goes when dropped.
fn recording_opener(name: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = scratch(&format!("opener-{name}"));
    let script = tmp.path().join("opener");
    let record = tmp.path().join("opened.txt");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n", record.display())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (tmp, script, record)
}

#[test]
fn from_the_attack_to_its_source_to_another_event_and_back() {
    let mut session = started();
    session.wait_for("the attack under the cursor", |s| s.contains("22/42  crocus-city-hall-attack"));
    session.type_keys("s");
    session.wait_for("the source view with its backlinks", |s| {
        s.contains("Cited by 15")
            && s.contains("[We must deal with the devil on counter-terrorism]")
            && s.contains("Charlie Hebdo attack in Paris")
    });
    session.type_keys("jjj\r");
    session.wait_for("the event of the backlink", |s| s.contains("suspects-shown-with-signs-of-torture"));
    session.type_keys("\x0f");
    session.wait_for("the source view again", |s| s.contains("Cited by 15"));
    session.type_keys("\x0f");
    session.wait_for("the attack again", |s| s.contains("22/42  crocus-city-hall-attack") && !s.contains("Cited by"));
    session.quit();
}

#[test]
fn o_hands_the_exact_url_to_the_opener_as_one_argument() {
    let (_tmp, script, record) = recording_opener("url");
    let mut session = Session::start(&[("TIMELINE_OPENER", script.to_str().unwrap())]);
    session.wait_for("the attack", |s| s.contains("22/42  crocus-city-hall-attack"));
    session.type_keys("so");
    let opened = wait_for_file(&record, "the opener");
    assert_eq!(opened, "http://cepa.org/article/we-must-deal-with-the-devil-on-counter-terrorism/\n");
    session.type_keys("\x03");
    session.exits_with(0, "Ctrl-c");
}

#[test]
fn a_hostile_url_is_refused_and_nothing_is_run() {
    let (_tmp, script, record) = recording_opener("hostile");
    let mut session =
        Session::start_with(&["tests/fixtures/sources/timeline.ron"], &[("TIMELINE_OPENER", script.to_str().unwrap())]);
    session.wait_for("the fixture", |s| s.contains("Harbour fixture"));
    // The local copy is read from beside the timeline, whatever the working folder.
    session.type_keys("gs");
    session.wait_for("the archive's text", |s| s.contains("The ferry left the northern pier"));
    session.escape();
    session.wait_for("the list", |s| !s.contains("Cited by"));
    session.type_keys("j2");
    session.wait_for("the hostile source", |s| s.contains("A hostile address"));
    session.type_keys("o");
    session.wait_for("the refusal and its reason", |s| {
        s.contains("Refused to open") && s.contains("only http and https addresses are opened, not `javascript:`")
    });
    // Time for an opener run despite the refusal to write its record.
    std::thread::sleep(Duration::from_millis(300));
    assert!(!record.exists(), "the opener must not run");
    session.type_keys("\x03");
    session.exits_with(0, "Ctrl-c");
}

#[test]
fn an_export_from_the_browser_equals_timeline_export_byte_for_byte() {
    let tmp = scratch("export");
    let dir = tmp.path();
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/timeline.ron");
    let mut session = Session::start_in(dir.to_str().unwrap(), &[file], &[]);
    session.wait_for("the bundled timeline", |s| s.contains("42/42 events"));
    session.type_keys("a");
    session.wait_for("the picker", |s| s.contains("Filter by actor"));
    session.type_keys("federal");
    session.type_keys(" ");
    session.type_keys("\r");
    session.wait_for("the filter", |s| s.contains(" 2/42 events"));
    session.type_keys("vk");
    session.wait_for("the selection", |s| s.contains("2 selected · 2024-03-07 → 2024-03-25"));
    session.type_keys("x");
    session.wait_for("the dialog", |s| s.contains("Export 2 events"));
    session.type_keys("\r");
    session.wait_for("the status", |s| s.contains("Exported 2 events to ./timeline-2024-03-07-2024-03-25.md"));
    let written = std::fs::read(dir.join("timeline-2024-03-07-2024-03-25.md")).unwrap();
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(["export", file, "--actor", "fsb"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&written), String::from_utf8_lossy(&cli.stdout));
    session.type_keys("x\r");
    session.wait_for("the question", |s| s.contains("exists. Replace it?"));
    session.type_keys("n");
    session.wait_for("the refusal", |s| s.contains("Not overwritten"));
    session.type_keys("\x1b");
    session.wait_for("the dialog to close", |s| !s.contains("Export 2 events"));
    session.quit();
}

/// What a program may never send because of a file's text: OSC (window titles, clipboard,
/// hyperlinks), BEL, NUL, and C1 controls. timeline itself sends none of them unless `y` is pressed.
fn forbidden(output: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    if output.windows(2).any(|w| w == b"\x1b]") {
        found.push("an OSC sequence (ESC ])".to_string());
    }
    for (byte, name) in
        [(0x07u8, "BEL"), (0x00, "NUL"), (0x08, "backspace"), (0x0b, "vertical tab"), (0x0c, "form feed")]
    {
        if output.contains(&byte) {
            found.push(name.to_string());
        }
    }
    let text = String::from_utf8_lossy(output);
    found.extend(text.chars().filter(|c| ('\u{80}'..='\u{9f}').contains(c)).map(|c| format!("C1 U+{:04X}", c as u32)));
    found
}

/// Whether the screen has the header, with `events`, on its first line and the footer.
fn laid_out(screen: &str, events: &str) -> bool {
    screen.lines().next().is_some_and(|l| l.contains(events)) && screen.lines().any(|l| l.contains("? more"))
}

#[test]
fn hostile_files_show_a_sane_screen_and_send_nothing_from_the_file_to_the_terminal() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
    for (file, events) in [
        ("escapes.ron", "2/2 events"),
        ("controls.ron", "1/1 events"),
        ("controls-raw.ron", "1/1 events"),
        ("bidi.ron", "1/1 events"),
        ("nul-in-text.ron", "1/1 events"),
    ] {
        let mut session = Session::start_in(dir, &[file], &[]);
        session.wait_for(&format!("{file}: the header on the first line, and the footer"), |s| laid_out(s, events));
        // Every view that shows the file's text: detail, source, sources list, pickers, help.
        session.type_keys("\tj\ts");
        for view in ["S", "a", "t", "/"] {
            session.escape();
            session.type_keys(view);
        }
        session.escape();
        session.settle();
        session.wait_for(&format!("{file}: the layout to hold"), |s| laid_out(s, events));
        session.type_keys("q");
        session.exits_with(0, file);
        let output = session.output.lock().unwrap().clone();
        assert_eq!(forbidden(&output), Vec::<String>::new(), "{file}");
    }
}

#[test]
fn a_file_that_cannot_load_is_reported_after_the_terminal_is_restored() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
    let mut session = Session::start_in(dir, &["nul-outside.ron"], &[]);
    session.exits_with(1, "nul-outside.ron");
    let output = session.output_text();
    assert!(output.contains("a control character (U+0000) stands outside any text"), "{output}");
}

#[test]
fn a_hostile_file_that_cannot_load_is_refused_with_its_text_cleaned() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
    for file in ["invalid-escapes.ron", "invalid-raw-escapes.ron"] {
        let mut session = Session::start_in(dir, &[file], &[]);
        session.exits_with(1, file);
        let output = session.output.lock().unwrap().clone();
        let text = String::from_utf8_lossy(&output);
        assert!(text.contains("invalid date `2024-03-22]0;PWNED`"), "{file}: the diagnostics are shown:\n{text}");
        assert_eq!(forbidden(&output), Vec::<String>::new(), "{file}");
    }
}

#[test]
fn a_hostile_broken_edit_shows_its_banner_cleaned() {
    let tmp = scratch_copy("live-hostile");
    let dir = tmp.path();
    let file = dir.join("timeline.ron");
    let mut session = Session::start_in(dir.to_str().unwrap(), &["timeline.ron"], &[]);
    session.wait_for("the timeline", |s| s.contains("14/14 events"));
    let hostile = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile/invalid-raw-escapes.ron");
    std::fs::copy(hostile, &file).unwrap();
    session.wait_for("the banner", |s| s.contains("The file has errors") && s.contains("PWNED"));
    session.quit();
    let output = session.output.lock().unwrap().clone();
    assert_eq!(forbidden(&output), Vec::<String>::new());
}

#[test]
fn ctrl_c_restores_the_terminal() {
    let mut session = started();
    session.type_keys("\x03");
    session.exits_with(0, "Ctrl-c quits like q");
}

#[test]
fn huge_files_open_in_the_browser_with_the_layout_intact() {
    let tmp = scratch("huge");
    let dir = tmp.path();
    let summary = "word ".repeat(2 << 20);
    let huge = format!(
        "Timeline(title: \"huge\", events: [Event(id: \"a\", when: \"2024\", title: \"t\", summary: \"{summary}\", sources: [])])"
    );
    std::fs::write(dir.join("huge-summary.ron"), huge).unwrap();
    let actors: Vec<String> = (0..100_000).map(|i| format!("Actor(id: \"a{i}\", name: \"A {i}\")")).collect();
    let refs: Vec<String> = (0..100_000).map(|i| format!("\"a{i}\"")).collect();
    let many = format!(
        "Timeline(title: \"many\", actors: [{}], events: [Event(id: \"e\", when: \"2024\", title: \"t\", actors: [{}], sources: [])])",
        actors.join(", "),
        refs.join(", ")
    );
    std::fs::write(dir.join("many-actors.ron"), many).unwrap();
    for file in ["huge-summary.ron", "many-actors.ron"] {
        let mut session = Session::start_in(dir.to_str().unwrap(), &[file], &[("TIMELINE_CACHE", "off")]);
        session.wait_for(file, |s| s.contains("1/1 events"));
        // Scroll the detail pane to its end and back to the list. (The actor picker over 100,000
        // actors opens in half a second in a release build; tests run a debug build.)
        session.type_keys("\tjG\t");
        session.settle();
        session.wait_for(&format!("{file}: the layout to hold"), |s| laid_out(s, "1/1 events"));
        session.type_keys("q");
        session.exits_with(0, file);
        assert_eq!(forbidden(&session.output.lock().unwrap()), Vec::<String>::new(), "{file}");
    }
}

/// A folder of its own for one test, removed when dropped.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::TempDir::with_prefix(format!("timeline-e2e-{name}-")).unwrap()
}

/// A copy of the every-form fixture as `timeline.ron` in a folder of its own, for tests that
/// change the file.
fn scratch_copy(name: &str) -> tempfile::TempDir {
    let tmp = scratch(name);
    std::fs::write(tmp.path().join("timeline.ron"), common::FIXTURE).unwrap();
    tmp
}

#[test]
fn e_opens_the_editor_at_the_event_and_the_edit_shows_on_return() {
    let tmp = scratch_copy("editor");
    let dir = tmp.path();
    // A stand-in editor: records its arguments, then changes the title of the event it was sent to.
    let mut session = with_editor(
        dir,
        "#!/bin/sh\necho \"$@\" > \"$(dirname \"$2\")/args\"\nsed -i 's/title: \"A second\"/title: \"Edited in the editor\"/' \"$2\"\n",
    );
    session.wait_for("the timeline", |s| s.contains("14/14 events"));
    // Find the event titled "A second" with the query bar, then edit it.
    session.type_keys("/\"A second\"\r");
    session.wait_for("the event", |s| s.contains("1/14 events"));
    session.type_keys("/\x15\r");
    session.type_keys("e");
    session.wait_for("the edited title", |s| s.contains("Edited in the editor"));
    let args = std::fs::read_to_string(dir.join("args")).unwrap();
    assert!(args.starts_with('+') && args.trim_end().ends_with("timeline.ron"), "{args}");
    let line: usize = args[1..args.find(' ').unwrap()].parse().unwrap();
    let text = std::fs::read_to_string(dir.join("timeline.ron")).unwrap();
    assert!(
        text.lines().nth(line - 1).unwrap().contains("Edited in the editor"),
        "the editor opened at the event's line"
    );
    session.quit();
}

#[test]
fn i_adds_an_event_through_the_form_into_the_file_and_u_undoes_it() {
    let tmp = scratch_copy("form");
    let dir = tmp.path();
    let mut session = with_own_state(&tmp);
    session.wait_for("the timeline", |s| s.contains("14/14 events"));
    session.type_keys("i");
    session.wait_for("the form", |s| s.contains("New event"));
    // Tab to the title; Ctrl-s (0x13) reaches the program: the terminal is raw, without flow control.
    session.type_keys("2024-03-27\tAdded from the form\x13");
    session.wait_for("the save", |s| s.contains("Saved “Added from the form”") && s.contains("15/15 events"));
    let text = std::fs::read_to_string(dir.join("timeline.ron")).unwrap();
    assert!(text.contains("title: \"Added from the form\""), "{text}");
    session.type_keys("u");
    session
        .wait_for("the undo", |s| s.contains("Undid the save of “Added from the form”") && s.contains("14/14 events"));
    assert_eq!(std::fs::read_to_string(dir.join("timeline.ron")).unwrap(), common::FIXTURE);
    session.quit();
}

#[test]
fn a_file_changed_on_disk_is_shown_and_a_broken_edit_gets_a_banner_until_fixed() {
    let tmp = scratch_copy("live");
    let dir = tmp.path();
    let file = dir.join("timeline.ron");
    let good = std::fs::read_to_string(&file).unwrap();
    let mut session = Session::start_in(dir.to_str().unwrap(), &["timeline.ron"], &[]);
    session.wait_for("the timeline", |s| s.contains("14/14 events"));
    std::fs::write(&file, good.replace("title: \"A second\"", "title: \"Changed on disk\"")).unwrap();
    session.wait_for("the change", |s| s.contains("Changed on disk"));
    std::fs::write(&file, good.replace("status: Confirmed", "status: Confirmd")).unwrap();
    session.wait_for("the banner", |s| s.contains("The file has errors") && s.contains("Confirmd"));
    assert!(session.screen().contains("Changed on disk"), "the last good timeline stays on screen");
    std::fs::write(&file, &good).unwrap();
    session.wait_for("the banner to go", |s| !s.contains("The file has errors") && !s.contains("Changed on disk"));
    session.quit();
}

#[test]
fn settings_rebind_keys_in_the_browser_and_a_bad_file_is_refused_with_its_place() {
    let tmp = scratch("settings");
    let dir = tmp.path();
    let good = dir.join("good.ron");
    std::fs::write(&good, r#"Config(keys: {"Quit": ["Q"]}, colors: {"heading": "light-blue"})"#).unwrap();
    let mut session = Session::start(&[("TIMELINE_CONFIG", good.to_str().unwrap())]);
    session.wait_for("the bundled timeline", |s| s.contains("42/42 events"));
    session.wait_for("the footer with the new key", |s| s.contains("Q quit"));
    session.type_keys("q");
    session.settle();
    assert!(session.child.try_wait().unwrap().is_none(), "q no longer quits");
    session.type_keys("Q");
    session.exits_with(0, "Q");
    let bad = dir.join("bad.ron");
    std::fs::write(&bad, "Config(\n    keys: {\"Qit\": [\"Q\"]},\n)\n").unwrap();
    let mut session = Session::start(&[("TIMELINE_CONFIG", bad.to_str().unwrap())]);
    session.exits_with(2, "a bad settings file");
    let output = session.output_text();
    assert!(output.contains("bad.ron:2:12: error: unknown action `Qit`"), "{output}");
    assert!(output.contains("did you mean `Quit`?"), "{output}");
}

#[test]
fn e_gives_the_editor_a_path_that_no_editor_can_read_as_an_option() {
    // vim reads `+!touch PWNED` as a command to run and `-c!cmd` as an option that runs one.
    for name in ["+!touch PWNED", "-c!cmd"] {
        let tmp = scratch_copy(if name.starts_with('+') { "editor-plus" } else { "editor-dash" });
        let dir = tmp.path();
        std::fs::rename(dir.join("timeline.ron"), dir.join(name)).unwrap();
        let record = dir.join("argv");
        let editor = editor_script(dir, &format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n", record.display()));
        let env = [("EDITOR", editor.to_str().unwrap()), ("VISUAL", "")];
        let mut session = Session::start_in(dir.to_str().unwrap(), &["--", name], &env);
        session.wait_for("the timeline", |s| s.contains("14/14 events"));
        session.type_keys("e");
        let argv = wait_for_file(&record, "the editor");
        let argv: Vec<&str> = argv.lines().collect();
        assert_eq!(argv.len(), 2, "{argv:?}");
        assert!(argv[0].starts_with('+') && argv[0][1..].parse::<u32>().is_ok(), "{argv:?}");
        assert_eq!(argv[1], format!("./{name}"), "the file, which begins with neither + nor -");
        assert!(!dir.join("PWNED").exists());
        session.quit();
    }
}

#[test]
fn sigterm_during_an_export_from_the_browser_leaves_no_temporary_file() {
    let tmp = scratch("export-sigterm");
    let dir = tmp.path();
    common::big_timeline(dir, 20_000);
    let mut session = Session::start_in(dir.to_str().unwrap(), &["big.ron"], &[("TIMELINE_CACHE", "off")]);
    session.wait_for("the timeline", |s| s.contains("20000/20000 events"));
    // The dialog's second field is the format: Space makes it JSON, the slowest to write.
    session.type_keys("x");
    session.wait_for("the dialog", |s| s.contains("Export 20000 events"));
    session.type_keys("\t");
    session.type_keys(" ");
    session.type_keys("\r");
    common::wait_for_temporary(dir);
    let pid = session.child.process_id().expect("pid");
    assert!(std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap().success());
    session.exits_with(143, "SIGTERM");
    assert_eq!(common::temporaries(dir), Vec::<String>::new());
    let written: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "big.ron")
        .collect();
    assert_eq!(written, Vec::<String>::new(), "no partial export either");
}

/// The state of a process as ps shows it: `T` when stopped.
fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // After the command's name in parentheses, which may hold anything.
    stat.rsplit_once(") ").and_then(|(_, rest)| rest.chars().next()).unwrap_or('?')
}

fn wait_for_state(pid: u32, state: char, what: &str) {
    wait_until(what, || process_state(pid) == state, || format!("the process is in state {}", process_state(pid)));
}

/// The timeline that the shell `parent` started.
fn timeline_under(parent: u32) -> u32 {
    let deadline = Instant::now() + DEADLINE;
    loop {
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            let Some((name, rest)) = stat.split_once(" (").and_then(|(_, r)| r.rsplit_once(") ")) else { continue };
            if name == "timeline" && rest.split(' ').nth(1) == Some(&parent.to_string()) {
                return pid;
            }
        }
        assert!(Instant::now() < deadline, "no timeline under the shell");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn signal(pid: u32, name: &str) {
    let status = std::process::Command::new("kill").arg(format!("-{name}")).arg(pid.to_string()).status();
    assert!(status.unwrap().success());
}

impl Session {
    fn written(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    /// What the program wrote since `written` was `from`.
    fn written_since(&self, from: usize) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()[from..]).into_owned()
    }
}

#[test]
fn ctrl_z_and_sigtstp_give_the_terminal_back_to_the_shell_and_fg_redraws() {
    let mut session = Session::shell_in(env!("CARGO_MANIFEST_DIR"), &[]);
    session.type_keys(&format!("'{}'\r", env!("CARGO_BIN_EXE_timeline")));
    session.wait_for("the bundled timeline", |s| s.contains("42/42 events"));
    let pid = timeline_under(session.pid());
    for how in ["Ctrl-z", "SIGTSTP"] {
        let from = session.written();
        if how == "Ctrl-z" {
            session.type_keys("\x1a");
        } else {
            signal(pid, "TSTP");
        }
        wait_for_state(pid, 'T', how);
        session
            .wait_for(&format!("{how}: the shell to say so"), |s| s.contains("Stopped") && !s.contains("42/42 events"));
        session.assert_restored();
        assert!(session.cooked(), "{how}: the terminal is cooked for the shell");
        assert!(session.written_since(from).contains("\x1b[?1049l"), "{how}: left the alternate screen");
        let from = session.written();
        session.type_keys("fg\r");
        session.wait_for(&format!("{how}: the browser again, fully redrawn"), |s| {
            s.contains("42/42 events") && s.contains("Crocus City Hall attack, March 2024")
        });
        assert!(session.written_since(from).contains("\x1b[?1049h"), "{how}: back on the alternate screen");
        assert!(!session.cooked(), "{how}: raw again");
        session.settle();
    }
    session.type_keys("q");
    session.wait_for("the prompt again", |s| !s.contains("42/42 events"));
    session.assert_restored();
    session.type_keys("exit\r");
    assert_eq!(session.wait_exit(), 0);
}

#[test]
fn with_no_shell_to_continue_it_ctrl_z_stops_nothing_and_the_browser_carries_on() {
    // The browser leads its session here, as under `xterm -e timeline`: no shell could ever
    // continue it, and the system ignores SIGTSTP.
    for how in ["Ctrl-z", "SIGTSTP"] {
        let mut session = started();
        let pid = session.pid();
        let from = session.written();
        if how == "Ctrl-z" {
            session.type_keys("\x1a");
        } else {
            signal(pid, "TSTP");
        }
        let came_back = || {
            let written = session.written_since(from);
            written.contains("\x1b[?1049l") && written.contains("\x1b[?1049h")
        };
        wait_until(&format!("{how}: the browser to leave and come back"), came_back, || session.screen());
        session.wait_for("the browser again", |s| s.contains("42/42 events"));
        assert_ne!(process_state(pid), 'T', "{how}");
        session.type_keys("q");
        session.exits_with(0, how);
    }
}

#[test]
fn sigcont_after_a_stop_nobody_prepared_for_redraws_everything() {
    let mut session = started();
    let pid = session.pid();
    signal(pid, "STOP");
    wait_for_state(pid, 'T', "SIGSTOP");
    // Meanwhile something else writes on the terminal.
    std::fs::write(&session.tty, "\x1b[2J\x1b[Hgarbage on the screen").unwrap();
    session.wait_for("the garbage", |s| s.contains("garbage on the screen"));
    signal(pid, "CONT");
    session.wait_for("the browser redrawn", |s| {
        !s.contains("garbage") && s.contains("42/42 events") && s.contains("Crocus City Hall attack, March 2024")
    });
    session.quit();
}

#[test]
fn ctrl_z_in_the_editor_stops_the_browser_with_it() {
    let tmp = scratch_copy("editor-suspend");
    let dir = tmp.path();
    // Stops its whole process group as vim does on Ctrl-z, then, once continued, ends.
    let editor = editor_script(dir, "#!/bin/sh\nkill -TSTP 0\n");
    let env = [("EDITOR", editor.to_str().unwrap()), ("VISUAL", "")];
    let mut session = Session::shell_in(dir.to_str().unwrap(), &env);
    session.type_keys(&format!("'{}'\r", env!("CARGO_BIN_EXE_timeline")));
    session.wait_for("the timeline", |s| s.contains("14/14 events"));
    let pid = timeline_under(session.pid());
    session.type_keys("e");
    wait_for_state(pid, 'T', "the browser under its editor");
    session.wait_for("the shell to say so", |s| s.contains("Stopped"));
    session.type_keys("fg\r");
    session.wait_for("the browser after the editor", |s| s.contains("14/14 events"));
    session.type_keys("q");
    session.wait_for("the prompt again", |s| !s.contains("14/14 events"));
    session.type_keys("exit\r");
    assert_eq!(session.wait_exit(), 0);
}

/// The row of the screen where the list's cursor is: the first row below the density strip
/// drawn in reverse video from its second column.
fn cursor_row(session: &Session) -> Option<u16> {
    let parser = session.parser.lock().unwrap();
    let screen = parser.screen();
    (3..ROWS - 2).find(|&row| screen.cell(row, 2).is_some_and(|c| c.inverse()))
}

#[test]
fn edit_an_event_with_e_and_come_back_to_the_same_row() {
    let tmp = scratch("same-row");
    let dir = tmp.path();
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("timeline.ron");
    std::fs::copy(&bundled, dir.join("timeline.ron")).unwrap();
    // A stand-in editor: puts "Edited: " before the first title at or after the line it is sent to.
    let mut session = with_editor(
        dir,
        "#!/bin/sh\nline=${1#+}\nawk -v n=\"$line\" 'NR>=n && !done && /title: \"/ {sub(/title: \"/, \"title: \\\"Edited: \"); done=1} {print}' \"$2\" > \"$2.new\" && mv \"$2.new\" \"$2\"\n",
    );
    session.wait_for("the timeline", |s| s.contains("42/42 events"));
    // Up from the last event: the cursor sits in the middle of a scrolled list.
    session.type_keys("Gkkkkkkkkkk");
    session.wait_for("the cursor", |s| s.contains("32/42"));
    let row = cursor_row(&session).expect("the cursor's row");
    assert!(row > 6 && row < ROWS - 8, "mid-screen: {row}\n{}", session.screen());
    session.type_keys("e");
    session.wait_for("the edited title", |s| s.contains("Edited: "));
    session.wait_for("the cursor on its event", |s| s.contains("32/42"));
    assert_eq!(cursor_row(&session), Some(row), "the same row\n{}", session.screen());
    let line = session.screen().lines().nth(row as usize).unwrap_or_default().to_string();
    assert!(line.contains("Edited: "), "the edited event is under the cursor: {line}");
    session.quit();
}

/// The title in the detail pane: the event under the cursor.
fn detail_title(screen: &str, title: &str) -> bool {
    screen.lines().any(|line| line.contains(&format!("│{title}")))
}

#[test]
fn marks_survive_quitting_and_starting_again() {
    let tmp = scratch_copy("marks-restart");
    let mut session = with_own_state(&tmp);
    session.wait_for("the timeline", |s| s.contains("14/14 events"));
    session.type_keys(":second\r");
    session.wait_for("the go-to", |s| detail_title(s, "A second"));
    session.type_keys("ma:month\r");
    session.wait_for("the second go-to", |s| detail_title(s, "A month"));
    session.type_keys("mb");
    session.wait_for("the mark said", |s| s.contains("Marked “A month” as b"));
    session.quit();
    let marks = std::fs::read_dir(tmp.path().join("state").join("marks")).unwrap().count();
    assert_eq!(marks, 1, "one file for the timeline's marks");

    let mut session = with_own_state(&tmp);
    session.wait_for("the timeline again", |s| s.contains("14/14 events"));
    session.type_keys("'a");
    session.wait_for("the first mark", |s| detail_title(s, "A second"));
    session.type_keys("'b");
    session.wait_for("the second mark", |s| detail_title(s, "A month"));
    session.type_keys("''");
    session.wait_for("the list of marks", |s| s.contains("Marks ·") && s.contains(" a  2024-03-22T20:02:07"));
    session.escape();
    session.wait_for("the list closed", |s| !s.contains("Marks ·"));
    session.quit();
}

#[test]
fn colon_goes_to_a_date() {
    let tmp = scratch_copy("goto-date");
    let mut session = with_own_state(&tmp);
    session.wait_for("the timeline", |s| s.contains("14/14 events"));
    session.type_keys(":2024-03-23");
    session.wait_for("the prompt", |s| s.contains(":2024-03-23"));
    session.type_keys("\r");
    session.wait_for("the event on the 23rd", |s| detail_title(s, "From about the 23rd, end unknown"));
    session.type_keys(":2015\r");
    session.wait_for("the first event of 2015", |s| detail_title(s, "Perhaps this day"));
    session.quit();
}

#[test]
fn the_time_axis_zooms_around_the_cursor_and_keeps_it() {
    let tmp = scratch_copy("zoom");
    let mut session = with_own_state(&tmp);
    session.wait_for("the timeline", |s| s.contains("14/14 events"));
    session.wait_for("the cut stretches", |s| s.lines().nth(1).is_some_and(|l| l.contains('┆')));
    session.type_keys("+");
    session.wait_for("the zoomed axis", |s| s.contains("Time axis: "));
    session
        .wait_for("the days of March", |s| s.lines().nth(2).is_some_and(|l| l.contains("22 Mar") || l.contains("23")));
    session.wait_for("the cursor kept", |s| detail_title(s, "A day"));
    session.type_keys("=");
    session.wait_for("fitted again", |s| s.contains("fitted to the shown events, long empty stretches cut"));
    session.type_keys("|");
    session.wait_for("a plain scale", |s| s.contains("fitted to the shown events, a plain scale"));
    session.wait_for("the cursor still kept", |s| detail_title(s, "A day"));
    session.quit();
}

/// `script`, written to `dir/editor.sh` and made executable: a stand-in for `$EDITOR`.
fn editor_script(dir: &std::path::Path, script: &str) -> std::path::PathBuf {
    let editor = dir.join("editor.sh");
    std::fs::write(&editor, script).unwrap();
    std::process::Command::new("chmod").arg("+x").arg(&editor).status().unwrap();
    editor
}

/// The browser on `dir/timeline.ron`, with `script` as `$EDITOR`.
fn with_editor(dir: &std::path::Path, script: &str) -> Session {
    let editor = editor_script(dir, script);
    Session::start_in(dir.to_str().unwrap(), &["timeline.ron"], &[("EDITOR", editor.to_str().unwrap()), ("VISUAL", "")])
}

/// The browser on `tmp/timeline.ron`, its marks kept in `tmp/state`, apart from the user's.
fn with_own_state(tmp: &tempfile::TempDir) -> Session {
    let state = tmp.path().join("state");
    Session::start_in(tmp.path().to_str().unwrap(), &["timeline.ron"], &[("TIMELINE_STATE", state.to_str().unwrap())])
}

#[test]
fn a_and_close_paren_replay_the_bundled_timeline_as_it_became_known() {
    let mut session = started();
    session.type_keys("A2024-03-06\r");
    session.wait_for("what was known by 6 March", |s| s.contains("4/42 events  as of 2024-03-06"));
    session.type_keys(")");
    session
        .wait_for("a day later", |s| s.contains("as of 2024-03-07") && s.contains("As of 2024-03-07: no more events"));
    // On to the day of the attack, a day at a time: the attack is reported, but only possibly
    // by then (sources published "2024-03").
    session.type_keys(&")".repeat(15));
    let screen = session.wait_for("the day of the attack", |s| s.contains("10/42 events  as of 2024-03-22"));
    assert!(screen.contains("◌              ✓ Gunmen attack a concert at Crocus City Hall"), "{screen}");
    session.type_keys("Aoff\r");
    session.wait_for("everything again", |s| s.contains("42/42 events") && !s.contains("as of"));
    session.quit();
}

/// Whether the text `what` is on screen in a highlighted cell (the passage's colour and bold).
fn highlighted(session: &Session, what: &str) -> Option<bool> {
    let parser = session.parser.lock().unwrap();
    let screen = parser.screen();
    for row in 0..ROWS {
        let line = screen.contents_between(row, 0, row, COLS);
        if let Some(at) = line.find(what) {
            let col = line[..at].chars().count() as u16;
            let cell = screen.cell(row, col)?;
            return Some(cell.fgcolor() != vt100::Color::Default && cell.bold());
        }
    }
    None
}

#[test]
fn a_captured_source_opens_at_its_cited_paragraph_highlighted_and_marked() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/verify");
    let mut session = Session::start_in(dir, &["timeline.ron"], &[]);
    session.wait_for("the timeline", |s| s.contains("Storm at the harbour"));
    // The first event's first citation: ¶2 of the copy found by convention, sources/report.txt.
    session.type_keys("gs");
    session.wait_for("the source view with its copy and its marks", |s| {
        s.contains("Cited by 6")
            && s.contains("The port authority closed the harbour at dawn")
            && s.contains("✓ ¶2")
            && s.contains("~ ¶2")
            && s.contains("intact: its sha256 is the one recorded")
    });
    assert_eq!(highlighted(&session, "The port authority closed"), Some(true), "¶2 is highlighted");
    assert_eq!(highlighted(&session, "Ships waited offshore"), Some(false), "¶4 is not");
    session.type_keys("q");
    session.wait_for("the list again", |s| !s.contains("Cited by"));
    session.quit();
}

#[test]
fn keys_typed_while_a_large_file_loads_are_done_once_it_has_loaded() {
    let tmp = scratch("typed-while-loading");
    let dir = tmp.path();
    common::big_timeline(dir, 60_000);
    let mut session = Session::start_in(dir.to_str().unwrap(), &["big.ron"], &[("TIMELINE_CACHE", "off")]);
    // Once the terminal is the program's (typed before, Enter would reach it as Ctrl-J): on the
    // progress screen, the first screen, or on a fast machine the loaded list.
    session.wait_for("the program's screen", |s| s.contains("Loading big.ron") || s.contains("events"));
    session.type_keys("/59999\r");
    let screen = session.wait_for("the query's one event", |s| s.contains("1/60000 events"));
    assert!(screen.contains("Event 59999"), "{screen}");
    session.quit();
}
