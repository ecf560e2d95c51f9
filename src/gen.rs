//! Deterministic generator of realistic annual reports, for benchmarks and large-corpus tests.
