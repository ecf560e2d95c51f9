//! TODO: index (being written).
