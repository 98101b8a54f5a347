import type {
  ClassResponse, GradeResponse, InviteCodeResponse, InviteLookupResponse, SchoolPublicResponse, SchoolResponse, SetContactRequest,
  StaffRoleResponse,
} from '@anxin/shared';
import { api } from './client';

const enc = encodeURIComponent;

export const schoolsApi = {
  publicCard: (schoolId: string) => api.get<SchoolPublicResponse>(`/schools/${enc(schoolId)}/public`),
  get: (schoolId: string) => api.get<SchoolResponse>(`/schools/${enc(schoolId)}`),
  setContact: (schoolId: string, body: SetContactRequest) => api.put<SchoolResponse>(`/schools/${enc(schoolId)}/contact`, body),
  staff: (schoolId: string) => api.get<StaffRoleResponse[]>(`/schools/${enc(schoolId)}/staff`),
  classes: (schoolId: string) => api.get<ClassResponse[]>(`/schools/${enc(schoolId)}/classes`),
  grades: (schoolId: string) => api.get<GradeResponse[]>(`/schools/${enc(schoolId)}/grades`),
};

export const inviteCodesApi = {
  list: (classId: string) => api.get<InviteCodeResponse[]>(`/classes/${enc(classId)}/invite-codes`),
  create: (classId: string) => api.post<InviteCodeResponse>(`/classes/${enc(classId)}/invite-codes`),
  revoke: (id: string) => api.post<InviteCodeResponse>(`/invite-codes/${enc(id)}/revoke`),
  lookup: (code: string) => api.get<InviteLookupResponse>(`/invite-codes/${enc(code)}/lookup`),
};
