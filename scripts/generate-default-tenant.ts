/** Regenerates fixtures/snapshots/default-tenant.json from the seeded generator (npm run fixtures). */
import { writeFileSync } from 'node:fs';
import { generateTenant } from '../mock-server/src/fixtures/generate.ts';
import { DEFAULT_SNAPSHOT_PATH } from '../mock-server/src/snapshots.ts';

const snapshot = generateTenant();
writeFileSync(DEFAULT_SNAPSHOT_PATH(), `${JSON.stringify(snapshot, null, 2)}\n`);
console.log(
  `wrote ${DEFAULT_SNAPSHOT_PATH()}: ${snapshot.directory.users.length} users, ${snapshot.directory.departments.length} departments, ${snapshot.apps.length} apps`,
);
