-- Candles of every exchange, symbol and interval, one row per
-- (exchange, symbol, interval, open_time), written by upsert.
--
-- Prices and volumes are NUMERIC with no declared scale, so every decimal
-- string round-trips exactly, trailing zeros included (never double or
-- real). Times are timestamptz: microsecond resolution keeps milliseconds
-- exact, TimescaleDB partitions on it, and operators can read it as is.
--
-- This file runs unchanged on TimescaleDB, on plain PostgreSQL 15+ and on
-- embedded PGlite. The TimescaleDB parts run only when the server offers the
-- extension; everything else is plain SQL the primary key serves.

-- Uses TimescaleDB when the server offers it. The extension's functions live
-- in one schema per database (public unless a DBA installed it elsewhere);
-- the store's own objects may live in another schema, so later steps look
-- the extension's schema up instead of assuming it.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
    CREATE EXTENSION IF NOT EXISTS timescaledb WITH SCHEMA public;
  END IF;
END
$$;

-- The schema holding TimescaleDB's API, or NULL when it is not installed.
CREATE FUNCTION store_timescaledb_schema() RETURNS name
LANGUAGE sql STABLE AS $$
  SELECT n.nspname
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
  WHERE e.extname = 'timescaledb'
$$;

-- Names compare byte by byte (COLLATE "C"): they are identifiers, not
-- prose, and the primary key's comparisons then skip the locale's rules,
-- which costs every insert and lookup.
CREATE TABLE candles (
  exchange               text COLLATE "C" NOT NULL,
  symbol                 text COLLATE "C" NOT NULL,
  interval               text COLLATE "C" NOT NULL,
  open_time              timestamptz NOT NULL,
  close_time             timestamptz NOT NULL,
  open                   numeric     NOT NULL,
  high                   numeric     NOT NULL,
  low                    numeric     NOT NULL,
  close                  numeric     NOT NULL,
  volume                 numeric     NOT NULL,
  quote_volume           numeric     NOT NULL,
  taker_buy_volume       numeric     NOT NULL,
  taker_buy_quote_volume numeric     NOT NULL,
  trade_count            bigint      NOT NULL,
  -- -1 when the candle had no trade, as Binance reports it.
  first_trade_id         bigint      NOT NULL,
  last_trade_id          bigint      NOT NULL,
  -- 0 for the first final; +1 for each re-issue after a late trade.
  revision               integer     NOT NULL,
  -- false for a partial update of the running interval.
  closed                 boolean     NOT NULL,
  -- Server time of the last insert or change of this row.
  updated_at             timestamptz NOT NULL DEFAULT now(),
  -- Serves every read: range and latest-N scans of one series walk it
  -- forwards or backwards, and rollups read the 1m series through it.
  CONSTRAINT candles_pkey PRIMARY KEY (exchange, symbol, interval, open_time),
  CONSTRAINT candles_interval_check CHECK (interval IN
    ('1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M')),
  CONSTRAINT candles_time_check CHECK (close_time > open_time),
  CONSTRAINT candles_count_check CHECK (trade_count >= 0 AND revision >= 0)
);

-- True when candles is a TimescaleDB hypertable. Later migrations and the
-- store ask this rather than whether the extension exists, so a database
-- that gained the extension after its tables were created stays consistent.
CREATE FUNCTION candles_is_hypertable() RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
  found boolean;
BEGIN
  IF store_timescaledb_schema() IS NULL THEN
    RETURN false;
  END IF;
  -- Dynamic SQL: the view exists only with the extension, and a static
  -- reference would not compile on plain PostgreSQL.
  EXECUTE 'SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables'
       || ' WHERE hypertable_schema = $1 AND hypertable_name = $2)'
    INTO found
    USING (SELECT relnamespace::regnamespace::name FROM pg_class WHERE oid = 'candles'::regclass), 'candles';
  RETURN found;
END
$$;

-- One-day chunks: a day of 1m..1d candles of a few hundred symbols is a few
-- hundred MB with its index, well inside the "recent chunks fit in a quarter
-- of memory" rule, and a latest-1000 1m read touches at most two chunks.
-- Operators with 1s candles of many symbols or few symbols can change it with
-- set_chunk_time_interval; it applies to new chunks only.
DO $$
DECLARE
  ts name := store_timescaledb_schema();
BEGIN
  IF ts IS NOT NULL THEN
    EXECUTE format(
      'SELECT %I.create_hypertable(%L::regclass, %L, chunk_time_interval => INTERVAL %L, create_default_indexes => false)',
      ts, format('%I.candles', current_schema()), 'open_time', '1 day');
  END IF;
END
$$;

-- The series (exchange, symbol, interval) present with their first and last
-- open times. The upsert keeps it current in the same statement, so listing
-- never scans candles (a GROUP BY over years of history would take seconds).
CREATE TABLE candle_series (
  exchange        text COLLATE "C" NOT NULL,
  symbol          text COLLATE "C" NOT NULL,
  interval        text COLLATE "C" NOT NULL,
  first_open_time timestamptz NOT NULL,
  last_open_time  timestamptz NOT NULL,
  CONSTRAINT candle_series_pkey PRIMARY KEY (exchange, symbol, interval)
);
