// Rewrites the generated reference docs: docs/ivr-modules.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderModuleDocs } from '../src/ivr/module-docs.js';
import { packageRoot } from '../src/shared/paths.js';

writeFileSync(join(packageRoot, 'docs/ivr-modules.md'), renderModuleDocs());
console.log('wrote docs/ivr-modules.md');
