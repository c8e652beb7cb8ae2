"""The URL meta-test, as a pytest plugin (registered by tests/conftest.py).

Throughout the run the test client's requests are recorded (tests/kit/requested.py). When the
whole suite has run, every URL pattern must have been requested by some test, and every pattern
that needs a login must have been requested both anonymously and by a signed-in role; otherwise the
run fails, naming the patterns. Under pytest-xdist each worker sends its records to the controller,
which checks. A run of part of the suite (file or node arguments, -k, -m, deselection, an early
stop) cannot be complete, so there the check is skipped.
"""

from pathlib import Path

import pytest

from .requested import Recorder, gaps, url_patterns

# Patterns no test of the suite requests as required, each with the reason.
EXCEPTIONS: dict[str, str] = {}

SUITE = Path(__file__).resolve().parent.parent
RECORDER = pytest.StashKey[Recorder]()
WATCHING = pytest.StashKey[object]()
PARTIAL = pytest.StashKey[list[str]]()
REPORT = pytest.StashKey[list[str]]()
REQUESTS_OUT = "kit_url_requests"
PARTIAL_OUT = "kit_url_partial"


def pytest_configure(config):
    recorder = Recorder()
    config.stash[RECORDER] = recorder
    config.stash[WATCHING] = watching = recorder.watching()
    watching.__enter__()
    config.stash[PARTIAL] = partial_selection(config)
    config.stash[REPORT] = []


def pytest_unconfigure(config):
    watching = config.stash.get(WATCHING, None)
    if watching is not None:
        watching.__exit__(None, None, None)


def partial_selection(config) -> list[str]:
    """Why the command line selects less than the whole suite, if it does."""
    reasons = []
    option = config.option
    if option.keyword:
        reasons.append(f"-k {option.keyword!r}")
    if option.markexpr:
        reasons.append(f"-m {option.markexpr!r}")
    for name in ("ignore", "ignore_glob", "deselect"):
        if getattr(option, name, None):
            reasons.append(f"--{name.replace('_', '-')}")
    invoked_in = config.invocation_params.dir
    for arg in config.args:
        path = (invoked_in / arg.split("::")[0]).resolve()
        if "::" in arg or not (path == SUITE or path in SUITE.parents):
            reasons.append(f"argument {arg}")
    return reasons


def pytest_deselected(items):
    if items:
        config = items[0].config
        config.stash[PARTIAL].append(f"{len(items)} tests deselected")


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """On the xdist controller: take in what a worker recorded."""
    config = node.config
    output = getattr(node, "workeroutput", {})
    config.stash[RECORDER].requests.update(tuple(r) for r in output.get(REQUESTS_OUT, ()))
    config.stash[PARTIAL].extend(output.get(PARTIAL_OUT, ()))
    if error:
        config.stash[PARTIAL].append(f"worker {node.gateway.id} went down")


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    recorder, partial = config.stash[RECORDER], config.stash[PARTIAL]
    if hasattr(config, "workerinput"):
        config.workeroutput[REQUESTS_OUT] = sorted(recorder.requests)
        config.workeroutput[PARTIAL_OUT] = list(partial)
        return
    if session.shouldstop or session.shouldfail:
        partial.append("the run stopped early")
    if exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        partial.append(f"the run ended with {pytest.ExitCode(exitstatus).name}")
    report = config.stash[REPORT]
    if partial:
        reasons = ", ".join(dict.fromkeys(partial))
        report.append(f"URL coverage not checked (part of the suite): {reasons}")
        return
    found = gaps(url_patterns(), recorder.requests, EXCEPTIONS)
    if not found:
        return
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
    report.append("URL patterns the suite does not test (tests/kit/url_coverage.py):")
    for kind, names in found.items():
        report.append(f"  {kind}: {', '.join(names)}")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    report = config.stash.get(REPORT, [])
    if not report:
        return
    failed = config.stash[PARTIAL] == []
    if failed:
        terminalreporter.write_sep("=", "URL coverage", red=True)
    for line in report:
        terminalreporter.write_line(line, red=failed)
