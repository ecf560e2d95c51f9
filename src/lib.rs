//! nianbao (年报): search and indexing over China's government information disclosure annual reports
//! (政府信息公开工作年度报告).
//!
//! The data flows text → record → index → query → response, and the modules follow that path:
//! - [`parse`] turns the bytes of one report into a [`report::Report`] (knows nothing of tantivy);
//! - [`tokenizer`] segments Chinese text with jieba for tantivy;
//! - [`index`] stores records in a tantivy index (schema, writing, ids);
//! - [`search`] answers queries, filters, facets and highlights (knows nothing of HTTP);
//! - [`problems`] groups stated problems into recurring themes;
//! - [`server`] and the `nianbao` binary's CLI are thin adapters over these calls.

pub mod cluster;
pub mod crossyear;
pub mod error;
pub mod export;
pub mod gen;
pub mod index;
pub mod parse;
pub mod problems;
pub mod report;
pub mod search;
pub mod server;
pub mod tokenizer;

pub use error::{Error, Result};
pub use report::Report;
