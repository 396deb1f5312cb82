-- tests/t/search_path_hijack.sh: the reviewer's session, fresh, on the same
-- path as the writer's.  The first held rows come from batch 1's inserts,
-- whose keys are not in the table: release five, reject the next five.
\if :hostile
\ir temp_shadows.sql
SET search_path = w, pg_catalog, embargo, public;
\endif
SELECT embargo.release(q.id, 'cleared in review') FROM embargo.quarantine q
WHERE q.status OPERATOR(pg_catalog.=) 'held' ORDER BY q.id LIMIT 5;
SELECT embargo.reject(q.id, 'refused in review') FROM embargo.quarantine q
WHERE q.status OPERATOR(pg_catalog.=) 'held' ORDER BY q.id LIMIT 5;
-- the reviewer's own matches, in its own session's cache
\set n 14
\ir party_probe.sql
