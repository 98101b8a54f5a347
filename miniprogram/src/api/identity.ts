import type { ConsentRequest, MeResponse } from '@anxin/shared';
import { api } from './client';

export const identityApi = {
  me: () => api.get<MeResponse>('/me'),
  recordConsent: (body: ConsentRequest) => api.post<unknown>('/me/consents', body),
};
