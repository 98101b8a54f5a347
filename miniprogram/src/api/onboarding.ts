import type {
  CreateDistrictSchoolRequest, CreateStaffInviteRequest, DistrictConsoleResponse, OnboardingInviteResponse, RedeemInviteRequest,
  RedeemInviteResponse, SchoolResponse, SchoolSetupResponse, SendTestTipResponse, StaffInviteResponse,
} from '@anxin/shared';
import { api } from './client';

const enc = encodeURIComponent;

/** Onboarding: invite codes, a school's set-up checklist and staff invitations, the district console. */
export const onboardingApi = {
  /** Any staff invite code (a district officer's, a school's first administrator's, or a school's own). */
  redeem: (body: RedeemInviteRequest) => api.post<RedeemInviteResponse>('/onboarding/redeem', body),
  schoolSetup: (schoolId: string) => api.get<SchoolSetupResponse>(`/schools/${enc(schoolId)}/setup`),
  staffInvite: (schoolId: string, body: CreateStaffInviteRequest) => api.post<StaffInviteResponse>(`/schools/${enc(schoolId)}/staff-invites`, body),
  districtSetup: (districtId: string) => api.get<DistrictConsoleResponse>(`/districts/${enc(districtId)}/setup`),
  createSchool: (districtId: string, body: CreateDistrictSchoolRequest) => api.post<SchoolResponse>(`/districts/${enc(districtId)}/schools`, body),
  adminInvite: (schoolId: string) => api.post<OnboardingInviteResponse>(`/schools/${enc(schoolId)}/admin-invites`),
  principalInvite: (schoolId: string) => api.post<StaffInviteResponse>(`/schools/${enc(schoolId)}/principal-invites`),
  /** 测试举报: the checklist's test of the tip box (admin or principal; one waiting for the contact at a time). */
  sendTestTip: (schoolId: string) => api.post<SendTestTipResponse>(`/schools/${enc(schoolId)}/test-tips`),
};
