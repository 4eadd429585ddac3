// Deletes the consumer groups a Kafka test created, so the broker keeps no
// trace of it. Groups must be empty (their members stopped or expired).

import { KAFKA_BROKERS } from '../../testing/infra.js';
import { loadKafkaJs } from '../kafka/kafkajs.js';

export async function deleteGroups(groupIds: readonly string[]): Promise<void> {
  const kafkajs = loadKafkaJs();
  const admin = new kafkajs.Kafka({
    brokers: KAFKA_BROKERS.split(','),
    clientId: 'wick-test-cleanup',
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const existing = new Set((await admin.listGroups()).groups.map((group) => group.groupId));
    const doomed = groupIds.filter((id) => existing.has(id));
    if (doomed.length === 0) return;
    try {
      await admin.deleteGroups(doomed);
    } catch (error) {
      // An empty group without offsets may vanish between listing and deleting.
      const failures = ((error as { groups?: Array<{ groupId: string; error?: { type?: string } }> }).groups ?? []).filter(
        (group) => group.error?.type !== 'GROUP_ID_NOT_FOUND',
      );
      if (failures.length > 0 || (error as { groups?: unknown }).groups === undefined) {
        throw new Error(`deleting consumer groups failed: ${JSON.stringify(failures)}`, { cause: error });
      }
    }
  } finally {
    await admin.disconnect();
  }
}
