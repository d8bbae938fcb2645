-- fleet.residency_tenant_checks() verifies each tenant's audit chain itself instead of calling the
-- tenant's verify_audit_chain(): its one definition is in R__residency_checks.sql. This file marks
-- the region SQL version that brings it.
SELECT 1;
