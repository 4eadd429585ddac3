// `--help` text generated from a command's settings, so the documentation of
// a flag cannot drift from the code that reads it.
import type { Setting, SettingsSpec } from './setting.js';

export interface CommandDoc {
  /** `wick collector [flags]` */
  readonly usage: string;
  /** One or two sentences on what the command does. */
  readonly summary: string;
  /** Optional further paragraphs (examples, notes), printed after the flags. */
  readonly details?: string;
}

export function renderHelp(doc: CommandDoc, spec: SettingsSpec): string {
  const lines = [`Usage: ${doc.usage}`, '', doc.summary, '', 'Flags:'];
  for (const entry of Object.values(spec)) lines.push(...describeFlag(entry));
  lines.push('  -h, --help', '      Print this help and exit.');
  if (doc.details !== undefined) lines.push('', doc.details.trimEnd());
  return `${lines.join('\n')}\n`;
}

function describeFlag(entry: Setting<unknown>): string[] {
  const { parser } = entry;
  const syntax = parser.bareValue === undefined ? `--${entry.flag} <${parser.hint}>` : `--${entry.flag}[=${parser.hint}]`;
  const notes: string[] = [];
  if (entry.env !== undefined) notes.push(`env ${entry.env}`);
  if (entry.presence === 'required') notes.push('required');
  if (entry.presence === 'default' && entry.defaultValue !== undefined) {
    notes.push(`default ${entry.secret ? '(hidden)' : parser.format(entry.defaultValue) || '""'}`);
  }
  const suffix = notes.length === 0 ? '' : ` [${notes.join('; ')}]`;
  return [`  ${syntax}`, `      ${entry.description}${suffix}`];
}
