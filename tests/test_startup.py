"""Cold-start behaviour: what a one-shot `eaeu-qa ask` imports (the speed itself is measured by `make bench`)."""

from __future__ import annotations

import json
import subprocess
import sys


def _probe(code: str, env: dict | None = None) -> dict:
    import os

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, **(env or {})))
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_langsmith_api_types_are_built_only_when_used():
    report = _probe(
        "import json, sys\n"
        "import eaeu_qa, langchain_core.retrievers, langchain_core.runnables\n"
        "types = sys.modules['langsmith.types']\n"
        "before = 'Run' in vars(types)\n"
        "from langsmith.types import Run\n"
        "from langsmith.types.run_select_field import RunSelectField\n"
        "print(json.dumps({'before': before, 'after': Run.__name__, 'rich': 'rich' in sys.modules}))\n")
    assert report == {"before": False, "after": "Run", "rich": False}


def test_the_diet_can_be_switched_off():
    report = _probe("import json, sys, eaeu_qa, langchain_core.retrievers\n"
                    "print(json.dumps({'built': 'Run' in vars(sys.modules['langsmith.types'])}))\n",
                    env={"EAEU_QA_IMPORT_DIET": "0"})
    assert report == {"built": True}


def test_asking_imports_no_torch_streamlit_scipy_or_chromadb(cli_env):
    """A one-shot question loads neither the torch stack (questions are embedded through ONNX), the UI, scipy,
    Chroma (the index's exported vectors are searched; eaeu_qa.index_store.LazyStore), OpenTelemetry (LangSmith's
    client is imported without it: import_diet.OPTIONAL_WHILE_IMPORTING) nor LangSmith's API types."""
    probe = ("import json, sys\n"
             "from eaeu_qa.cli import main\n"
             "code = main(['ask', 'What does Article 98 say about medical care for family members?'])\n"
             "unwanted = ('torch', 'transformers', 'sentence_transformers', 'streamlit', 'scipy', 'rich', 'chromadb',\n"
             "            'langchain_chroma', 'opentelemetry')\n"
             "loaded = sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in unwanted})\n"
             "built = 'Run' in vars(sys.modules['langsmith.types'])\n"
             "print(json.dumps({'code': code, 'loaded': loaded, 'langsmith_types': built}), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", probe], env=cli_env, capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "loaded": [], "langsmith_types": False}, result.stderr[-2000:]
    assert "[1]" in result.stdout


def test_a_library_that_needs_the_hidden_module_after_all_is_imported_as_usual(tmp_path):
    """import_without is a hint: when the module fails without its 'optional' dependency, it is imported again
    with it (a library upgrade cannot break the import)."""
    (tmp_path / "needs_json_mod.py").write_text(
        "import os\nos.environ['ATTEMPTS'] = str(int(os.environ.get('ATTEMPTS', '0')) + 1)\n"
        "import json\nVALUE = json.dumps(1)\n")
    report = _probe("import json, sys\n"
                    f"sys.path.insert(0, {str(tmp_path)!r})\n"
                    "sys.modules.pop('json', None)\n"
                    "from eaeu_qa.import_diet import import_without\n"
                    "module = import_without('needs_json_mod', ('json',))\n"
                    "import os\n"
                    "print(__import__('json').dumps({'value': module.VALUE, 'attempts': os.environ['ATTEMPTS']}))\n")
    assert report == {"value": "1", "attempts": "2"}  # hidden first, then imported as usual


def test_a_module_imported_without_its_optional_dependency_that_needs_it_runs_again_with_it(tmp_path):
    """OPTIONAL_WHILE_IMPORTING is the same hint for a module a library imports: the dependency is hidden while that
    module runs, and a version that fails without it runs again as usual; one imported already is not hidden."""
    (tmp_path / "needs_json_mod.py").write_text(
        "import os\nos.environ['ATTEMPTS'] = str(int(os.environ.get('ATTEMPTS', '0')) + 1)\n"
        "import json\nVALUE = json.dumps(1)\n")
    (tmp_path / "tries_json_mod.py").write_text(
        "try:\n    import json\nexcept ImportError:\n    json = None\nHAS_JSON = json is not None\n")
    report = _probe("import json, sys\n"
                    f"sys.path.insert(0, {str(tmp_path)!r})\n"
                    "dumps = json.dumps\n"
                    "sys.modules.pop('json', None)\n"
                    "from eaeu_qa import import_diet\n"
                    "import_diet.OPTIONAL_WHILE_IMPORTING.update(needs_json_mod=('json',), tries_json_mod=('json',))\n"
                    "import tries_json_mod\n"
                    "hidden = not tries_json_mod.HAS_JSON\n"
                    "import needs_json_mod\n"
                    "import os\n"
                    "print(dumps({'hidden': hidden, 'value': needs_json_mod.VALUE, 'attempts': os.environ['ATTEMPTS']}))\n")
    assert report == {"hidden": True, "value": "1", "attempts": "2"}  # hidden first, then run again with it
