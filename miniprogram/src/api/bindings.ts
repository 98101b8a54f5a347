import type { BindingResponse, BindingStatus, CreateBindingRequest, RejectBindingRequest } from '@anxin/shared';
import { api } from './client';

const enc = encodeURIComponent;

export const bindingsApi = {
  create: (body: CreateBindingRequest) => api.post<BindingResponse>('/bindings', body),
  forClass: (classId: string, status?: BindingStatus) => api.get<BindingResponse[]>(`/classes/${enc(classId)}/bindings`, { status }),
  approve: (id: string) => api.post<BindingResponse>(`/bindings/${enc(id)}/approve`),
  reject: (id: string, body: RejectBindingRequest = {}) => api.post<BindingResponse>(`/bindings/${enc(id)}/reject`, body),
};
