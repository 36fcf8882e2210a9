//! Side effects that `update` asks for, as values; the loop performs them.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
}
