//! What was known when, from how many origins, and how events link, through the public API the
//! browser and the command line use: on the bundled timeline (whatever it holds of issue 19's
//! fields) and on a small one with every field set.

use timeline::knowledge::{Direction, Grade, Knowledge, Known};
use timeline::load::load_str;
use timeline::model::when::When;
use timeline::model::{Link, LinkKind, Reliability, Timeline};

fn bundled() -> Timeline {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("timeline.ron");
    let text = std::fs::read_to_string(path).unwrap();
    load_str(&text, None).timeline.expect("the bundled timeline loads")
}

#[test]
fn on_the_bundled_timeline_no_event_is_reported_before_it_starts_and_every_cited_event_has_an_origin() {
    let t = bundled();
    let k = Knowledge::new(&t);
    for (ix, e) in t.events.iter().enumerate() {
        if let Some(first) = k.first_report(&t, ix) {
            assert!(first.possibly >= e.start && first.possibly <= first.surely, "{}", e.id);
            assert!(!first.by.is_empty(), "{}", e.id);
            assert_ne!(k.known_at(&t, ix, first.surely), Known::NotYet, "{}", e.id);
            if first.possibly > i64::MIN {
                assert_eq!(k.known_at(&t, ix, first.possibly - 1), Known::NotYet, "{}", e.id);
            }
            assert!(k.lag(&t, ix).is_none_or(|l| l.earliest.is_none_or(|d| d >= 0)), "{}", e.id);
        } else {
            assert_eq!(k.known_at(&t, ix, i64::MAX), Known::Unknown, "{}", e.id);
        }
        let origins = k.origins(&t, ix);
        assert_eq!(origins.is_empty(), e.sources.is_empty(), "{}", e.id);
        assert!(origins.is_sorted() && origins.windows(2).all(|w| w[0] != w[1]), "{}", e.id);
        assert_eq!(k.count_origins(&t, ix, usize::MAX), origins.len(), "{}", e.id);
    }
}

#[test]
fn on_the_bundled_timeline_each_link_shows_on_both_its_events() {
    let t = bundled();
    let k = Knowledge::new(&t);
    for link in &t.links {
        let out = k.links(&t, link.from).filter(|l| l.direction == Direction::Out && l.other == link.to).count();
        let back = k.links(&t, link.to).filter(|l| l.direction == Direction::In && l.other == link.from).count();
        assert!(out >= 1 && back >= 1, "{} → {}", t.events[link.from].id, t.events[link.to].id);
    }
    let shown: usize = (0..t.events.len()).map(|ix| k.links(&t, ix).count()).sum();
    assert_eq!(shown, 2 * t.links.len());
}

/// The embassy's warning and the attack, as the bundled timeline tells them, with every field of
/// issue 19 set: a wire, an outlet condensing it, a live page updated on the day.
fn attack() -> Timeline {
    let text = r#"Timeline(title: "Crocus", timezone: "+03:00",
        sources: [
            Source(id: "wire", title: "Wire", published: "2024-03-23"),
            Source(id: "condensed", title: "Condensed", published: "2024-03"),
            Source(id: "live", title: "Live page", published: "2024-03-07"),
        ],
        events: [
            Event(id: "warning", when: "2024-03-07", title: "The US embassy warns", sources: [Cite(source: "live")]),
            Event(id: "attack", when: "2024-03-22T20:00", title: "Gunmen attack", status: Confirmed,
                  sources: [Cite(source: "wire"), Cite(source: "condensed"), Cite(source: "live")]),
            Event(id: "toll-first", when: "2024-03-23", title: "A first toll", sources: [Cite(source: "wire")]),
            Event(id: "toll-later", when: "2024-03-26", title: "A later toll", sources: [Cite(source: "condensed")]),
        ])"#;
    let mut t = load_str(text, None).timeline.expect("valid");
    let tz = t.timezone;
    t.sources[1].derived_from = vec![0];
    t.sources[0].reliability = Some(Reliability::B);
    t.events[1].sources[0].credibility = Some(2);
    // The live page had the attack on the night itself.
    t.events[1].sources[2].reported = Some(Box::new(When::parse("2024-03-22T21:15", tz).unwrap()));
    t.links = vec![Link { from: 3, kind: LinkKind::Supersedes, to: 2, note: Some("the later count".into()) }];
    t
}

#[test]
fn the_attack_was_known_on_the_night_from_one_origin_and_the_later_toll_supersedes_the_first() {
    let t = attack();
    let k = Knowledge::new(&t);
    let at = |text: &str| When::parse(text, t.timezone).unwrap().end(t.timezone).unwrap();
    let first = k.first_report(&t, 1).unwrap();
    assert_eq!(first.words(&t, 1), "reported the same day, by live");
    assert_eq!(k.known_at(&t, 1, at("2024-03-22T19:59")), Known::NotYet);
    assert_eq!(
        k.known_at(&t, 1, at("2024-03-22T21:00")),
        Known::Possibly,
        "the condensed piece is of some day in March"
    );
    assert_eq!(k.known_at(&t, 1, at("2024-03-22T21:15")), Known::Known);
    assert_eq!(k.known_at(&t, 1, at("2024-03-07")), Known::NotYet, "the live page's date is not the attack's");
    // The wire and its condensed copy are one origin; the live page is another.
    let ids = |ixs: Vec<usize>| ixs.into_iter().map(|s| t.sources[s].id.as_str()).collect::<Vec<_>>();
    assert_eq!(ids(k.origins(&t, 1)), ["wire", "live"]);
    assert_eq!(ids(k.origins(&t, 3)), ["wire"], "the later toll rests on the wire, through the condensed piece");
    // The later toll was known possibly from its day, surely by the end of March.
    assert_eq!(k.known_at(&t, 3, at("2024-03-26")), Known::Possibly);
    assert_eq!(k.known_at(&t, 3, at("2024-03")), Known::Known);
    let later: Vec<String> = k.links(&t, 3).map(|l| format!("{} {}", l.phrase(), t.events[l.other].id)).collect();
    let first_toll: Vec<String> = k.links(&t, 2).map(|l| format!("{} {}", l.phrase(), t.events[l.other].id)).collect();
    assert_eq!((later, first_toll), (vec!["supersedes toll-first".into()], vec!["superseded by toll-later".into()]));
    let grades: Vec<String> = t.events[1].sources.iter().map(|c| Grade::of(&t, c).to_string()).collect();
    assert_eq!(grades, ["B2", "", ""]);
}
