"""Whether a message asks for a person: to talk to, meet, or be contacted by someone, in Swedish or English.

People ask for a person in many ways ("ring mig", "sätt mig i kontakt med någon", "can a human call me
back", "kan ja fa prata me nan handlaggare"), so the patterns are matched against the message folded to
lower case without diacritics, and cover the ways of asking rather than a list of sentences. A question
*about* people ("Vem ansvarar för sociala företag i Luleå?") is answered from the documents instead.
"""

from __future__ import annotations

import re

from bot.answers.request_model import shipped
from bot.search.municipalities import fold

# Someone a founder could be put in touch with (folded: no å, ä, ö).
_SOMEONE = (
    r"manniska|manniskor|person|personen|personligen|handlaggar\w*|tjanste(man|person)\w*|kontaktperson\w*|radgivar\w*|"
    r"nagon|nan|ngn|nagon\s+annan|personal|personalen|medarbetar\w*|chef\w*|ansvarig\w*|den\s+som|kommunen|"
    r"human|humans|someone|somebody|anyone|agents?|staff|advis[oe]rs?|caseworkers?|case\s+workers?|officers?|representatives?|"
    r"individual|manager|official|a\s+person|real\s+person|naringslivsutvecklar\w*|samordnar\w*|coordinator"
)
_TALK = (
    r"prata|pratar|prat|tala|talar|snacka|snackar|chatta|skriva|skriver|diskutera|bolla|talk|speak|chat|write|discuss|"
    r"talking|speaking|chatting|discussing|ga\s+igenom|go\s+through|ta\s+det|tar\s+det|fika|fikar|grab\s+a\s+fika|"
    r"have\s+a\s+(fika|coffee|chat)"
)
_ME = r"mig|mej|oss|me|us"
_WITH = r"med|me|m|with|to"

