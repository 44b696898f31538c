// Loaded with `node --import` into each process bench:e2e starts: on exit, writes the process's
// peak RSS and CPU time to $DAYBRIEF_E2E_PROBE/<pid>.json (nothing when the variable is unset).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.DAYBRIEF_E2E_PROBE;
if (dir) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    const stats = { pid: process.pid, maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime };
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(stats));
  });
}
