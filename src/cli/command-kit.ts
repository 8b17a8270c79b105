import type { ParseArgsConfig } from 'node:util';

export interface Io {
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
}

export type Values = Record<string, string | boolean | undefined>;

/**
 * main.ts's shared command helpers, handed to commands that live in their own module so every
 * command answers --help, usage errors and catalogued errors the same way.
 */
export interface CommandKit {
  parseCommand(io: Io, args: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } | number;
  usageError(io: Io, message: string, hint?: string): number;
  reportErrors(io: Io, e: unknown): number;
}

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
