//! The domain: a validated timeline whose events are in time order and refer to actors and
//! sources by index. Only `load` builds one, so every reference in it resolves.

mod field_text;
pub mod when;

pub(crate) use field_text::Stored;
pub use field_text::Text;

use chrono::Datelike;
use chrono::FixedOffset;
use serde::{Deserialize, Serialize};
use when::{Bound, Point, Precision, Span, When};

pub type ActorIx = usize;
pub type SourceIx = usize;
pub type EventIx = usize;

#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    pub title: String,
    pub description: Option<String>,
    /// The offset for times written without one.
    #[serde(serialize_with = "offset_seconds")]
    pub timezone: FixedOffset,
    /// The event that relative times count from.
    pub anchor: Option<EventIx>,
    pub actors: Vec<Actor>,
    pub sources: Vec<Source>,
    /// Sorted by start, then precision (coarsest first), then file order.
    pub events: Vec<Event>,
    /// The links between events, sorted by `from`, in file order within an event: kept apart
    /// from the events, as few have any and a million events are held at once.
    pub links: Vec<Link>,
}

impl Timeline {
    /// The links out of event `from`, in file order.
    pub fn links_from(&self, from: EventIx) -> &[Link] {
        let start = self.links.partition_point(|l| l.from < from);
        let end = start + self.links[start..].partition_point(|l| l.from == from);
        &self.links[start..end]
    }

    /// The links into event `to`, in order of the events they come from: a scan of every link,
    /// which are few; for many events at once, gather them in one pass instead.
    pub fn links_to(&self, to: EventIx) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(move |l| l.to == to)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ActorKind {
    Person,
    State,
    Agency,
    Military,
    Group,
    Organisation,
    Media,
    Place,
    Other,
}

impl ActorKind {
    pub const NAMES: &[&str] =
        &["Person", "State", "Agency", "Military", "Group", "Organisation", "Media", "Place", "Other"];
    const ALL: [ActorKind; 9] = [
        ActorKind::Person,
        ActorKind::State,
        ActorKind::Agency,
        ActorKind::Military,
        ActorKind::Group,
        ActorKind::Organisation,
        ActorKind::Media,
        ActorKind::Place,
        ActorKind::Other,
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Actor {
    pub id: String,
    pub name: String,
    /// The label where the name would not fit; checked to be no longer than the name.
    pub short: Option<String>,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
    pub note: Option<String>,
}

impl Actor {
    /// What a narrow place calls the actor: its `short` label, else its name (cut to fit where
    /// it is shown). Never an alias: the shortest alias of a government is often its capital.
    pub fn label(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }

    /// True when `text` is this actor's id, name or one of its aliases, ignoring case.
    pub fn answers_to(&self, text: &str) -> bool {
        let text = text.to_lowercase();
        self.handles().any(|h| h.to_lowercase() == text)
    }

    /// Every name the actor goes by: id, name, aliases.
    pub fn handles(&self) -> impl Iterator<Item = &str> {
        [self.id.as_str(), self.name.as_str()].into_iter().chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<When>,
    pub url: Option<String>,
    /// A local copy of the text, relative to the timeline file.
    pub archive: Option<String>,
    /// The captured bytes the archive was made from, relative to the timeline file.
    pub original: Option<String>,
    /// The SHA-256 of `original` when it was captured, 64 lowercase hexadecimal digits.
    pub sha256: Option<String>,
    /// When it was captured, in UTC, as written (`2026-11-29T14:03:49Z`).
    pub captured: Option<String>,
    /// The URL or file name it was captured from.
    pub captured_from: Option<String>,
    pub note: Option<String>,
    /// The sources this one repeats or condenses: its origins are theirs.
    pub derived_from: Vec<SourceIx>,
    /// How reliable the source has proved, graded as the Admiralty system does (`A`–`F`).
    pub reliability: Option<Reliability>,
}

/// A source's reliability in the Admiralty system: `A` completely reliable … `E` unreliable,
/// `F` cannot be judged. Earlier letters are better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    pub const NAMES: &[&str] = &["A", "B", "C", "D", "E", "F"];
    const ALL: [Reliability; 6] =
        [Reliability::A, Reliability::B, Reliability::C, Reliability::D, Reliability::E, Reliability::F];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// What the letter means, in the Admiralty system's words.
    pub fn meaning(self) -> &'static str {
        RELIABILITY_MEANINGS[self as usize]
    }
}

/// What each reliability means, in the order of `Reliability::NAMES`.
pub const RELIABILITY_MEANINGS: [&str; 6] = [
    "completely reliable",
    "usually reliable",
    "fairly reliable",
    "not usually reliable",
    "unreliable",
    "cannot be judged",
];

/// What each credibility means, `1` first.
pub const CREDIBILITY_MEANINGS: [&str; 6] =
    ["confirmed by other sources", "probably true", "possibly true", "doubtful", "improbable", "cannot be judged"];

/// A citation's grade as analysts write it, `B2`: the source's reliability and the citation's
/// credibility, when both are known.
pub fn grade(reliability: Option<Reliability>, credibility: Option<Credibility>) -> Option<String> {
    Some(format!("{}{}", reliability?.name(), credibility?))
}

/// What to write beside a citation: its grade, `B2`, or `credibility 2` when its source has no
/// reliability. Nothing without a credibility: a reliability alone belongs to the source, and
/// is shown with it rather than beside every citation of it.
pub fn grade_label(reliability: Option<Reliability>, credibility: Option<Credibility>) -> Option<String> {
    let credibility = credibility?;
    Some(grade(reliability, Some(credibility)).unwrap_or_else(|| format!("credibility {credibility}")))
}

/// How credible a cited piece of information is, in the Admiralty system: `1` confirmed by
/// other sources … `5` improbable, `6` cannot be judged. Lower is better.
pub type Credibility = u8;

/// The credibilities a citation may have.
pub const CREDIBILITY: std::ops::RangeInclusive<Credibility> = 1..=6;

/// How one event stands to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    /// The two accounts cannot both be true.
    Contradicts,
    /// The other account supports this one.
    Corroborates,
    /// This later account replaces the other one.
    Supersedes,
    /// This led to the other.
    Follows,
    /// Two entries for one event.
    SameAs,
}

impl LinkKind {
    pub const NAMES: &[&str] = &["Contradicts", "Corroborates", "Supersedes", "Follows", "SameAs"];
    const ALL: [LinkKind; 5] =
        [LinkKind::Contradicts, LinkKind::Corroborates, LinkKind::Supersedes, LinkKind::Follows, LinkKind::SameAs];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// How the link reads from the event it comes from, in words: `Contradicts`, `Led to`
    /// (for `Follows`, whose name alone could be read either way), `Same as`.
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Follows => "Led to",
            LinkKind::SameAs => "Same as",
            other => other.name(),
        }
    }

    /// How the link reads from the event it points to: `contradicted by`, `follows from`.
    pub fn inverse(self) -> &'static str {
        match self {
            LinkKind::Contradicts => "contradicted by",
            LinkKind::Corroborates => "corroborated by",
            LinkKind::Supersedes => "superseded by",
            LinkKind::Follows => "follows from",
            LinkKind::SameAs => "same as",
        }
    }
}

