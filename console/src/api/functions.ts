/** The function service: regions → services → functions, code, test events, invocations. */
import { type ApiClient, path } from './client';
import type {
  CodeFiles,
  FunctionInfo,
  FunctionSettings,
  FunctionVersion,
  InvocationRecord,
  InvocationSummary,
  Region,
  Service,
  TestEvent,
} from './types';

export interface FunctionRef {
  region: string;
  service: string;
  fn: string;
}

const svcPath = (region: string, service?: string) =>
  service === undefined
    ? path('/v1/regions', region, 'services')
    : path('/v1/regions', region, 'services', service);
const fnPath = (r: FunctionRef, ...rest: string[]) =>
  path('/v1/regions', r.region, 'services', r.service, 'functions', r.fn, ...rest);

export const functionsApi = (api: ApiClient) => ({
  regions: async () => (await api.get<{ regions: Region[] }>('/v1/regions')).regions,
  services: async (region: string) => (await api.get<{ services: Service[] }>(svcPath(region))).services,
  createService: (region: string, body: { name: string; description?: string }) =>
    api.post<Service>(svcPath(region), body),
  deleteService: (region: string, service: string) => api.del(svcPath(region, service)),

  functions: async (region: string, service: string) =>
    (await api.get<{ functions: FunctionInfo[] }>(`${svcPath(region, service)}/functions`)).functions,
  createFunction: (
    region: string,
    service: string,
    body: Partial<FunctionSettings> & { name: string; runtime: string; code: { files: CodeFiles } },
  ) => api.post<FunctionInfo>(`${svcPath(region, service)}/functions`, body),
  get: (r: FunctionRef) => api.get<FunctionInfo>(fnPath(r)),
  update: (r: FunctionRef, body: Partial<FunctionSettings> & { code?: { files: CodeFiles } }) =>
    api.patch<FunctionInfo>(fnPath(r), body),
  remove: (r: FunctionRef) => api.del(fnPath(r)),
  versions: async (r: FunctionRef) =>
    (await api.get<{ versions: FunctionVersion[] }>(fnPath(r, 'versions'))).versions,
  code: async (r: FunctionRef, version?: number) =>
    (await api.get<{ files: CodeFiles }>(fnPath(r, 'code'), { version })).files,

  /** Runs the latest version with an event text (empty when absent) or a saved event. */
  run: (r: FunctionRef, body: { payload?: string; event?: string }) =>
    api.post<InvocationSummary>(fnPath(r, 'test'), body),
  events: async (r: FunctionRef) => (await api.get<{ events: TestEvent[] }>(fnPath(r, 'test-events'))).events,
  saveEvent: (r: FunctionRef, name: string, payload: string) =>
    api.post<TestEvent>(fnPath(r, 'test-events'), { name, payload }),
  deleteEvent: (r: FunctionRef, name: string) => api.del(fnPath(r, 'test-events', name)),

  invocations: async (r: FunctionRef, limit = 50) =>
    (await api.get<{ invocations: InvocationRecord[] }>(fnPath(r, 'invocations'), { limit })).invocations,
  invocation: (r: FunctionRef, requestId: string) =>
    api.get<InvocationRecord>(fnPath(r, 'invocations', requestId)),
});

export type FunctionsApi = ReturnType<typeof functionsApi>;
