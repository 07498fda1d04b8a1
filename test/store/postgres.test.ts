import { it } from 'node:test';
import { openStore } from '../../src/store/database.js';
import { postgresReachable, postgresUrl } from '../helpers/postgres.js';
import { storeSuite } from './store-suite.js';

const schema = `hotline_test_${process.pid}_${Date.now()}`;
if (await postgresReachable()) {
  storeSuite(
    'postgres',
    () => openStore({ dataDir: '/nonexistent', databaseUrl: postgresUrl, postgresSchema: schema }),
    () => openStore({ dataDir: '/nonexistent', databaseUrl: postgresUrl, postgresSchema: schema }),
  );
} else {
  it(
    'store conformance: postgres',
    { skip: `PostgreSQL is not reachable at ${postgresUrl}` },
    () => undefined,
  );
}
