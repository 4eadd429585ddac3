// Real clients for tests: the Connect protocol (JSON over HTTP/1.1, binary
// over HTTP/2), gRPC (HTTP/2 without TLS) and gRPC-Web (HTTP/1.1), each on a
// connection of its own.
import { createClient, type Client, type Transport } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import { CandleService } from '../../../common/gen/wick/v1/candle_service_pb.js';

export const TRANSPORTS = ['connect-json-h1', 'connect-h2', 'grpc', 'grpc-web'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

export function transportFor(name: TransportName, baseUrl: string): Transport {
  switch (name) {
    case 'connect-json-h1':
      return createConnectTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: false });
    case 'connect-h2':
      return createConnectTransport({ baseUrl, httpVersion: '2' });
    case 'grpc':
      return createGrpcTransport({ baseUrl });
    case 'grpc-web':
      return createGrpcWebTransport({ baseUrl, httpVersion: '1.1' });
  }
}

export function candleClient(name: TransportName, baseUrl: string): Client<typeof CandleService> {
  return createClient(CandleService, transportFor(name, baseUrl));
}
