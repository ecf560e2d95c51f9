//! The integration tests: one binary, one module per area.

mod parse_seeds;
mod util;
