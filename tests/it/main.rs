//! The integration tests: one binary, one module per area.

mod gen;
mod browser;
mod cluster;
mod crossyear;
mod intake;
mod parse_seeds;
mod server;
mod util;
