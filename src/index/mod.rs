//! The report index: a tantivy index of records, written through one serialised writer and read by many.
//!
//! A document is one report, keyed by the record's `id` (see [`crate::Report::compute_id`]: BLAKE3 over
//! `agency|region|year`, or over the text when those are unknown), so indexing a report again replaces it:
//! every write is `delete_term(id)` + `add_document`, then one commit. Commits are atomic; a batch either lands
//! whole or not at all. After each commit the reader is reloaded (`ReloadPolicy::Manual`), so a write is visible to
//! the next search in the same process. The schema is in [`schema`].

pub mod schema;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{AllQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

pub use schema::Fields;

use crate::parse::Parsed;
use crate::{Error, Report, Result};

/// The writer's memory budget for an on-disk index (split across its indexing threads).
const DISK_WRITER_BUDGET: usize = 256 * 1024 * 1024;
/// The writer's memory budget for an in-RAM index (one thread).
const RAM_WRITER_BUDGET: usize = 32 * 1024 * 1024;

/// A handle on the report index. Cheap to clone; `Send + Sync`; all clones share one writer and one reader.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    index: Index,
    reader: IndexReader,
    /// Created on the first write and kept: tantivy allows one writer per index (and per directory lock).
    writer: Mutex<Option<IndexWriter>>,
    fields: Fields,
    /// The index folder; `None` in RAM.
    dir: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.inner.dir)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the index in `dir`, creating the folder and an empty index when there is none.
    pub fn open_or_create(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let directory = MmapDirectory::open(dir).map_err(|error| {
            Error::Internal(format!(
                "{}: cannot open the index folder: {error}",
                dir.display()
            ))
        })?;
        let (schema, fields) = schema::build_schema();
        let index = Index::open_or_create(directory, schema).map_err(|error| match error {
            tantivy::TantivyError::SchemaError(reason) => Error::Internal(format!(
                "{}: the index was built with another schema ({reason}); rebuild it with `nianbao index --rebuild`",
                dir.display()
            )),
            other => Error::Index(other),
        })?;
        Store::from_index(index, fields, Some(dir.to_path_buf()))
    }

    /// Opens the index in `dir` emptied of every report, for `--rebuild`. An index of the current schema is
    /// emptied through its writer (so a process writing it keeps the folder locked); one that cannot be opened
    /// (an older schema) is deleted file by file (only tantivy's own files: `meta.json`, `.managed.json`, lock files,
    /// segment files named by 32 hex digits) and created anew.
    pub fn recreate(dir: &Path) -> Result<Store> {
        match Store::open_or_create(dir) {
            Ok(store) => {
                store.clear()?;
                return Ok(store);
            }
            Err(error) if dir.join("meta.json").is_file() => {
                tracing::warn!(%error, dir = %dir.display(), "the index cannot be opened; deleting it to rebuild");
            }
            Err(error) => return Err(error),
        }
        let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        for entry in entries.filter_map(|entry| entry.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_index_file(&name) {
                let path = entry.path();
                std::fs::remove_file(&path).map_err(|source| Error::Io { path, source })?;
            }
        }
        Store::open_or_create(dir)
    }

    /// An empty index in memory (tests, benches, examples).
    pub fn create_in_ram() -> Result<Store> {
        let (schema, fields) = schema::build_schema();
        Store::from_index(Index::create_in_ram(schema), fields, None)
    }

    fn from_index(index: Index, fields: Fields, dir: Option<PathBuf>) -> Result<Store> {
        index.tokenizers().register(
            crate::tokenizer::TOKENIZER_NAME,
            crate::tokenizer::analyzer(),
        );
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Store {
            inner: Arc::new(Inner {
                index,
                reader,
                writer: Mutex::new(None),
                fields,
                dir,
            }),
        })
    }

    /// The schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.inner.fields
    }

    /// The underlying tantivy index.
    pub fn index(&self) -> &Index {
        &self.inner.index
    }

    /// A searcher on the last reloaded commit; take one per query.
    pub fn searcher(&self) -> Searcher {
        self.inner.reader.searcher()
    }

    /// The index folder, `None` for an in-RAM index.
    pub fn dir(&self) -> Option<&Path> {
        self.inner.dir.as_deref()
    }

    /// Locks the writer, creating it on first use. A second process writing the same folder gets a clear error.
    fn writer(&self) -> Result<MutexGuard<'_, Option<IndexWriter>>> {
        let mut guard = self
            .inner
            .writer
            .lock()
            .map_err(|_| Error::Internal("the index writer lock is poisoned".to_string()))?;
        if guard.is_none() {
            let writer = match self.inner.dir {
                Some(_) => self.inner.index.writer(DISK_WRITER_BUDGET),
                None => self
                    .inner
                    .index
                    .writer_with_num_threads(1, RAM_WRITER_BUDGET),
            };
            let writer = writer.map_err(|error| match error {
                tantivy::TantivyError::LockFailure(..) => Error::Internal(format!(
                    "{}: the index is being written by another process ({error})",
                    self.inner
                        .dir
                        .as_deref()
                        .unwrap_or(Path::new("(ram)"))
                        .display()
                )),
                other => Error::Index(other),
            })?;
            *guard = Some(writer);
        }
        Ok(guard)
    }

    /// Runs `write` on the writer, then commits and reloads; on any failure rolls back, so nothing half-written
    /// stays behind.
    fn write_and_commit(
        &self,
        write: impl FnOnce(&Fields, &IndexWriter) -> Result<()>,
    ) -> Result<()> {
        let mut guard = self.writer()?;
        let Some(writer) = guard.as_mut() else {
            return Err(Error::Internal("the index writer is missing".to_string()));
        };
        let outcome =
            write(&self.inner.fields, writer).and_then(|()| writer.commit().map_err(Error::from));
        if let Err(error) = outcome {
            if let Err(rollback_error) = writer.rollback() {
                tracing::error!(%rollback_error, "rollback after a failed write failed");
                // The writer is unusable now; a fresh one will be created on the next write.
                *guard = None;
            }
            return Err(error);
        }
        drop(guard);
        self.inner.reader.reload()?;
        Ok(())
    }

    /// Adds a report, replacing the report with the same id; commits and reloads. Returns the id.
    /// A report without an id gets [`Report::compute_id`] over its agency, region, year and text.
    pub fn add(&self, parsed: &Parsed) -> Result<String> {
        let parsed = with_id(parsed);
        let id = parsed.report.id.clone();
        self.write_and_commit(|fields, writer| upsert(fields, writer, &parsed))?;
        tracing::debug!(%id, file = %parsed.report.file, "report indexed");
        Ok(id)
    }

    /// Adds many reports (each replacing the report with the same id; within the batch the last one wins) with one
    /// commit and one reload.
    pub fn add_batch(&self, parsed: &[Parsed]) -> Result<()> {
        if parsed.is_empty() {
            return Ok(());
        }
        self.write_and_commit(|fields, writer| {
            for one in parsed {
                upsert(fields, writer, &with_id(one))?;
            }
            Ok(())
        })?;
        tracing::debug!(count = parsed.len(), "batch indexed");
        Ok(())
    }

    /// Removes the report with this id; commits and reloads. False when there was none.
    pub fn delete(&self, id: &str) -> Result<bool> {
        if self.doc_address(id)?.is_none() {
            return Ok(false);
        }
        let term = Term::from_field_text(self.inner.fields.id, id);
        self.write_and_commit(|_, writer| {
            writer.delete_term(term);
            Ok(())
        })?;
        tracing::debug!(%id, "report deleted");
        Ok(true)
    }

    /// Removes every report (for `--rebuild`); commits and reloads.
    pub fn clear(&self) -> Result<()> {
        self.write_and_commit(|_, writer| {
            writer.delete_all_documents()?;
            Ok(())
        })
    }

    /// Waits for background merges and releases the writer (and its directory lock). Call before a CLI exits.
    pub fn close_writer(&self) -> Result<()> {
        let writer = self
            .inner
            .writer
            .lock()
            .map_err(|_| Error::Internal("the index writer lock is poisoned".to_string()))?
            .take();
        if let Some(writer) = writer {
            writer.wait_merging_threads()?;
        }
        Ok(())
    }

    fn doc_address(&self, id: &str) -> Result<Option<DocAddress>> {
        let query = TermQuery::new(
            Term::from_field_text(self.inner.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher()
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        Ok(top.first().map(|(_, address)| *address))
    }

    fn stored_text(
        &self,
        address: DocAddress,
        field: tantivy::schema::Field,
    ) -> Result<Option<String>> {
        let doc: TantivyDocument = self.searcher().doc(address)?;
        Ok(doc
            .get_first(field)
            .and_then(|value| value.as_str().map(str::to_string)))
    }

    /// The record of the report with this id.
    pub fn get(&self, id: &str) -> Result<Option<Report>> {
        let Some(address) = self.doc_address(id)? else {
            return Ok(None);
        };
        let searcher = self.searcher();
        record_at(&searcher, &self.inner.fields, address).map(Some)
    }

    /// The text the report with this id was indexed from (`Parsed::text`).
    pub fn source(&self, id: &str) -> Result<Option<String>> {
        match self.doc_address(id)? {
            Some(address) => self.stored_text(address, self.inner.fields.text),
            None => Ok(None),
        }
    }

    /// The number of reports in the last reloaded commit.
    pub fn num_docs(&self) -> Result<u64> {
        Ok(self.searcher().search(&AllQuery, &Count)? as u64)
    }

    /// Every report matching a filter expression (see [`crate::search::filter`]), or all reports; ordered by file
    /// name, then id.
    pub fn reports_matching(&self, filter: Option<&str>) -> Result<Vec<Report>> {
        let query: Box<dyn Query> = match filter.map(str::trim).filter(|filter| !filter.is_empty())
        {
            Some(expression) => crate::search::filter::compile(&self.inner.fields, expression)?,
            None => Box::new(AllQuery),
        };
        let searcher = self.searcher();
        let addresses = searcher.search(query.as_ref(), &DocSetCollector)?;
        let mut reports = addresses
            .into_iter()
            .map(|address| record_at(&searcher, &self.inner.fields, address))
            .collect::<Result<Vec<Report>>>()?;
        reports.sort_by(|a, b| (&a.file, &a.id).cmp(&(&b.file, &b.id)));
        Ok(reports)
    }
}

/// True for the files tantivy writes into an index folder.
fn is_index_file(name: &str) -> bool {
    let is_segment_file = name
        .split_once('.')
        .is_some_and(|(stem, _)| stem.len() == 32 && stem.chars().all(|c| c.is_ascii_hexdigit()));
    is_segment_file
        || matches!(
            name,
            "meta.json" | ".managed.json" | ".tantivy-meta.lock" | ".tantivy-writer.lock"
        )
}

/// The stored record of a document.
pub(crate) fn record_at(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
) -> Result<Report> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let json = doc
        .get_first(fields.record)
        .and_then(|value| value.as_str())
        .ok_or_else(|| Error::Internal(format!("document {address:?} has no stored record")))?;
    serde_json::from_str(json).map_err(|error| {
        Error::Internal(format!(
            "stored record of {address:?} is unreadable: {error}"
        ))
    })
}

