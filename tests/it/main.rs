//! The integration tests: one binary, one module per area.

mod gen;
mod cluster;
mod crossyear;
mod intake;
mod parse_seeds;
mod util;
