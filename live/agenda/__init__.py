"""The agenda on the day: moving through its items, and the speaker's countdown."""
