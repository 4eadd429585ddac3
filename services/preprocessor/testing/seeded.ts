// Seeds for tests with random moments (common/testing/seeded-random.ts): logged, and replayable with the same seed.

/** The seed from WICK_TEST_SEED when set (to replay a failure), else a fresh one. */
export function testSeed(): number {
  const fromEnv = Number(process.env.WICK_TEST_SEED);
  return Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * 2 ** 31) + 1;
}
