// Child process for the Kafka crash test: runs the killable member (see
// killable.ts) on its own KafkaBus and reports to the parent over IPC, so
// the parent can end it with SIGKILL, the way a real crash ends a process.

import { KafkaBus, type KafkaBusOptions } from '../kafka-bus.js';
import { runKillableMember, type MemberReport } from './killable.js';
import { stderrErrorsLogger } from './test-logger.js';

export interface MemberProcessConfig {
  readonly settings: Omit<KafkaBusOptions, 'logger' | 'tracer'>;
  readonly groupId: string;
  readonly topic: string;
  readonly commitLimit: string;
}

export type MemberProcessMessage = MemberReport | { readonly type: 'running' };

const send = (message: MemberProcessMessage): void => {
  process.send?.(message);
};

// An orphan must not keep a group member alive after the test runner is gone.
process.on('disconnect', () => process.exit(1));

const config = JSON.parse(process.argv[2] ?? '{}') as MemberProcessConfig;
const bus = new KafkaBus({ ...config.settings, logger: stderrErrorsLogger('member-process') });
await runKillableMember(bus, { groupId: config.groupId, topic: config.topic, commitLimit: BigInt(config.commitLimit) }, send);
send({ type: 'running' });
