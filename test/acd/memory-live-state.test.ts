import { MemoryLiveState } from '../../src/acd/index.js';
import { describeLiveState } from './live-state-suite.js';

describeLiveState('in memory', () => new MemoryLiveState());
