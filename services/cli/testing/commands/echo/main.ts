// Test fixture for the CLI dispatcher: echoes its arguments and exits with
// the code given by --exit.
export async function main(args: readonly string[]): Promise<number> {
  process.stdout.write(`${JSON.stringify(args)}\n`);
  const exitFlag = args.indexOf('--exit');
  return exitFlag === -1 ? 0 : Number(args[exitFlag + 1]);
}
