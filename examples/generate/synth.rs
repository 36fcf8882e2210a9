//! The timeline generator behind `examples/generate` and the benchmarks: a valid timeline with
//! text lengths like the bundled dataset's (titles about 60 characters, summaries about 300, a
//! place on a few events, one or two tags), dates of every EDTF precision and qualifier, one to
//! five actors and one to three citations per event. Every actor and source is used, so the file
//! checks with no warnings. The same arguments give the same bytes.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::{self, Write};

const WORDS: &[&str] = &[
    "agency",
    "airport",
    "alert",
    "analyst",
    "archive",
    "army",
    "arrest",
    "attack",
    "border",
    "briefing",
    "bridge",
    "cabinet",
    "camp",
    "capital",
    "cell",
    "ceasefire",
    "channel",
    "claim",
    "coalition",
    "command",
    "convoy",
    "council",
    "court",
    "crowd",
    "customs",
    "delegation",
    "deputy",
    "detention",
    "district",
    "document",
    "drone",
    "embassy",
    "envoy",
    "evidence",
    "exercise",
    "ferry",
    "footage",
    "forces",
    "governor",
    "harbour",
    "highway",
    "hospital",
    "inquiry",
    "interview",
    "island",
    "journalist",
    "leader",
    "market",
    "meeting",
    "militia",
    "minister",
    "mission",
    "motorcade",
    "network",
    "newspaper",
    "office",
    "official",
    "operation",
    "parliament",
    "patrol",
    "police",
    "port",
    "protest",
    "province",
    "raid",
    "railway",
    "region",
    "report",
    "republic",
    "rescue",
    "sanction",
    "satellite",
    "school",
    "shipment",
    "signal",
    "spokesman",
    "square",
    "station",
    "statement",
    "summit",
    "suspect",
    "talks",
    "tanker",
    "terminal",
    "treaty",
    "tribunal",
    "troops",
    "unit",
    "valley",
    "vessel",
    "village",
    "warning",
    "witness",
    "announces",
    "denies",
    "confirms",
    "reports",
    "says",
    "questions",
    "blocks",
    "opens",
    "closes",
    "moves",
    "meets",
    "visits",
    "warns",
    "accuses",
    "arrives",
    "leaves",
    "issues",
    "rejects",
    "signs",
    "the",
    "a",
    "of",
    "in",
    "near",
    "after",
    "before",
    "with",
    "from",
    "to",
    "and",
    "on",
    "over",
    "late",
    "early",
    "northern",
    "southern",
    "eastern",
    "western",
    "local",
    "foreign",
    "regional",
    "national",
    "second",
    "third",
    "new",
    "old",
];
const KINDS: &[&str] = &["Person", "State", "Agency", "Military", "Group", "Organisation", "Media", "Place", "Other"];
const TAGS: &[&str] = &[
    "attack",
    "arrest",
    "claim",
    "warning",
    "strike",
    "diplomacy",
    "investigation",
    "protest",
    "election",
    "sanctions",
    "casualties",
    "background",
];
const STATUSES: &[&str] = &["Confirmed", "Reported", "Reported", "Reported", "Claimed", "Disputed"];

/// Words to a length drawn from `chars`.
fn text(rng: &mut ChaCha8Rng, chars: std::ops::Range<usize>) -> String {
    let chars = rng.gen_range(chars);
    let mut out = String::with_capacity(chars + 12);
    while out.len() < chars {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(WORDS[rng.gen_range(0..WORDS.len())]);
    }
    let mut first = out.chars();
    first.next().map(|c| c.to_uppercase().chain(first).collect()).unwrap_or_default()
}

