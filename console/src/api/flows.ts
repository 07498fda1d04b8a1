/** IVR flows, module definitions, simulated calls, call records and the live view. */
import { type ApiClient, path } from './client';
import type {
  CallRecord,
  FlowDocument,
  FlowProblem,
  FlowSummary,
  FlowVersion,
  FlowView,
  LiveSnapshot,
  ModuleDescription,
  SimulationResult,
  TestCaseReport,
} from './flow-types';

const inst = (i: string, ...rest: string[]) => path('/v1/instances', i, ...rest);
const flowPath = (i: string, f: string, ...rest: string[]) => inst(i, 'flows', f, ...rest);

export interface SimulationRequest {
  flow?: string;
  number?: string;
  draft?: boolean;
  version?: number;
  ani: string;
  dnis?: string;
  answers?: string[];
  agents?: Record<string, { state?: 'ready' | 'notReady' | 'offline'; answers?: boolean }>;
}

export interface TestCase {
  name: string;
  call: { ani: string; dnis?: string; answers?: string[] };
  expect: { outcome?: Record<string, unknown>; variables?: Record<string, string>; visits?: string[] };
}

export const flowsApi = (api: ApiClient) => ({
  modules: async () => (await api.get<{ modules: ModuleDescription[] }>('/v1/ivr/modules')).modules,
  flows: async (i: string) => (await api.get<{ flows: FlowSummary[] }>(inst(i, 'flows'))).flows,
  create: (i: string, body: { name: string; description?: string; definition?: FlowDocument }) =>
    api.post<FlowView>(inst(i, 'flows'), body),
  get: (i: string, f: string) => api.get<FlowView>(flowPath(i, f)),
  remove: (i: string, f: string) => api.del(flowPath(i, f)),
  saveDraft: (i: string, f: string, doc: FlowDocument) => api.put<FlowView>(flowPath(i, f, 'draft'), doc),
  importText: (i: string, f: string, text: string, format: 'json' | 'yaml') =>
    api.request<FlowView>('PUT', flowPath(i, f, 'draft', 'text'), {
      body: text,
      contentType: 'text/plain',
      query: { format },
    }),
  exportText: async (i: string, f: string, format: 'json' | 'yaml', version?: number) =>
    (await api.fetchRaw(flowPath(i, f, 'export'), { query: { format, version } })).text(),
  validate: (i: string, f: string, definition?: FlowDocument) =>
    api.post<{ ok: boolean; problems: FlowProblem[] }>(
      flowPath(i, f, 'validate'),
      definition ? { definition } : {},
    ),
  publish: (i: string, f: string, note?: string) =>
    api.post<FlowVersion>(flowPath(i, f, 'publish'), note ? { note } : {}),
  versions: async (i: string, f: string) =>
    (await api.get<{ versions: FlowVersion[] }>(flowPath(i, f, 'versions'))).versions,
  version: (i: string, f: string, v: number) => api.get<FlowDocument>(flowPath(i, f, 'versions', String(v))),
  rollback: (i: string, f: string, version: number) =>
    api.post<FlowVersion>(flowPath(i, f, 'rollback'), { version }),

  simulate: (i: string, body: SimulationRequest) =>
    api.post<SimulationResult>(inst(i, 'calls', 'simulate'), body),
  testCases: async (i: string, f: string) =>
    (await api.get<{ testCases: TestCase[] }>(flowPath(i, f, 'test-cases'))).testCases,
  saveTestCase: (i: string, f: string, tc: TestCase) => api.post<TestCase>(flowPath(i, f, 'test-cases'), tc),
  deleteTestCase: (i: string, f: string, name: string) => api.del(flowPath(i, f, 'test-cases', name)),
  runTestCases: (i: string, f: string) =>
    api.post<{ passed: number; failed: number; reports: TestCaseReport[] }>(
      flowPath(i, f, 'test-cases', 'run'),
      {
        draft: true,
      },
    ),

  calls: async (i: string, query: { limit?: number; before?: string } = {}) =>
    (await api.get<{ calls: CallRecord[] }>(inst(i, 'calls'), query)).calls,
  callsCsv: async (i: string) => (await api.fetchRaw(inst(i, 'calls.csv'))).text(),
  call: (i: string, id: string) => api.get<CallRecord>(inst(i, 'calls', id)),
  recording: async (i: string, id: string, recordingId: string) =>
    (await api.fetchRaw(inst(i, 'calls', id, 'recordings', recordingId))).blob(),
  live: (i: string) => api.get<LiveSnapshot>(inst(i, 'live')),
});

export type FlowsApi = ReturnType<typeof flowsApi>;
