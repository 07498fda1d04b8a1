/**
 * A bridge the worker relays, as the main thread holds it. It is active from bridge() until stop()
 * or the worker's bridgeEnded (a leg's call ended, or the bridge could not start because one had
 * ended meanwhile); then its legs are free here as they are in the worker.
 */
import type { BridgeStats } from '../media/bridge.js';
import type { MediaBridge } from '../media/media-engine.js';
import type { MediaWorkerConnection } from './connection.js';
import type { RemoteLeg } from './remote-leg.js';

export class RemoteBridge implements MediaBridge {
  private ended = false;
  private last: Promise<BridgeStats> | undefined;

  constructor(
    readonly id: string,
    private readonly legs: readonly [RemoteLeg, RemoteLeg],
    private readonly connection: MediaWorkerConnection,
    private readonly forget: (bridge: RemoteBridge) => void,
  ) {
    for (const leg of legs) leg.bridgeId = id;
    connection.send('bridge', { bridge: id, a: legs[0].id, b: legs[1].id });
  }

  get active(): boolean {
    return !this.ended;
  }

  stop(): void {
    if (this.ended) return;
    this.last = this.connection.call('stopBridge', { bridge: this.id });
    this.last.catch(() => undefined); // read by stats(), if anyone asks
    this.release();
  }

  stats(): Promise<BridgeStats> {
    return this.last ?? this.connection.call('bridgeStats', { bridge: this.id });
  }

  /** The worker ended the bridge; `stats` are its last figures (none if it never started). */
  endedBy(stats: BridgeStats | undefined): void {
    if (this.ended) return;
    const empty = { relayed: 0, transcoded: 0, events: 0, dropped: 0 };
    this.last = Promise.resolve(stats ?? { aToB: { ...empty }, bToA: { ...empty } });
    this.release();
  }

  private release(): void {
    this.ended = true;
    for (const leg of this.legs) if (leg.bridgeId === this.id) leg.bridgeId = undefined;
    this.forget(this);
  }
}
