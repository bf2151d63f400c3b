"""Texts for staff keeping the documents current: adding a document, /dokument, review notices.

Telegram HTML like texts.py: values are escaped by :func:`texts.t`; the keys join texts.TEXTS.
"""

from __future__ import annotations

from bot.channels.telegram.texts import TEXTS

DOCUMENT_TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "doc_proposal": "<b>Jag har läst dokumentet.</b> Stämmer uppgifterna?",
        "doc_excerpt": "<b>Utdrag</b>\n<blockquote>{excerpt}</blockquote>",
        "doc_hint": (
            "Rätta titeln eller ett datum genom att svara på det här meddelandet, till exempel "
            "<i>revideras senast 2027-01-01</i>."
        ),
        "doc_missing": "–",
        "df_title": "Titel",
        "df_municipality": "Kommun",
        "df_organisation": "Organisation",
        "df_document_type": "Dokumenttyp",
        "df_decided": "Beslutad",
        "df_decided_by": "Beslutad av",
        "df_date": "Datum",
        "df_revised": "Reviderad",
        "df_valid_from": "Gäller från",
        "df_valid_until": "Gäller till",
        "df_review_by": "Revideras senast",
        "doc_ask_title": "Skriv den rätta titeln som svar på det här meddelandet.",
        "doc_ask_dates": (
            "Skriv de rätta datumen som svar på det här meddelandet, ett per rad, till exempel:\n"
            "beslutad 2024-05-01\nrevideras senast 2027-01-01\ngäller till 2026-12-31"
        ),
        "doc_bad_date": (
            "Jag förstod inte «{line}». Skriv vilket datum det är och datumet som ÅÅÅÅ-MM-DD, till exempel "
            "<i>revideras senast 2027-01-01</i>."
        ),
        "doc_choose_municipality": "Vilken kommun gäller dokumentet?",
        "doc_replace": (
            "Det finns redan «{title}» ({municipality}, {date}). Det du skickade är daterat {new_date}. "
            "Ska det nya ersätta det gamla? Det gamla används då inte längre i svaren."
        ),
        "doc_indexing": "Sparar och indexerar «{title}» … Tills det är klart svarar jag utifrån dokumenten som förut.",
        "doc_added": "✅ «{title}» är tillagt: {passages} textavsnitt.",
        "doc_added_replaced": "Det ersätter «{old}», som inte längre används i svaren.",
        "doc_added_lapsed": "⚠️ Observera: {note}. Det säger jag också när jag citerar det.",
        "doc_sample": "<b>Exempel.</b> På frågan <i>{question}</i> svarar jag nu:",
        "doc_no_sample": "Jag hittade ingen exempelfråga som dokumentet tydligt besvarar. Prova gärna med en egen fråga.",
        "doc_cancelled": "Inget sparades.",
        "doc_gone": "Det utkastet finns inte längre. Skicka filen igen.",
        "doc_failed": "Det gick inte att spara dokumentet: {error}. Inget har ändrats.",
        "upload_too_big": (
            "Filen är större än 20 MB, som är gränsen för vad jag kan hämta från Telegram. Spara en mindre "
            "version (till exempel utan bilder) och skicka den. Inget har ändrats."
        ),
        "upload_unsupported": (
            "Jag kan läsa PDF (med text), Word (.docx), HTML, Markdown och vanlig text. Den här filen är "
            "inget av dem. Inget har ändrats."
        ),
        "upload_no_text": (
            "PDF:en har ingen text, bara bilder (den är troligen inskannad). Kör textigenkänning (OCR) på "
            "den och skicka den igen. Inget har ändrats."
        ),
        "upload_broken_pdf": "PDF:en är trasig och går inte att läsa. Spara den på nytt och skicka den igen. Inget har ändrats.",
        "upload_broken_docx": "Word-filen är trasig och går inte att läsa. Spara den på nytt och skicka den igen. Inget har ändrats.",
        "upload_unreadable": "Jag kunde inte läsa någon text i filen. Inget har ändrats.",
        "upload_download_failed": "Jag kunde inte hämta filen från Telegram. Försök igen om en stund.",
        "docs_header": "<b>Dokument jag svarar utifrån</b> ({count} st)",
        "docs_none": "Jag har inga dokument inlästa just nu. Skicka en fil till mig för att lägga till ett.",
        "docs_general": "Allmänt",
        "docs_line": "{n}. {title} – {date} · {passages} avsnitt · {origin}",
        "docs_added_by": "tillagt av {name} {day}",
        "docs_from_folder": "från kunskapsmappen",
        "docs_lapsed": "⚠️ {note}",
        "docs_missing": "❔ datum saknas",
        "docs_footer": (
            "⚠️ = revideringsdatum eller giltighetstid har passerat · ❔ = inget datum eller inget "
            "revideringsdatum. Tryck på ett nummer för att öppna dokumentet. Skicka en fil för att lägga till ett."
        ),
        "doc_open_passages": "Textavsnitt: {passages}",
        "doc_open_origin": "Källa: {origin}",
        "doc_open_first": "<b>Första avsnittet</b>",
        "doc_remove_confirm": "Ta bort «{title}» ({municipality})? Det slutar användas i svaren direkt.",
        "doc_remove_folder": "Filen ligger i kunskapsmappen: jag slutar använda den, men filen finns kvar på servern.",
        "doc_removed": "🗑 «{title}» är borttaget: {passages} textavsnitt togs bort ur indexet.",
        "doc_remove_cancelled": "Inget togs bort.",
        "doc_not_found": "Det dokumentet finns inte längre. Skriv /dokument för att se listan.",
        "review_notice": (
            "📅 <b>Dags att se över</b>\n"
            "De här dokumenten har passerat sitt revideringsdatum eller sin giltighetstid:"
        ),
        "review_notice_line": "• {title} ({municipality}): {note}",
        "review_notice_footer": "Skicka en ny version till mig, så ersätter jag den gamla. /dokument visar alla.",
        "status_reviews": "Passerat revideringsdatum: {documents}",
        "btn_doc_save": "✅ Spara",
        "btn_doc_municipality": "Byt kommun",
        "btn_doc_title": "Rätta titel",
        "btn_doc_dates": "Rätta datum",
        "btn_doc_cancel": "Avbryt",
        "btn_doc_general": "Ingen kommun (allmänt)",
        "btn_doc_replace": "Ersätt",
        "btn_doc_keep": "Behåll båda",
        "btn_doc_remove": "🗑 Ta bort",
        "btn_doc_remove_yes": "Ja, ta bort",
    },
    "en": {
        "doc_proposal": "<b>I have read the document.</b> Is this right?",
        "doc_excerpt": "<b>Excerpt</b>\n<blockquote>{excerpt}</blockquote>",
        "doc_hint": "Correct the title or a date by replying to this message, for example <i>review by 2027-01-01</i>.",
        "doc_missing": "–",
        "df_title": "Title",
        "df_municipality": "Municipality",
        "df_organisation": "Organisation",
        "df_document_type": "Document type",
        "df_decided": "Decided",
        "df_decided_by": "Decided by",
        "df_date": "Date",
        "df_revised": "Revised",
        "df_valid_from": "Valid from",
        "df_valid_until": "Valid until",
        "df_review_by": "Review by",
        "doc_ask_title": "Reply to this message with the correct title.",
        "doc_ask_dates": (
            "Reply to this message with the correct dates, one per line, for example:\n"
            "decided 2024-05-01\nreview by 2027-01-01\nvalid until 2026-12-31"
        ),
        "doc_bad_date": "I did not understand «{line}». Write which date it is and the date as YYYY-MM-DD, for example <i>review by 2027-01-01</i>.",
        "doc_choose_municipality": "Which municipality is the document about?",
        "doc_replace": (
            "There is already «{title}» ({municipality}, {date}). The one you sent is dated {new_date}. "
            "Shall the new one replace the old one? The old one is then no longer used in answers."
        ),
        "doc_indexing": "Saving and indexing «{title}» … Until it is done I answer from the documents as before.",
        "doc_added": "✅ «{title}» is added: {passages} passages.",
        "doc_added_replaced": "It replaces «{old}», which is no longer used in answers.",
        "doc_added_lapsed": "⚠️ Note: {note}. I say so when I quote it, too.",
        "doc_sample": "<b>Example.</b> To the question <i>{question}</i> I now answer:",
        "doc_no_sample": "I found no sample question the document clearly answers. Please try a question of your own.",
        "doc_cancelled": "Nothing was saved.",
        "doc_gone": "That draft is gone. Please send the file again.",
        "doc_failed": "The document could not be saved: {error}. Nothing was changed.",
        "upload_too_big": (
            "The file is larger than 20 MB, the most I can fetch from Telegram. Save a smaller version "
            "(for example without images) and send that. Nothing was changed."
        ),
        "upload_unsupported": "I can read PDF (with text), Word (.docx), HTML, Markdown and plain text. This file is none of them. Nothing was changed.",
        "upload_no_text": "The PDF has no text, only images (it is probably scanned). Run text recognition (OCR) on it and send it again. Nothing was changed.",
        "upload_broken_pdf": "The PDF is damaged and cannot be read. Save it again and send it again. Nothing was changed.",
        "upload_broken_docx": "The Word file is damaged and cannot be read. Save it again and send it again. Nothing was changed.",
        "upload_unreadable": "I could not read any text in the file. Nothing was changed.",
        "upload_download_failed": "I could not fetch the file from Telegram. Please try again in a moment.",
        "docs_header": "<b>Documents I answer from</b> ({count})",
        "docs_none": "I have no documents loaded right now. Send me a file to add one.",
        "docs_general": "General",
        "docs_line": "{n}. {title} – {date} · {passages} passages · {origin}",
        "docs_added_by": "added by {name} {day}",
        "docs_from_folder": "from the knowledge folder",
        "docs_lapsed": "⚠️ {note}",
        "docs_missing": "❔ date missing",
        "docs_footer": (
            "⚠️ = review or validity date has passed · ❔ = no date or no review date. Press a number to "
            "open a document. Send a file to add one."
        ),
        "doc_open_passages": "Passages: {passages}",
        "doc_open_origin": "Source: {origin}",
        "doc_open_first": "<b>First passage</b>",
        "doc_remove_confirm": "Remove «{title}» ({municipality})? It stops being used in answers at once.",
        "doc_remove_folder": "The file is in the knowledge folder: I stop using it, but the file stays on the server.",
        "doc_removed": "🗑 «{title}» is removed: {passages} passages were taken out of the index.",
        "doc_remove_cancelled": "Nothing was removed.",
        "doc_not_found": "That document is gone. Type /documents to see the list.",
        "review_notice": "📅 <b>Time to review</b>\nThese documents are past their review or validity date:",
        "review_notice_line": "• {title} ({municipality}): {note}",
        "review_notice_footer": "Send me a new version and I will replace the old one. /documents lists them all.",
        "status_reviews": "Past their review date: {documents}",
        "btn_doc_save": "✅ Save",
        "btn_doc_municipality": "Change municipality",
        "btn_doc_title": "Correct title",
        "btn_doc_dates": "Correct dates",
        "btn_doc_cancel": "Cancel",
        "btn_doc_general": "No municipality (general)",
        "btn_doc_replace": "Replace",
        "btn_doc_keep": "Keep both",
        "btn_doc_remove": "🗑 Remove",
        "btn_doc_remove_yes": "Yes, remove",
    },
}
for _language, _texts in DOCUMENT_TEXTS.items():
    assert not set(_texts) & set(TEXTS[_language]), "a text key is used twice"
    TEXTS[_language].update(_texts)
