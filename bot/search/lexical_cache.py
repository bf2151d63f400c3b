"""A generation's lexical index on disk: built when the generation is written, loaded at start.

Building it (stems, compound splits against the corpus vocabulary, BM25 postings) takes about
0.6 s for the shipped knowledge on these machines, a third of a cold `sofia ask`; reading it back
takes milliseconds. The file starts with a version line: a hash of the code that builds the index
and of the word lists it was built with. Another version is never unpickled; the index is built
again and the file replaced. The file is pickled: it lives in Sofia's own data directory, written
only by Sofia, like the rest of the index.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from pathlib import Path

from bot.search.glossary import LEXICON_FOLDER, Lexicon
from bot.search.lexical import LexicalIndex
from bot.models import Chunk

log = logging.getLogger(__name__)

LEXICAL_FILE = "lexical.pickle"
# With the word lists switched off the index differs; its own file lets both kinds of process
# (a bench or a test comparing the two) share a data directory without rebuilding each other's.
PLAIN_FILE = "lexical-without-word-lists.pickle"
_HERE = Path(__file__).resolve().parent
# What decides the index besides the passages: the analyser, the general and domain word lists,
# folding, and what retrieval hands it as a passage's text (lexical_text).
_CODE = ("lexical.py", "glossary.py", "municipalities.py", "retrieval.py")


def version(knowledge_dir: Path | None) -> str:
    """The index's version for these word lists (None: switched off)."""
    digest = hashlib.sha256(f"{sys.version_info[:2]} {pickle.HIGHEST_PROTOCOL}".encode())
    files = [_HERE / name for name in _CODE] + sorted((_HERE / "wordlists").glob("*"))
    if knowledge_dir is not None:
        files += sorted((Path(knowledge_dir) / LEXICON_FOLDER).glob("*.yaml"))
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def load(folder: Path, expected: str, name: str = LEXICAL_FILE) -> LexicalIndex | None:
    try:
        with open(folder / name, "rb") as fh:
            if fh.readline().strip().decode("ascii", "replace") != expected:
                return None
            index = pickle.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError) as exc:
        log.warning("lexical index in %s unreadable (%s); building it again", folder, exc)
        return None
    return index if isinstance(index, LexicalIndex) else None


def save(folder: Path, stamp: str, index: LexicalIndex, name: str = LEXICAL_FILE) -> None:
    tmp = folder / (name + f".{os.getpid()}.tmp")  # two processes may build it at once
    try:
        with open(tmp, "wb") as fh:
            fh.write(stamp.encode("ascii") + b"\n")
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / name)  # a reader sees the old file or the new one
    except OSError as exc:  # a read-only data directory: the index is built at each start instead
        log.warning("cannot keep the lexical index in %s: %s", folder, exc)
        tmp.unlink(missing_ok=True)


def lexical_index(folder: Path | None, chunks: list[Chunk], knowledge_dir: Path, word_lists: bool) -> LexicalIndex:
    """The generation's index from its folder, or built (and kept there for the next start)."""
    from bot.search.retrieval import lexical_text

    lists = knowledge_dir if word_lists else None
    stamp, name = version(lists), LEXICAL_FILE if word_lists else PLAIN_FILE
    found = load(folder, stamp, name) if folder is not None else None
    if found is not None:
        return found
    index = LexicalIndex.build([lexical_text(c) for c in chunks], Lexicon.load(lists) if lists else Lexicon())
    if folder is not None and folder.is_dir():
        save(folder, stamp, index, name)
    return index
