/**
 * What a hardening suite reports: how many trials it ran, faults it injected and inputs it
 * fuzzed, and what was lost. `npm run hardening` names a file in SHOTLINE_FIGURES; each suite
 * appends one JSON line to it and the runner prints the table the README quotes. Under plain
 * `npm test` the variable is unset and nothing is written.
 */
import { appendFileSync } from 'node:fs';

/** True under `npm run hardening`: suites run their full counts instead of the short pass. */
export const FULL_RUN = process.env.SHOTLINE_HARDENING === '1';

/** The short count under `npm test`, the full one under `npm run hardening`. */
export function scaled(short: number, full: number): number {
  return FULL_RUN ? full : short;
}

export interface SuiteFigures {
  /** The suite's name as the report prints it, e.g. "kill: export mp4". */
  suite: string;
  /** Runs of an operation, each killed or faulted once (kill and load suites). */
  trials?: number;
  /** Faults injected (fault matrix). */
  faults?: number;
  /** Inputs fuzzed (fuzz suites). */
  inputs?: number;
  /** Committed edits, takes or files lost; the target is 0. */
  lost: number;
  /** Jobs created twice on a contract server; the target is 0. */
  doubleCreates?: number;
  /** Outputs at their final path that their independent reader refused; the target is 0. */
  corrupt?: number;
  /** Anything else worth a column: RSS, latency, seconds. */
  extra?: Record<string, number | string>;
}

export function reportFigures(figures: SuiteFigures): void {
  const file = process.env.SHOTLINE_FIGURES;
  if (!file) return;
  // One short line per append: O_APPEND keeps lines from parallel test files whole.
  appendFileSync(file, JSON.stringify(figures) + '\n');
}
