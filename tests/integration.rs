//! The one integration test binary: the CLI run in temp dirs, golden JSON
//! contracts, and the accuracy gates.
mod cli;
mod contract;
mod corpus;
mod errors;
mod gates;
mod report;
mod util;
