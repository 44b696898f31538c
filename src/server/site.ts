import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/index.js';
import { type Ask, fetchHandler, type SiteHandler } from './answer.js';
import { type ApiOptions, apiAnswers, showSearchBox } from './api.js';
import { staticFiles, staticHandler } from './static.js';

/**
 * Which build of the site under `root` is current: its home page, which every publish writes anew
 * (a rename over it, so a new inode), also when `serve --schedule` rebuilds in this process or
 * `daybrief run` does in another. Undefined without one.
 */
export function siteGeneration(root: string): () => string | undefined {
  const home = join(root, 'index.html');
  return () => {
    try {
      const info = statSync(home, { throwIfNoEntry: false });
      return info ? `${info.ino}-${info.size}-${info.mtimeMs}` : undefined;
    } catch {
      return undefined;
    }
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
