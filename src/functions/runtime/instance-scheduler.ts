/**
 * Decides which instance runs an invocation. Instances are shared only within one function
 * version (the key); each runs one invocation at a time. A call takes an idle instance, or starts
 * one when the per-function and global caps allow (evicting the least recently used idle instance
 * of another function when only the global cap is in the way), or waits in a bounded queue.
 * Idle instances are stopped after idleTimeoutMs.
 */
import type { Clock, Timer } from '../../shared/clock.js';
import type { FunctionSpec } from '../invoker.js';
import { invokerClosedError, runtimeErrors } from './errors.js';
import type { FailedLoad, FunctionInstance } from './function-instance.js';

export type Lease = { instance: FunctionInstance; coldStart: boolean } | { failure: FailedLoad };

export type StartOutcome = { instance: FunctionInstance } | { failure: FailedLoad };

export interface SchedulerDeps {
  clock: Clock;
  maxInstancesPerFunction: number;
  maxInstances: number;
  maxQueuedPerFunction: number;
  idleTimeoutMs: number;
  /** Starts (or assigns) an instance of spec and loads it; onGone must reach release/forget. */
  startInstance(spec: FunctionSpec, key: string, requestId: string): Promise<StartOutcome>;
}

interface Waiter {
  requestId: string;
  resolve(lease: Lease): void;
  reject(err: unknown): void;
  detach(): void;
}

interface FunctionPool {
  key: string;
  spec: FunctionSpec;
  instances: Set<FunctionInstance>;
  idle: FunctionInstance[];
  starting: number;
  waiters: Waiter[];
  retiring: Set<FunctionInstance>;
}

/** Instances are shared by one function version only. */
function instanceKey(spec: FunctionSpec): string {
  return [spec.accountId, spec.region, spec.service, spec.name, spec.version, spec.codeDir].join('\0');
}

export class InstanceScheduler {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly idleTimers = new Map<FunctionInstance, Timer>();
  /** Instances alive or starting, across functions. */
  private occupied = 0;
  private pumping = false;
  private closed = false;

  constructor(private readonly deps: SchedulerDeps) {}

  acquire(spec: FunctionSpec, requestId: string, signal: AbortSignal | undefined): Promise<Lease> {
    if (this.closed) return Promise.reject(invokerClosedError());
    const pool = this.poolFor(spec);
    const idle = pool.idle.pop();
    if (idle !== undefined) {
      this.cancelIdleTimer(idle);
      return Promise.resolve({ instance: idle, coldStart: false });
    }
    if (this.hasRoomFor(pool)) return this.start(pool, requestId);
    if (pool.waiters.length >= this.deps.maxQueuedPerFunction) {
      return Promise.reject(
        runtimeErrors.FunctionThrottled(
          `function ${spec.name} has ${pool.instances.size} busy instances and ${pool.waiters.length} queued invocations`,
        ),
      );
    }
    return this.enqueue(pool, requestId, signal);
  }

  /** Called when an invocation on instance is over (whatever its outcome). */
  release(instance: FunctionInstance): void {
    const pool = this.pools.get(instance.key);
    if (instance.dead || pool === undefined) return;
    instance.lastUsedAt = this.deps.clock.monotonic();
    if (pool.retiring.has(instance)) {
      instance.kill();
      return;
    }
    const waiter = pool.waiters.shift();
    if (waiter !== undefined) {
      waiter.detach();
      waiter.resolve({ instance, coldStart: false });
      return;
    }
    pool.idle.push(instance);
    this.idleTimers.set(
      instance,
      this.deps.clock.setTimer(this.deps.idleTimeoutMs, () => instance.kill()),
    );
    this.pump(); // another function may be waiting for room this idle instance can give
  }

  /** Called by an instance when it dies or is killed. */
  forget(instance: FunctionInstance): void {
    const pool = this.pools.get(instance.key);
    if (pool === undefined || !pool.instances.delete(instance)) return;
    this.occupied--;
    pool.retiring.delete(instance);
    const index = pool.idle.indexOf(instance);
    if (index >= 0) pool.idle.splice(index, 1);
    this.cancelIdleTimer(instance);
    this.dropIfUnused(pool);
    this.pump();
  }

