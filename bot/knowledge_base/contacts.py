"""Contact points per municipality (knowledge/contacts.yaml) and for Coompanion and Arbetsförmedlingen."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.search.municipalities import MunicipalityFinder

log = logging.getLogger(__name__)
_CONTACT_FIELDS = ("name", "email", "phone", "office_hours")
_LABELS = {
    "sv": {"name": "Kontaktperson", "email": "E-post", "phone": "Telefon", "office_hours": "Nås",
           "none": "Kontaktuppgifter är inte ifyllda ännu.", "bodies": "Ansvariga enligt dokumenten",
           "persons": "Namngivna i dokumenten", "other": "Andra som kan hjälpa", "unknown":
           "Jag har inga dokument från den kommunen. Fråga kommunens växel efter den som arbetar med sociala företag eller näringsliv."},
    "en": {"name": "Contact person", "email": "E-mail", "phone": "Phone", "office_hours": "Office hours",
           "none": "Contact details have not been filled in yet.", "bodies": "Responsible according to the documents",
           "persons": "Named in the documents", "other": "Others who can help", "unknown":
           "I have no documents from that municipality. Ask the municipality's switchboard for the person who works with social enterprises or business support."},
}


@dataclass
class Place:
    """One municipality or actor and how to reach it."""

    name: str
    bodies: list[dict] = field(default_factory=list)
    persons: list[dict] = field(default_factory=list)
    contact: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    url: str = ""
    aliases: list[str] = field(default_factory=list)


class Contacts:
    """Who to turn to, as the documents and the deployment's configuration say."""

    def __init__(self, municipalities: dict[str, Place], actors: dict[str, Place]) -> None:
        self.places = municipalities
        self.actors = actors
        self.finder = MunicipalityFinder(list(municipalities), {n: p.aliases for n, p in municipalities.items()})

    @classmethod
    def load(cls, path: Path) -> "Contacts":
        try:
            # libyaml's loader where PyYAML has it: the pure-Python one takes a fifth of a cold start.
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        except FileNotFoundError:
            return cls({}, {})
        except yaml.YAMLError as exc:
            log.error("contacts file %s is not valid YAML: %s", path.name, exc)
            return cls({}, {})

        def place(name: str, raw: dict) -> Place:
            raw = raw or {}
            return Place(
                name=name,
                bodies=list(raw.get("bodies") or []),
                persons=list(raw.get("persons") or []),
                contact=dict(raw.get("contact") or {}),
                description=str(raw.get("description") or ""),
                url=str(raw.get("url") or ""),
                aliases=list(raw.get("aliases") or []),
            )

        municipalities = {n: place(n, r) for n, r in (data.get("municipalities") or {}).items()}
        actors = {n: place(n, r) for n, r in (data.get("actors") or {}).items()}
        return cls(municipalities, actors)

    def municipalities(self) -> list[str]:
        return sorted(self.places)

    def find(self, name: str) -> str | None:
        return self.finder.find(name)

    def chat_id(self, municipality: str | None) -> int | None:
        place = self.places.get(municipality or "")
        value = (place.contact if place else {}).get("telegram_chat_id")
        return int(value) if value not in (None, "") else None

    def describe(self, municipality: str | None, language: str = "sv") -> str:
        """Plain text: the municipality's contact points, then Coompanion and Arbetsförmedlingen."""
        labels = _LABELS.get(language, _LABELS["sv"])
        parts: list[str] = []
        place = self.places.get(municipality or "")
        if place:
            parts.append(self._describe_place(place, labels, language))
        elif municipality:
            parts.append(f"{municipality}: {labels['unknown']}")
        others = [self._describe_actor(a, labels) for a in self.actors.values() if a.name in ("Coompanion", "Arbetsförmedlingen")]
        if others:
            parts.append(f"{labels['other']}:\n" + "\n".join(others))
        return "\n\n".join(parts)

    def _describe_place(self, place: Place, labels: dict, language: str) -> str:
        title = f"{place.name} kommun" if language == "sv" else f"{place.name} municipality"
        lines = [title]
        lines += [f"{labels[k]}: {place.contact[k]}" for k in _CONTACT_FIELDS if place.contact.get(k)]
        if not any(place.contact.get(k) for k in _CONTACT_FIELDS):
            lines.append(labels["none"])
        if place.bodies:
            lines.append(f"{labels['bodies']}:")
            lines += [f"• {b.get('name')}: {b.get('role', '')}".rstrip(": ") for b in place.bodies[:4]]
        if place.persons:
            lines.append(f"{labels['persons']}:")
            lines += [f"• {p.get('name')}" + (f", {p.get('title') or p.get('role')}" if p.get("title") or p.get("role") else "") for p in place.persons]
        return "\n".join(lines)

    @staticmethod
    def _describe_actor(actor: Place, labels: dict) -> str:
        line = f"• {actor.name}"
        if actor.description:
            line += f": {actor.description}"
        details = [f"{labels[k]}: {actor.contact[k]}" for k in _CONTACT_FIELDS if actor.contact.get(k)]
        if actor.url:
            details.append(actor.url)
        return line + ("\n  " + " · ".join(details) if details else "")
