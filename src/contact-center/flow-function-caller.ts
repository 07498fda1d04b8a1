import { logTail } from '../functions/invocations.js';
import type { FunctionCaller, FunctionCallResult, FunctionEntryRef } from '../ivr/ports.js';
import { isHotlineError } from '../shared/errors.js';
import { contactCenterErrors } from './errors.js';
import type { Integrations } from './integrations.js';

/**
 * The IVR's FunctionCaller for one call: resolves the flow module's entry among the instance's IVR
 * integration entries and invokes it through the function service. Every failure becomes a result
 * with ok=false, so the flow takes its failure exit instead of stopping.
 */
export function createFlowFunctionCaller(deps: {
  integrations: Integrations;
  accountId: string;
  instanceId: string;
}): FunctionCaller {
  const { integrations, accountId, instanceId } = deps;
  return {
    async call(ref, event, options): Promise<FunctionCallResult> {
      const started = performance.now();
      const failed = (type: string, message: string): FunctionCallResult => ({
        ok: false,
        value: null,
        requestId: '',
        durationMs: performance.now() - started,
        error: { type, message },
      });
      let entryId: string;
      try {
        entryId = ref.entryId ?? (await findEntryId(integrations, instanceId, ref));
      } catch (err) {
        if (isHotlineError(err)) return failed(err.code, err.message);
        throw err;
      }
      const timeout = AbortSignal.timeout(Math.max(1, options.timeoutMs));
      const signal = AbortSignal.any([options.signal, timeout]);
      try {
        const out = await integrations.invokeForFlow(accountId, instanceId, entryId, event, signal);
        const r = out.result;
        const text = r.payload.toString('utf8');
        if (r.error) {
          let message = text;
          try {
            message = String((JSON.parse(text) as { errorMessage?: unknown }).errorMessage ?? text);
          } catch {
            // not JSON: keep the text
          }
          return {
            ok: false,
            value: null,
            requestId: r.requestId,
            durationMs: r.durationMs,
            error: { type: r.error, message },
            logTail: logTail(r.log, 1024),
          };
        }
        return {
          ok: true,
          value: text === 'null' ? null : text,
          requestId: r.requestId,
          durationMs: r.durationMs,
          logTail: logTail(r.log, 1024),
        };
      } catch (err) {
        if (options.signal.aborted) throw options.signal.reason;
        if (timeout.aborted)
          return failed('Timeout', `function did not answer within ${options.timeoutMs} ms`);
        if (isHotlineError(err)) return failed(err.code, err.message);
        throw err;
      }
    },
  };
}

async function findEntryId(
  integrations: Integrations,
  instanceId: string,
  ref: FunctionEntryRef,
): Promise<string> {
  const entries = await integrations.entriesOfInstance(instanceId);
  const hit = entries.find(
    (e) => e.region === ref.region && e.service === ref.service && e.function === ref.function,
  );
  if (!hit) {
    throw contactCenterErrors.IntegrationEntryNotFound(
      `function ${ref.region}/${ref.service}/${ref.function} is not registered in the instance's IVR integration settings`,
    );
  }
  return hit.id;
}
