"""A generated city (示例市) for measuring the system at the scale of 6,700 institutions and
188,000 people: deterministic for a seed, written with the history-aware bulk helpers of
``.bulk`` so every row has history dated when its event happened (rule 13)."""

from .generator import PASSWORD, CityExists, generate_city

__all__ = ["PASSWORD", "CityExists", "generate_city"]
