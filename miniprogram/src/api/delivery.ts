import type { DeliveryAlert, DeliveryStats, Page, SchoolReach } from '@anxin/shared';
import { api } from './client';

const enc = encodeURIComponent;

/**
 * Delivery for school admins: alerts about messages WeChat did not deliver (and a designated contact WeChat cannot
 * reach), how each kind of message went out (WeChat, group robot, inbox only, and why), whether the staff who get
 * tip alerts have them on, and a test message.
 */
export const deliveryApi = {
  alerts: (schoolId: string) => api.get<Page<DeliveryAlert>>(`/schools/${enc(schoolId)}/delivery-alerts`),
  stats: (schoolId: string, days = 30) => api.get<DeliveryStats>(`/schools/${enc(schoolId)}/delivery-stats`, { days }),
  reach: (schoolId: string) => api.get<SchoolReach>(`/schools/${enc(schoolId)}/reach`),
  sendTest: (schoolId: string) => api.post<{ dedupeKey: string }>(`/schools/${enc(schoolId)}/delivery-test`),
};
