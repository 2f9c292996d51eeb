// `npm run l1:repair -- (--data-dir DIR | --log FILE) --truncate-at OFFSET`: the explicit repair
// of a damaged L1 command log, the one the node names when it refuses to start. It refuses unless
// OFFSET is exactly where the damage starts and no node holds the log; it moves the bytes from
// OFFSET on to a `.damaged-` file beside the log (nothing is deleted) and cuts the log there.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LOG_FILE_NAME, repairLog } from '../src/l1/durable-log.js';
import { LogLockedError, LogRepairError } from '../src/l1/errors.js';

const usage = 'usage: npm run l1:repair -- (--data-dir DIR | --log FILE) --truncate-at OFFSET';

function fail(message: string, code = 2): never {
  console.error(`l1:repair: ${message}`);
  process.exit(code);
}

let values: { 'data-dir'?: string; log?: string; 'truncate-at'?: string };
try {
  ({ values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, log: { type: 'string' }, 'truncate-at': { type: 'string' } },
    strict: true,
  }));
} catch (e) {
  fail(`${(e as Error).message}\n${usage}`);
}
const dataDir = values['data-dir'];
if ((dataDir === undefined) === (values.log === undefined)) fail(`give exactly one of --data-dir and --log\n${usage}`);
const raw = values['truncate-at'];
if (raw === undefined || !/^(0|[1-9][0-9]*)$/.test(raw)) fail(`--truncate-at needs a byte offset\n${usage}`);
const path = values.log ?? join(dataDir!, LOG_FILE_NAME);

try {
  const out = await repairLog({ path, truncateAt: Number(raw) });
  console.log(
    `l1:repair: ${path} now ends at byte ${raw} with ${out.keptRecords} records; ` +
      `${out.recordsSetAside} intact records after the damage were set aside, with the damaged bytes, in ${out.setAsideTo}`,
  );
} catch (e) {
  if (e instanceof LogRepairError || e instanceof LogLockedError) fail(e.message, 1);
  throw e;
}
