"""One module per kind of change request, each registering its ``RequestKindSpec`` (found by
``people.requests.registry.autodiscover``; a module here that registers nothing is a mistake)."""
