------------------------------------------------------------------------------
-- Sealing the audit trail (issue 12 §6).  The append-only triggers stop the
-- extension's users; they do not stop a superuser, or an owner who disables
-- them.  A seal records a SHA-256 digest chaining every audit row since the
-- previous seal, so that removing, changing or slipping in a sealed row, or
-- changing or removing a seal, is found by verify_audit().  The digest of
-- the latest seal is what an auditor keeps outside the database.  Nothing
-- here runs per audit row as it is written: enforce() is unchanged.
--
-- Format 1 (the format column lets the canonical form evolve):
--   row digest  = sha256(convert_to(jsonb_build_array(id, at AT TIME ZONE
--                 'UTC', by, source_table, operation, outcome, row_key,
--                 origin::text, jurisdiction, verdict::text, rule_ids,
--                 reasons, ruleset_version, quarantine_id,
--                 decision_reason)::text, 'UTF8'))
--                 over this fixed column list: a column added to audit later,
--                 a dump and restore, or a session's TimeZone, DateStyle or
--                 search_path leave it unchanged (embargo.audit_digest).
--   seal digest = sha256(previous_digest
--                 || convert_to(jsonb_build_array('embargo.audit_seal',
--                    format, id, sealed_at AT TIME ZONE 'UTC', sealed_by,
--                    first_audit_id, last_audit_id, row_count, row_ids)::text,
--                    'UTF8')
--                 || row_digests)
--                 (embargo.audit_seal_digest); previous_digest is 32 zero
--                 bytes for the first seal.
------------------------------------------------------------------------------

CREATE TABLE audit_seal (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	format           smallint NOT NULL,
	sealed_at        timestamptz NOT NULL,
	sealed_by        name NOT NULL,
	first_audit_id   bigint NOT NULL,
	last_audit_id    bigint NOT NULL,
	row_count        integer NOT NULL,
	row_ids          bigint[] NOT NULL,
	row_digests      bytea NOT NULL,
	previous_digest  bytea NOT NULL,
	digest           bytea NOT NULL
);
COMMENT ON TABLE audit_seal IS
	'append-only chain of seals of embargo.audit, written by embargo.seal_audit() and checked by embargo.verify_audit()';
COMMENT ON COLUMN audit_seal.format IS 'version of the canonical row and seal forms the digests are computed over (1)';
COMMENT ON COLUMN audit_seal.sealed_by IS 'the session user who sealed (SET ROLE does not change it)';
COMMENT ON COLUMN audit_seal.first_audit_id IS
	'first audit id of the range this seal covers: 1, or the previous seal''s last_audit_id + 1';
COMMENT ON COLUMN audit_seal.last_audit_id IS 'last audit id of the range this seal covers (inclusive)';
COMMENT ON COLUMN audit_seal.row_ids IS 'ids of the audit rows sealed, ascending (the range has gaps where writes rolled back)';
COMMENT ON COLUMN audit_seal.row_digests IS 'the 32-byte digest of each sealed audit row, in the order of row_ids';
COMMENT ON COLUMN audit_seal.previous_digest IS 'the digest of the previous seal; 32 zero bytes for the first';
COMMENT ON COLUMN audit_seal.digest IS
	'sha256 of previous_digest, this seal''s header and row_digests; the latest one is what an auditor keeps outside the database';
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON audit_seal
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON audit_seal
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
ALTER TABLE audit_seal ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE audit_seal ENABLE ALWAYS TRIGGER append_only_truncate;
SELECT pg_catalog.pg_extension_config_dump('audit_seal', '');
SELECT pg_catalog.pg_extension_config_dump('audit_seal_id_seq', '');
REVOKE ALL ON audit_seal FROM PUBLIC;
GRANT SELECT ON audit_seal TO embargo_reviewer;

-- The digest of every audit row, format 1.  A view, not a function: its
-- query is bound once, here, so no caller's search_path, operator or cast can
-- reach into it, and reading it costs no function call per row.  The custom
-- types are turned into text explicitly so that a cast to json added later
-- cannot change the form.
CREATE VIEW audit_digest AS
SELECT a.id,
       pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_array(
           a.id, pg_catalog.timezone('UTC'::pg_catalog.text, a.at), a.by, a.source_table, a.operation,
           a.outcome, a.row_key, a.origin::pg_catalog.text, a.jurisdiction, a.verdict::pg_catalog.text,
           a.rule_ids, a.reasons, a.ruleset_version, a.quarantine_id,
           a.decision_reason)::pg_catalog.text, 'UTF8'::pg_catalog.name)) AS digest
FROM @extschema@.audit a;
COMMENT ON VIEW audit_digest IS
	'the SHA-256 digest of each audit row as embargo.seal_audit() seals it (format 1; independent of session settings)';
