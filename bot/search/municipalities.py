"""Names in text: which municipality a message is about, however it is spelled, and the names of
bodies a corpus uses (retrieval reads those to tell a question about Bolagsverket from one about
Kammarkollegiet)."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def fold(text: str) -> str:
    """Lower case without Swedish diacritics, so 'Lulea' and 'LULEÅ' meet."""
    text = unicodedata.normalize("NFC", text.lower()).translate(_FOLD)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


class MunicipalityFinder:
    """Knows the municipalities of the knowledge base and their other spellings."""

    def __init__(self, names: list[str], aliases: dict[str, list[str]] | None = None, others: tuple[str, ...] = ()) -> None:
        self.names = sorted(set(names))  # municipalities Sofia has documents from
        self._forms: dict[str, str] = {}
        for name in [*others, *self.names]:
            for form in [name, *(aliases or {}).get(name, [])]:
                folded = " ".join(re.findall(r"[a-z0-9]+", fold(form)))
                for suffix in ("", "s"):  # genitive: Luleås, Uppsalas
                    self._forms[folded + suffix] = name
                self._forms[folded.removesuffix(" kommun")] = name

    def find_all(self, text: str) -> list[str]:
        """Municipalities named in the text, in order of appearance."""
        folded = fold(text)
        found: list[str] = []
        tokens = re.findall(r"[a-z0-9]+", folded)
        for i, token in enumerate(tokens):
            for candidate in (token, f"{token} {tokens[i + 1]}" if i + 1 < len(tokens) else ""):
                name = self._forms.get(candidate)
                if name and name not in found:
                    found.append(name)
        return found

    def find(self, text: str) -> str | None:
        """The canonical name for a user's spelling of one municipality."""
        name = self._forms.get(fold(text).strip())
        if name:
            return name
        found = self.find_all(text)
        return found[0] if len(found) == 1 else None

    def is_name_word(self, word: str) -> bool:
        return fold(word) in self._forms

    def without_documents(self, named: list[str]) -> list[str]:
        """Those of the named municipalities Sofia has no documents from."""
        return [m for m in named if m not in self.names]

    def owned_by(self, text: str, name: str) -> bool:
        """Whether the text speaks of the municipality itself ("Sundsvalls policy", "Östersunds kommun",
        "Växjö kommuns beslut") rather than of a place ("en förening i Östersund")."""
        folded = " ".join(re.findall(r"[a-z0-9]+", fold(text)))
        forms = {f for f, n in self._forms.items() if n == name}
        return any(re.search(rf"\b{re.escape(f)}(\s?s\b|\s+(kommun|stad|region)\w*|\s+municipality)", folded) for f in forms)


# A capitalised word inside a sentence is a name (Bolagsverket, Kammarkollegiet, Coompanion).
_INNER_NAME = re.compile(r"(?<=[\w,;:)] )([A-ZÅÄÖ][\wåäöÅÄÖ-]{2,})")


def names_in(texts: list[str]) -> frozenset[str]:
    """The names a corpus uses, lower case: words written with a capital letter inside a sentence."""
    return frozenset(m.lower() for text in texts for m in _INNER_NAME.findall(text))
