"""PDF output: HTML laid out by WeasyPrint in a separate engine process (``engine``, started and
fed by ``renderer``), and pages combined with pypdf (``compose``)."""
