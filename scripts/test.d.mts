// Types of scripts/test.mjs (npm test's phases) for scripts/bench-test.ts.
export interface Job {
  name: string;
  cmds: string[][];
}
export interface Phase {
  name: string;
  jobs: Job[];
}
export interface JobResult {
  name: string;
  code: number;
  /** Seconds. */
  wall: number;
  /** Seconds of user+sys CPU of the job's process tree; null where /proc is missing. */
  cpu: number | null;
  output: string;
}
export const PHASES: Phase[];
/** The static checks, run beside the phases at the lowest CPU priority. */
export const BACKGROUND: Job[];
export function runPhases(options?: {
  select?: (job: Job) => boolean;
  print?: (s: string) => void;
}): Promise<{ ok: boolean; results: JobResult[] }>;
export function summary(results: JobResult[], totalWall: number): string;
