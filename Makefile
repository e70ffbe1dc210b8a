# The commands of the project; each one runs the set-up it needs first.
.PHONY: run test lint clean setup i18n shell bench backup restore scale

setup:        ## obtain Odoo 19, the virtualenv, PostgreSQL and the configuration
	@bash scripts/setup.sh

run:          ## create or upgrade the demo database and serve it on 127.0.0.1:8069
	@bash scripts/run.sh

test:         ## the whole suite on a fresh test database; TESTS=... narrows it
	@bash scripts/test.sh

bench:        ## the province benchmark on its own database; BENCH_SCALE=small|province
	@bash scripts/bench.sh

scale:        ## Odoo with workers on a primary and its read replica, under load; the replica stopped once
	@bash scripts/scale.sh

backup:       ## a database and its filestore in one file; DB=... BACKUP=...
	@bash scripts/backup.sh

restore:      ## a backup into a new database; BACKUP=... DB=...
	@bash scripts/restore.sh

lint:         ## ruff and pylint-odoo
	@bash scripts/lint.sh

i18n:         ## re-export the terms of both add-ons and merge them into i18n/vi.po
	@bash scripts/i18n.sh

shell:        ## an Odoo shell on the demo database
	@bash scripts/shell.sh

clean:        ## drop the databases and the caches made by the set-up
	@bash scripts/clean.sh
