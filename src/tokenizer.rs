//! A tantivy tokenizer over jieba-rs.
