import type { Store } from '../store/index.js';
import { type ApiOptions, apiHandler, revealSearch } from './api.js';
import { staticHandler } from './static.js';

/**
 * The whole site: the built files under `root`, and with a `store` also the search page and the JSON
 * API (which answer first for `/search` and `/api/…`), with the pages' search box shown. Without a
 * store it is the static site alone, its search box hidden as built.
 */
export function siteHandler(
  root: string,
  store?: Store,
  opts: ApiOptions = {},
): (req: Request) => Promise<Response> {
  const files = staticHandler(root);
  if (!store) return files;
  const dynamic = apiHandler(store, opts);
  return async (req) => (await dynamic(req)) ?? revealSearch(await files(req));
}
