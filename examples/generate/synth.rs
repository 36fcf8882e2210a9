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

/// An EDTF date, and the day it falls on (for the CSV and log forms).
fn date(rng: &mut ChaCha8Rng) -> (String, String) {
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
    let edtf = match rng.gen_range(0..40) {
        0 => format!("{qualified}/.."),
        1 => format!("../{qualified}"),
        2 => format!("{y}-{m:02}-{d:02}/{y}-{m:02}-28"),
        _ => qualified,
    };
    (edtf, format!("{y}-{m:02}-{d:02}"))
}

/// The forms the generator writes the same events in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A timeline file.
    Ron,
    /// One row per event, for spreadsheet tools (VisiData).
    Csv,
    /// One line per event, starting with its day, for log viewers (lnav).
    Log,
}

/// One generated event.
struct Generated {
    id: usize,
    when: String,
    day: String,
    title: String,
    summary: String,
    actors: Vec<usize>,
    place: Option<String>,
    tags: Vec<&'static str>,
    status: &'static str,
    cites: Vec<(usize, u32)>,
}

impl Generated {
    /// The draws happen in a fixed order, so that a seed always gives the same events.
    fn draw(rng: &mut ChaCha8Rng, id: usize, actors: usize, sources: usize) -> Generated {
        // The first actors and sources go round in turn, so that every one is used.
        let mut who: Vec<usize> = vec![id % actors];
        who.extend((1..rng.gen_range(1..6)).map(|_| rng.gen_range(0..actors)));
        who.sort_unstable();
        who.dedup();
        let mut cited: Vec<usize> = vec![id % sources];
        cited.extend((1..rng.gen_range(1..4)).map(|_| rng.gen_range(0..sources)));
        let status = STATUSES[rng.gen_range(0..STATUSES.len())];
        let (when, day) = date(rng);
        let title = text(rng, 30..92);
        let summary = text(rng, 160..690);
        let place = (rng.gen_range(0..4) == 0).then(|| text(rng, 9..10));
        let tags = (0..rng.gen_range(1..3)).map(|_| TAGS[rng.gen_range(0..TAGS.len())]).collect();
        let cites = cited.into_iter().map(|s| (s, rng.gen_range(1..40))).collect();
        Generated { id, when, day, title, summary, actors: who, place, tags, status, cites }
    }

    fn claimed(&self) -> bool {
        matches!(self.status, "Claimed" | "Disputed")
    }

    fn ron(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "        Event(")?;
        writeln!(out, "            id: \"event-{}\",", self.id)?;
        writeln!(out, "            when: \"{}\",", self.when)?;
        writeln!(out, "            title: \"{}\",", self.title)?;
        writeln!(out, "            summary: \"{}\",", self.summary)?;
        let ids: Vec<String> = self.actors.iter().map(|a| format!("\"actor-{a}\"")).collect();
        writeln!(out, "            actors: [{}],", ids.join(", "))?;
        if let Some(place) = &self.place {
            writeln!(out, "            place: \"{place}\",")?;
        }
        let tags: Vec<String> = self.tags.iter().map(|t| format!("\"{t}\"")).collect();
        writeln!(out, "            tags: [{}],", tags.join(", "))?;
        writeln!(out, "            status: {},", self.status)?;
        if self.claimed() {
            writeln!(out, "            claimed_by: [\"actor-{}\"],", self.actors[0])?;
        }
        let cites: Vec<String> =
            self.cites.iter().map(|(s, at)| format!("Cite(source: \"source-{s}\", at: \"¶{at}\")")).collect();
        writeln!(out, "            sources: [{}],", cites.join(", "))?;
        writeln!(out, "        ),")
    }

    /// Actors as `actor-7, actor-12,`: each id followed by a comma, so that `actor-7,` finds
    /// exactly actor 7 in a plain-text search.
    fn actor_list(&self) -> String {
        self.actors.iter().map(|a| format!("actor-{a},")).collect::<Vec<_>>().join(" ")
    }

    fn csv(&self, out: &mut impl Write) -> io::Result<()> {
        let sources: Vec<String> = self.cites.iter().map(|(s, at)| format!("source-{s} ¶{at}")).collect();
        writeln!(
            out,
            "event-{},{},\"{}\",\"{}\",\"{}\",{},{},{},\"{}\"",
            self.id,
            self.when,
            self.title,
            self.summary,
            self.actor_list(),
            self.place.as_deref().unwrap_or(""),
            self.tags.join(";"),
            self.status,
            sources.join("; ")
        )
    }

    fn log(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(
            out,
            "{}T00:00:00Z event-{} [{}] {} {} -- {}",
            self.day,
            self.id,
            self.status,
            self.actor_list(),
            self.title,
            self.summary
        )
    }
}

/// Writes a timeline of `events` events naming `actors` actors and citing `sources` sources.
#[allow(dead_code, reason = "the benchmarks use it; the generator's main uses `write_as`")]
pub fn write(out: &mut impl Write, events: usize, actors: usize, sources: usize, seed: u64) -> io::Result<()> {
    write_as(out, Form::Ron, events, actors, sources, seed)
}

/// `write`, in one of the forms.
pub fn write_as(
    out: &mut impl Write,
    form: Form,
    events: usize,
    actors: usize,
    sources: usize,
    seed: u64,
) -> io::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (actors, sources) = (actors.max(1), sources.max(1));
    let names: Vec<String> = (0..actors).map(|_| text(&mut rng, 8..30)).collect();
    let titles: Vec<(String, String)> = (0..sources)
        .map(|_| {
            let title = text(&mut rng, 30..90);
            let published =
                format!("20{:02}-{:02}-{:02}", rng.gen_range(10..25), rng.gen_range(1..13), rng.gen_range(1..29));
            (title, published)
        })
        .collect();
    match form {
        Form::Ron => ron_head(out, events, &names, &titles)?,
        Form::Csv => writeln!(out, "id,when,title,summary,actors,place,tags,status,sources")?,
        Form::Log => {}
    }
    for e in 0..events {
        let event = Generated::draw(&mut rng, e, actors, sources);
        match form {
            Form::Ron => event.ron(out)?,
            Form::Csv => event.csv(out)?,
            Form::Log => event.log(out)?,
        }
    }
    if form == Form::Ron {
        writeln!(out, "    ],\n)")?;
    }
    Ok(())
}

fn ron_head(out: &mut impl Write, events: usize, names: &[String], titles: &[(String, String)]) -> io::Result<()> {
    writeln!(out, "Timeline(\n    title: \"Generated timeline of {events} events\",")?;
    writeln!(out, "    timezone: \"+00:00\",")?;
    if events > 0 {
        writeln!(out, "    anchor: \"event-{}\",", events / 2)?;
    }
    writeln!(out, "    actors: [")?;
    for (a, name) in names.iter().enumerate() {
        let kind = KINDS[a % KINDS.len()];
        writeln!(out, "        Actor(id: \"actor-{a}\", name: \"{name}\", kind: {kind}, aliases: [\"A{a}\"]),")?;
    }
    writeln!(out, "    ],\n    sources: [")?;
    for (s, (title, published)) in titles.iter().enumerate() {
        writeln!(
            out,
            "        Source(id: \"source-{s}\", title: \"{title}\", authors: [\"Author {s}\"], publisher: \"Publisher {}\", published: \"{published}\", url: \"https://example.org/{s}\"),",
            s % 17,
        )?;
    }
    writeln!(out, "    ],\n    events: [")
}
