"""Every public service function has a caller that grep can find (docs/architecture.md).

Services are looked up by name, never built from strings, so a function nobody names outside
its own definition is dead code or is reached by a lookup nobody can follow.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "trainees", "requests_ltft", "returners", "supervisors"]


def _sources() -> dict[Path, str]:
    files = [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]
    files += list((ROOT / "templates").rglob("*.html"))
    return {path: path.read_text(encoding="utf-8") for path in files}


def _service_functions(sources: dict[Path, str]):
    for path, text in sources.items():
        if path.suffix != ".py" or not ("services" in path.parts or path.stem == "services"):
            continue
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                yield path, node.name


def test_every_service_function_has_a_caller_outside_the_tests():
    sources = _sources()
    uncalled = []
    for path, name in _service_functions(sources):
        word = re.compile(rf"\b{re.escape(name)}\b")
        # The definition itself accounts for one mention in its own file.
        mentions = sum(len(word.findall(text)) for text in sources.values()) - 1
        if mentions == 0:
            uncalled.append(f"{path.relative_to(ROOT)}: {name}")
    assert uncalled == []


def test_the_check_finds_services_at_all():
    # Guards the test above against passing because it looked in the wrong place.
    names = {name for _, name in _service_functions(_sources())}
    assert len(names) > 40
