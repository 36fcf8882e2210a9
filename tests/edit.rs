//! Properties of the writer (`timeline::edit`) and of `fmt`, on random valid files laid out in
//! random ways, with comments everywhere: an edit gives exactly the timeline intended and
//! changes no byte outside the item it edits; `fmt` is idempotent, keeps what the file means
//! and keeps every comment.

use proptest::prelude::*;
use timeline::edit::{Document, Kind, Value, formatted};
use timeline::load::load_str;
use timeline::load::outline::{Outline, Step, locate};

#[derive(Clone, Debug)]
struct Actor {
    name: String,
    kind: Option<&'static str>,
    note: Option<String>,
}

#[derive(Clone, Debug)]
struct Source {
    title: String,
    url: Option<String>,
    note: Option<String>,
}

#[derive(Clone, Debug)]
struct Event {
    id: String,
    when: String,
    title: String,
    summary: Option<String>,
    actors: Vec<usize>,
    tags: Vec<String>,
    status: Option<&'static str>,
    cites: Vec<usize>,
}

/// How an item is written: on one line or in a block, with or without a last comma, with
/// comments before it, after it and inside it, and its strings raw or escaped.
#[derive(Clone, Debug)]
struct Look {
    block: bool,
    last_comma: bool,
    comment_above: bool,
    blank_above: bool,
    comment_after: bool,
    comment_inside: bool,
    raw_strings: bool,
    /// Comments where no line can hold them: between a field's name and its value, and in a
    /// list written on one line.
    odd_comments: bool,
}

#[derive(Clone, Debug)]
struct File {
    actors: Vec<(Actor, Look)>,
    sources: Vec<(Source, Look)>,
    events: Vec<(Event, Look)>,
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ]{1,12}",
        Just("He said \"no\"".to_string()),
        Just("back\\slash and \"# hash".to_string()),
        Just("two\nlines".to_string()),
        Just("¶4 — Zoë's «quote»".to_string()),
        "[a-z\"\\\\#/*,()\\[\\]: ]{1,10}",
    ]
    .prop_filter("not blank", |t| !t.trim().is_empty())
}

fn when() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2024".to_string()),
        (1u8..=12).prop_map(|m| format!("2024-{m:02}")),
        (1u8..=28).prop_map(|d| format!("2024-03-{d:02}")),
        (1u8..=28, 0u8..24).prop_map(|(d, h)| format!("2024-03-{d:02}T{h:02}:00")),
        (1u8..=28).prop_map(|d| format!("2024-03-{d:02}~")),
        (1u8..=28).prop_map(|d| format!("2024-03-01/2024-03-{d:02}")),
    ]
}

fn look() -> impl Strategy<Value = Look> {
    (any::<[bool; 7]>(), proptest::bool::weighted(0.2)).prop_map(
        |(
            [block, last_comma, comment_above, blank_above, comment_after, comment_inside, raw_strings],
            odd_comments,
        )| {
            Look {
                block,
                last_comma,
                comment_above,
                blank_above,
                comment_after,
                comment_inside,
                raw_strings,
                odd_comments,
            }
        },
    )
}

const KINDS: [&str; 3] = ["Person", "Group", "State"];
const STATUSES: [&str; 3] = ["Confirmed", "Reported", "Disputed"];

fn actor() -> impl Strategy<Value = Actor> {
    (text(), proptest::option::of(0..KINDS.len()), proptest::option::of(text())).prop_map(|(name, kind, note)| Actor {
        name,
        kind: kind.map(|k| KINDS[k]),
        note,
    })
}

fn source() -> impl Strategy<Value = Source> {
    (text(), proptest::option::of(Just("https://x.org/a".to_string())), proptest::option::of(text()))
        .prop_map(|(title, url, note)| Source { title, url, note })
}

