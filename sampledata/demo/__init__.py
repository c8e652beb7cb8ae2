"""The demo county 示例县, one module per domain app it fills, loaded in the chain's order by
``manage.py load_demo``: orgs, staffing and people together, then certificates."""
