"""Cases: the handoff to a contact person (both sides), routing, the case tables, and the outbox and
inbox that carry every message exactly once. May use answers (approved answers), the knowledge base
(contacts), records and the shared modules; never a channel."""
