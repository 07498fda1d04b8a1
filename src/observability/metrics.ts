import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one Hotline process (GET /metrics). One registry per process, built by the
 * composition root and handed to whoever records.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hotline_process_' });
  return {
    registry,
    invocations: new Counter({
      name: 'hotline_function_invocations_total',
      help: 'Function invocations, by runtime, source and result (success or the error type).',
      labelNames: ['runtime', 'source', 'result'] as const,
      registers: [registry],
    }),
    invocationSeconds: new Histogram({
      name: 'hotline_function_invocation_seconds',
      help: 'Time from request to result of function invocations (includes queueing and cold starts).',
      labelNames: ['runtime', 'cold'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    calls: new Counter({
      name: 'hotline_calls_total',
      help: 'Calls that ended, by channel (sip, simulated) and disposition.',
      labelNames: ['channel', 'disposition'] as const,
      registers: [registry],
    }),
    activeCalls: new Gauge({
      name: 'hotline_calls_active',
      help: 'Calls in progress, by channel.',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
