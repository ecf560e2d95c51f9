//! TODO: problems (being written).
