import { runConformanceSuite } from './conformance-suite.js';
import { pythonCases } from './python-cases.js';

runConformanceSuite(pythonCases);
