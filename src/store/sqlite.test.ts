import { storeContract } from '../../test/store-contract.js';
import { SqliteStore } from './sqlite.js';

storeContract('sqlite', async () => {
  const store = new SqliteStore(':memory:');
  await store.migrate();
  return store;
});
