// A promise with its settle functions, for states that other code waits on
// (a member's first assignment, its end). A rejection nobody awaits must not
// crash the process, so the promise is marked handled; awaiting it still
// throws.

export interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly settled: boolean;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let settle!: (value: T) => void;
  let fail!: (error: unknown) => void;
  let settled = false;
  const promise = new Promise<T>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  promise.catch(() => {});
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve(value) {
      settled = true;
      settle(value);
    },
    reject(error) {
      settled = true;
      fail(error);
    },
  };
}
