"""The terminal conversation: the same assistant as in Telegram, for operators and a first try."""

from __future__ import annotations

import sys
import time
from typing import TextIO

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
        place = f", {suggestion.municipality}" if suggestion.municipality else ""
        self.say(f"{suggestion.title}{place}, avsnitt «{suggestion.section}»:\n\n{suggestion.text}")

    def ask(self, text: str) -> None:
        answer = self.services.answers.answer(text, municipality=self.municipality, history=self.history,
                                              chosen_at=self.municipality_at)
        self.suggestions = answer.suggestions
        self.say(answer.text)
        if answer.suggestions:
            self.say("Skriv numret för att läsa ett avsnitt." if answer.language != "en" else "Type a number to read a section.")
        now = time.time()
        self.history = (self.history + [Turn("user", text, answer.municipality, now),
                                        Turn("assistant", answer.body, answer.municipality, now)])[-6:]
