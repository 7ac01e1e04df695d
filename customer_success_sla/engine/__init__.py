"""Pure decision logic of customer_success_sla.

Nothing in this package imports Odoo: functions take and return plain data so
that they are tested in milliseconds under the top-level ``tests/`` folder and
the models stay thin shells around them.
"""
