-- fleet.tenant_metadata() sizes schemas from pg_class.relpages instead of opening each relation: its one
-- definition is in R__tenant_metadata.sql. This file marks the region SQL version that brings it.
SELECT 1;
