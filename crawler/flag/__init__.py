"""Flag: judge each account touched by a run as a whole and queue it for human review."""
