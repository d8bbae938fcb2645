-- fleet.residency_tenant_checks(), read by the residency report: its one definition is in
-- R__residency_checks.sql. This file marks the region SQL version that brings it.
SELECT 1;
