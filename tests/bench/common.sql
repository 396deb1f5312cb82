-- Shared by the benchmark scripts (included with \ir): one process, no JIT,
-- and a timer.
\set ON_ERROR_STOP 1
SET search_path = embargo, public;
-- one process: per-row costs, not how well they parallelise
SET max_parallel_workers_per_gather = 0;
-- and no JIT compilation time in the timings
SET jit = off;

-- The fastest of some runs of a query, in milliseconds.
CREATE FUNCTION pg_temp.best_ms(query text, runs int DEFAULT 5) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	best numeric := NULL;
BEGIN
	FOR i IN 1..runs LOOP
		t0 := clock_timestamp();
		EXECUTE query;
		best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
	END LOOP;
	RETURN round(best, 1);
END $$;
