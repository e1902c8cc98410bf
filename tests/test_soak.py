"""Soak: 300 questions in one process through get_chain; memory must level off after warm-up."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

ASKS = 300
WARM_UP = 60
MAX_GROWTH = 0.10

# Cycles through the dev set's questions (with their histories) like a long-running app process would.
SOAK = textwrap.dedent(f"""
    import json, sys, time
    from eaeu_qa.chain import get_chain
    from eaeu_qa.settings import Settings

    def rss_mb():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024

    items = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    settings = Settings.from_env()
    report = {{"start_mb": rss_mb()}}
    times = []
    for n in range({ASKS}):
        item = items[n % len(items)]
        started = time.perf_counter()
        answer = get_chain(settings).ask(item["question"], history=item.get("history") or [])
        times.append(time.perf_counter() - started)
        assert answer.answer or answer.note, item["id"]
        if n + 1 == {WARM_UP}:
            report["warm_mb"] = rss_mb()
    report["end_mb"] = rss_mb()
    times.sort()
    report["p50_ms"] = round(times[len(times) // 2] * 1000, 1)
    print(json.dumps(report))
""")


@pytest.mark.soak
def test_memory_levels_off_over_300_questions(cli_env, capsys):
    from conftest import DEV_SET

    result = subprocess.run([sys.executable, "-c", SOAK, str(DEV_SET)], env=cli_env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    with capsys.disabled():
        print(f"\nsoak: {ASKS} asks, RSS {report['start_mb']:.0f} MB at start, {report['warm_mb']:.0f} MB after "
              f"{WARM_UP} (warm-up), {report['end_mb']:.0f} MB at the end; p50 {report['p50_ms']} ms")
    assert report["end_mb"] <= report["warm_mb"] * (1 + MAX_GROWTH), report