# Ways of asking that need nothing more to be a request for a person.
_DIRECT = [
    # to be contacted: "ring mig", "kan någon höra av sig", "jag vill bli uppringd", "call me back"
    rf"\b(kontakta|kontaktar|ring|ringa|ringer|mejla|maila|mejlar|mailar|messa|sms\w*)\s+(upp\s+)?({_ME})\b",
    r"\b(ater)?uppringning\b|\bphone\s+call\s+from\b|\b(appreciate|like|want|need|get)\s+(a|an)\s+(phone\s+)?call\b",
    r"\bhor(a|s)?\s+av\s+(sig|er|dig)\b",
    r"\b(skicka|send)\s+(ett\s+|en\s+|a\s+|an\s+)?(sms|mejl|mail|e-?post|text|message|email|e-mail)\s+(till|to)\s+(mig|oss|me|us)\b",
    r"\bbli\s+(upp)?ringd|\bbli\s+(kontaktad|kopplad|hanvisad|uppsokt)",
    r"\b(call|contact|email|e-mail|mail|phone|ring|text|txt|message)\s+(me|us)\b|\bget\s+back\s+to\s+(me|us)\b",
    # to be contacted, in English: "I'd like to be contacted by a handläggare", "can I be called back"
    r"\b(to|i)\s+be\s+(contacted|called|phoned|rung|visited)\b|\bbe\s+(contacted|called)\s+(by|back)\b",
    # a call: "slå en signal till mig", "kan ni ringa upp på 0372-..."
    r"\bsla\s+(en\s+|nan\s+)?signal\b|\b(ni|du|nagon|nan|ngn)\s+ringa\s+upp\b",
    # passing on one's details: "could you pass my details to someone", "ge mina uppgifter till en handläggare"
    r"\b(pass|give|forward|send)\s+(on\s+)?(my|our)\s+(details|number|contact\s+details|name)\b"
    r"|\b(ge|skicka|lamna|vidarebefordra)\s+(vidare\s+)?(mina|vara)\s+(kontakt)?(uppgifter|nummer)\b"
    r"|\b(they|someone|somebody|you)\s+(can|could)\s+get\s+in\s+touch\b",
    r"\breach\s+out\s+to\s+(me|us)\b|\bcall\s*-?\s*back\b|\bget\s+in\s+touch\s+with\s+(me|us)\b",
    # a meeting: "boka ett möte", "book an appointment"
    r"\bboka\s+(in\s+)?(ett\s+|en\s+)?[\w-]*(mote|moten|tid|samtal|traff|besok)\b|\bboka\s+in\s+(mig|oss)\b",
    r"\b(fa|boka|ha)\s+(en\s+)?tid\s+(hos|med)\b|\b(get|book|have)\s+(a|an)\s+(time|slot)\s+with\b",
    r"\bskicka\s+(hit|ut|over)\s+(nagon|nan|en|ngn)\b|\bsend\s+(someone|somebody|a\s+person)\b",
    r"\b(book|schedule|arrange|set\s+up)\s+(me\s+)?(a|an)?\s*(\w+\s+)?(meeting|appointment|call|time)\b",
    r"\b(fa|vill\s+ha|vilja\s+ha|fa\s+till|onskar|get|arrange|like|want)\s+(ett|en|a|an)\s+(\w+\s+)?(mote|\w+mote|samtal|"
    r"\w+samtal|besok|meeting|appointment|call|video\s+call|visit)\b",
    r"\b(besoka|besoker|besokte|visit)\s+(oss|mig|us|me|our|my)\b|\b(komma|kom|kommer)\s+(hit|ut|forbi)\b|\bkan\s+vi\s+ses\b",
    r"\bcome\s+(out|over|round|around|by)\s+(to|and)\b|\bhembesok\b|\bhome\s+visit\b|\b(drop|stop|swing|pop)\s+(by|in)\b",
    r"\b(komma|kom)\s+(in|upp|over|forbi)\s+(till|hos)\s+(er|dig)\b",
    r"\bses\s+(fysiskt|pa\s+plats|personligen)\b",
    # being put through: "sätt mig i kontakt", "koppla mig", "put me through"
    r"\bsatta?\s+(mig|oss)\s+i\s+kontakt|\b(koppla|slussa)\s+(mig|oss|vidare)\b",
    r"\bput\s+(me|us)\s+(through|in\s+touch)\b|\b(connect|transfer|forward|refer)\s+(me|us)\b|\b(be|get)\s+referred\b",
    rf"\b(ge|give)\s+({_ME})\s+(kontakt|contact)\b",
    r"\b(get|give|find)\s+(me|us)\s+(a|an)\s+(human|person|agent|caseworker|advis[oe]r|real\s+person)\b",
    r"\b(get|give|find|fetch)\s+(me|us)\s+(someone|somebody|anyone)\b|\b(ge|hitta)\s+(mig|oss)\s+(nagon|nan|ngn)\s+(annan|att)\b",
    r"\bhand\s+(me|us|this|it)\s+(over\s+)?(to|over)\b|\blamna\s+over\s+(mig|oss)\b|"
    r"\bga\s+igenom\s+(\w+\s+){0,3}?med\s+(en|nagon|nan|var|min)\s+(kontaktperson|handlaggare|radgivare|tjansteperson)\b|"
    r"\boverlamna\w*\s+(mig\s+|oss\s+|det\s+|arendet\s+)?till\s+(en|nagon|nan|ngn|er)\b|\b(escalate|eskalera)\w*\b|\bsit\s+down\s+with\s+(someone|somebody|a|an)\b|\bsitta\s+ner\s+med\s+(nagon|nan|en)\b",
    r"^\s*(en\s+|a\s+)?(manniska|handlaggare|person|human|someone|agent)[\s,.!]*(tack|please|snalla|thanks)?[\s.!]*$",
    r"\b(hanvisa|hanvisar|skicka|slussa)\s+(vidare\s+|over\s+)?(mig|oss)\b|\bbli\s+hanvisad",
    # wanting a person, said plainly: "I want a human.", "nu behöver jag en människa att bolla med"
    r"\b(want|need|vill\s+ha|behover|onskar)\s+(jag\s+|vi\s+)?(a|an|en)\s+(riktig\s+|real\s+|levande\s+)?(human|manniska|person|handlaggare|caseworker)\b"
    r"(?=\s*([.!?]|$|(att|to|som|who)\s+(prata|tala|bolla|snacka|talk|speak|chat)))",
    rf"\b(ge|give)\s+(mig|me)\s+(en|a)\s+(riktig\s+|real\s+)?({_SOMEONE})\b",
    # talking with someone: "vill tala med ansvarig chef", "can I speak to someone"
    rf"\b({_TALK})\s+({_WITH})\s+(\w+\s+){{0,3}}?({_SOMEONE})\b",
    # ... or with the people behind Sofia, on the phone: "kan jag få prata med er i telefon?"
    r"\b(prata|tala|snacka|talk|speak)\s+(med|with|to)\s+(er|you)\s+(i|pa|on|over|by)\s+(the\s+)?(telefon|phone)\b",
    # a person rather than Sofia
    r"\b(riktig|verklig|levande)\s+(manniska|person)|\b(real|actual|live)\s+(person|human|people|agent|advis[oe]r|caseworker)\b",
    r"\b(pls|please|snalla)\b[\s,.!]*(nan\s+|nagon\s+|en\s+|a\s+)?(manniska|human|person)\b|\b(manniska|human)[\s,.!]+(nu|now|tack|please|pls)\b",
    r"\bkott\s+och\s+blod\b|\bflesh\s+and\s+blood\b|\b(nagon|nan|someone|somebody)\s+(irl|in\s+real\s+life)\b",
    r"\bmansklig\s+(hjalp|kontakt)|\bhuman\s+(help|being|support|agent)\b",
    r"\b(inte|ingen|not|no|don't|do\s+not)\b[^.?!]{0,30}\b(bot|robot|chatbot|maskin|machine)\b",
    r"\b(istallet\s+for|snarare\s+an|hellre\s+an|instead\s+of|rather\s+than)\s+(en\s+|a\s+|the\s+)?(bot|robot|chatbot|maskin|machine|ai|dig|you)\b",
    r"\b(skicka|vidarebefordra|send|forward)\b[^.?!]{0,30}\b(handlaggare|manniska|person|kontaktperson|caseworker|human|staff)\b",
    r"\bpersonlig(t|a)?\s+(mote|kontakt)\b|\b(in[\s-]person|face[\s-]to[\s-]face)\b",
    r"\b(vem|who)\s+(\w+\s+){0,3}?(jag|ja|vi|man|i|we)\s+(\w+\s+){0,2}?(prata|tala|snacka|talk|speak|chat)\b",
]
_DIRECT_RE = re.compile("|".join(f"(?:{p})" for p in _DIRECT), re.IGNORECASE)

