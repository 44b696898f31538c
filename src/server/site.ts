import { statSync } from 'node:fs';
import { join } from 'node:path';
import { siteWrites } from '../publish/write.js';
import type { Store } from '../store/index.js';
import { type Ask, fetchHandler, type SiteHandler } from './answer.js';
import { type ApiOptions, apiAnswers, showSearchBox } from './api.js';
import { DEFAULT_REVALIDATE_MS, staticFiles, staticHandler } from './static.js';

/**
 * Which build of the site under `root` is current: its home page, which every publish writes anew
 * (a rename over it, so a new inode). Looked at again after a publish in this process (`serve
 * --schedule`) at once, else at most every `revalidateMs` (a rebuild by `daybrief run` in another
 * process). Undefined without a home page.
 */
export function siteGeneration(
  root: string,
  opts: { revalidateMs?: number; now?: () => number } = {},
): () => string | undefined {
  const home = join(root, 'index.html');
  const revalidateMs = opts.revalidateMs ?? DEFAULT_REVALIDATE_MS;
  const now = opts.now ?? Date.now;
  let seen: { value: string | undefined; at: number; writes: number } | undefined;
  const look = (): string | undefined => {
    try {
      const info = statSync(home, { throwIfNoEntry: false });
      return info ? `${info.ino}-${info.size}-${info.mtimeMs}` : undefined;
    } catch {
      return undefined;
    }
  };
  return () => {
    const at = now();
    const writes = siteWrites();
    if (seen && seen.writes === writes && at - seen.at < revalidateMs) return seen.value;
    seen = { value: look(), at, writes };
    return seen.value;
  };
}

/**
 * The whole site: the built files under `root`, and with a `store` also the search page and the JSON
 * API (which answer first for `/search` and `/api/…`, cached until the site is rebuilt), with the
 * pages' search box shown. Without a store it is the static site alone, its search box hidden as built.
 */
export function siteHandler(root: string, store?: Store, opts: ApiOptions = {}): SiteHandler {
  if (!store) return staticHandler(root);
  const files = staticFiles(root, { html: showSearchBox });
  const dynamic = apiAnswers(store, { generation: siteGeneration(root), ...opts });
  return fetchHandler(async (ask: Ask) => (await dynamic(ask)) ?? files(ask));
}
