"""Rules for the repository itself."""

import ast
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
URL = re.compile(r"\b[a-z]+://[^\s'\")]+")
# the loopback, or a compose service / nginx upstream name (no dot: not a host on the network)
LOCAL = re.compile(r"[a-z]+://(127\.0\.0\.1|localhost|[a-z0-9_-]+)([:/;]|$)")
SET_UP_FILES = ["Makefile", "docker-compose.yml", "README.md", ".ci/run", "scripts", "config"]
# A pointer to a document that is not in the repository: the specification and
# its sections, an issue of the tracker by number, the folder beside the clone.
# The repository explains itself; docs/rules.md holds the rules the code follows.
OUTSIDE_REFERENCE = re.compile(r"\bSPEC(?:\.md|\s*§|:)|(?i:\bissue\s+#?\d+)|\.\./shared")
RULES_DOC = "docs/rules.md"


def set_up_files():
    for name in SET_UP_FILES:
        path = ROOT / name
        yield from sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def test_no_remote_address_in_the_set_up():
    """The set-up reads package sources from the machine's own configuration:
    no script, configuration or instruction names a remote host."""
    offenders = [
        f"{path.relative_to(ROOT)}: {url}"
        for path in set_up_files()
        for url in URL.findall(path.read_text(errors="replace"))
        if not LOCAL.match(url) and not url.startswith("file://")
    ]
    assert not offenders, offenders


def repository_files():
    """The files git tracks, and the new ones it would (not ignored), that are
    on disk; the whole tree, less the caches, outside a git checkout."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode()
        names = sorted({name for name in listed.split("\0") if name})
    except (OSError, subprocess.CalledProcessError):
        ignored = {".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".venv"}
        names = sorted(
            str(path.relative_to(ROOT)) for path in ROOT.rglob("*") if not ignored & set(path.relative_to(ROOT).parts)
        )
    return [name for name in names if (ROOT / name).is_file()]


def test_no_reference_to_a_document_outside_the_repository():
    """No comment, docstring, script or document points at the specification,
    an issue number or the folder beside the clone: each says why itself, or
    points at the section of docs/rules.md that does."""
    offenders = []
    for name in repository_files():
        if name == RULES_DOC:
            continue
        data = (ROOT / name).read_bytes()
        if b"\0" in data:  # images, spreadsheets
            continue
        for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
            if OUTSIDE_REFERENCE.search(line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert not offenders, (
        f"{len(offenders)} lines point at a document outside the repository; say why in place, or point at "
        f'the section of {RULES_DOC} that does, e.g. ({RULES_DOC}, "Period percents"):\n' + "\n".join(offenders)
    )


def test_manifests_are_lgpl_and_versioned():
    for name in ("kpi_civil_service", "kpi_reports"):
        manifest = ast.literal_eval((ROOT / "addons" / name / "__manifest__.py").read_text())
        assert manifest["license"] == "LGPL-3"
        assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", manifest["version"]), manifest["version"]
        assert manifest.get("installable", True)
    reports = ast.literal_eval((ROOT / "addons/kpi_reports/__manifest__.py").read_text())
    assert "kpi_civil_service" in reports["depends"]


# ---------------------------------------------------------------- the data model and its version

RELATIONAL = ("Many2one", "Many2many")
MODEL_FOLDERS = ("models", "wizard", "report")


def git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout


def model_name(node):
    """The model a class defines or extends (its _name, else its first _inherit)."""
    found = {}
    for statement in node.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
            if statement.targets[0].id in ("_name", "_inherit"):
                value = ast.literal_eval(statement.value)
                found[statement.targets[0].id] = value if isinstance(value, str) else value[0]
    return found.get("_name") or found.get("_inherit")


def column(call):
    """What a field puts in the database: its type, its relation, whether it
    is required or indexed, its selection; None for a field not stored."""
    keywords = {keyword.arg: ast.unparse(keyword.value) for keyword in call.keywords if keyword.arg}
    kind = call.func.attr
    stored = keywords.get("store", "False" if {"compute", "related"} & set(keywords) else "True")
    if stored != "True" or kind == "One2many":
        return None
    first = ast.unparse(call.args[0]) if call.args else None
    return (
        kind,
        keywords.get("comodel_name", first if kind in RELATIONAL else None),
        keywords.get("selection", first if kind == "Selection" else None),
        keywords.get("required"),
        keywords.get("index"),
        keywords.get("translate"),
    )


def data_model(sources):
    """The stored fields, constraints and tables of the add-on's Python files,
    as {(model, name): definition}."""
    found = {}
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.ClassDef) or not (model := model_name(node)):
                continue
            for statement in node.body:
                if not isinstance(statement, ast.Assign) or not isinstance(statement.targets[0], ast.Name):
                    continue
                name, value = statement.targets[0].id, statement.value
                callee = value.func if isinstance(value, ast.Call) else None
                if isinstance(callee, ast.Attribute) and isinstance(callee.value, ast.Name):
                    if callee.value.id == "fields" and (definition := column(value)):
                        found[(model, name)] = definition
                    elif callee.value.id == "models" and callee.attr in ("Constraint", "Index", "UniqueIndex"):
                        found[(model, name)] = ast.unparse(value)
                elif name in ("_table", "_auto", "_table_query"):
                    found[(model, name)] = ast.unparse(value)
    return found


def test_the_version_is_raised_with_every_change_of_the_data_model():
    """Since the commit that last changed an add-on's version, its stored
    fields, constraints and tables are those of that commit: a change of the
    data model raises the version (and brings a migration when a field moves
    or changes meaning), so that the upgrade test takes it as a new version."""
    for addon in ("kpi_civil_service", "kpi_reports"):
        manifest = f"addons/{addon}/__manifest__.py"
        released = git("log", "-1", "--format=%H", "-G", '"version"', "--", manifest).strip()
        folders = [f"addons/{addon}/{folder}" for folder in MODEL_FOLDERS]
        then = [
            git("show", f"{released}:{path}")
            for path in git("ls-tree", "-r", "--name-only", released, "--", *folders).split()
            if path.endswith(".py")
        ]
        now = [path.read_text() for folder in folders for path in sorted((ROOT / folder).rglob("*.py"))]
        before, after = data_model(then), data_model(now)
        changed = sorted(
            f"{model}.{name}: {before.get((model, name))} -> {after.get((model, name))}"
            for model, name in before.keys() | after.keys()
            if before.get((model, name)) != after.get((model, name))
        )
        assert not changed, (
            f"the data model of {addon} changed since its version was last raised ({released[:8]}); raise the "
            "version in its manifest (and add migrations/<version>/ if a field moves or changes meaning):\n"
            + "\n".join(changed)
        )
