"""Khanh Hoa 1636 is shipped as non-updatable data: an existing database keeps
its old values. The regulation states no quota and no deduction for errors or
delays, so its quota is switched off and its b and c keep their old base.
Scores computed before keep the rule set of their period."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE kpi_rule_set rs
           SET quota_enabled = FALSE, quality_base = 'done'
          FROM ir_model_data d
         WHERE d.model = 'kpi.rule.set' AND d.module = 'kpi_civil_service'
           AND d.name = 'kpi_rule_set_kh1636' AND d.res_id = rs.id
        """
    )
    cr.execute(
        """
        UPDATE kpi_score s
           SET rule_set_id = p.rule_set_id
          FROM kpi_period p
         WHERE p.id = s.period_id AND s.rule_set_id IS NULL
        """
    )
