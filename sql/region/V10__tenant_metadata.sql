-- fleet.tenant_metadata(), read by the cross-region metadata sync: its one definition is in
-- R__tenant_metadata.sql. This file marks the region SQL version that brings it.
SELECT 1;
