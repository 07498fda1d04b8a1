/** The console's pages and their URLs (under /console). */

export const INSTANCE_SECTIONS = [
  'overview',
  'numbers',
  'skill-groups',
  'agents',
  'prompts',
  'integration',
  'flows',
  'calls',
  'live',
] as const;
export type InstanceSection = (typeof INSTANCE_SECTIONS)[number];

export const FUNCTION_TABS = ['code', 'invocations', 'versions', 'settings'] as const;
export type FunctionTab = (typeof FUNCTION_TABS)[number];

export type Route =
  | { page: 'signin' }
  | { page: 'workbench' }
  | { page: 'services'; region: string | undefined }
  | { page: 'functions'; region: string; service: string }
  | { page: 'function'; region: string; service: string; fn: string; tab: FunctionTab }
  | { page: 'instances' }
  | { page: 'instance'; instance: string; section: InstanceSection }
  | { page: 'designer'; instance: string; flow: string }
  | { page: 'call'; instance: string; call: string }
  | { page: 'notFound' };

const enc = encodeURIComponent;

export const href = {
  signin: () => '/console/signin',
  workbench: () => '/console/workbench',
  services: (region?: string) => (region ? `/console/functions/${enc(region)}` : '/console/functions'),
  functions: (region: string, service: string) => `/console/functions/${enc(region)}/${enc(service)}`,
  fn: (region: string, service: string, fn: string, tab: FunctionTab = 'code') =>
    `/console/functions/${enc(region)}/${enc(service)}/${enc(fn)}${tab === 'code' ? '' : `/${tab}`}`,
  instances: () => '/console/instances',
  instance: (instance: string, section: InstanceSection = 'overview') =>
    `/console/instances/${enc(instance)}${section === 'overview' ? '' : `/${section}`}`,
  designer: (instance: string, flow: string) => `/console/instances/${enc(instance)}/flows/${enc(flow)}`,
  call: (instance: string, call: string) => `/console/instances/${enc(instance)}/calls/${enc(call)}`,
};

function isOneOf<T extends string>(list: readonly T[], v: string | undefined): v is T {
  return v !== undefined && (list as readonly string[]).includes(v);
}

export function parseRoute(pathname: string): Route {
  const parts = pathname
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  if (parts[0] !== 'console') return parts.length === 0 ? { page: 'services', region: undefined } : notFound;
  const [, area, a, b, c, d] = parts;
  if (area === undefined) return { page: 'services', region: undefined };
  if (area === 'signin') return { page: 'signin' };
  if (area === 'workbench' && a === undefined) return { page: 'workbench' };
  if (area === 'functions') {
    if (a === undefined) return { page: 'services', region: undefined };
    if (b === undefined) return { page: 'services', region: a };
    if (c === undefined) return { page: 'functions', region: a, service: b };
    const tab = d === undefined ? 'code' : d;
    return isOneOf(FUNCTION_TABS, tab) ? { page: 'function', region: a, service: b, fn: c, tab } : notFound;
  }
  if (area === 'instances') {
    if (a === undefined) return { page: 'instances' };
    if (b === 'flows' && c !== undefined) return { page: 'designer', instance: a, flow: c };
    if (b === 'calls' && c !== undefined) return { page: 'call', instance: a, call: c };
    const section = b ?? 'overview';
    return isOneOf(INSTANCE_SECTIONS, section) && c === undefined
      ? { page: 'instance', instance: a, section }
      : notFound;
  }
  return notFound;
}

const notFound: Route = { page: 'notFound' };
