//! The one integration test binary: the CLI run in temp dirs, golden JSON
//! contracts, the accuracy gates, and benchmark imports.
mod cli;
mod contract;
mod corpus;
mod errors;
mod gates;
mod import;
mod report;
mod util;
