-- fleet.residency_tenant_checks() says a tenant schema the caller has no USAGE on in that tenant's
-- problem (to_regclass() raised, and the whole call failed): its one definition is in
-- R__residency_checks.sql. This file marks the region SQL version that brings it.
SELECT 1;