/// A link from event `from` to event `to`: `kind` says how `from` stands to `to`.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub from: EventIx,
    pub kind: LinkKind,
    pub to: EventIx,
    pub note: Option<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Stated as fact by the sources and disputed by none.
    Confirmed,
    /// Reported by a source; the default.
    #[default]
    Reported,
    /// Asserted by the actors in `claimed_by`.
    Claimed,
    /// Contested: the sources disagree.
    Disputed,
}

impl Status {
    pub const NAMES: &[&str] = &["Confirmed", "Reported", "Claimed", "Disputed"];
    const ALL: [Status; 4] = [Status::Confirmed, Status::Reported, Status::Claimed, Status::Disputed];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Citation {
    pub source: SourceIx,
    /// Where in the source, e.g. `¶4`.
    pub at: Option<Text>,
    pub quote: Option<Text>,
    /// When the source had this, where the source is updated over time (a live page, a wire)
    /// and its `published` date says less. Boxed: few citations have one, and a million events
    /// hold some two million citations, which a `When` in place would make 64 bytes larger each.
    pub reported: Option<Box<When>>,
    pub credibility: Option<Credibility>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Event {
    pub id: Text,
    pub when: When,
    pub title: Text,
    pub summary: Option<Text>,
    pub actors: Box<[ActorIx]>,
    pub place: Option<Text>,
    pub tags: Box<[Text]>,
    pub status: Status,
    pub claimed_by: Box<[ActorIx]>,
    pub sources: Box<[Citation]>,
    /// 1-based line of the event in its file.
    pub line: u32,
    /// Earliest and latest instant (Unix seconds), open ends as `i64::MIN` / `i64::MAX`.
    pub start: i64,
    pub end: i64,
}

impl Event {
    /// The instant the event sorts by: its start, or for an interval open at the start, its end.
    pub fn sort_instant(&self) -> i64 {
        when::sort_instant(self.start, self.end)
    }

    /// What the timeline's events are put in order by, before their place in the file.
    pub fn sort_key(&self) -> (i64, when::Precision) {
        when::sort_key(self.start, self.end, self.when.precision())
    }

    /// The actors the event names, as actors or claimants, each once. Each list holds an actor
    /// once (validation drops repeats), so only claimants who are also actors are left out;
    /// past a few pairs the actors are looked up in a set, so that an event naming 100,000
    /// actors costs linear time, not quadratic.
    pub fn named_actors(&self) -> impl Iterator<Item = ActorIx> + '_ {
        const PAIRS: usize = 1024;
        let set: Option<std::collections::HashSet<ActorIx>> = (self.actors.len().saturating_mul(self.claimed_by.len())
            > PAIRS)
            .then(|| self.actors.iter().copied().collect());
        let an_actor = move |a: &ActorIx| set.as_ref().map_or_else(|| self.actors.contains(a), |set| set.contains(a));
        self.actors.iter().copied().chain(self.claimed_by.iter().copied().filter(move |a| !an_actor(a)))
    }

    /// True when the event's time span meets the closed range `from..=to` (`None`: unbounded).
    pub fn overlaps(&self, from: Option<i64>, to: Option<i64>) -> bool {
        from.is_none_or(|f| self.end >= f) && to.is_none_or(|t| self.start <= t)
    }
}

/// The date heading an event sits under, as (key, label). Events share a heading when they
/// fall on the same day, or the same month or year when that is all that is known.
pub fn heading(e: &Event, tz: FixedOffset) -> (i64, String) {
    match e.when.span {
        Span::Point(p) | Span::Interval(Bound::Known(p), _) => point_heading(&p, tz),
        Span::Interval(_, Bound::Known(p)) => {
            let (key, label) = point_heading(&p, tz);
            (key, format!("until {label}"))
        }
        Span::Interval(..) => (i64::MIN, "undated".into()),
    }
}

/// The key of `heading` alone, without formatting its label.
pub fn heading_key(e: &Event, tz: FixedOffset) -> i64 {
    match e.when.span {
        Span::Point(p) | Span::Interval(Bound::Known(p), _) | Span::Interval(_, Bound::Known(p)) => point_key(&p, tz),
        Span::Interval(..) => i64::MIN,
    }
}

fn point_key(p: &Point, tz: FixedOffset) -> i64 {
    let start = p.first_instant(tz).with_timezone(&tz).date_naive();
    match p.precision() {
        Precision::Year => i64::from(p.year) * 10_000,
        Precision::Month => i64::from(p.year) * 10_000 + i64::from(start.month()) * 100,
        _ => i64::from(start.year()) * 10_000 + i64::from(start.month()) * 100 + i64::from(start.day()),
    }
}

fn point_heading(p: &Point, tz: FixedOffset) -> (i64, String) {
    let start = p.first_instant(tz).with_timezone(&tz).date_naive();
    match p.precision() {
        // Years as readers count them: `301 BCE` for `-0300`.
        Precision::Year => (i64::from(p.year) * 10_000, when::year_name(p.year)),
        Precision::Month => (
            i64::from(p.year) * 10_000 + i64::from(start.month()) * 100,
            format!("{} {}", start.format("%B"), when::year_name(p.year)),
        ),
        _ => (
            i64::from(start.year()) * 10_000 + i64::from(start.month()) * 100 + i64::from(start.day()),
            format!("{} {}", start.format("%a %-d %B"), when::year_name(start.year())),
        ),
    }
}

/// A zone offset as seconds east of UTC, for the load cache, which reads it back.
fn offset_seconds<S: serde::Serializer>(offset: &FixedOffset, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i32(offset.local_minus_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_stays_small() {
        // A million events are held at once: their size is most of the memory a timeline takes
        // besides its file's text (see BENCHMARKS.md). Grow them only knowingly.
        assert!(size_of::<Event>() <= 256, "Event is {} bytes", size_of::<Event>());
        assert!(size_of::<Point>() <= 24, "Point is {} bytes", size_of::<Point>());
        // Each event holds one or more citations, and most fields of one are rarely written.
        assert!(size_of::<Citation>() <= 72, "Citation is {} bytes", size_of::<Citation>());
    }
}
