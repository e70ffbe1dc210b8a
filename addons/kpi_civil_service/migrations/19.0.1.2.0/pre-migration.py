"""The assessment keeps the person's staff category of its year (the
province's report splits by it). Filled here from the employee, by SQL, so
that the upgrade does not rewrite every decided assessment (their last
change date stays as the audit trail has it)."""


def migrate(cr, version):
    cr.execute("ALTER TABLE kpi_assessment ADD COLUMN IF NOT EXISTS staff_category varchar")
    cr.execute(
        """
        UPDATE kpi_assessment a
           SET staff_category = e.kpi_staff_category
          FROM hr_employee e
         WHERE e.id = a.employee_id AND a.staff_category IS NULL
        """
    )