  /** Stops a function's idle instances now and its busy ones after their invocation. */
  evict(accountId: string, service: string, name: string): void {
    for (const pool of this.pools.values()) {
      const { spec } = pool;
      if (spec.accountId !== accountId || spec.service !== service || spec.name !== name) continue;
      for (const instance of pool.instances) {
        if (instance.idle && pool.idle.includes(instance)) instance.kill();
        else pool.retiring.add(instance);
      }
    }
  }

  /** Refuses new calls and fails queued ones; returns every instance still alive. */
  close(): FunctionInstance[] {
    this.closed = true;
    const alive: FunctionInstance[] = [];
    for (const pool of this.pools.values()) {
      for (const waiter of pool.waiters.splice(0)) {
        waiter.detach();
        waiter.reject(invokerClosedError());
      }
      alive.push(...pool.instances);
    }
    for (const timer of this.idleTimers.values()) timer.cancel();
    this.idleTimers.clear();
    return alive;
  }

  private poolFor(spec: FunctionSpec): FunctionPool {
    const key = instanceKey(spec);
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = { key, spec, instances: new Set(), idle: [], starting: 0, waiters: [], retiring: new Set() };
      this.pools.set(key, pool);
    }
    return pool;
  }

  private hasRoomFor(pool: FunctionPool): boolean {
    if (pool.instances.size + pool.starting >= this.deps.maxInstancesPerFunction) return false;
    return this.occupied < this.deps.maxInstances || this.evictIdleElsewhere(pool);
  }

  /** Kills the least recently used idle instance of another function; true if there was one. */
  private evictIdleElsewhere(pool: FunctionPool): boolean {
    let oldest: FunctionInstance | undefined;
    for (const other of this.pools.values()) {
      if (other === pool) continue;
      const candidate = other.idle[0]; // idle lists are in release order: [0] was idle longest
      if (candidate !== undefined && (oldest === undefined || candidate.lastUsedAt < oldest.lastUsedAt)) {
        oldest = candidate;
      }
    }
    if (oldest === undefined) return false;
    oldest.kill(); // forget() runs at once and frees its room
    return this.occupied < this.deps.maxInstances;
  }

  private async start(pool: FunctionPool, requestId: string): Promise<Lease> {
    pool.starting++;
    this.occupied++; // counted from now, so concurrent calls respect the caps
    let outcome: StartOutcome | undefined;
    try {
      outcome = await this.deps.startInstance(pool.spec, pool.key, requestId);
    } finally {
      pool.starting--;
      if (outcome !== undefined && 'instance' in outcome && !outcome.instance.dead) {
        pool.instances.add(outcome.instance);
      } else {
        this.occupied--;
        this.dropIfUnused(pool);
        this.pump();
      }
    }
    if ('failure' in outcome) return outcome;
    // It died between loading and now (its forget() found nothing to forget): start another.
    if (outcome.instance.dead) return this.start(pool, requestId);
    return { instance: outcome.instance, coldStart: true };
  }

  private enqueue(pool: FunctionPool, requestId: string, signal: AbortSignal | undefined): Promise<Lease> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = pool.waiters.indexOf(waiter);
        if (index >= 0) pool.waiters.splice(index, 1);
        this.dropIfUnused(pool);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        requestId,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pool.waiters.push(waiter);
    });
  }

  /** Starts instances for queued invocations while there is room (after an instance went away). */
  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    try {
      for (const pool of this.pools.values()) {
        while (pool.waiters.length > 0 && this.hasRoomFor(pool)) {
          const waiter = pool.waiters.shift()!;
          waiter.detach();
          this.start(pool, waiter.requestId).then(waiter.resolve, waiter.reject);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private cancelIdleTimer(instance: FunctionInstance): void {
    this.idleTimers.get(instance)?.cancel();
    this.idleTimers.delete(instance);
  }

  private dropIfUnused(pool: FunctionPool): void {
    if (pool.instances.size === 0 && pool.starting === 0 && pool.waiters.length === 0)
      this.pools.delete(pool.key);
  }
}
