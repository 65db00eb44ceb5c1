/** Scenario ids as tests and reports name them ("L1 …", "[L4, L5] …"). */
import { SCENARIOS } from './catalogue.ts';

export const SCENARIO_IDS: readonly string[] = SCENARIOS.map((s) => s.id);

/** Scenario ids named in a test title, e.g. "E5 returns 40078 …" or "[L4, L5] …". */
export function scenarioIdsIn(title: string): string[] {
  const found = title.match(/\b[SLEXMAVB]\d+\b/g) ?? [];
  return [...new Set(found.filter((id) => SCENARIO_IDS.includes(id)))];
}
