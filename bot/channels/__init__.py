"""Ways to talk to Sofia: the terminal and Telegram. Each drives the same core (bot.services)."""
