//! Going about a timeline without filtering it: go to (`:`), find (`Ctrl-f`, `n`, `N`), marks
//! (`m`, `'`, `''`, `mark:`), and the actor picker's claims side (`Ctrl-t`).

mod common;

use common::{Browser, data};
use timeline::tui::effect::Effect;
use timeline::tui::state::Data;

/// The fixture, its marks kept in `dir` rather than the user's state folder.
fn marked_data(dir: &std::path::Path) -> Data {
    Data { marks_file: Some(dir.join("marks.ron")), ..data() }
}

fn browser(dir: &std::path::Path) -> Browser {
    Browser::new(marked_data(dir), 100, 30)
}

fn screen_text(b: &Browser) -> String {
    let backend = b.screen();
    let buffer = backend.buffer();
    (0..buffer.area.height)
        .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn go_to_takes_a_date_an_id_or_a_time_from_the_anchor() {
    let dir = common::scratch("goto");
    let mut b = browser(dir.path());
    let all = b.shown().len();
    for (typed, expected) in [
        ("2024-03-22", "day"),
        ("2024-03-23", "unknown-end"),
        ("2024-03", "month"),
        ("second", "second"),
        ("T", "day"),
        ("T+1d", "unknown-end"),
        ("T-1d", "interval"),
        ("T−1d", "interval"),
        ("T+24h", "unknown-end"),
    ] {
        b.press("g");
        b.press(&format!(":{typed}<enter>"));
        assert_eq!(b.current().as_deref(), Some(expected), ":{typed}");
        assert!(b.state().overlay.is_none(), ":{typed} closes the prompt");
    }
    assert_eq!(b.shown().len(), all, "going somewhere filters nothing");
    b.press("<C-o>");
    assert_eq!(b.current().as_deref(), Some("uncertain"), "the jump is in the history (from `g`, the top)");
}

#[test]
fn go_to_past_the_last_event_stops_at_the_last_and_says_so() {
    let dir = common::scratch("goto-end");
    let mut b = browser(dir.path());
    b.press(":2030<enter>");
    assert_eq!(b.current().as_deref(), Some("open-end"));
    assert!(b.state().status.as_deref().unwrap_or_default().contains("No shown event is on or after"));
}

#[test]
fn what_go_to_cannot_read_keeps_the_prompt_open_with_the_reason() {
    let dir = common::scratch("goto-bad");
    let mut b = browser(dir.path());
    let before = b.current();
    b.press(":nonsense<enter>");
    assert_eq!(b.current(), before);
    assert!(screen_text(&b).contains("`nonsense` is no event id, nor a date"), "{}", screen_text(&b));
    b.press("<C-u>T+3x<enter>");
    assert!(screen_text(&b).contains("`x` is no unit"), "{}", screen_text(&b));
    b.press("<esc>");
    assert!(b.state().overlay.is_none());
    assert_eq!(b.current(), before);
}

#[test]
fn tab_completes_an_event_id() {
    let dir = common::scratch("goto-tab");
    let mut b = browser(dir.path());
    b.press(":sec<tab>");
    assert!(screen_text(&b).contains(":second"), "{}", screen_text(&b));
    b.press("<enter>");
    assert_eq!(b.current().as_deref(), Some("second"));
    b.press(":open<tab>");
    let screen = screen_text(&b);
    assert!(screen.contains(":open-"), "as far as the ids agree: {screen}");
    assert!(
        screen.contains("2 ids: open-end, open-start") || screen.contains("2 ids: open-start, open-end"),
        "{screen}"
    );
    b.press("s<tab><enter>");
    assert_eq!(b.current().as_deref(), Some("open-start"));
}

#[test]
fn find_moves_to_matches_without_filtering_and_n_and_n_go_round() {
    let dir = common::scratch("find");
    let mut b = browser(dir.path());
    let all = b.shown().len();
    b.press("g<C-f>@fsb");
    assert_eq!(b.current().as_deref(), Some("day"), "the first match from where the find started");
    assert_eq!(b.shown().len(), all);
    b.press("<enter>");
    assert!(b.state().status.as_deref().unwrap_or_default().starts_with("2 matching events"), "{:?}", b.state().status);
    b.press("n");
    assert_eq!(b.current().as_deref(), Some("second"));
    b.press("n");
    assert_eq!(b.current().as_deref(), Some("day"), "round the end");
    b.press("N");
    assert_eq!(b.current().as_deref(), Some("second"));
    let screen = screen_text(&b);
    assert_eq!(screen.matches('›').count(), 2, "both matches are marked in the list:\n{screen}");
    b.press("<C-o>");
    assert_eq!(b.current().as_deref(), Some("day"));
}

#[test]
fn esc_in_the_find_prompt_goes_back_and_forgets_the_find() {
    let dir = common::scratch("find-esc");
    let mut b = browser(dir.path());
    b.press("g<C-f>second");
    assert_eq!(b.current().as_deref(), Some("second"));
    b.press("<esc>");
    assert_eq!(b.current().as_deref(), Some("uncertain"));
    assert!(b.state().finding.is_none());
    b.press("n");
    assert!(b.state().status.as_deref().unwrap_or_default().starts_with("Nothing to find yet"));
}

#[test]
fn the_words_of_the_query_and_of_the_find_are_highlighted() {
    let dir = common::scratch("highlight");
    let mut b = browser(dir.path());
    b.press("/month<enter>");
    assert_eq!(b.state().highlights(), ["month"]);
    b.press("c<C-f>second<enter>");
    assert_eq!(b.state().highlights(), ["second"]);
    // The highlighted word is drawn in the matched style, unlike the rest of the title.
    let screen = b.screen();
    let buffer = screen.buffer();
    let row = (0..buffer.area.height)
        .find(|&y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().contains("A second"))
        .expect("the row of `second`");
    let x = (0..buffer.area.width).find(|&x| buffer[(x, row)].symbol() == "s" && buffer[(x + 1, row)].symbol() == "e");
    let x = x.expect("the word");
    assert_ne!(buffer[(x, row)].style(), buffer[(x - 2, row)].style(), "`second` stands out from `A `");
}

#[test]
fn a_mark_brings_the_cursor_back_and_is_kept_for_the_next_start() {
    let dir = common::scratch("marks");
    let mut b = browser(dir.path());
    b.press(":second<enter>");
    let effects = b.press("ma");
    assert!(
        matches!(&effects[..], [Effect::SaveMarks { marks, .. }] if marks.get(&'a').map(String::as_str) == Some("second"))
    );
    b.press(":month<enter>mB");
    b.press("g'a");
    assert_eq!(b.current().as_deref(), Some("second"));
    b.press("'B");
    assert_eq!(b.current().as_deref(), Some("month"));
    b.press("<C-o>");
    assert_eq!(b.current().as_deref(), Some("second"), "a jump to a mark is in the history");
    assert!(screen_text(&b).contains("a20:02:07"), "the mark's letter leads its row:\n{}", screen_text(&b));

    let mut again = browser(dir.path());
    again.press("g'a");
    assert_eq!(again.current().as_deref(), Some("second"), "the marks outlive the browser");
    again.press("'B");
    assert_eq!(again.current().as_deref(), Some("month"));
}

#[test]
fn a_key_that_is_not_a_letter_after_m_or_quote_cancels_it() {
    let dir = common::scratch("marks-cancel");
    let mut b = browser(dir.path());
    b.press("m1");
    assert!(b.state().marks.letters.is_empty());
    assert_eq!(b.state().status.as_deref(), Some("A mark is a letter: a to z, or A to Z"));
    b.press("m<esc>j");
    assert!(b.state().marks.letters.is_empty() && b.state().pending.is_none());
    b.press("'z");
    assert!(b.state().status.as_deref().unwrap_or_default().starts_with("No mark z"));
    b.press("''");
    assert!(b.state().status.as_deref().unwrap_or_default().starts_with("No marks yet"));
}

#[test]
fn quote_quote_lists_the_marks_to_go_to_or_forget() {
    let dir = common::scratch("marks-list");
    let mut b = browser(dir.path());
    b.press(":second<enter>ma:month<enter>mb");
    b.press("''");
    let screen = screen_text(&b);
    assert!(screen.contains(" Marks "), "{screen}");
    assert!(screen.contains(" a  2024-03-22T20:02:07   A second"), "{screen}");
    assert!(screen.contains(" b  2024-03               A month"), "{screen}");
    b.press("j<enter>");
    assert_eq!(b.current().as_deref(), Some("month"));
    b.press("''d<esc>");
    assert_eq!(b.state().marks.letters.keys().collect::<Vec<_>>(), [&'b']);
    let kept = std::fs::read_to_string(dir.path().join("marks.ron")).unwrap();
    assert!(kept.contains("'b'") && !kept.contains("'a'"), "{kept}");
}

#[test]
fn mark_in_a_query_keeps_the_marked_events() {
    let dir = common::scratch("marks-query");
    let mut b = browser(dir.path());
    b.press(":second<enter>ma:month<enter>mb:year<enter>mc");
    b.press("/mark:a,b<enter>");
    assert_eq!(b.shown(), ["month", "second"]);
    b.press("c:day<enter>mb/mark:b<enter>");
    assert_eq!(b.shown(), ["day"], "moving a mark moves what `mark:` keeps");
}

#[test]
fn the_actor_picker_chooses_claimants_after_ctrl_t() {
    let dir = common::scratch("claims");
    let mut b = browser(dir.path());
    let all = b.shown().len();
    b.press("a<C-t>");
    assert!(screen_text(&b).contains("who claims the event (by:)"), "{}", screen_text(&b));
    b.press("putin <enter>");
    assert_eq!(b.shown(), ["day"], "only the event Putin claims, not the one he takes part in");
    assert!(screen_text(&b).contains("by:Vladimir Putin"), "the header's chip: {}", screen_text(&b));
    b.press("a");
    assert!(screen_text(&b).contains("who takes part"), "the picker opens on the usual side");
    b.press("<C-t>putin <enter>");
    assert_eq!(b.shown().len(), all, "Putin unchosen on the claims side");
}

#[test]
fn a_find_typed_on_finds_what_the_whole_text_finds_searched_afresh() {
    let dir = common::scratch("find-typed-on");
    let mut b = browser(dir.path());
    // Each key searches again; the words the find held a key before lend what they found.
    b.press("g<C-f>a");
    let a = b.state().finding.as_ref().expect("a find").hits.clone();
    b.press(" day");
    let typed_on = b.state().finding.as_ref().expect("a find").hits.clone();
    let data = b.data();
    let fresh = |text: &str| {
        let filter = timeline::query::Filter {
            query: timeline::query::Query::parse(text, &data.timeline, &data.index),
            ..Default::default()
        };
        filter.prepare(&data.timeline, &data.index).apply()
    };
    assert_eq!(a, fresh("a"));
    assert_eq!(typed_on, fresh("a day"));
    assert!(!typed_on.is_empty() && typed_on.len() < a.len(), "the second word narrows the find");
}
