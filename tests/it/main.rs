//! The integration tests: one binary, one module per area.

mod browser;
mod cluster;
mod crossyear;
mod gen;
mod intake;
mod parse_seeds;
mod parse_variants;
mod problems;
mod reliability;
mod search;
mod server;
mod util;
