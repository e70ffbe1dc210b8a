"""Docker does not run on the development machines: the compose file is checked
by reading it."""

import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_official_images():
    services = load_compose()["services"]
    assert services["odoo"]["image"].startswith("odoo:19")
    assert services["db"]["image"].startswith("postgres:")
    assert int(services["db"]["image"].split(":")[1].split(".")[0]) >= 13


def test_addons_and_config_are_mounted():
    odoo = load_compose()["services"]["odoo"]
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in odoo["volumes"]}
    assert mounts["/mnt/extra-addons"] == "./addons"
    assert mounts["/etc/odoo"] == "./config/docker"
    assert (ROOT / "config/docker/odoo.conf").is_file()
    assert "/mnt/extra-addons" in (ROOT / "config/docker/odoo.conf").read_text()


def test_database_and_filestore_volumes():
    compose = load_compose()
    odoo, db = compose["services"]["odoo"], compose["services"]["db"]
    named = set(compose["volumes"])
    odoo_volumes = {volume.split(":")[0]: volume.split(":")[1] for volume in odoo["volumes"]}
    db_volumes = {volume.split(":")[0]: volume.split(":")[1] for volume in db["volumes"]}
    assert odoo_volumes.get("odoo-data") == "/var/lib/odoo"
    assert db_volumes.get("db-data") == "/var/lib/postgresql/data"
    assert {"odoo-data", "db-data"} <= named
    assert "db" in odoo["depends_on"]
    assert odoo["environment"]["HOST"] == "db"
    assert db["environment"]["POSTGRES_USER"] == odoo["environment"]["USER"]
