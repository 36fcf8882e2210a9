//! Who claims what, from the command line: `--by` and the comma's "any of" in `--query`.

mod common;

fn ids(args: &[&str]) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = vec!["list", "tests/fixtures/valid/every-form.ron", "--json"];
    all.extend_from_slice(args);
    let out = common::timeline_within_seconds(root, &all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn by_keeps_the_events_an_actor_claims_and_not_those_it_takes_part_in() {
    assert_eq!(ids(&["--by", "Vladimir Putin"]), ["day"]);
    assert_eq!(ids(&["--actor", "putin"]), ["month", "day"]);
    assert_eq!(ids(&["--by", "fsb"]), Vec::<String>::new());
    assert_eq!(ids(&["--by", "fsb", "--by", "putin"]), ["day"], "several mean any of them");
    assert_eq!(ids(&["--by", "putin"]), ids(&["--query", "by:putin,fsb"]));
}

#[test]
fn a_comma_in_a_query_term_means_any_of() {
    assert_eq!(ids(&["--query", "status:claimed,disputed"]), ["approximate", "day"]);
    assert_eq!(ids(&["--query", "status:claimed status:disputed"]), Vec::<String>::new());
    assert_eq!(ids(&["--query", "@fsb,putin"]), ["month", "day", "second"]);
}

#[test]
fn by_names_the_closest_actors_when_none_fits() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = common::timeline_within_seconds(root, &["list", "tests/fixtures/valid/every-form.ron", "--by", "putn"]);
    assert_eq!(out.status.code(), Some(2), "a usage error, as with --actor: {out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no actor is called `putn`\n  = help: the closest are `putin`")
    );
}
