// What a query's fields are called where the client wrote them: protobuf
// field paths for Connect/gRPC requests, query parameters for plain HTTP, so
// an error message always names what the client can fix.

export interface QueryFieldNames {
  readonly exchange: string;
  readonly symbols: string;
  readonly bucket: string;
  readonly timezone: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly derived: string;
  readonly volatilityWindow: string;
  readonly scale: string;
}

export const PROTO_FIELDS: QueryFieldNames = {
  exchange: 'query.exchange',
  symbols: 'query.symbols',
  bucket: 'query.bucket',
  timezone: 'query.timezone',
  startTime: 'query.start_time',
  endTime: 'query.end_time',
  derived: 'query.derived',
  volatilityWindow: 'query.volatility_window',
  scale: 'query.scale',
};

export const HTTP_FIELDS: QueryFieldNames = {
  exchange: 'exchange',
  symbols: 'symbols',
  bucket: 'bucket',
  timezone: 'tz',
  startTime: 'start',
  endTime: 'end',
  derived: 'derived',
  volatilityWindow: 'window',
  scale: 'scale',
};
