//! What the model derives from the resolved entries, once, while resolve makes a
//! [`Site`](crate::resolve::Site): the deals with their parties, the relations
//! between entries that the graphs draw, and the dated events of the timeline.
//!
//! All of it is typed data (entry ids, dates, amounts, statuses), never text for a
//! page: render writes it in each edition's language, with links relative to the page.
//! Nothing here reports a problem: a reference that does not resolve (which resolve
//! has reported) is left out.

mod deals;
mod relations;
mod timeline;

pub use deals::{Deal, Deals, deals};
pub use relations::{Relation, RelationKind, Relations, relations};
pub use timeline::{Event, EventKind, timeline};
