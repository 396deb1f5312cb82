--
-- embargo.version(): the versions of the extension (installed), the library
-- (loaded) and the shipped data, like PostGIS's postgis_full_version().
-- Checked for their shape and for agreement, not for their values, which
-- change with every release and data edition.
--
SELECT embargo.version()
       ~ '^EMBARGO="[0-9][0-9A-Za-z.]*" LIBRARY="[0-9][0-9A-Za-z.]*" DATA="[0-9]{4}-[0-9]{2}-[0-9]{2}"( DATA_[A-Z0-9_]+="[^"]+")*$'
       AS has_the_shape;

-- EMBARGO is the installed extension, LIBRARY the library loaded, and the
-- two agree: the library and the scripts were built together.
SELECT substring(embargo.version() FROM '^EMBARGO="([^"]+)"') = e.extversion AS extension_is_installed,
       substring(embargo.version() FROM ' LIBRARY="([^"]+)"') = embargo.library_version() AS library_is_loaded,
       embargo.library_version() = e.extversion AS library_matches_extension
FROM pg_extension e WHERE e.extname = 'embargo';

-- Every edition recorded at install is named, DATA first: the edition of
-- the data as a whole, a date; then the sources, each as DATA_<NAME>.
SELECT count(*) >= 1 AS has_editions,
       bool_and(position(format(' %s="%s"',
                                CASE name WHEN 'data' THEN 'DATA'
                                          ELSE 'DATA_' || upper(regexp_replace(name, '[^A-Za-z0-9]+', '_', 'g')) END,
                                edition) IN embargo.version()) > 0) AS every_edition_named,
       bool_or(name = 'data' AND edition ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
               AND edition::date IS NOT NULL) AS data_edition_is_a_date
FROM embargo.data_edition;

-- A library of another version than the extension's (here the catalog says
-- 0.0, in a transaction rolled back) is named, with a notice.
\set VERBOSITY terse
BEGIN;
UPDATE pg_extension SET extversion = '0.0' WHERE extname = 'embargo';
SELECT embargo.version()
       ~ '^EMBARGO="0\.0" LIBRARY="[^"]+" DATA="[^"]+".* \(the extension is 0\.0, the library [^ ]+: ALTER EXTENSION embargo UPDATE, or install the library of version 0\.0 and reconnect\)$'
       AS mismatch_named;
ROLLBACK;
\set VERBOSITY default
SELECT embargo.version() !~ 'the extension is' AS no_mismatch_after_rollback;

-- Anyone may ask; the editions table is readable by all, written by none
-- but the extension.
CREATE ROLE regress_version_reader;
SET ROLE regress_version_reader;
SELECT embargo.version() IS NOT NULL AS anyone_may_ask,
       (SELECT count(*) FROM embargo.data_edition) >= 1 AS editions_readable;
SELECT regress_sqlstate_of($$DELETE FROM embargo.data_edition$$) AS delete_editions;
RESET ROLE;
DROP ROLE regress_version_reader;

-- Marked truthfully: STABLE (version() reads pg_extension and
-- embargo.data_edition; a newer library can be installed under a running
-- database), parallel safe, with a pinned search_path.
SELECT p.oid::regprocedure AS function, p.provolatile, p.proparallel, p.proisstrict, p.proconfig
FROM pg_proc p
WHERE p.oid IN ('embargo.version()'::regprocedure, 'embargo.library_version()'::regprocedure)
ORDER BY 1;
