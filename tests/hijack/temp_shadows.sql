-- tests/t/search_path_hijack.sh: in a hostile session, before its path is
-- set, the session's own temporary shadows of the derived types (domains no
-- value passes) and relations (views that raise when read).  A path that
-- does not list pg_temp searches it first for types and relations, so these
-- catch an internal path that forgets to put pg_temp last.
SET client_min_messages = warning;
SELECT DISTINCT ON (t.typname) format('CREATE DOMAIN pg_temp.%I AS %I.%I CHECK (false)', t.typname, n.nspname, t.typname)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname IN ('pg_catalog', 'embargo') AND t.typname = ANY (string_to_array(:'types', ' '))
  AND t.typtype <> 'p'
ORDER BY t.typname, n.nspname DESC \gexec
SELECT DISTINCT ON (c.relname)
       format('CREATE VIEW pg_temp.%I AS SELECT * FROM %I.%I WHERE w.hijacked_relation(%L)',
              c.relname, n.nspname, c.relname, 'pg_temp.' || c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('pg_catalog', 'embargo') AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
  AND c.relname = ANY (string_to_array(:'relations', ' '))
ORDER BY c.relname, n.nspname DESC \gexec
RESET client_min_messages;
