-- Retention per interval: how long candles of each interval are kept. A NULL
-- keep_for keeps them forever, which is the default for every interval;
-- operators shorten it with, for example,
--   UPDATE candle_retention SET keep_for = INTERVAL '30 days' WHERE interval = '1s';
-- TimescaleDB's own retention policy drops whole chunks of every interval at
-- once, so it cannot keep 1d candles for years while 1s candles expire in a
-- month; apply_candle_retention() does it per interval instead.
CREATE TABLE candle_retention (
  interval text     NOT NULL,
  keep_for interval,
  CONSTRAINT candle_retention_pkey PRIMARY KEY (interval),
  CONSTRAINT candle_retention_interval_check CHECK (interval IN
    ('1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M')),
  CONSTRAINT candle_retention_positive_check CHECK (keep_for IS NULL OR keep_for > INTERVAL '0')
);

INSERT INTO candle_retention (interval)
VALUES ('1s'), ('1m'), ('3m'), ('5m'), ('15m'), ('30m'), ('1h'), ('2h'),
       ('4h'), ('6h'), ('8h'), ('12h'), ('1d'), ('3d'), ('1w'), ('1M');

-- Deletes the candles older than their interval's keep_for as of `as_of` and
-- returns how many rows it deleted. On a hypertable where every interval has
-- a limit, whole chunks older than the longest limit are dropped first
-- (cheap, and their rows are not counted); the per-interval deletes then
-- trim the rest. The series listing is corrected for the series whose
-- oldest candles went.
CREATE FUNCTION apply_candle_retention(as_of timestamptz DEFAULT now()) RETURNS bigint
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  rule record;
  removed bigint := 0;
  deleted bigint;
  longest interval;
BEGIN
  IF candles_is_hypertable() AND NOT EXISTS (SELECT 1 FROM candle_retention WHERE keep_for IS NULL) THEN
    SELECT max(keep_for) INTO longest FROM candle_retention;
    EXECUTE format('SELECT count(*) FROM %I.drop_chunks(%L::regclass, older_than => $1)',
                   store_timescaledb_schema(), format('%I.candles', current_schema()))
      INTO deleted USING as_of - longest;
  END IF;
  FOR rule IN SELECT r.interval, as_of - r.keep_for AS cutoff FROM candle_retention r WHERE r.keep_for IS NOT NULL LOOP
    DELETE FROM candles c WHERE c.interval = rule.interval AND c.open_time < rule.cutoff;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    removed := removed + deleted;
    -- A series whose newest candle expired is gone; one whose oldest expired
    -- now starts at its oldest remaining candle.
    DELETE FROM candle_series s WHERE s.interval = rule.interval AND s.last_open_time < rule.cutoff;
    UPDATE candle_series s
    SET first_open_time = (
      SELECT min(c.open_time) FROM candles c
      WHERE c.exchange = s.exchange AND c.symbol = s.symbol AND c.interval = s.interval)
    WHERE s.interval = rule.interval AND s.first_open_time < rule.cutoff;
  END LOOP;
  RETURN removed;
END
$$;

-- The TimescaleDB job wrapper (jobs call a procedure with this signature).
CREATE PROCEDURE candle_retention_job(job_id integer, config jsonb)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM apply_candle_retention();
END
$$;

-- On TimescaleDB the job scheduler runs retention daily. Without it the store
-- calls apply_candle_retention() itself (or an operator schedules it).
DO $$
BEGIN
  IF candles_is_hypertable() THEN
    EXECUTE format('SELECT %I.add_job(%L::regproc, INTERVAL %L)',
                   store_timescaledb_schema(), format('%I.candle_retention_job', current_schema()), '1 day');
  END IF;
END
$$;
