//! The integration tests: one binary, one module per area.

mod gen;
mod parse_seeds;
mod util;
