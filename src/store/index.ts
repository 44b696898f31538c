import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export { PostgresStore, type PostgresStoreOptions } from './postgres.js';
export {
  ftsQuery,
  type SearchHit,
  type SearchOptions,
  SNIPPET_END,
  SNIPPET_START,
} from './search.js';
export { SqliteStore } from './sqlite.js';
export type {
  ArchiveTopic,
  ArticleResult,
  ArticleStatus,
  DecodedLink,
  FeedCache,
  Media,
  SentEmail,
  SourceFailure,
  Store,
  StoredArticle,
} from './store.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** Opens and migrates the store named by `database`: a postgres:// URL, else a SQLite file path. */
export async function openStore(database: string): Promise<Store> {
  let store: Store;
  if (POSTGRES_URL.test(database)) {
    const { PostgresStore } = await import('./postgres.js');
    store = new PostgresStore({ url: database });
  } else {
    store = new SqliteStore(database);
  }
  await store.migrate();
  return store;
}
