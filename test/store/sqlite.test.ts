import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/database.js';
import { storeSuite } from './store-suite.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hotline-sqlite-'));
storeSuite(
  'sqlite',
  () => openStore({ dataDir }),
  () => openStore({ dataDir }),
);