REVOKE ALL ON audit_digest FROM PUBLIC;
GRANT SELECT ON audit_digest TO embargo_reviewer;

CREATE FUNCTION audit_seal_digest(seal audit_seal) RETURNS bytea
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, @extschema@, pg_temp
	AS $$
	SELECT CASE WHEN ($1).format OPERATOR(pg_catalog.=) 1 THEN pg_catalog.sha256(
	           ($1).previous_digest
	           OPERATOR(pg_catalog.||) pg_catalog.convert_to(pg_catalog.jsonb_build_array(
	               'embargo.audit_seal'::pg_catalog.text, ($1).format, ($1).id,
	               pg_catalog.timezone('UTC'::pg_catalog.text, ($1).sealed_at), ($1).sealed_by,
	               ($1).first_audit_id, ($1).last_audit_id, ($1).row_count,
	               ($1).row_ids)::pg_catalog.text, 'UTF8'::pg_catalog.name)
	           OPERATOR(pg_catalog.||) ($1).row_digests) END
	$$;
COMMENT ON FUNCTION audit_seal_digest(audit_seal) IS
	'the digest a seal should have, recomputed from its other columns (NULL for a format this version does not know)';

------------------------------------------------------------------------------
-- seal_audit(): seal every audit row written since the latest seal.
--
-- Audit ids come from an identity sequence, and writers commit out of id
-- order: a row with a lower id may still be in flight when a higher one is
-- visible.  So the function first locks the seal table (SHARE ROW EXCLUSIVE:
-- concurrent seals run one after the other) and then the audit trail in SHARE
-- mode, which waits for every transaction that has written audit rows and
-- holds back new ones until the sealing transaction ends; the next statement
-- then sees every row with an id up to the highest it sees.  It must run at
-- READ COMMITTED, where that statement takes a new snapshot (at REPEATABLE
-- READ the snapshot would predate the wait).  Rows are sealed at most
-- max_rows to a seal, set-based: one statement per seal.
------------------------------------------------------------------------------

CREATE FUNCTION seal_audit(max_rows integer DEFAULT 1000000,
                           OUT seal_id bigint, OUT last_audit_id bigint, OUT seals integer,
                           OUT rows_sealed bigint, OUT digest bytea)
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, @extschema@, pg_temp
	COST 1000000
	AS $$
DECLARE
	zero constant bytea := pg_catalog.decode(pg_catalog.repeat('0', 64), 'hex');  -- 32 zero bytes
	latest @extschema@.audit_seal;
	s @extschema@.audit_seal;
	sealed_time timestamptz;
	next_after bigint;
	chain bytea;
	n integer;
	high bigint;
	ids bigint[];
	digests bytea;
BEGIN
	IF max_rows IS NULL OR max_rows OPERATOR(pg_catalog.<) 1 OR max_rows OPERATOR(pg_catalog.>) 10000000 THEN
		RAISE EXCEPTION 'max_rows must be between 1 and 10000000'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF pg_catalog.current_setting('transaction_isolation') OPERATOR(pg_catalog.<>) 'read committed' THEN
		RAISE EXCEPTION 'embargo.seal_audit() must run at READ COMMITTED'
			USING ERRCODE = 'invalid_transaction_state',
			      DETAIL = pg_catalog.format('At %s, audit rows committed while it waits for writers would not be seen.',
			                                 pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))),
			      HINT = 'Call it in a transaction of its own, at the default isolation level.';
	END IF;
	LOCK TABLE @extschema@.audit_seal IN SHARE ROW EXCLUSIVE MODE;
	LOCK TABLE @extschema@.audit IN SHARE MODE;
	sealed_time := pg_catalog.clock_timestamp();

	SELECT * INTO latest FROM @extschema@.audit_seal x ORDER BY x.id DESC LIMIT 1;
	IF FOUND THEN
		seal_id := latest.id;
		last_audit_id := latest.last_audit_id;
		digest := latest.digest;
		next_after := latest.last_audit_id;
		chain := latest.digest;
	ELSE
		next_after := 0;
		chain := zero;
	END IF;
	seals := 0;
	rows_sealed := 0;

	LOOP
		SELECT pg_catalog.count(*)::pg_catalog.int4, pg_catalog.max(r.id),
		       pg_catalog.array_agg(r.id ORDER BY r.id),
		       pg_catalog.string_agg(r.digest, ''::pg_catalog.bytea ORDER BY r.id)
		INTO n, high, ids, digests
		FROM (SELECT d.id, d.digest FROM @extschema@.audit_digest d
		      WHERE d.id OPERATOR(pg_catalog.>) next_after
		      ORDER BY d.id LIMIT max_rows) r;
		EXIT WHEN n OPERATOR(pg_catalog.=) 0;

		s.id := pg_catalog.nextval('@extschema@.audit_seal_id_seq'::pg_catalog.regclass);
		s.format := 1;
		s.sealed_at := sealed_time;
		s.sealed_by := session_user;
		s.first_audit_id := next_after OPERATOR(pg_catalog.+) 1;
		s.last_audit_id := high;
		s.row_count := n;
		s.row_ids := ids;
		s.row_digests := digests;
		s.previous_digest := chain;
		s.digest := @extschema@.audit_seal_digest(s);
		INSERT INTO @extschema@.audit_seal (id, format, sealed_at, sealed_by, first_audit_id, last_audit_id,
		                                    row_count, row_ids, row_digests, previous_digest, digest)
		OVERRIDING SYSTEM VALUE
		VALUES (s.id, s.format, s.sealed_at, s.sealed_by, s.first_audit_id, s.last_audit_id,
		        s.row_count, s.row_ids, s.row_digests, s.previous_digest, s.digest);

		seal_id := s.id;
		last_audit_id := s.last_audit_id;
		digest := s.digest;
		seals := seals OPERATOR(pg_catalog.+) 1;
		rows_sealed := rows_sealed OPERATOR(pg_catalog.+) n;
		next_after := high;
		chain := s.digest;
		EXIT WHEN n OPERATOR(pg_catalog.<) max_rows;
	END LOOP;

	IF seals OPERATOR(pg_catalog.=) 0 THEN
		IF seal_id IS NULL THEN
			RAISE NOTICE 'nothing to seal: the audit trail is empty';
		ELSE
			RAISE NOTICE 'nothing to seal: no audit rows since the latest seal';
		END IF;
	END IF;
