//! Actors: the gazetteer and article-level resolution of who is who.
mod gazetteer;
mod resolve;

pub use gazetteer::{ActorEntry, ActorId, Gazetteer, Mention, MentionKind, Person};
pub use resolve::{Resolver, SentenceActors};
