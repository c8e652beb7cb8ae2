"""The demo county's people (示例县实名人员): about 2,000 fictional people entered through the services
on the quota lines ``sampledata.demo.staffing`` approves, with leadership appointments, exits, a
transfer and the cases the overview lists (超编, 超职数, past retirement, duplicate names).

Generated from a fixed seed and anchored on today's date (ages, open permits), so the same day
gives the same people. Loaded only once: if the county already has quota lines, nothing is
written. Every row has history naming the actor (rule 13).
"""

from .loader import COUNT_KEYS, demo_establishment_exists, load_demo_people
from .profiles import add_months

__all__ = ["COUNT_KEYS", "add_months", "demo_establishment_exists", "load_demo_people"]
