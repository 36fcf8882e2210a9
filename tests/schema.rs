//! Every field of the fixture that sets them all reaches `list --json` and the JSON export, with
//! its value: a field the format reads but a later step drops fails here. The fields are walked
//! by the format's own schema (`Shape::fields`), so a field added to it is walked too.

use serde_json::Value;
use std::process::Command;
use timeline::load::outline::{Outline, Shape, Step, locate};

const FIXTURE: &str = "tests/fixtures/valid/every-form.ron";

/// Fields that neither output carries, by design: none since the export carries the timeline's
/// description, time zone and anchor. Events name actors by id; the export's `actors` table
/// resolves them.
const NOT_IN_JSON: &[(Shape, &str)] = &[];

/// The fields the fixture leaves out: an archive must be a file beside the timeline, and so must
/// the original a capture keeps; its sha256, time and origin describe that file. The JSON export
/// does not carry the four capture fields yet (`timeline verify --json` gives them).
const NOT_IN_FIXTURE: &[(Shape, &str)] = &[
    (Shape::Source, "archive"),
    (Shape::Source, "original"),
    (Shape::Source, "sha256"),
    (Shape::Source, "captured"),
    (Shape::Source, "captured_from"),
];

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_timeline")).args(args).env("TIMELINE_CACHE", "off").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

struct Fixture {
    src: String,
}

impl Fixture {
    fn load() -> Fixture {
        Fixture { src: std::fs::read_to_string(FIXTURE).unwrap() }
    }

    /// The text of field `name` of the record at `start`, if the fixture sets it.
    fn field(&self, start: usize, name: &str) -> Option<&str> {
        locate(&self.src, start, &[Step::Field(name)]).map(|(s, e)| &self.src[s..e])
    }

    /// Where the items of the list in field `name` of the record at `start` begin.
    fn items(&self, start: usize, name: &str) -> Vec<usize> {
        (0..).map_while(|i| locate(&self.src, start, &[Step::Field(name), Step::Index(i)])).map(|(s, _)| s).collect()
    }

    /// Checks that every field the record at `start` sets is in `json`, with its words.
    fn reaches(&self, shape: Shape, start: usize, json: &Value, seen: &mut Vec<(Shape, &'static str)>) {
        for &name in shape.fields() {
            let Some(text) = self.field(start, name) else { continue };
            seen.push((shape, name));
            if NOT_IN_JSON.contains(&(shape, name)) {
                continue;
            }
            let value = json.get(name).unwrap_or_else(|| panic!("`{name}` of `{}` is not in the output", shape.name()));
            let items = shape.items_of(name);
            if items == Shape::Any {
                let leaves = leaves(value);
                for word in words(text) {
                    assert!(leaves.contains(&word), "`{name}: {text}` of `{}` is not in {value}", shape.name());
                }
                continue;
            }
            for (i, item) in self.items(start, name).into_iter().enumerate() {
                let found = match self.field(item, "id") {
                    Some(id) => by_id(value, &words(id)[0]),
                    None => &value[i],
                };
                self.reaches(items, item, found, seen);
            }
        }
    }
}

/// The JSON object in the list `list` whose id is `id`.
fn by_id<'v>(list: &'v Value, id: &str) -> &'v Value {
    let items = list.as_array().unwrap();
    items.iter().find(|v| v["id"] == id).unwrap_or_else(|| panic!("no `{id}` in {list}"))
}

/// The strings and bare words in a RON value.
fn words(ron: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = ron.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            words.push(chars.by_ref().take_while(|&c| c != '"').collect());
        } else if c.is_alphabetic() {
            let mut word = c.to_string();
            while let Some(c) = chars.next_if(|c| c.is_alphanumeric() || *c == '_') {
                word.push(c);
            }
            words.push(word);
        }
    }
    words
}

/// Every string in a JSON value.
fn leaves(json: &Value) -> Vec<String> {
    match json {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(leaves).collect(),
        Value::Object(fields) => fields.values().flat_map(leaves).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn every_field_of_the_fixture_reaches_list_json() {
    let fixture = Fixture::load();
    let lines: Vec<Value> =
        run(&["list", "--json", FIXTURE]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let events = Value::Array(lines);
    let mut seen = Vec::new();
    for &event in &Outline::of(&fixture.src).events {
        let id = &words(fixture.field(event, "id").unwrap())[0];
        fixture.reaches(Shape::Event, event, by_id(&events, id), &mut seen);
    }
    assert!(seen.contains(&(Shape::Cite, "quote")), "the events' citations were walked");
    assert!(seen.contains(&(Shape::Link, "note")), "the events' links were walked");
}

#[test]
fn every_field_of_the_fixture_reaches_the_json_export() {
    let fixture = Fixture::load();
    let doc: Value = serde_json::from_str(&run(&["export", "--format", "json", FIXTURE])).unwrap();
    let outline = Outline::of(&fixture.src);
    let mut seen = Vec::new();
    fixture.reaches(Shape::Timeline, outline.top, &doc, &mut seen);
    for shape in [Shape::Timeline, Shape::Actor, Shape::Source, Shape::Event, Shape::Cite, Shape::Link] {
        for &name in shape.fields() {
            let expected = !NOT_IN_FIXTURE.contains(&(shape, name));
            assert_eq!(seen.contains(&(shape, name)), expected, "`{name}` of `{}` in the fixture", shape.name());
        }
    }
}

#[test]
fn the_fixture_sets_every_field_of_an_actor() {
    // Actors reach the export's `actors` table, not `list --json`; the fixture is every form.
    let fixture = Fixture::load();
    let actors = Outline::of(&fixture.src).actors;
    for &name in Shape::Actor.fields() {
        assert!(actors.iter().any(|&a| fixture.field(a, name).is_some()), "`{name}` of `Actor` in the fixture");
    }
}
