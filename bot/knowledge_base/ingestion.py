"""The knowledge base on disk: incremental ingestion into a new generation, then an atomic switch."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

from bot.knowledge_base.chunking import CHUNKER_VERSION, chunk_document, embedding_text, unit_texts
from bot.config import Settings
from bot.knowledge_base.documents import DocumentError, discover, file_hash, read_document
from bot.knowledge_base.embeddings import Embedder
from bot.knowledge_base.embedding_cache import EmbeddingCache
from bot.knowledge_base.index import (
    COLLECTION_PREFIX, ExactVectors, FileVectors, UnitVectors, VectorStore, open_store, save_unit_vectors, save_vectors,
)
from bot.search.lexical_cache import lexical_index
from bot.knowledge_base.library import Library
from bot.models import Chunk
from bot.knowledge_base.progress import Progress, announce
from bot.search.retrieval import HybridRetriever

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What one ingestion run did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    chunks: int = 0
    embedded: int = 0  # passages the model read anew
    sentences_embedded: int = 0  # and their sentences
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def __str__(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged, {len(self.failed)} failed; "
            f"{self.chunks} chunks ({self.embedded} embedded, {self.sentences_embedded} sentences) in {self.seconds:.1f} s"
        )


@dataclass
class Generation:
    """One complete, immutable build of the index: its manifest and its chunks."""

    name: str
    files: dict[str, dict]  # path -> {hash, document, chunk_ids}
    chunks: list[Chunk]
    embedding_model: str
    chunker_version: str
    created: float

    @property
    def collection(self) -> str:
        return COLLECTION_PREFIX + self.name


class KnowledgeBase:
    """Ingests knowledge files and serves the retriever over the current generation."""

    def __init__(self, settings: Settings, store: VectorStore | FileVectors | None, embedder: Embedder) -> None:
        self.settings = settings
        self._store = store  # opened on first use: answering from disk never needs Chroma
        self.embedder = embedder
        self.root = settings.index_dir
        # Documents staff added from Telegram, and knowledge files they withdrew.
        self.library = Library(settings.documents_dir)
        self.generation: Generation | None = None
        self._retriever: HybridRetriever | None = None

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        ingest_if_missing: bool = True,
        embedder: Embedder | None = None,
        store: VectorStore | FileVectors | None = None,
        progress: bool = False,
    ) -> "KnowledgeBase":
        """Load the current generation; build it first when knowledge/ is new or changed.

        With ``progress`` a build says so on stderr, then shows a bar: on first use it takes
        tens of seconds, and a person waiting for their first answer should see why.
        """
        kb = cls(settings, store, embedder or Embedder(settings.embedding_model))
        kb.generation = kb._load_current()
        if ingest_if_missing and (kb.generation is None or kb._sources_changed()):
            if progress:
                first = kb.generation is None
                announce(
                    f"Bygger sökindexet från {settings.knowledge_dir}/ "
                    + ("(första gången; det tar en stund)…" if first else "(dokumenten har ändrats)…")
                )
            report = kb.ingest(progress=progress)
            if progress:
                announce(f"Sökindexet är klart: {report.chunks} avsnitt på {report.seconds:.0f} s.")
        return kb

    @property
    def store(self) -> VectorStore | FileVectors:
        """The generations' own vector files by default; Chroma on disk or a Chroma server when
        configured, opened when ingestion or a server query needs it."""
        if self._store is None:
            s = self.settings
            self._store = open_store(self.root, s.data_dir, s.uses_chroma, s.chroma_url)
        return self._store

    # ---- reading -------------------------------------------------------------------------

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            gen, s = self.generation, self.settings
            chunks = gen.chunks if gen else []
            lexical = lexical_index(self.root / gen.name if gen else None, chunks, s.knowledge_dir, s.word_lists)
            units = UnitVectors.load(self.root / gen.name) if gen else None
            self._retriever = HybridRetriever(chunks, self._vector_search(), gen.collection if gen else "", self.embedder,
                                              lexical=lexical, units=units)
        return self._retriever

    def _vector_search(self):  # noqa: ANN202 - a VectorStore or an ExactVectors, same query()
        """The generation's own vector file when the index is on disk; Chroma for a server or an old build."""
        if self.generation is not None and not self.settings.chroma_url:
            found = ExactVectors.load(self.root / self.generation.name)
            if found is not None:
                return found
        return self.store

    def status(self) -> dict:
        gen = self.generation
        return {
            "documents": len({c.document for c in gen.chunks}) if gen else 0,
            "chunks": len(gen.chunks) if gen else 0,
            "last_ingest": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(gen.created)) if gen else None,
            "embedding_model": self.settings.embedding_model,
        }

    def documents(self) -> list[dict]:
        """One entry per indexed document: its metadata, number of passages and file."""
        seen: dict[str, dict] = {}
        for chunk in self.generation.chunks if self.generation else []:
            entry = seen.setdefault(
                chunk.document,
                {
                    "document": chunk.document,
                    "title": chunk.title,
                    "municipality": chunk.municipality,
                    "date": chunk.date,
                    "document_type": chunk.meta.get("document_type"),
                    "meta": dict(chunk.meta),
                    "passages": 0,
                    "path": None,
                },
            )
            entry["passages"] += 1
        for path, info in (self.generation.files if self.generation else {}).items():
            if info["document"] in seen:
                seen[info["document"]]["path"] = path
        return sorted(seen.values(), key=lambda d: (d["municipality"] or "~", d["title"]))

    def passages(self, document: str) -> list[Chunk]:
        """A document's passages in reading order."""
        chunks = [c for c in self.generation.chunks if c.document == document] if self.generation else []
        return sorted(chunks, key=lambda c: c.position)

    def sources(self) -> list[Path]:
        """What ingestion reads by default: knowledge/, and the documents staff added, if any."""
        folder = self.library.folder
        return [self.settings.knowledge_dir] + ([folder] if folder.is_dir() else [])

    def reindex(self) -> IngestReport:
        return self.ingest(progress=False)

    # ---- ingestion -----------------------------------------------------------------------

    def ingest(self, paths: list[Path] | None = None, progress: bool = True) -> IngestReport:
        """Index the knowledge files: unchanged files are reused, the new build replaces the old at once."""
        started = time.perf_counter()
        roots = [Path(p) for p in (paths or self.sources())]
        for root in roots:
            if not root.exists():
                raise FileNotFoundError(f"no such file or folder: {root}")
        self.root.mkdir(parents=True, exist_ok=True)
        with self._lock():
            old = self._load_current()
            self._remove_stale(keep=old.name if old else None)
            report, files, chunks = self._collect(roots, old, progress)
            if old and not report.changed and self._compatible(old):
                # Nothing changed (failures keep what was indexed before): the current build stands.
                report.chunks = len(old.chunks)
                report.seconds = time.perf_counter() - started
                self._set_generation(old)
                return report
            new = Generation(
                name=time.strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:6],
                files=files,
                chunks=chunks,
                embedding_model=self.settings.embedding_model,
                chunker_version=CHUNKER_VERSION,
                created=time.time(),
            )
            report.embedded, report.sentences_embedded, matrix, units = self._build(new, old, progress)
            self._write(new, matrix, units)
            self._switch(new)
            if old:
                self._discard(old.name)
            report.chunks = len(chunks)
            report.seconds = time.perf_counter() - started
            self._set_generation(new)
            return report

    def _collect(self, roots: list[Path], old: Generation | None, progress: bool):
        report = IngestReport()
        reusable = old is not None and self._compatible(old)
        old_files = old.files if old else {}
        old_chunks: dict[str, list[Chunk]] = {}
        for chunk in old.chunks if old else []:
            old_chunks.setdefault(chunk.document, []).append(chunk)
        files: dict[str, dict] = {}
        chunks: list[Chunk] = []
        found: list[Path] = []
        withdrawn = self.library.withdrawn()
        for root in roots:
            found.extend(p for p in discover(root) if str(p.resolve()) not in withdrawn)
        scanned = {str(p.resolve()) for p in found}
        bar = Progress(len(found), "Läser dokument", enabled=progress)
        for path in found:
            key = str(path.resolve())
            bar.step(path.name)
            previous = old_files.get(key)
            try:
                doc = read_document(path, _root_of(path, roots))
            except DocumentError as exc:
                report.failed.append((path.name, str(exc)))
                log.warning("skipped %s: %s", path.name, exc)
                if previous:  # keep what was indexed before rather than losing the document
                    files[key] = previous
                    chunks.extend(old_chunks.get(previous["document"], []))
                continue
            if reusable and previous and previous["hash"] == doc.content_hash:
                report.unchanged.append(path.name)
                files[key] = previous
                chunks.extend(old_chunks.get(previous["document"], []))
                continue
            (report.updated if previous else report.added).append(path.name)
            new_chunks = chunk_document(doc)
            files[key] = {"hash": doc.content_hash, "document": doc.document, "chunk_ids": [c.id for c in new_chunks]}
            chunks.extend(new_chunks)
        bar.close()
        # The same document found at a new path (the knowledge folder moved, a volume mounted elsewhere)
        # replaces the one indexed from the old path, instead of being indexed twice.
        moved = {f["document"] for f in files.values()}
        for key, previous in old_files.items():
            if key not in files and (key in scanned or _under_any(key, roots) or previous["document"] in moved):
                report.removed.append(Path(key).name)
            elif key not in files:
                files[key] = previous  # a file from a root this run did not scan stays
                chunks.extend(old_chunks.get(previous["document"], []))
        return report, files, chunks

    def _build(self, new: Generation, old: Generation | None, progress: bool):  # noqa: ANN202 - counts and vectors
        """Embed what is new and store the generation; unchanged chunks keep their stored vectors.

        Each passage is embedded whole and sentence by sentence (its quotable units): the answer
        decision reads how close the one sentence nearest a question comes."""
        import numpy as np

        # A text this model embedded before (here, or in the vectors shipped with knowledge/) is read
        # back; only new text is embedded.
        cache = EmbeddingCache.open(self.embedder.name, self.settings.data_dir, self.sources())
        passages = {c.id: embedding_text(c) for c in new.chunks}
        if old is not None and self._compatible(old):  # what the old generation stored (a build from before the cache)
            stored = self.store.vectors(old.collection, [i for i, t in passages.items() if cache.get(t) is None])
            for chunk_id, vector in stored.items():
                cache.put(passages[chunk_id], vector)
        sentences = {c.id: unit_texts(c) for c in new.chunks}
        said = {t for ts in sentences.values() for t in ts}
        new_passages = sum(cache.get(t) is None for t in set(passages.values()))
        new_sentences = sum(cache.get(t) is None for t in said - set(passages.values()))
        if progress and (new_passages or new_sentences):
            announce(f"Beräknar vektorer för {new_passages} av {len(new.chunks)} avsnitt och {new_sentences} meningar "
                     f"med {self.embedder.name} …")
        found = cache.embed(self.embedder, [*passages.values(), *said], progress)
        matrix, units = None, []
        if new.chunks:
            matrix = np.stack([found[passages[c.id]] for c in new.chunks])
            units = [np.array([found[t] for t in sentences[c.id]]).reshape(-1, matrix.shape[1]) for c in new.chunks]
            self.store.add(
                new.collection,
                [c.id for c in new.chunks],
                matrix,
                [c.text for c in new.chunks],
                [{**c.meta, "document": c.document, "section": c.section} for c in new.chunks],
            )
        return new_passages, new_sentences, matrix, units

    # ---- generations on disk -------------------------------------------------------------

    def _compatible(self, gen: Generation) -> bool:
        return gen.embedding_model == self.settings.embedding_model and gen.chunker_version == CHUNKER_VERSION

    def _pointer(self) -> Path:
        return self.root / "current.json"

    def _load_current(self) -> Generation | None:
        try:
            name = json.loads(self._pointer().read_text())["generation"]
            folder = self.root / name
            manifest = json.loads((folder / "manifest.json").read_text())
            with (folder / "chunks.jsonl").open(encoding="utf-8") as fh:
                chunks = [Chunk(**json.loads(line)) for line in fh if line.strip()]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return Generation(name=name, chunks=chunks, **manifest)

    def _write(self, gen: Generation, matrix, units: list) -> None:  # noqa: ANN001 - numpy matrix or None
        folder = self.root / gen.name
        folder.mkdir(parents=True)
        if matrix is not None:
            save_vectors(folder, [c.id for c in gen.chunks], matrix)
            save_unit_vectors(folder, [c.id for c in gen.chunks], units)
        with (folder / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for chunk in gen.chunks:
                fh.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
        manifest = {k: v for k, v in asdict(gen).items() if k not in ("name", "chunks")}
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        # Built with the generation, so a start loads it instead of building it (bot/search/lexical_cache.py).
        lexical_index(folder, gen.chunks, self.settings.knowledge_dir, self.settings.word_lists)

    def _switch(self, gen: Generation) -> None:
        tmp = self._pointer().with_suffix(".tmp")
        tmp.write_text(json.dumps({"generation": gen.name}))
        os.replace(tmp, self._pointer())  # atomic: readers see the old build or the new, never half

    def _set_generation(self, gen: Generation) -> None:
        self.generation = gen
        self._retriever = None

    def _discard(self, name: str) -> None:
        self.store.drop(COLLECTION_PREFIX + name)
        shutil.rmtree(self.root / name, ignore_errors=True)

    def _remove_stale(self, keep: str | None) -> None:
        """Leftovers of an interrupted run: folders and collections that no pointer names."""
        for folder in self.root.iterdir():
            if folder.is_dir() and folder.name != keep:
                shutil.rmtree(folder, ignore_errors=True)
        for name in self.store.collections():
            if name.startswith(COLLECTION_PREFIX) and name != COLLECTION_PREFIX + (keep or ""):
                self.store.drop(name)

    def _sources_changed(self) -> bool:
        """Cheap check on open: did files under knowledge/ appear, vanish or change?"""
        gen = self.generation
        if gen is None or not self._compatible(gen):
            return True
        roots = [root for root in self.sources() if root.exists()]
        withdrawn = self.library.withdrawn()
        current = {str(p.resolve()) for root in roots for p in discover(root)} - withdrawn
        known = {k for k in gen.files if _under_any(k, roots)}
        if current != known:
            return True
        return any(gen.files[key]["hash"] != file_hash(Path(key)) for key in current)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        with open(self.root / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _root_of(path: Path, roots: list[Path]) -> Path | None:
    resolved = path.resolve()
    return next((r.resolve() for r in roots if resolved.is_relative_to(r.resolve())), None)


def _under_any(key: str, roots: list[Path]) -> bool:
    return any(Path(key).is_relative_to(r.resolve()) for r in roots)
