"""A forum as a whole: its phase, its setup (facts, who answers, topics), hall-only mode."""
