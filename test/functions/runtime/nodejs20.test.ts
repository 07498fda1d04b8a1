import { runConformanceSuite } from './conformance-suite.js';
import { nodeCases } from './node-cases.js';

runConformanceSuite(nodeCases);
