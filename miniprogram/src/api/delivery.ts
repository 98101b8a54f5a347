import type { DeliveryAlert, Page } from '@anxin/shared';
import { api } from './client';

const enc = encodeURIComponent;

/** Delivery health for school admins: alerts about messages WeChat did not deliver, and a test message. */
export const deliveryApi = {
  alerts: (schoolId: string) => api.get<Page<DeliveryAlert>>(`/schools/${enc(schoolId)}/delivery-alerts`),
  sendTest: (schoolId: string) => api.post<{ dedupeKey: string }>(`/schools/${enc(schoolId)}/delivery-test`),
};