fn event(actors: usize, sources: usize) -> impl Strategy<Value = Event> {
    (
        when(),
        text(),
        proptest::option::of(text()),
        proptest::collection::vec(0..actors, 0..3),
        proptest::collection::vec("[a-z]{1,6}", 0..3),
        proptest::option::of(0..STATUSES.len()),
        proptest::collection::vec(0..sources, 1..3),
    )
        .prop_map(|(when, title, summary, mut actors, tags, status, cites)| {
            actors.sort_unstable();
            actors.dedup();
            Event { id: String::new(), when, title, summary, actors, tags, status: status.map(|s| STATUSES[s]), cites }
        })
}

fn file() -> impl Strategy<Value = File> {
    (1usize..4, 1usize..4).prop_flat_map(|(na, ns)| {
        (
            proptest::collection::vec((actor(), look()), na),
            proptest::collection::vec((source(), look()), ns),
            proptest::collection::vec((event(na, ns), look()), 0..6),
        )
            .prop_map(|(actors, sources, mut events)| {
                for (i, (e, _)) in events.iter_mut().enumerate() {
                    e.id = format!("e{i}");
                }
                File { actors, sources, events }
            })
    })
}

/// A string as the file writes it: escaped, or raw where it can be.
fn string(text: &str, raw: bool) -> String {
    if raw && !text.chars().any(char::is_control) && !text.contains("\"#") {
        return format!("r#\"{text}\"#");
    }
    let escaped: String = text
        .chars()
        .map(|c| match c {
            '"' => "\\\"".to_string(),
            '\\' => "\\\\".to_string(),
            '\n' => "\\n".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!("\"{escaped}\"")
}

/// Comments are numbered, so that each can be found again.
struct Writer {
    out: String,
    comments: usize,
}

impl Writer {
    fn comment(&mut self) -> String {
        self.comments += 1;
        format!("// c{}", self.comments)
    }

    fn item(&mut self, name: &str, fields: Vec<(&str, String)>, look: &Look) {
        if look.blank_above {
            self.out.push('\n');
        }
        if look.comment_above {
            let c = self.comment();
            self.out.push_str(&format!("        {c}\n"));
        }
        let sep = if look.block { "\n            " } else { " " };
        self.out.push_str(&format!("        {name}("));
        let n = fields.len();
        for (i, (field, value)) in fields.into_iter().enumerate() {
            let comma = if i + 1 < n || look.last_comma { "," } else { "" };
            let sep = if look.block || i > 0 { sep } else { "" };
            let value = match value.strip_suffix(']') {
                Some(items) if look.odd_comments && items != "[" => {
                    format!("{items} /* {} */]", &self.comment()[3..])
                }
                _ => value,
            };
            let value =
                if look.odd_comments && i == 0 { format!("/* {} */ {value}", &self.comment()[3..]) } else { value };
            self.out.push_str(&format!("{sep}{field}: {value}{comma}"));
            if look.block && look.comment_inside && i == 0 {
                let c = self.comment();
                self.out.push_str(&format!(" {c}"));
            }
        }
        self.out.push_str(if look.block { "\n        )," } else { ")," });
        if look.comment_after {
            let c = self.comment();
            self.out.push_str(&format!(" {c}"));
        }
        self.out.push('\n');
    }
}

fn render(file: &File) -> (String, usize) {
    let mut w = Writer { out: String::new(), comments: 0 };
    let c = w.comment();
    w.out.push_str(&format!("{c}\nTimeline(\n    title: \"Random\",\n    timezone: \"+03:00\",\n\n    actors: [\n"));
    for (i, (a, look)) in file.actors.iter().enumerate() {
        let r = look.raw_strings;
        let mut fields = vec![("id", format!("\"a{i}\"")), ("name", string(&a.name, r))];
        if let Some(kind) = a.kind {
            fields.push(("kind", kind.to_string()));
        }
        if let Some(note) = &a.note {
            fields.push(("note", string(note, r)));
        }
        w.item("Actor", fields, look);
    }
    w.out.push_str("    ],\n    sources: [\n");
    for (i, (s, look)) in file.sources.iter().enumerate() {
        let r = look.raw_strings;
        let mut fields = vec![("id", format!("\"s{i}\"")), ("title", string(&s.title, r))];
        if let Some(url) = &s.url {
            fields.push(("url", string(url, r)));
        }
        if let Some(note) = &s.note {
            fields.push(("note", string(note, r)));
        }
        w.item("Source", fields, look);
    }
    let c = w.comment();
    w.out.push_str(&format!("    ],\n\n    {c}\n    events: [\n"));
    for (e, look) in &file.events {
        let r = look.raw_strings;
        let mut fields =
            vec![("id", format!("\"{}\"", e.id)), ("when", string(&e.when, r)), ("title", string(&e.title, r))];
        if let Some(summary) = &e.summary {
            fields.push(("summary", string(summary, r)));
        }
        let list = |items: Vec<String>| format!("[{}]", items.join(", "));
        if !e.actors.is_empty() {
            fields.push(("actors", list(e.actors.iter().map(|a| format!("\"a{a}\"")).collect())));
        }
        if !e.tags.is_empty() {
            fields.push(("tags", list(e.tags.iter().map(|t| string(t, r)).collect())));
        }
        if let Some(status) = e.status {
            fields.push(("status", status.to_string()));
        }
        fields.push(("sources", list(e.cites.iter().map(|s| format!("Cite(source: \"s{s}\")")).collect())));
        w.item("Event", fields, look);
    }
    w.out.push_str("    ],\n)\n");
    (w.out, w.comments)
}

/// What a text means: its timeline as JSON, the events' lines aside.
fn meaning(text: &str) -> String {
    let report = load_str(text, None);
    assert_eq!(report.errors(), 0, "{:?}\n{text}", report.diagnostics);
    let mut timeline = report.timeline.unwrap();
    timeline.events.iter_mut().for_each(|e| e.line = 0);
    serde_json::to_string(&timeline).unwrap()
}

#[derive(Clone, Debug)]
enum Edit {
    EventTitle(usize, String),
    EventSummary(usize, Option<String>),
    EventStatus(usize, Option<usize>),
    EventTags(usize, Vec<String>),
    EventWhen(usize, String),
    SourceUrl(usize, Option<String>),
    SourceNote(usize, Option<String>),
    ActorName(usize, String),
    ActorKind(usize, Option<usize>),
    InsertEvent(String, String, usize),
    InsertSource(String),
    InsertActor(String),
    RemoveEvent(usize),
    RemoveSource(usize),
    RemoveActor(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = 0usize..8;
    prop_oneof![
        (i.clone(), text()).prop_map(|(i, t)| Edit::EventTitle(i, t)),
        (i.clone(), proptest::option::of(text())).prop_map(|(i, t)| Edit::EventSummary(i, t)),
        (i.clone(), proptest::option::of(0..STATUSES.len())).prop_map(|(i, s)| Edit::EventStatus(i, s)),
        (i.clone(), proptest::collection::vec("[a-z]{1,6}", 0..3)).prop_map(|(i, t)| Edit::EventTags(i, t)),
        (i.clone(), when()).prop_map(|(i, w)| Edit::EventWhen(i, w)),
        (i.clone(), proptest::option::of(Just("https://y.org/b".to_string()))).prop_map(|(i, u)| Edit::SourceUrl(i, u)),
        (i.clone(), proptest::option::of(text())).prop_map(|(i, n)| Edit::SourceNote(i, n)),
        (i.clone(), text()).prop_map(|(i, n)| Edit::ActorName(i, n)),
        (i.clone(), proptest::option::of(0..KINDS.len())).prop_map(|(i, k)| Edit::ActorKind(i, k)),
        (when(), text(), i.clone()).prop_map(|(w, t, s)| Edit::InsertEvent(w, t, s)),
        text().prop_map(Edit::InsertSource),
        text().prop_map(Edit::InsertActor),
        i.clone().prop_map(Edit::RemoveEvent),
        i.clone().prop_map(Edit::RemoveSource),
        i.prop_map(Edit::RemoveActor),
    ]
}

fn opt_text(t: &Option<String>) -> Value {
    t.as_ref().map_or(Value::Absent, Value::text)
}

/// What the edit does to the file, and in the document; the list and place of the item it
/// edits in the original file (for an insert: the place it takes). `None`: the edit does not
/// apply to this file (no such item).
fn apply(file: &mut File, doc: &mut Document, edit: &Edit) -> Option<(Kind, usize, bool)> {
    let some = |n: usize, i: usize| (n > 0).then_some(i % n.max(1));
    match edit {
        Edit::EventTitle(i, t) => {
            let i = some(file.events.len(), *i)?;
            file.events[i].0.title = t.clone();
            doc.set_fields(Kind::Event, &file.events[i].0.id, &[("title", Value::text(t))]).unwrap();
            Some((Kind::Event, i, false))
        }
        Edit::EventSummary(i, t) => {
            let i = some(file.events.len(), *i)?;
            file.events[i].0.summary = t.clone();
            doc.set_fields(Kind::Event, &file.events[i].0.id, &[("summary", opt_text(t))]).unwrap();
            Some((Kind::Event, i, false))
        }
        Edit::EventStatus(i, s) => {
            let i = some(file.events.len(), *i)?;
            file.events[i].0.status = s.map(|s| STATUSES[s]);
            let value = s.map_or(Value::Absent, |s| Value::word(STATUSES[s]));
            doc.set_fields(Kind::Event, &file.events[i].0.id, &[("status", value)]).unwrap();
            Some((Kind::Event, i, false))
        }
        Edit::EventTags(i, tags) => {
            let i = some(file.events.len(), *i)?;
            file.events[i].0.tags = tags.clone();
            let value = if tags.is_empty() { Value::Absent } else { Value::texts(tags) };
            doc.set_fields(Kind::Event, &file.events[i].0.id, &[("tags", value)]).unwrap();
            Some((Kind::Event, i, false))
        }
        Edit::EventWhen(i, w) => {
            let i = some(file.events.len(), *i)?;
            file.events[i].0.when = w.clone();
            doc.set_fields(Kind::Event, &file.events[i].0.id, &[("when", Value::text(w))]).unwrap();
            Some((Kind::Event, i, false))
        }
        Edit::SourceUrl(i, u) => {
            let i = some(file.sources.len(), *i)?;
            file.sources[i].0.url = u.clone();
            doc.set_fields(Kind::Source, &format!("s{i}"), &[("url", opt_text(u))]).unwrap();
            Some((Kind::Source, i, false))
        }
        Edit::SourceNote(i, n) => {
            let i = some(file.sources.len(), *i)?;
            file.sources[i].0.note = n.clone();
            doc.set_fields(Kind::Source, &format!("s{i}"), &[("note", opt_text(n))]).unwrap();
            Some((Kind::Source, i, false))
        }
        Edit::ActorName(i, n) => {
            let i = some(file.actors.len(), *i)?;
            file.actors[i].0.name = n.clone();
            doc.set_fields(Kind::Actor, &format!("a{i}"), &[("name", Value::text(n))]).unwrap();
            Some((Kind::Actor, i, false))
        }
        Edit::ActorKind(i, k) => {
            let i = some(file.actors.len(), *i)?;
            file.actors[i].0.kind = k.map(|k| KINDS[k]);
            let value = k.map_or(Value::Absent, |k| Value::word(KINDS[k]));
            doc.set_fields(Kind::Actor, &format!("a{i}"), &[("kind", value)]).unwrap();
            Some((Kind::Actor, i, false))
        }
        Edit::InsertEvent(when, title, s) => {
            let s = s % file.sources.len();
            let cite = Value::Record("Cite".into(), vec![("source".into(), Value::text(format!("s{s}")))]);
            let fields = [
                ("id", Value::text("new")),
                ("when", Value::text(when)),
                ("title", Value::text(title)),
                ("sources", Value::List(vec![cite])),
            ];
            doc.insert(Kind::Event, &fields).unwrap();
            let event = Event {
                id: "new".into(),
                when: when.clone(),
                title: title.clone(),
                summary: None,
                actors: vec![],
                tags: vec![],
                status: None,
                cites: vec![s],
            };
            // Events are compared in time order, so where the struct holds it does not matter.
            file.events.push((event, look_of_new()));
            Some((Kind::Event, usize::MAX, true))
        }
        Edit::InsertSource(title) => {
            let id = format!("s{}", file.sources.len());
            doc.insert(Kind::Source, &[("id", Value::text(&id)), ("title", Value::text(title))]).unwrap();
            file.sources.push((Source { title: title.clone(), url: None, note: None }, look_of_new()));
            Some((Kind::Source, file.sources.len() - 1, true))
        }
        Edit::InsertActor(name) => {
            let id = format!("a{}", file.actors.len());
            doc.insert(Kind::Actor, &[("id", Value::text(&id)), ("name", Value::text(name))]).unwrap();
            file.actors.push((Actor { name: name.clone(), kind: None, note: None }, look_of_new()));
            Some((Kind::Actor, file.actors.len() - 1, true))
        }
        Edit::RemoveEvent(i) => {
            let i = some(file.events.len(), *i)?;
            doc.remove(Kind::Event, &file.events[i].0.id).unwrap();
            file.events.remove(i);
            Some((Kind::Event, i, false))
        }
        Edit::RemoveSource(i) | Edit::RemoveActor(i) => {
            let kind = if matches!(edit, Edit::RemoveSource(_)) { Kind::Source } else { Kind::Actor };
            let n = if kind == Kind::Source { file.sources.len() } else { file.actors.len() };
            // Only the last, so that the others keep their ids.
            let i = some(n, *i).map(|_| n - 1)?;
            let prefix = if kind == Kind::Source { "s" } else { "a" };
            doc.remove(kind, &format!("{prefix}{i}")).unwrap();
            if kind == Kind::Source {
                file.sources.pop();
            } else {
                file.actors.pop();
            }
            Some((kind, i, false))
        }
    }
}

fn look_of_new() -> Look {
    Look {
        block: true,
        last_comma: true,
        comment_above: false,
        blank_above: false,
        comment_after: false,
        comment_inside: false,
        raw_strings: false,
        odd_comments: false,
    }
}

/// Whether a removed source or actor is still referred to: the writer must refuse it.
fn dangling(file: &File) -> bool {
    file.events.iter().any(|(e, _)| {
        e.cites.iter().any(|&s| s >= file.sources.len()) || e.actors.iter().any(|&a| a >= file.actors.len())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn an_edit_gives_the_timeline_intended_and_changes_nothing_outside_its_item(
        file in file(),
        edit in edit(),
    ) {
        let (text, comments) = render(&file);
        let mut doc = Document::open(&text).unwrap();
        let mut intended = file.clone();
        let Some((kind, at, inserted)) = apply(&mut intended, &mut doc, &edit) else { return Ok(()) };
        if dangling(&intended) {
            prop_assert!(doc.finish().is_err(), "a reference to a removed item is refused");
            return Ok(());
        }
        let out = doc.finish().map_err(|e| TestCaseError::fail(format!("{e:?}\n{}", doc.text())))?;
        prop_assert_eq!(meaning(&out), meaning(&render(&intended).0), "{}", out);
        // Every byte outside the item (for an insert, outside the gap it goes into; for a
        // removal, the item and the gaps beside it) is as it was.
        let list = kind.list();
        let (low, high) = match (&edit, inserted) {
            (_, true) => {
                let id = format!("\"{}\"", new_id(&edit, &intended));
                let new_at = (0..)
                    .find(|&i| item_span(&out, list, i).is_none_or(|(s, e)| out[s..e].contains(&id)))
                    .unwrap();
                window(&text, list, new_at.checked_sub(1), Some(new_at))
            }
            (Edit::RemoveEvent(_) | Edit::RemoveSource(_) | Edit::RemoveActor(_), _) => {
                window(&text, list, at.checked_sub(1), Some(at + 1))
            }
            _ => item_span(&text, list, at).unwrap(),
        };
        let kept = out.len() >= low + (text.len() - high)
            && out.starts_with(&text[..low])
            && out.ends_with(&text[high..]);
        prop_assert!(kept, "a byte outside {}..{} changed\n{}\n{}", low, high, text, out);
        // Comments survive, those inside the edited item too, but for those in a value replaced
        // or an item removed.
        let removed = match (&edit, field_of(&edit)) {
            (Edit::RemoveEvent(_) | Edit::RemoveSource(_) | Edit::RemoveActor(_), _) => &text[low..high],
            (_, Some(field)) if !inserted => {
                let item = item_span(&text, list, at).unwrap().0;
                locate(&text, item, &[Step::Field(field)]).map_or("", |(s, e)| &text[s..e])
            }
            _ => "",
        };
        for n in 1..=comments {
            let gone = has_comment(removed, n);
            prop_assert!(gone || has_comment(&out, n), "comment {} is lost\n{}", n, out);
        }
    }

    #[test]
    fn fmt_is_idempotent_and_keeps_the_meaning_and_every_comment(file in file()) {
        let (text, comments) = render(&file);
        let out = formatted(&text).unwrap().unwrap_or_else(|| text.clone());
        prop_assert_eq!(formatted(&out).unwrap(), None, "idempotent:\n{}", out);
        prop_assert_eq!(meaning(&out), meaning(&text));
        for n in 1..=comments {
            prop_assert!(has_comment(&out, n), "comment {} is lost\n{}", n, out);
        }
    }
}

proptest! {
    /// Broken files (the valid one with bytes changed) never make the writer or `fmt` panic.
    #[test]
    fn broken_files_never_make_the_writer_or_fmt_panic(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let mut bytes = VALID.as_bytes().to_vec();
        for (at, byte, how) in edits {
            let at = at % bytes.len();
            match how {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => drop(bytes.remove(at)),
            }
        }
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        let _ = formatted(&text);
        if let Ok(mut doc) = Document::open(&text) {
            let _ = doc.set_fields(Kind::Source, "report", &[("archive", Value::text("x.txt"))]);
            let _ = doc.insert(Kind::Event, &[("id", "new".into()), ("when", "2024".into()), ("title", "T".into())]);
            let _ = doc.remove(Kind::Actor, "putin");
            let _ = doc.finish();
        }
    }
}

const VALID: &str = include_str!("fixtures/valid/every-form.ron");

/// The field an edit sets.
fn field_of(edit: &Edit) -> Option<&'static str> {
    Some(match edit {
        Edit::EventTitle(..) => "title",
        Edit::ActorName(..) => "name",
        Edit::EventSummary(..) => "summary",
        Edit::EventStatus(..) => "status",
        Edit::EventTags(..) => "tags",
        Edit::EventWhen(..) => "when",
        Edit::SourceUrl(..) => "url",
        Edit::SourceNote(..) => "note",
        Edit::ActorKind(..) => "kind",
        _ => return None,
    })
}

/// Whether comment number `n` is in `text`, as a line comment or a block comment.
fn has_comment(text: &str, n: usize) -> bool {
    text.contains(&format!("// c{n}\n")) || text.contains(&format!("/* c{n} */"))
}

/// The span of item `i` of the timeline's `list`.
fn item_span(text: &str, list: &str, i: usize) -> Option<(usize, usize)> {
    locate(text, Outline::of(text).top, &[Step::Field(list), Step::Index(i)])
}

/// From the end of item `before` (or the list's `[`) to the start of item `after` (or its `]`).
fn window(text: &str, list: &str, before: Option<usize>, after: Option<usize>) -> (usize, usize) {
    let (open, close) = locate(text, Outline::of(text).top, &[Step::Field(list)]).unwrap();
    let low = before.and_then(|i| item_span(text, list, i)).map_or(open + 1, |(_, e)| e);
    let high = after.and_then(|i| item_span(text, list, i)).map_or(close - 1, |(s, _)| s);
    (low, high)
}

fn new_id(edit: &Edit, file: &File) -> String {
    match edit {
        Edit::InsertEvent(..) => "new".into(),
        Edit::InsertSource(_) => format!("s{}", file.sources.len() - 1),
        _ => format!("a{}", file.actors.len() - 1),
    }
}
