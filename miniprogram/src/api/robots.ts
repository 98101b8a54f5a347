import type {
  CreateRobotRequest, GradeResponse, RobotListResponse, RobotResponse, RobotSettings, UpdateRobotRequest,
} from '@anxin/shared';
import { api, request } from './client';

const enc = encodeURIComponent;
const base = (schoolId: string) => `/schools/${enc(schoolId)}`;

/** WeCom group robots of a school (school admin, principal): register, list (keys masked), test, switch off, delete. */
export const robotsApi = {
  list: (schoolId: string) => api.get<RobotListResponse>(`${base(schoolId)}/robots`),
  create: (schoolId: string, body: CreateRobotRequest) => api.post<RobotResponse>(`${base(schoolId)}/robots`, body),
  update: (schoolId: string, robotId: string, body: UpdateRobotRequest) =>
    request<RobotResponse>('PATCH', `${base(schoolId)}/robots/${enc(robotId)}`, { body }),
  remove: (schoolId: string, robotId: string) => request<void>('DELETE', `${base(schoolId)}/robots/${enc(robotId)}`),
  /** Queues a test message (202); `lastTest` of the answer is `queued` until the worker has sent it. */
  test: (schoolId: string, robotId: string) => api.post<RobotResponse>(`${base(schoolId)}/robots/${enc(robotId)}/test`),
  /** Whether letters and notices also go to the robots (urgent warnings always do). */
  settings: (schoolId: string, body: RobotSettings) => request<RobotSettings>('PUT', `${base(schoolId)}/robot-settings`, { body }),
  grades: (schoolId: string) => api.get<GradeResponse[]>(`${base(schoolId)}/grades`),
};
