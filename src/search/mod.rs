//! TODO: search (being written).
