-- fleet.residency_tenant_checks() lists the problems of one audit row in the template's order (they
-- tied before, and a top-five sort need not keep ties): its one definition is in
-- R__residency_checks.sql. This file marks the region SQL version that brings it.
SELECT 1;
