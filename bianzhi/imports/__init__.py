"""The one import pipeline (``pipeline.Importer``) and the base of the import commands
(``command.ImportCommand``)."""
