"""Sofia's own words (not from the documents), in Swedish and English."""

from __future__ import annotations

REPLIES = {
    "sv": {
        "greeting": "Hej! Jag är Sofia. Fråga mig om att starta ett arbetsintegrerande socialt företag – vad din kommun säger, "
        "vem du kan vända dig till och vad Coompanion och Arbetsförmedlingen kan hjälpa till med. Jag svarar utifrån kommunernas "
        "egna dokument och visar alltid källan.",
        "thanks": "Varsågod! Fråga gärna igen om du undrar något mer.",
        "bye": "Hej då och lycka till med företaget!",
        "empty": "Jag fick inget meddelande. Skriv din fråga, till exempel: ”Vem ansvarar för sociala företag i Luleå?”",
        "no_words": "Jag hittar inga ord i meddelandet. Skriv din fråga med ord, till exempel: ”Kan kommunen stödja mitt sociala företag?”",
        "too_long": "Meddelandet är för långt för mig ({n} tecken). Skriv din fråga kort, på högst några meningar, så letar jag i dokumenten.",
        "other_language": "Jag svarar på svenska och engelska. Skriv gärna din fråga på något av de språken. "
        "/ I answer in Swedish and English. Please write your question in one of them.",
        "not_found": "Det hittar jag inget svar på i de dokument jag har, så jag vill inte gissa.",
        "not_found_next": "Kontaktpersonen i din kommun, Coompanion (kostnadsfri rådgivning om att starta företag tillsammans) "
        "eller Arbetsförmedlingen (anställningsstöd) kan hjälpa dig vidare.",
        "not_sure": "Jag är inte säker på att dokumenten svarar på exakt det. De här avsnitten ligger närmast:",
        "no_place_docs": "Jag har inga dokument från {m}. Det här är allmän vägledning:",
        "no_docs_from": "Jag har inga dokument från {m}, så vad som gäller där kan jag inte säga.",
        "closest": "De här avsnitten ligger närmast:",
        "handoff": "Du vill prata med en människa. Här är kontaktvägarna:",
        "handoff_which": "Berätta vilken kommun det gäller (till exempel med /kommun), så visar jag kontaktvägarna där.",
        "contact_intro": "Så här når du {m} kommun i frågor om sociala företag:",
        "contact_ask": "Vilken kommun gäller det? Jag har dokument från {names}. Skriv till exempel ”Vem är kontaktperson i {first}?”",
        "contact_sources": "Enligt dokumenten:",
    },
    "en": {
        "greeting": "Hi! I'm Sofia. Ask me about starting a work-integration social enterprise – what your municipality says, "
        "who to turn to, and what Coompanion and Arbetsförmedlingen (the Public Employment Service) can help with. I answer from "
        "the municipalities' own documents, in Swedish, and always show the source.",
        "thanks": "You're welcome! Ask again any time.",
        "bye": "Goodbye, and good luck with your enterprise!",
        "empty": "I didn't get a message. Type your question, for example: \"Who is responsible for social enterprises in Luleå?\"",
        "no_words": "I can't find any words in that message. Please type your question, for example: \"Can the municipality support my social enterprise?\"",
        "too_long": "That message is too long for me ({n} characters). Please ask in a few sentences and I will search the documents.",
        "other_language": "Jag svarar på svenska och engelska. / I answer in Swedish and English. Please write your question in one of them.",
        "not_found": "I can't find an answer to that in the documents I have, and I don't want to guess.",
        "not_found_next": "The contact person in your municipality, Coompanion (free advice on starting a business together) "
        "or Arbetsförmedlingen (employment support) can help you further.",
        "not_sure": "I'm not sure the documents answer exactly that. These sections are closest:",
        "no_place_docs": "I have no documents from {m}. This is general guidance:",
        "no_docs_from": "I have no documents from {m}, so I can't say what applies there.",
        "closest": "These sections are closest:",
        "handoff": "You'd like to talk to a person. Here is how to reach one:",
        "handoff_which": "Tell me which municipality it is about (for example with /kommun) and I will show its contact points.",
        "contact_intro": "This is how to reach {m} municipality about social enterprises:",
        "contact_ask": "Which municipality? I have documents from {names}. For example, ask \"Who is the contact person in {first}?\"",
        "contact_sources": "According to the documents:",
    },
}


def reply(language: str, key: str, **values: object) -> str:
    texts = REPLIES.get(language, REPLIES["sv"])
    return texts[key].format(**values) if values else texts[key]
