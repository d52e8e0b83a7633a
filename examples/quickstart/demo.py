"""`make demo`: use the quickstart extension from Python."""
import inspect

import quickstart

TEXT = """
It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of
incredulity, it was the season of Light, it was the season of Darkness.
"""

print("quickstart:", quickstart.__doc__)
print("top_words signature:", inspect.signature(quickstart.top_words))
print("summary:", quickstart.summary(TEXT))
for word, count in quickstart.top_words(TEXT, 5):
    print(f"  {word:<8} {count:>2} {'#' * count}")
try:
    quickstart.top_words(TEXT, 0)
except ValueError as e:
    print("top_words(text, 0) raised ValueError:", e)
