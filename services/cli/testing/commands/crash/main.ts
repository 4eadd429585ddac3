// Test fixture for the CLI dispatcher: a command that fails unexpectedly.
export async function main(_args: readonly string[]): Promise<number> {
  throw new Error('disk on fire');
}
