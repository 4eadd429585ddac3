// The one error the simulator raises for bad input before it starts: a
// recording it cannot replay faithfully or an option out of range. The
// message is one line, printed as is by `wick simulate`.

export type SimulatorErrorCode =
  /** The recording cannot be replayed as Binance would send it (ids or times out of order, no symbol, ...). */
  | 'bad-recording'
  /** An option is out of range or contradicts another. */
  | 'bad-option';

export class SimulatorError extends Error {
  override readonly name = 'SimulatorError';

  constructor(
    readonly code: SimulatorErrorCode,
    message: string,
  ) {
    super(message.replace(/\s*\n\s*/g, ' '));
  }
}
