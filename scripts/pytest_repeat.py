"""A pytest plugin that runs each selected test N times in one session (flaky-test checks).

A pytest plugin for loop runs of flaky-test checks: `PYTHONPATH=scripts pytest -p pytest_repeat --repeat N ...`
runs each selected test N times in one session (module fixtures such as the app server and Chromium are shared)."""

from __future__ import annotations


def pytest_addoption(parser) -> None:
    parser.addoption("--repeat", type=int, default=1, help="run each selected test this many times")


def pytest_generate_tests(metafunc) -> None:
    count = metafunc.config.getoption("repeat")
    if count > 1:
        metafunc.fixturenames.append("repeat_run")
        metafunc.parametrize("repeat_run", range(1, count + 1), ids=lambda n: f"run{n}")
