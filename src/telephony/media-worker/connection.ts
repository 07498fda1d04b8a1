/**
 * The main thread's end of the media worker: starts the thread on first use, sends requests (one
 * map of pending promises by request id), cancels them when their signal aborts, and hands the
 * worker's events to whoever registered for them. A worker that stops unasked fails every
 * pending request with MediaSessionClosed.
 */
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../../shared/worker-thread.js';
import { mediaErrors } from '../media/errors.js';
import type { MediaLogger } from '../media/logger.js';
import { PromptAudio } from '../media/prompt-audio.js';
import type { PromptSource } from '../media/prompt-source.js';
import {
  type FromMediaWorker,
  fromWireError,
  type MediaEvent,
  type MediaOp,
  type MediaOps,
  type MediaWorkerOptions,
  type ToMediaWorker,
  type WirePrompt,
} from './protocol.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** How a request follows an AbortSignal: it rejects with the reason (play), or only stops (record). */
export interface Cancellation {
  signal: AbortSignal | undefined;
  rejectOnAbort: boolean;
}

type EventOf<K extends MediaEvent['event']> = Extract<MediaEvent, { event: K }>;
type EventHandlers = { [K in MediaEvent['event']]: (event: EventOf<K>) => void };

export class MediaWorkerConnection {
  private worker: Worker | undefined;
  private exited: Promise<void> | undefined;
  private stopping = false;
  private failure: Error | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly audioIds = new WeakMap<PromptAudio, string>();
  private nextAudio = 1;
  private readonly forgetAudio = new FinalizationRegistry<string>((id) => {
    if (this.worker && !this.stopping) this.send('forgetAudio', { id });
  });

  constructor(
    private readonly options: MediaWorkerOptions,
    private readonly logger: MediaLogger,
    private readonly events: EventHandlers,
    /** The worker stopped unasked: everything it held is gone. */
    private readonly lost: (reason: Error) => void,
  ) {}

  /** Whether the thread is running (it starts with the first request). */
  get running(): boolean {
    return this.worker !== undefined && !this.stopping;
  }

  /** A request and its answer (the same kind of error when the worker refuses). */
  call<K extends MediaOp>(
    op: K,
    args: MediaOps[K]['args'],
    cancel?: Cancellation,
  ): Promise<MediaOps[K]['result']> {
    return new Promise((resolve, reject) => {
      const signal = cancel?.signal;
      if (signal?.aborted && cancel?.rejectOnAbort) return reject(signal.reason);
      let worker: Worker;
      try {
        worker = this.start();
      } catch (err) {
        return reject(err);
      }
      const id = this.nextId++;
      const onAbort = () => {
        worker.postMessage({ cancel: id } satisfies ToMediaWorker);
        if (cancel?.rejectOnAbort) {
          this.pending.delete(id);
          reject(signal?.reason);
        }
      };
      const settle = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (value) => {
          settle();
          resolve(value as MediaOps[K]['result']);
        },
        reject: (err) => {
          settle();
          reject(err);
        },
      });
      worker.postMessage({ id, op, args, ...(signal ? { cancellable: true } : {}) } as ToMediaWorker);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A request that wants no answer (a failure is logged by the worker; none is sent once it stopped). */
  send<K extends MediaOp>(op: K, args: MediaOps[K]['args']): void {
    if (this.stopping || this.failure) return;
    this.start().postMessage({ id: 0, op, args } as ToMediaWorker);
  }

  /** Throws MediaSessionClosed when the worker has stopped (or failed). */
  assertUsable(): void {
    if (this.failure) throw this.failure;
    if (this.stopping) throw mediaErrors.MediaSessionClosed('the media plane is closed');
  }

  /** A prompt as it crosses: loaded audio by id, its PCM only the first time. */
  wirePrompt(source: PromptSource): WirePrompt {
    if (source.kind !== 'audio') return source;
    const known = this.audioIds.get(source.audio);
    if (known) return { kind: 'audio', id: known };
    const id = `audio-${this.nextAudio++}`;
    this.audioIds.set(source.audio, id);
    this.forgetAudio.register(source.audio, id);
    return { kind: 'audio', id, samples: new Int16Array(source.audio.samples) };
  }

  /** Loaded audio back from the worker. */
  static audioOf(samples: Int16Array): PromptAudio {
    return new PromptAudio(samples);
  }

  /** Ends the thread (after the caller closed what it holds); resolves once it has exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    if (!worker) return;
    await worker.terminate();
    await this.exited;
  }

  private start(): Worker {
    if (this.failure) throw this.failure;
    if (this.stopping) throw mediaErrors.MediaSessionClosed('the media plane is closed');
    if (this.worker) return this.worker;
    const worker = startWorkerThread(import.meta.url, 'worker', this.options);
    this.worker = worker;
    worker.on('message', (message: FromMediaWorker) => this.receive(message));
    worker.on('error', (err) => {
      this.logger.warn({ err }, 'the media worker failed');
      this.failure = mediaErrors.MediaSessionClosed(`the media worker failed: ${err.message}`, {
        cause: err,
      });
    });
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        const reason =
          this.failure ?? mediaErrors.MediaSessionClosed(`the media worker stopped (exit code ${code})`);
        for (const p of this.pending.values()) p.reject(reason);
        this.pending.clear();
        if (!this.stopping) {
          this.failure = reason;
          this.logger.warn({ code }, 'the media worker stopped unasked: its calls have lost their media');
          this.lost(reason);
        }
        resolve();
      }),
    );
    return worker;
  }

  private receive(message: FromMediaWorker): void {
    if ('event' in message) {
      const handler = this.events[message.event] as (event: MediaEvent) => void;
      try {
        handler(message);
      } catch (err) {
        this.logger.warn({ err, event: message.event }, 'handling a media worker event failed');
      }
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return; // cancelled meanwhile
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(fromWireError(message.error));
  }
}