fn date(rng: &mut ChaCha8Rng) -> String {
    let (y, m, d) = (rng.gen_range(1990..2025), rng.gen_range(1..13), rng.gen_range(1..29));
    let base = match rng.gen_range(0..100) {
        0..=4 => format!("{y}"),
        5..=19 => format!("{y}-{m:02}"),
        20..=74 => format!("{y}-{m:02}-{d:02}"),
        75..=89 => format!("{y}-{m:02}-{d:02}T{:02}:{:02}", rng.gen_range(0..24), rng.gen_range(0..60)),
        _ => format!(
            "{y}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            rng.gen_range(0..24),
            rng.gen_range(0..60),
            rng.gen_range(0..60)
        ),
    };
    let qualified = match rng.gen_range(0..20) {
        0 => format!("{base}~"),
        1 => format!("{base}?"),
        2 => format!("{base}%"),
        _ => base,
    };
    match rng.gen_range(0..40) {
        0 => format!("{qualified}/.."),
        1 => format!("../{qualified}"),
        2 => format!("{y}-{m:02}-{d:02}/{y}-{m:02}-28"),
        _ => qualified,
    }
}

/// Writes a timeline of `events` events naming `actors` actors and citing `sources` sources.
pub fn write(out: &mut impl Write, events: usize, actors: usize, sources: usize, seed: u64) -> io::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (actors, sources) = (actors.max(1), sources.max(1));
    writeln!(out, "Timeline(\n    title: \"Generated timeline of {} events\",", events)?;
    writeln!(out, "    timezone: \"+00:00\",")?;
    if events > 0 {
        writeln!(out, "    anchor: \"event-{}\",", events / 2)?;
    }
    writeln!(out, "    actors: [")?;
    for a in 0..actors {
        let name = text(&mut rng, 8..30);
        let kind = KINDS[a % KINDS.len()];
        writeln!(out, "        Actor(id: \"actor-{a}\", name: \"{name}\", kind: {kind}, aliases: [\"A{a}\"]),")?;
    }
    writeln!(out, "    ],\n    sources: [")?;
    for s in 0..sources {
        let title = text(&mut rng, 30..90);
        writeln!(
            out,
            "        Source(id: \"source-{s}\", title: \"{title}\", authors: [\"Author {s}\"], publisher: \"Publisher {}\", published: \"{}\", url: \"https://example.org/{s}\"),",
            s % 17,
            format_args!("20{:02}-{:02}-{:02}", rng.gen_range(10..25), rng.gen_range(1..13), rng.gen_range(1..29)),
        )?;
    }
    writeln!(out, "    ],\n    events: [")?;
    for e in 0..events {
        // The first actors and sources go round in turn, so that every one is used.
        let mut who: Vec<usize> = vec![e % actors];
        who.extend((1..rng.gen_range(1..6)).map(|_| rng.gen_range(0..actors)));
        who.sort_unstable();
        who.dedup();
        let mut cited: Vec<usize> = vec![e % sources];
        cited.extend((1..rng.gen_range(1..4)).map(|_| rng.gen_range(0..sources)));
        let status = STATUSES[rng.gen_range(0..STATUSES.len())];
        writeln!(out, "        Event(")?;
        writeln!(out, "            id: \"event-{e}\",")?;
        writeln!(out, "            when: \"{}\",", date(&mut rng))?;
        writeln!(out, "            title: \"{}\",", text(&mut rng, 30..92))?;
        writeln!(out, "            summary: \"{}\",", text(&mut rng, 160..690))?;
        let ids: Vec<String> = who.iter().map(|a| format!("\"actor-{a}\"")).collect();
        writeln!(out, "            actors: [{}],", ids.join(", "))?;
        if rng.gen_range(0..4) == 0 {
            writeln!(out, "            place: \"{}\",", text(&mut rng, 9..10))?;
        }
        let tags: Vec<String> =
            (0..rng.gen_range(1..3)).map(|_| format!("\"{}\"", TAGS[rng.gen_range(0..TAGS.len())])).collect();
        writeln!(out, "            tags: [{}],", tags.join(", "))?;
        writeln!(out, "            status: {status},")?;
        if matches!(status, "Claimed" | "Disputed") {
            writeln!(out, "            claimed_by: [\"actor-{}\"],", who[0])?;
        }
        let cites: Vec<String> =
            cited.iter().map(|s| format!("Cite(source: \"source-{s}\", at: \"¶{}\")", rng.gen_range(1..40))).collect();
        writeln!(out, "            sources: [{}],", cites.join(", "))?;
        writeln!(out, "        ),")?;
    }
    writeln!(out, "    ],\n)")?;
    Ok(())
}
