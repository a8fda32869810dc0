"""The questions: intake from every channel, every move through the state machine, the
moderator's queue and running order, upvotes, receipts, written replies, and the pages of
the phone, the console, staff intake and the units."""
