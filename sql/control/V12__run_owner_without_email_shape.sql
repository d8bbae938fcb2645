-- Run owners were recorded as the JVM's name, 'pid@host', which has the shape of an e-mail address
-- when the host name is a domain name (4242@app1.prod.example.com): the residency report's scan of
-- the control plane (RES-04) would take them for personal data. Orchestrators now record
-- 'host (pid N)'; this rewrites the owners recorded before, in every run table that has them.
UPDATE rollout_run SET owner = substring(owner FROM '@(.*)$') || ' (pid ' || substring(owner FROM '^([0-9]+)@') || ')'
 WHERE owner ~ '^[0-9]+@.+$';
UPDATE retention_run SET owner = substring(owner FROM '@(.*)$') || ' (pid ' || substring(owner FROM '^([0-9]+)@') || ')'
 WHERE owner ~ '^[0-9]+@.+$';
