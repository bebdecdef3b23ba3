"""people/ is a leaf: nothing in it imports from meetings/ (issue 10, item 8)."""
import ast
from pathlib import Path

import people

PEOPLE = Path(people.__file__).parent


def imported_modules(path: Path, package: str) -> set[str]:
    """Every module a file imports, at the top or inside a function (relative imports resolved
    against `package`), and every "app.Model" or module named to get_model / import_module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
            else:
                found.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module", "get_model", "__import__",
        ):
            found |= {arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}
    return found


def test_people_imports_nothing_from_meetings():
    files = sorted(PEOPLE.rglob("*.py"))
    assert len(files) > 5  # models, names, matching, services, the command, migrations
    offenders = {
        str(path.relative_to(PEOPLE)): sorted(
            m for m in imported_modules(path, ".".join(("people", *path.relative_to(PEOPLE).parent.parts)))
            if m.split(".")[0] == "meetings"
        )
        for path in files
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_the_check_sees_imports_hidden_in_functions_and_relative_ones(tmp_path):
    """What the test above looks for: a function-level import, a get_model string, a relative import."""
    source = tmp_path / "x.py"
    source.write_text(
        "def f():\n    from meetings.models import Attendance\n    apps.get_model('meetings.Meeting')\n"
        "from ..meetings import selectors\n"
    )
    found = imported_modules(source, "people.management")
    assert {"meetings.models", "meetings.Meeting", "people.meetings"} <= found
