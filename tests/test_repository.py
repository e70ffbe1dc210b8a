"""Rules for the repository itself."""

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
URL = re.compile(r"\b[a-z]+://[^\s'\")]+")
# the loopback, or a compose service / nginx upstream name (no dot: not a host on the network)
LOCAL = re.compile(r"[a-z]+://(127\.0\.0\.1|localhost|[a-z0-9_-]+)([:/;]|$)")
SET_UP_FILES = ["Makefile", "docker-compose.yml", "README.md", ".ci/run", "scripts", "config"]


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


def test_manifests_are_lgpl_and_versioned():
    for name in ("kpi_civil_service", "kpi_reports"):
        manifest = ast.literal_eval((ROOT / "addons" / name / "__manifest__.py").read_text())
        assert manifest["license"] == "LGPL-3"
        assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", manifest["version"]), manifest["version"]
        assert manifest.get("installable", True)
    reports = ast.literal_eval((ROOT / "addons/kpi_reports/__manifest__.py").read_text())
    assert "kpi_civil_service" in reports["depends"]
