import type { Bridgeable } from '../media/bridge.js';

/**
 * Anything the worker can bridge, as the main thread holds it (a call's media, a WebRTC leg, a
 * call's browser audio): the id the worker knows it by, and the bridge holding it, if any.
 */
export interface RemoteLeg extends Bridgeable {
  readonly id: string;
  bridgeId: string | undefined;
}
