"""Scoring a follow-up on the 问效 scheme (the assessments engine, SchemeUse.FOLLOWUP)."""

from .models import FollowUp


def has_scheme(follow_up: FollowUp) -> bool:
    return False


def state_of(follow_up: FollowUp):
    return None


def start(*, follow_up: FollowUp, actor) -> str:
    raise NotImplementedError
