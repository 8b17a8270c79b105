/** The build as an explicit list of timed phases, so `--verbose` and benchmarks can show where time goes. */
export type PhaseName = 'config' | 'discover' | 'parse' | 'markdown' | 'model' | 'render' | 'emit' | 'write';

export const PHASES: readonly PhaseName[] = ['config', 'discover', 'parse', 'markdown', 'model', 'render', 'emit', 'write'];

export interface ProgressEvent {
  phase: PhaseName;
  done: number;
  total: number;
}

export class PhaseTimer {
  readonly timings: Partial<Record<PhaseName, number>> = {};
  private current: { name: PhaseName; start: number } | undefined;

  start(name: PhaseName): void {
    this.stop();
    this.current = { name, start: performance.now() };
  }

  stop(): void {
    if (this.current) {
      const { name, start } = this.current;
      this.timings[name] = (this.timings[name] ?? 0) + performance.now() - start;
    }
    this.current = undefined;
  }
}