/// The parsed report with its id filled in when the parser left it empty.
fn with_id(parsed: &Parsed) -> std::borrow::Cow<'_, Parsed> {
    if !parsed.report.id.is_empty() {
        return std::borrow::Cow::Borrowed(parsed);
    }
    let mut owned = parsed.clone();
    let report = &owned.report;
    owned.report.id = Report::compute_id(
        report.agency.as_deref(),
        report.region.as_deref(),
        report.year,
        &owned.text,
    );
    std::borrow::Cow::Owned(owned)
}

fn upsert(fields: &Fields, writer: &IndexWriter, parsed: &Parsed) -> Result<()> {
    let doc = schema::to_document(fields, parsed)?;
    writer.delete_term(Term::from_field_text(fields.id, &parsed.report.id));
    writer.add_document(doc)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(id: &str, agency: &str, text: &str) -> Parsed {
        Parsed {
            report: Report {
                id: id.to_string(),
                file: format!("{id}.txt"),
                agency: Some(agency.to_string()),
                year: Some(2021),
                ..Report::default()
            },
            text: text.to_string(),
        }
    }

    #[test]
    fn adding_the_same_id_twice_replaces_the_report() -> Result<()> {
        let store = Store::create_in_ram()?;
        store.add(&parsed("a", "甲镇人民政府", "第一版"))?;
        store.add(&parsed("a", "甲镇人民政府", "第二版"))?;
        store.add_batch(&[
            parsed("b", "乙镇人民政府", "一"),
            parsed("b", "乙镇人民政府", "二"),
        ])?;
        assert_eq!(store.num_docs()?, 2);
        assert_eq!(store.source("a")?.as_deref(), Some("第二版"));
        assert_eq!(store.source("b")?.as_deref(), Some("二"));
        Ok(())
    }

    #[test]
    fn get_returns_the_stored_record_and_delete_removes_it() -> Result<()> {
        let store = Store::create_in_ram()?;
        let id = store.add(&parsed("a", "甲镇人民政府", "正文"))?;
        assert_eq!(id, "a");
        let record = store.get("a")?.ok_or_else(|| Error::NotFound("a".into()))?;
        assert_eq!(record.agency.as_deref(), Some("甲镇人民政府"));
        assert!(store.delete("a")?);
        assert!(!store.delete("a")?);
        assert_eq!(store.get("a")?, None);
        assert_eq!(store.num_docs()?, 0);
        Ok(())
    }

    #[test]
    fn a_report_without_id_gets_the_computed_one() -> Result<()> {
        let store = Store::create_in_ram()?;
        let id = store.add(&parsed("", "甲镇人民政府", "正文"))?;
        assert_eq!(
            id,
            Report::compute_id(Some("甲镇人民政府"), None, Some(2021), "正文")
        );
        assert!(store.get(&id)?.is_some());
        Ok(())
    }

    #[test]
    fn clear_removes_everything() -> Result<()> {
        let store = Store::create_in_ram()?;
        store.add_batch(&[parsed("a", "甲", "一"), parsed("b", "乙", "二")])?;
        store.clear()?;
        assert_eq!(store.num_docs()?, 0);
        Ok(())
    }

    #[test]
    fn recreate_empties_the_index_and_leaves_other_files() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|error| Error::Internal(error.to_string()))?;
        let note = dir.path().join("README.txt");
        std::fs::write(&note, "keep me").map_err(|error| Error::Internal(error.to_string()))?;
        {
            let store = Store::open_or_create(dir.path())?;
            store.add(&parsed("a", "甲镇人民政府", "正文"))?;
            store.close_writer()?;
        }
        let store = Store::recreate(dir.path())?;
        assert_eq!(store.num_docs()?, 0);
        store.close_writer()?;
        drop(store);
        // An index whose meta.json this schema cannot read is replaced.
        let meta = dir.path().join("meta.json");
        std::fs::write(&meta, "{\"not\": \"an index\"}")
            .map_err(|error| Error::Internal(error.to_string()))?;
        assert!(Store::open_or_create(dir.path()).is_err());
        let store = Store::recreate(dir.path())?;
        store.add(&parsed("b", "乙镇人民政府", "正文"))?;
        assert_eq!(store.num_docs()?, 1);
        assert!(note.exists());
        Ok(())
    }

    #[test]
    fn an_on_disk_index_survives_reopening() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|error| Error::Internal(error.to_string()))?;
        {
            let store = Store::open_or_create(dir.path())?;
            store.add(&parsed("a", "甲镇人民政府", "正文"))?;
            store.close_writer()?;
        }
        let store = Store::open_or_create(dir.path())?;
        assert_eq!(store.num_docs()?, 1);
        Ok(())
    }
}
