/**
 * The media worker thread's entry: serves the media plane on the port to the main thread, built
 * from the options it was started with (see startMediaWorker).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveMediaPlane } from './host.js';
import type { MediaWorkerOptions } from './protocol.js';

if (!parentPort) throw new Error('the media worker runs in a worker thread');
serveMediaPlane(parentPort, workerData as MediaWorkerOptions);
