// CPU time of the processes a collector benchmark involves, read from
// Linux's /proc: the collector (this process), the simulator (a child) and
// the Kafka broker (whichever process listens on the broker's port). On a
// shared machine the wall-clock rate depends on who else holds the cores;
// CPU time per trade of each process does not, so the report gives both.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far; undefined when /proc cannot tell (not Linux, gone). */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The pid of the process listening on TCP `port` (IPv4 or IPv6), when /proc shows one we may see. */
export function listenerPid(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of safeList('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    for (const fd of safeList(`/proc/${entry}/fd`)) {
      const target = safeReadLink(`/proc/${entry}/fd/${fd}`);
      const inode = target?.match(/^socket:\[(\d+)\]$/)?.[1];
      if (inode !== undefined && inodes.has(inode)) return Number(entry);
    }
  }
  return undefined;
}

const LISTEN = '0A';

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns[1]?.endsWith(`:${hexPort}`) && columns[3] === LISTEN && columns[9] !== undefined) inodes.add(columns[9]);
    }
  }
  return inodes;
}

function safeList(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function safeReadLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** CPU seconds of several processes over a window: start() now, stop() later. */
export class CpuWindow {
  private readonly started = new Map<string, number>();

  constructor(private readonly pids: ReadonlyMap<string, number | undefined>) {
    for (const [name, pid] of pids) {
      const seconds = pid === undefined ? undefined : cpuSeconds(pid);
      if (seconds !== undefined) this.started.set(name, seconds);
    }
  }

  /** CPU seconds each process used since construction; processes /proc could not read are missing. */
  used(): Map<string, number> {
    const used = new Map<string, number>();
    for (const [name, before] of this.started) {
      const pid = this.pids.get(name);
      const now = pid === undefined ? undefined : cpuSeconds(pid);
      if (now !== undefined) used.set(name, now - before);
    }
    return used;
  }
}

/** CPU seconds all processes of the machine have used so far (every core, busy time only), from /proc/stat. */
export function machineBusySeconds(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal ...
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
