import type { ApiClient } from './client';
import { contactCenterApi } from './contact-center';
import { flowsApi } from './flows';
import { functionsApi } from './functions';

/** Every endpoint group bound to one client (one per signed-in key). */
export function bindApi(client: ApiClient) {
  return {
    client,
    fn: functionsApi(client),
    cc: contactCenterApi(client),
    flows: flowsApi(client),
  };
}

export type Api = ReturnType<typeof bindApi>;
