"""The terminal conversation: the same assistant as in Telegram, for operators and a first try."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from bot.answers.service import describe
from bot.channels.deployment_check import missing_contact_fields
from bot.models import Suggestion, Turn
from bot.services import Services

HELP = """Skriv din fråga och tryck Enter. Kommandon:
  /kommun [namn]  välj kommun (utan namn: visa vilka som finns)
  /kontakt        kontaktvägar för vald kommun, Coompanion och Arbetsförmedlingen
  /om             vilka dokument jag svarar utifrån
  /hjalp          den här hjälpen
  /avsluta        avsluta (eller Ctrl-D)"""


class TerminalChat:
    """A read-answer loop keeping the chosen municipality and recent turns for the session."""

    def __init__(self, services: Services, municipality: str | None = None, stdin: TextIO = sys.stdin,
                 stdout: TextIO = sys.stdout) -> None:
        self.services = services
        self.municipality = services.contacts.find(municipality) if municipality else None
        self.history: list[Turn] = []
        self.suggestions: list[Suggestion] = []  # the closest sections of the last not-sure answer, by number
        self.municipality_at: float | None = None
        self.stdin, self.stdout = stdin, stdout

    def say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    def run(self) -> int:
        self.say("Sofia – fråga om att starta ett arbetsintegrerande socialt företag. /hjalp visar kommandon.")
        if self.municipality:
            self.say(f"Vald kommun: {self.municipality}")
        while True:
            if self.stdin.isatty():
                self.stdout.write("\n> ")
                self.stdout.flush()
            line = self.stdin.readline()
            if not line:
                return 0
            text = line.strip()
            if text.lower() in ("/avsluta", "/quit", "/exit"):
                self.say("Hej då!")
                return 0
            if text.startswith("/"):
                self.command(text)
            elif text.isdecimal() and 0 < int(text) <= len(self.suggestions):
                self.open(self.suggestions[int(text) - 1])
            else:
                self.ask(line.rstrip("\n"))

    def command(self, text: str) -> None:
        name, _, arg = text.partition(" ")
        name = name.lower()
        contacts = self.services.contacts
        if name == "/kommun":
            if not arg.strip():
                self.say("Kommuner jag har dokument från: " + ", ".join(contacts.municipalities()) + ". Skriv /kommun NAMN.")
                return
            found = contacts.find(arg)
            self.municipality = found or arg.strip()
            self.municipality_at = time.time()  # newer than the history: it wins over what that implies
            self.say(f"Vald kommun: {self.municipality}" + ("" if found else " (jag har inga dokument därifrån)"))
        elif name == "/kontakt":
            self.say(contacts.describe(self.municipality, "sv"))
            self.tell_deployer(self.municipality)
        elif name == "/om":
            docs = self.services.knowledge.documents()
            self.say("\n".join(f"• {d['title']} – {d['municipality'] or 'allmän'}" + (f" ({d['date']})" if d["date"] else "")
                               for d in docs))
        elif name in ("/hjalp", "/help", "/hjälp"):
            self.say(HELP)
        else:
            self.say("Det kommandot känner jag inte till. " + HELP)

    def open(self, suggestion: Suggestion) -> None:
        """A suggested section, whole, under its name."""
        self.say(f"{describe(suggestion, 'sv')}:\n\n{suggestion.text}")

    def tell_deployer(self, municipality: str | None) -> None:
        """Whoever tries Sofia in the terminal is usually deploying her: where a founder would get no
        one to contact, say which fields to fill in, so the gap is found before founders find it."""
        places = self.services.contacts.places
        path = self.services.settings.contacts_path
        place = places.get(municipality or "")
        if place is None:
            if not municipality and places and all(_unreachable(p.contact) for p in places.values()):
                self.say(f"\n[Till dig som driftar Sofia] Ingen kommun har kontaktuppgifter ifyllda. Fyll i "
                         f"email, phone, telegram_chat_id och office_hours under municipalities → KOMMUN → contact "
                         f"i {path}; `sofia check` visar allt som saknas.")
            return
        missing = missing_contact_fields(place.contact)
        if _unreachable(place.contact):
            self.say(f"\n[Till dig som driftar Sofia] Kontaktuppgifter för {place.name} saknas. Fyll i "
                     f"{', '.join(missing)} under municipalities → {place.name} → contact i {path}; "
                     "`sofia check` visar allt som saknas.")

    def ask(self, text: str) -> None:
        answer = self.services.answers.answer(text, municipality=self.municipality, history=self.history,
                                              chosen_at=self.municipality_at)
        self.suggestions = answer.suggestions
        self.say(answer.text)
        if answer.suggestions:
            self.say("Skriv numret för att läsa ett avsnitt." if answer.language != "en" else "Type a number to read a section.")
        if answer.kind in ("handoff", "contact"):
            self.tell_deployer(answer.municipality or self.municipality)
        now = time.time()
        self.history = (self.history + [Turn("user", text, answer.municipality, now),
                                        Turn("assistant", answer.body, answer.municipality, now)])[-6:]


def _unreachable(contact: dict) -> bool:
    """No e-mail, no phone and no contact chat: nobody can be reached through Sofia."""
    return set(missing_contact_fields(contact)) >= {"email", "phone", "telegram_chat_id"}
