"""Signals of the indicator engine: other apps (followups, oversight) act on finished
evaluations without the engine importing them."""

from django.dispatch import Signal

# Sent by services.finish_evaluation with ``evaluation`` once its total (and grade) is set.
evaluation_finished = Signal()
# Sent by services.publish_round with ``round`` once its results are published.
round_published = Signal()
