// A stream written through Connect (any protocol, any format): the
// session's events as the messages of the handler's async generator, one at
// a time as Connect asks for them.
import type { StreamCandlesResponse } from '../../../common/gen/wick/v1/candle_service_pb.js';
import { eventMessage } from './stream-events.js';
import type { StreamSession } from './stream-session.js';

export async function* connectMessages(session: StreamSession, binary: boolean, signal: AbortSignal): AsyncGenerator<StreamCandlesResponse> {
  session.open(signal);
  try {
    for (;;) {
      await session.ready();
      const event = session.next();
      if (event !== undefined) {
        yield eventMessage(event, binary);
        continue;
      }
      const outcome = session.outcome();
      if (outcome === undefined) continue;
      if (outcome.error !== undefined) throw outcome.error;
      return;
    }
  } finally {
    session.close();
  }
}
