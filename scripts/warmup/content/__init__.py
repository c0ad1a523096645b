"""Read: every file in a club's content/ folder, parsed, checked and cross-checked into one model."""
