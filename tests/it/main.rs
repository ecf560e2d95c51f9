//! The integration tests: one binary, one module per area.

mod util;
mod parse_seeds;
