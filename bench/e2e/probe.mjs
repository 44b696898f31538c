// Loaded with `node --import` into each process bench:e2e starts: on exit, writes the process's
// peak RSS and CPU time to $DAYBRIEF_E2E_PROBE/<pid>.json (nothing when the variable is unset),
// and the round trips it made to Postgres (every `pg` Client query, pg-boss's included), by
// statement (its first words), so that the bench can tell round trips per article.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = process.env.DAYBRIEF_E2E_PROBE;
if (dir) {
  const queries = new Map();
  try {
    const pg = createRequire(import.meta.url)('pg');
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function countedQuery(config, ...rest) {
      const text = typeof config === 'string' ? config : (config?.text ?? config?.name ?? '?');
      const key = String(text).replace(/\s+/g, ' ').trim().slice(0, 70);
      queries.set(key, (queries.get(key) ?? 0) + 1);
      return query.call(this, config, ...rest);
    };
  } catch {
    // No pg here: no round trips to count.
  }
  // What the process held when its RSS was highest (sampled every 100 ms): V8's heap, the memory
  // outside it (Buffers, ArrayBuffers), and the rest (code, native libraries such as SQLite's cache).
  let atPeak = { rss: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > atPeak.rss) atPeak = m;
  };
  setInterval(sample, 100).unref();
  process.on('exit', () => {
    sample();
    const u = process.resourceUsage();
    const stats = {
      pid: process.pid,
      maxRssKb: u.maxRSS,
      cpuUs: u.userCPUTime + u.systemCPUTime,
      queries: Object.fromEntries(queries),
      atPeak,
    };
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(stats));
  });
}
