"""The demo county 示例县, one module per domain app it fills. ``manage.py load_demo`` loads the
orgs first, then the people (whose loader approves the staffing module's quota lines around the
people it enters), then the certificates, and the change requests last."""
