-- TimescaleDB columnar compression of candles older than a week. Segmenting
-- by series keeps one series' candles together, so a range read decompresses
-- only that series; ordering by open_time descending matches the most common
-- read (latest N). A late revision of a week-old candle still upserts: the
-- extension decompresses the affected segment. Plain PostgreSQL and PGlite
-- skip this migration's work.
DO $$
DECLARE
  ts name := store_timescaledb_schema();
BEGIN
  IF candles_is_hypertable() THEN
    ALTER TABLE candles SET (
      timescaledb.compress,
      timescaledb.compress_segmentby = 'exchange, symbol, interval',
      timescaledb.compress_orderby = 'open_time DESC'
    );
    EXECUTE format('SELECT %I.add_compression_policy(%L::regclass, INTERVAL %L)',
                   ts, format('%I.candles', current_schema()), '7 days');
  END IF;
END
$$;
