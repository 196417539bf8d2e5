"""The labeled corpus is valid Python, labels sit on calls, and each project has near misses."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from blocking_io.evaluation import Location, read_labels
from scripts.eval_static import CORPUS_DIR

PROJECTS = sorted(p for p in CORPUS_DIR.iterdir() if p.is_dir())
# Callee names that look like blocking IO; an unlabeled call to one of them is a near miss.
LOOKALIKE_NAMES = frozenset(
    "open get post head read read_text write_text read_bytes write_bytes exists mkdir unlink "
    "glob iterdir sleep run system connect execute commit fetchall remove listdir walk copy "
    "rmtree mkdtemp urlopen getaddrinfo to_thread run_in_executor run_sync run_in_threadpool "
    "submit".split()
)


def _calls_by_line(path: Path) -> dict[int, list[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path), feature_version=(3, 11))
    calls: dict[int, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            calls.setdefault(node.lineno, []).append(name)
    return calls


def _comments(path: Path, pattern: str) -> list[int]:
    source = path.read_text(encoding="utf-8")
    return [
        tok.start[0]
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.COMMENT and re.match(pattern, tok.string)
    ]


def test_corpus_has_the_expected_shape():
    files = list(CORPUS_DIR.rglob("*.py"))
    lines = sum(len(f.read_text(encoding="utf-8").splitlines()) for f in files)
    assert len(PROJECTS) >= 10, [p.name for p in PROJECTS]
    assert 1500 <= lines <= 3000, lines


@pytest.mark.parametrize(
    "path", sorted(CORPUS_DIR.rglob("*.py")), ids=lambda p: str(p.relative_to(CORPUS_DIR))
)
def test_corpus_file_parses_as_python_311(path):
    ast.parse(path.read_text(encoding="utf-8"), str(path), feature_version=(3, 11))


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: str(p.relative_to(CORPUS_DIR)))
def test_corpus_labels_sit_on_calls(project):
    labels = read_labels(project)
    for loc in sorted(labels.blocking | labels.tolerated):
        assert loc.line in _calls_by_line(Path(loc.path)), f"{loc.path}:{loc.line} has no call"


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: str(p.relative_to(CORPUS_DIR)))
def test_corpus_project_has_positive_and_unlabeled_near_miss(project):
    labels = read_labels(project)
    labeled = labels.blocking | labels.tolerated
    near_misses = [
        (path, line)
        for path in project.rglob("*.py")
        for line, names in _calls_by_line(path).items()
        if Location(str(path.resolve()), line) not in labeled and LOOKALIKE_NAMES & set(names)
    ]
    assert labels.blocking, f"{project.name} has no `# label: blocking` line"
    assert near_misses, f"{project.name} has no unlabeled call that looks like blocking IO"


def test_corpus_has_at_least_as_many_near_misses_as_positives():
    positives = sum(len(read_labels(p).blocking) for p in PROJECTS)
    clean = sum(len(_comments(f, r"#\s*clean:")) for f in CORPUS_DIR.rglob("*.py"))
    assert positives >= 120, positives
    assert clean >= positives, (clean, positives)


def test_corpus_readme_lists_every_project():
    readme = (CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", readme, flags=re.MULTILINE))
    assert listed == {p.name for p in PROJECTS}
