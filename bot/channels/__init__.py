"""Ways to reach Sofia: Telegram, the terminal chat and the command line (with `sofia check`). Each
drives the same core (bot.services) and may use all of it; no other package imports a channel, and
only channels.telegram imports ``telegram``."""