# Otherwise: someone, a way of reaching them, and the wish to, all in one message.
_REACH = (
    r"prata|pratar|tala|talar|snacka|chatta|ringa|ring|ringer|traffa|traff|mote|mota|boka|kontakt|kontakta|na|koppla|"
    r"slussa|hjalp|hjalpa|samtal|\w+samtal|\w+mote|besok|besoka|mejl|mejla|maila|svara|svarar|"
    r"talk|speak|chat|call|phone|meet|meeting|contact|arrange|reach|connect|transfer|appointment|book|help|visit|email|e-mail|answer|"
    r"get\s+in\s+touch"
)
_WISH = (
    r"vill|kan\s+jag|kan\s+ja|kan\s+ni|kan\s+nagon|kan\s+nan|far\s+jag|far\s+ja|behover|onskar|snalla|skulle|gar\s+det|"
    r"want|wants|can\s+i|could\s+i|can\s+someone|could\s+someone|can\s+somebody|need|would\s+like|i'd\s+like|please|may\s+i|"
    r"finns\s+det|hur\s+far\s+jag|is\s+there|how\s+(do|can)\s+i|ar\s+det\s+mojligt|is\s+it\s+possible|kan\s+vi|"
    r"could\s+we|can\s+we|hade\s+velat|garna|would\s+it\s+be\s+possible|vore\s+det\s+mojligt|"
    r"kan\s+du|can\s+you|could\s+you|ber\s+(\w+\s+)?om|ber\s+att|i\s+ask|request"
)
_PARTS = [re.compile(rf"\b({p})\b", re.IGNORECASE) for p in (_SOMEONE, _REACH, _WISH)]
# "Kan jag få hjälp från kommunen ...?" asks what the municipality offers: help alone is a way of
# reaching someone only when the someone is a person.
_REACH_BESIDES_HELP = re.compile(rf"\b(?!(hjalp|hjalpa|help)\b)({_REACH})\b", re.IGNORECASE)

