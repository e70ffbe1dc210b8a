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
