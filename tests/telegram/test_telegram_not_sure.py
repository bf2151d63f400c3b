"""A not-sure answer in Telegram: the closest sections as buttons that open the passage, for its owner only."""

from __future__ import annotations

NOT_SURE = "kostar coompanion nåt?"


async def test_offered_sections_open_as_passages_for_the_one_who_asked(bot, server):
    anna = server.user("Anna", language_code="sv")
    anna.send(NOT_SURE)
    [answer] = await anna.receive()
    assert "Jag är inte säker på att dokumenten svarar på exakt det" in answer.text
    offered = [row[0] for row in answer.buttons if row[0].startswith("📄 ")]
    assert 2 <= len(offered) <= 3 and offered[0].startswith("📄 1. ")
    assert "Källor" not in answer.buttons[len(offered)]  # nothing is cited, so no sources button

    anna.press(offered[0], answer)
    [passage] = await anna.receive()
    assert passage.reply_to == answer.message_id
    assert passage.text.startswith("Avsnittet\n\n") and "Coompanion" in passage.text
    assert "<blockquote>" in passage.html  # HTML the loopback server parsed as Telegram would

    # Someone else pressing the same button data learns nothing about Anna's question.
    before = len(anna.messages())
    bo = server.user("Bo", language_code="sv")
    query = bo.press_data(answer.button_data(offered[0]), answer)
    await server.until(lambda: query in server.callback_answers)
    assert "finns inte sparat längre" in server.callback_answers[query]["text"]
    assert len(anna.messages()) == before
