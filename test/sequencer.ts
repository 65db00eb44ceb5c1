/**
 * The order vitest starts test files in: the few files that take longest first, so the many short
 * files fill the other core beside them instead of one long file running alone at the end (a
 * clean clone has no vitest cache to sort by duration: vitest then starts the largest files first
 * and the 20-second soak came last). Measured with `npm run bench:test` (decision 0017, part 4);
 * a file missing here only starts later, so the list needs no upkeep beyond the slowest few.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds each took on the 2-core machine, longest first. */
const LONGEST: Record<string, number> = {
  'test/robustness/soak-short.test.ts': 19,
  'test/examples/start-all.test.ts': 9,
  'test/browser/first-run.test.ts': 8,
  'test/robustness/fuzz-short.test.ts': 7,
  'conformance/reference-bi/test/browser/walkthrough.test.ts': 6.7,
  'test/contract/qr-sessions-bounded.test.ts': 6,
  'test/browser/bot-chat.test.ts': 5.3,
  'test/browser/login-web.test.ts': 4.8,
  'test/examples/cli-errors.test.ts': 3.7,
  'test/contract/stream-delivery.test.ts': 3.2,
  'test/contract/control-plane.test.ts': 2.9,
  'conformance/reference-bi/test/crash.test.ts': 2.8,
};

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = `${this.ctx.config.root}/`;
    const seconds = (f: TestSpecification) => LONGEST[f.moduleId.replace(root, '')] ?? 0;
    // Array.prototype.sort is stable: within a group and an expected duration, vitest's order stays.
    return sorted.sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
        seconds(b) - seconds(a),
    );
  }
}
