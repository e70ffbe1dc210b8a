"""Docker does not run on the development machines: the compose file is checked
by reading it."""

import configparser
import os
import pathlib
import shutil
import subprocess

import pytest
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


def read_conf(name):
    parser = configparser.ConfigParser()
    parser.read(ROOT / "config" / "docker" / name)
    return parser["options"]


def test_scale_profile_services():
    """`docker compose --profile scale up`: nginx, Odoo workers, a cron
    container, a tuned PostgreSQL and its read replica; the plain `up` is
    unchanged."""
    services = load_compose()["services"]
    scale = {name for name, service in services.items() if "scale" in service.get("profiles", [])}
    assert scale == {"db-scale", "db-replica", "odoo-web", "odoo-cron", "nginx"}
    assert not services["odoo"].get("profiles") and not services["db"].get("profiles")
    for name in ("odoo-web", "odoo-cron"):
        assert services[name]["image"].startswith("odoo:19")
    assert services["nginx"]["ports"] == ["127.0.0.1:8080:80"]
    assert "8069" not in str(services["odoo-web"].get("ports", "")), "the workers are reached through nginx"
    for name in ("db-scale", "db-replica"):
        settings = services[name]["command"]
        assert "shared_buffers=" in settings and "max_connections=200" in settings


def test_scale_profile_odoo_configuration():
    web, cron = read_conf("odoo-scale.conf"), read_conf("odoo-cron.conf")
    assert int(web["workers"]) >= 2 and int(web["max_cron_threads"]) == 0
    assert web.getboolean("proxy_mode")
    assert web["db_host"] == "db-scale" and web["db_replica_host"] == "db-replica"
    assert int(cron["workers"]) == 0 and int(cron["max_cron_threads"]) >= 1
    assert "--no-http" in load_compose()["services"]["odoo-cron"]["command"]
    nginx = (ROOT / "config/docker/nginx/odoo.conf").read_text()
    assert "server odoo-web:8069;" in nginx and "server odoo-web:8072;" in nginx
    assert "location /websocket" in nginx


def test_scale_profile_replica():
    replica = ROOT / "config/docker/postgres/replica.sh"
    text = replica.read_text()
    assert os.access(replica, os.X_OK)
    assert "pg_basebackup" in text and " -R " in text  # writes the standby settings
    assert "replication" in (ROOT / "config/docker/postgres/allow-replication.sh").read_text()
    services = load_compose()["services"]
    assert services["db-replica"]["entrypoint"] == ["/replica.sh"]


@pytest.mark.skipif(
    subprocess.run(["docker", "compose", "version"], capture_output=True, check=False).returncode != 0
    if shutil.which("docker")
    else True,
    reason="no docker compose here",
)
def test_docker_compose_config_accepts_the_scale_profile():
    run = subprocess.run(
        ["docker", "compose", "--profile", "scale", "config", "--quiet"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