END $$;
COMMENT ON FUNCTION seal_audit(integer) IS
	'seal the audit rows written since the latest seal, at most max_rows to a seal (embargo_admin only); returns the latest seal, its digest and what this call sealed';
REVOKE EXECUTE ON FUNCTION seal_audit(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION seal_audit(integer) TO embargo_admin;

------------------------------------------------------------------------------
-- verify_audit(): recompute every seal, in id order, against the audit rows
-- of today; report the first seal that fails, and in it the first audit row
-- (by id) that is missing, altered or was not sealed.  One consistent
-- snapshot (STABLE).
------------------------------------------------------------------------------

CREATE FUNCTION verify_audit()
	RETURNS TABLE (seal_id bigint, sealed_at timestamptz, audit_id bigint, problem text, detail text)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, @extschema@, pg_temp
	COST 1000000 ROWS 1
	AS $$
DECLARE
	zero constant bytea := pg_catalog.decode(pg_catalog.repeat('0', 64), 'hex');  -- 32 zero bytes
	s @extschema@.audit_seal;
	prev_id bigint;            -- NULL until the first seal is checked
	prev_last bigint := 0;
	chain bytea := zero;
	low bigint;
	bad_id bigint;
	bad_problem text;
	bad_count bigint;
BEGIN
	FOR s IN SELECT * FROM @extschema@.audit_seal x ORDER BY x.id LOOP
		seal_id := s.id;
		sealed_at := s.sealed_at;
		audit_id := NULL;

		-- The seal itself: its digest recomputes from its columns, and they agree.
		IF s.format OPERATOR(pg_catalog.<>) 1 THEN
			problem := 'seal altered';
			detail := pg_catalog.format('seal %s has format %s, which this version does not know', s.id, s.format);
			RETURN NEXT;
			RETURN;
		END IF;
		IF NOT COALESCE(s.digest OPERATOR(pg_catalog.=) @extschema@.audit_seal_digest(s), false) THEN
			problem := 'seal altered';
			detail := pg_catalog.format('the digest of seal %s does not recompute from its contents', s.id);
			RETURN NEXT;
			RETURN;
		END IF;
		IF s.row_count OPERATOR(pg_catalog.<>) pg_catalog.cardinality(s.row_ids)
		   OR pg_catalog.octet_length(s.row_digests) OPERATOR(pg_catalog.<>) (32 OPERATOR(pg_catalog.*) s.row_count)
		   OR s.first_audit_id OPERATOR(pg_catalog.>) s.last_audit_id THEN
			problem := 'seal altered';
			detail := pg_catalog.format('seal %s is inconsistent: %s rows, %s ids, %s bytes of row digests, audit rows %s to %s',
			                            s.id, s.row_count, pg_catalog.cardinality(s.row_ids),
			                            pg_catalog.octet_length(s.row_digests), s.first_audit_id, s.last_audit_id);
			RETURN NEXT;
			RETURN;
		END IF;

		-- Its place in the chain: it starts where the previous seal ended,
		-- and names that seal's digest.
		IF s.first_audit_id OPERATOR(pg_catalog.>) (prev_last OPERATOR(pg_catalog.+) 1) THEN
			problem := 'seal missing';
			audit_id := prev_last OPERATOR(pg_catalog.+) 1;
			detail := CASE WHEN prev_id IS NULL
				THEN pg_catalog.format('the first seal, %s, starts at audit row %s: the seal of audit rows 1 to %s is missing',
				                       s.id, s.first_audit_id, s.first_audit_id OPERATOR(pg_catalog.-) 1)
				ELSE pg_catalog.format('seal %s starts at audit row %s, but seal %s ends at %s: the seal of audit rows %s to %s is missing',
				                       s.id, s.first_audit_id, prev_id, prev_last, prev_last OPERATOR(pg_catalog.+) 1,
				                       s.first_audit_id OPERATOR(pg_catalog.-) 1) END;
			RETURN NEXT;
			RETURN;
		END IF;
		IF s.first_audit_id OPERATOR(pg_catalog.<) (prev_last OPERATOR(pg_catalog.+) 1) THEN
			problem := 'seal altered';
			detail := CASE WHEN prev_id IS NULL
				THEN pg_catalog.format('the first seal, %s, starts at audit row %s, not 1', s.id, s.first_audit_id)
				ELSE pg_catalog.format('seal %s starts at audit row %s, inside seal %s, which ends at %s',
				                       s.id, s.first_audit_id, prev_id, prev_last) END;
			RETURN NEXT;
			RETURN;
		END IF;
		IF s.previous_digest OPERATOR(pg_catalog.<>) chain THEN
			problem := 'seal altered';
			detail := CASE WHEN prev_id IS NULL
				THEN pg_catalog.format('the first seal, %s, does not start the chain: its previous digest is not 32 zero bytes', s.id)
				ELSE pg_catalog.format('seal %s does not chain to seal %s: its previous digest is not the digest of seal %s',
				                       s.id, prev_id, prev_id) END;
			RETURN NEXT;
			RETURN;
		END IF;

		-- Its rows: every sealed row is there with its digest, and no other
		-- row lies in its range (for the first seal, at or below it).
		low := CASE WHEN prev_id IS NULL THEN (-9223372036854775807 OPERATOR(pg_catalog.-) 1) ELSE s.first_audit_id END;
		SELECT x.id, x.problem, x.n INTO bad_id, bad_problem, bad_count
		FROM (SELECT COALESCE(k.id, c.id) AS id,
		             CASE WHEN c.id IS NULL THEN 'missing' WHEN k.id IS NULL THEN 'inserted' ELSE 'altered' END AS problem,
		             pg_catalog.count(*) OVER () AS n
		      FROM (SELECT u.id,
		                   pg_catalog.substr(s.row_digests,
		                                     (((u.i OPERATOR(pg_catalog.-) 1) OPERATOR(pg_catalog.*) 32)
		                                      OPERATOR(pg_catalog.+) 1)::pg_catalog.int4, 32) AS digest
		            FROM pg_catalog.unnest(s.row_ids) WITH ORDINALITY AS u(id, i)) k
		      FULL JOIN (SELECT d.id, d.digest FROM @extschema@.audit_digest d
		                 WHERE d.id OPERATOR(pg_catalog.>=) low
		                   AND d.id OPERATOR(pg_catalog.<=) s.last_audit_id) c
		        ON k.id OPERATOR(pg_catalog.=) c.id
		      WHERE NOT COALESCE(k.digest OPERATOR(pg_catalog.=) c.digest, false)) x
		ORDER BY x.id
		LIMIT 1;
		IF FOUND THEN
			audit_id := bad_id;
			problem := bad_problem;
			detail := CASE
				WHEN bad_problem OPERATOR(pg_catalog.=) 'missing'
				THEN pg_catalog.format('audit row %s, sealed by seal %s, no longer exists', bad_id, s.id)
				WHEN bad_problem OPERATOR(pg_catalog.=) 'altered'
				THEN pg_catalog.format('audit row %s no longer matches its digest in seal %s', bad_id, s.id)
				ELSE pg_catalog.format('audit row %s was not sealed by seal %s, which covers audit rows %s to %s',
				                       bad_id, s.id, s.first_audit_id, s.last_audit_id) END
				OPERATOR(pg_catalog.||) CASE WHEN bad_count OPERATOR(pg_catalog.>) 1
				        THEN pg_catalog.format(' (and %s more rows of this seal differ)', bad_count OPERATOR(pg_catalog.-) 1)
				        ELSE '' END;
			RETURN NEXT;
			RETURN;
		END IF;

		prev_id := s.id;
		prev_last := s.last_audit_id;
		chain := s.digest;
	END LOOP;
END $$;
COMMENT ON FUNCTION verify_audit() IS
	'check every seal of the audit trail; no rows if all hold, else the first seal that fails and the audit row it names (embargo_reviewer)';
REVOKE EXECUTE ON FUNCTION verify_audit() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION verify_audit() TO embargo_reviewer, embargo_admin;
