// Polls a condition until it holds, failing with what was awaited: the
// preprocessor's tests wait on metrics, offsets and stored candles this way.
export async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
