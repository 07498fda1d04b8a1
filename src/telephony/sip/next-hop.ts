import { requestTarget, resolveTarget } from './destination.js';
import type { Flow } from './transport.js';
import type { UaContext } from './ua-context.js';
import type { Uri } from './uri.js';

/**
 * The flow a request for `uri` goes out on (§8.1.2, §18.1.1): the URI's transport, else the
 * protocol of the flow the dialog or call already uses, else the stack's first transport; host
 * names resolved. When that reaches the peer of `preferred`, its connection is reused.
 * Undefined when the URI cannot be reached (a scheme or transport the stack lacks, a name that
 * does not resolve).
 */
export async function nextHop(ua: UaContext, uri: Uri, preferred?: Flow): Promise<Flow | undefined> {
  const target = requestTarget(uri, ua.transports.protocols, preferred?.protocol ?? ua.transports.preferred);
  if (target === undefined) return undefined;
  let flow: Flow;
  try {
    flow = await resolveTarget(target, ua.resolveHost);
  } catch (err) {
    ua.logger.warn({ err, host: target.host }, 'SIP next hop does not resolve');
    return undefined;
  }
  if (preferred !== undefined && preferred.protocol === flow.protocol && preferred.address === flow.address) {
    return { ...flow, connectionId: preferred.connectionId };
  }
  return flow;
}