# A question about people starts with a question word and does not ask to talk with them.
_ABOUT_PEOPLE = re.compile(r"^\s*(vem|vilka|vilken|vilket|varfor|vad|nar|hur\s+manga|who|why|what|which|when)\b", re.IGNORECASE)
# "diskutera det här med en människa", "prata i telefon med någon": a few words between talking and whom.
_TALK_ABOUT_IT_WITH = re.compile(
    rf"\b(vill|skulle|would|want|prefer|foredrar|like|need|behover|hellre|rather|kan\s+(jag|ja|vi)\s+fa|can\s+(i|we)|"
    rf"could\s+(i|we)|dags\s+att)\b[^.?!]{{0,40}}\b({_TALK})\s+(\w+\s+){{1,3}}?({_WITH})\s+(\w+\s+){{0,3}}?({_SOMEONE})\b",
    re.IGNORECASE,
)
_ASKS_TO_TALK = re.compile(rf"\b({_TALK})\s+({_WITH})\b", re.IGNORECASE)
# "Någon" before a noun is "some" ("nån slags garanti", "någon hjälp med lån"), not somebody: as a
# somebody it stands alone, before a verb (Swedish infinitives end in -a), a pronoun or "som" ("kan
# någon hjälpa oss", "någon jag kan ringa", "någon som vet"). The noun stays: "träffa någon handläggare" still names a person.
_SOME_BEFORE_A_NOUN = re.compile(
    r"\b(nagon|nan|ngn)\s+(?=(?!(som|pa|fran|hos|i|av|med|for|till|att|annan|har|kan|ska|skulle|vill|kommer|ar|"
    r"jag|ja|du|ni|vi|man|hen|han|hon|de|dom|det|den|dar|istallet|annars|direkt|snart|idag|nu|\w+a)\b)[a-z])",
    re.IGNORECASE,
)

# "Can we hire someone who doesn't speak Swedish?" is about employing a person, not reaching one.
_SOMEONE_TO_EMPLOY = re.compile(
    rf"\b(anstalla|anstaller|rekrytera|rekryterar|hire|hiring|employ|employing|recruit|recruiting)\s+(\w+\s+)?({_SOMEONE})\b",
    re.IGNORECASE,
)


# "Hur lång tid tar det att få ett första möte med en rådgivare?" asks how long it takes, not for the meeting.
_HOW_LONG = re.compile(r"^\s*(hur\s+lang\s+tid|hur\s+lange|hur\s+snabbt|how\s+long|how\s+quickly|how\s+soon)\b", re.IGNORECASE)
_FIRST_SENTENCE = re.compile(r"^[^.?!]*[.?!]?")


# "Nån annan väg", "någon annan möjlighet": some other thing, not somebody else.
_SOME_OTHER_THING = re.compile(
    r"\b(nagon|nan|ngn)\s+(annan|annat|andra)\s+(?=(?!(som|pa|hos|i|att|jag|ja|du|ni|vi|man|\w+a)\b)[a-z])", re.IGNORECASE
)


def asks_for_person(text: str) -> bool:
    """True when the message asks to talk to, meet or be contacted by a person: in one of the ways
    of asking named here, or worded so that the fitted model reads it as one."""
    if matches_a_way_of_asking(text):
        return True
    model = shipped()
    return model is not None and model.reads_as_request(text)


def matches_a_way_of_asking(text: str) -> bool:
    """True when the message asks for a person in one of the ways of asking named above."""
    folded = fold(text)
    if _HOW_LONG.match(folded):  # only that sentence is left out: the rest may still ask for someone
        folded = _FIRST_SENTENCE.sub("", folded, count=1)
    if _DIRECT_RE.search(folded):
        return True
    folded = _SOME_BEFORE_A_NOUN.sub("", _SOME_OTHER_THING.sub("", _SOMEONE_TO_EMPLOY.sub("", folded)))
    if _ABOUT_PEOPLE.match(folded) and not _ASKS_TO_TALK.search(folded):
        return False
    if _TALK_ABOUT_IT_WITH.search(folded):
        return True
    if not all(part.search(folded) for part in _PARTS):
        return False
    if _REACH_BESIDES_HELP.search(folded):
        return True
    return any(m.group(0) != "kommunen" for m in _PARTS[0].finditer(folded))
