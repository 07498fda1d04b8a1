/** The contact center: instances, numbers, skill groups, agents, prompts, IVR integration. */
import { type ApiClient, path } from './client';
import type {
  Agent,
  AgentFields,
  EntryTestResult,
  FunctionEntry,
  Instance,
  InstanceSettings,
  PhoneNumber,
  Prompt,
  ServerStatus,
  SkillGroup,
} from './types';

const inst = (i: string, ...rest: string[]) => path('/v1/instances', i, ...rest);

export interface EntryFields {
  region: string;
  service: string;
  function: string;
  version?: number | null;
  description?: string;
}

export const contactCenterApi = (api: ApiClient) => ({
  instances: async () => (await api.get<{ instances: Instance[] }>('/v1/instances')).instances,
  instance: (i: string) => api.get<Instance>(inst(i)),
  createInstance: (body: { name: string } & InstanceSettings) => api.post<Instance>('/v1/instances', body),
  updateInstance: (i: string, body: InstanceSettings) => api.patch<Instance>(inst(i), body),
  status: () => api.get<ServerStatus>('/v1/status'),
  deleteInstance: (i: string) => api.del(inst(i)),
  grantFunctionAccess: (i: string) => api.put<Instance>(inst(i, 'function-access')),
  revokeFunctionAccess: (i: string) => api.request<Instance>('DELETE', inst(i, 'function-access')),

  numbers: async (i: string) => (await api.get<{ numbers: PhoneNumber[] }>(inst(i, 'numbers'))).numbers,
  addNumber: (i: string, body: { number: string; flow?: string | null; description?: string }) =>
    api.post<PhoneNumber>(inst(i, 'numbers'), body),
  bindNumber: (i: string, number: string, flow: string | null) =>
    api.patch<PhoneNumber>(inst(i, 'numbers', number), { flow }),
  removeNumber: (i: string, number: string) => api.del(inst(i, 'numbers', number)),

  skillGroups: async (i: string) =>
    (await api.get<{ skillGroups: SkillGroup[] }>(inst(i, 'skill-groups'))).skillGroups,
  createSkillGroup: (
    i: string,
    body: { name: string; description?: string; ringTimeoutSeconds?: number; afterCallWorkSeconds?: number },
  ) => api.post<SkillGroup>(inst(i, 'skill-groups'), body),
  updateSkillGroup: (
    i: string,
    name: string,
    body: { description?: string; ringTimeoutSeconds?: number; afterCallWorkSeconds?: number },
  ) => api.patch<SkillGroup>(inst(i, 'skill-groups', name), body),
  deleteSkillGroup: (i: string, name: string) => api.del(inst(i, 'skill-groups', name)),

  agents: async (i: string) => (await api.get<{ agents: Agent[] }>(inst(i, 'agents'))).agents,
  createAgent: (i: string, body: AgentFields & { loginName: string; extension: string }) =>
    api.post<Agent>(inst(i, 'agents'), body),
  updateAgent: (i: string, login: string, body: AgentFields) =>
    api.patch<Agent>(inst(i, 'agents', login), body),
  deleteAgent: (i: string, login: string) => api.del(inst(i, 'agents', login)),
  setAgentState: (i: string, login: string, state: 'ready' | 'notReady' | 'offline') =>
    api.put<Record<string, unknown>>(inst(i, 'agents', login, 'state'), { state }),

  prompts: async (i: string) => (await api.get<{ prompts: Prompt[] }>(inst(i, 'prompts'))).prompts,
  createTtsPrompt: (i: string, body: { name: string; text: string; language: string }) =>
    api.post<Prompt>(inst(i, 'prompts'), body),
  uploadPrompt: (i: string, name: string, wav: Blob) =>
    api.request<Prompt>('PUT', inst(i, 'prompts', name, 'audio'), { body: wav, contentType: 'audio/wav' }),
  promptAudio: async (i: string, name: string) =>
    (await api.fetchRaw(inst(i, 'prompts', name, 'audio'))).blob(),
  deletePrompt: (i: string, name: string) => api.del(inst(i, 'prompts', name)),

  entries: async (i: string) =>
    (await api.get<{ functions: FunctionEntry[] }>(inst(i, 'integration', 'functions'))).functions,
  addEntry: (i: string, body: EntryFields) =>
    api.post<FunctionEntry>(inst(i, 'integration', 'functions'), body),
  updateEntry: (i: string, id: string, body: Partial<EntryFields>) =>
    api.patch<FunctionEntry>(inst(i, 'integration', 'functions', id), body),
  deleteEntry: (i: string, id: string) => api.del(inst(i, 'integration', 'functions', id)),
  testEntry: (i: string, id: string, parameters: Record<string, string>) =>
    api.post<EntryTestResult>(inst(i, 'integration', 'functions', id, 'test'), { parameters }),
});

export type ContactCenterApi = ReturnType<typeof contactCenterApi>;
