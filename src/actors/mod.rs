//! Actors: the gazetteer, article-level resolution of who is who, and how
//! a sentence record names its actors.
mod gazetteer;
pub mod record;
mod resolve;

pub use gazetteer::{ActorEntry, ActorId, Gazetteer, Mention, MentionKind, Person};
pub use resolve::{Resolver, SentenceActors};
