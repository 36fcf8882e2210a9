//! The actor picker's two sides: who takes part in an event (`@`) and who claims it (`by:`).
//! `Ctrl-t` switches between them; each side keeps its own choices, and Enter applies both.

use super::state::{Choice, Data, Picker, PickerKind};
use crate::query::{Facet, Filter, Selection};

/// The picker's choices for the claimants, as it opens: the other side of the actor picker.
pub fn opened(filter: &Filter) -> (Vec<(usize, Choice)>, bool) {
    let claimants = filter.claimants();
    (choices(&claimants), claimants.all)
}

fn choices(selection: &Selection<usize>) -> Vec<(usize, Choice)> {
    let include = selection.include.iter().map(|&i| (i, Choice::Include));
    let exclude = selection.exclude.iter().map(|&i| (i, Choice::Exclude));
    include.chain(exclude).collect()
}

/// Switches the actor picker between "takes part" and "claims": the choices swap, and each
/// actor's count becomes the events it would show on the new side.
pub fn switch(picker: &mut Picker, filter: &Filter, data: &Data) {
    if picker.kind != PickerKind::Actors {
        return;
    }
    let (chosen, all) = std::mem::take(&mut picker.other);
    picker.other = (std::mem::replace(&mut picker.chosen, chosen), std::mem::replace(&mut picker.all, all));
    picker.claims = !picker.claims;
    let counts = counts(filter, data, picker.claims);
    for item in &mut picker.items {
        item.count = counts[item.item];
    }
}

/// Per actor, the events it would show on one side, given every other term of the filter.
fn counts(filter: &Filter, data: &Data, claims: bool) -> Vec<usize> {
    let prepared = filter.prepare(&data.timeline, &data.index);
    let facet = if claims { Facet::Claimants } else { Facet::Actors };
    let mut counts = vec![0; data.timeline.actors.len()];
    for (ix, e) in data.timeline.events.iter().enumerate() {
        if !prepared.matches_without(facet, ix) {
            continue;
        }
        if claims {
            e.claimed_by.iter().for_each(|&a| counts[a] += 1);
        } else {
            e.named_actors().for_each(|a| counts[a] += 1);
        }
    }
    counts
}

/// Applies both sides of the actor picker to the filter.
pub fn apply(filter: &mut Filter, picker: &Picker) {
    let selection = |chosen: &[(usize, Choice)], all: bool| {
        let pick = |choice: Choice| chosen.iter().filter(|(_, c)| *c == choice).map(|(i, _)| *i).collect();
        Selection { include: pick(Choice::Include), exclude: pick(Choice::Exclude), all }
    };
    let here = selection(&picker.chosen, picker.all);
    let other = selection(&picker.other.0, picker.other.1);
    let (actors, claimants) = if picker.claims { (other, here) } else { (here, other) };
    filter.choose_actors(actors);
    filter.choose_claimants(claimants);
}
