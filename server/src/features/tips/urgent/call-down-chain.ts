import type { EntityManager } from 'typeorm';
import { dutyShiftCovers, URGENT_CONTACT_KIND_LABELS } from '@anxin/shared';
import { CryptoService } from '../../../platform/crypto/crypto.service';
import { designatedContactId } from '../../tenancy/designated-contact';
import type { SchoolEntity } from '../../tenancy/school.entity';
import { DistrictDutyPhoneEntity, DutyShiftEntity, UrgentContactEntity } from './urgent-settings.entity';

/** One person of a call-down's chain, as fixed when it starts (kept encrypted with the call-down). */
export interface CallDownTarget {
  label: string;
  phone: string | null;
  userId: string | null;
}

export const contactPhoneAad = (id: string) => `urgent_contacts:${id}:phone`;
export const shiftPhoneAad = (id: string) => `urgent_duty_shifts:${id}:phone`;
export const districtPhoneAad = (districtId: string) => `district_duty_phones:${districtId}:phone`;

/**
 * Who a call-down rings, in order: whoever is on duty now (the school's roster, Asia/Shanghai), then the school's
 * urgent list (or, when the school has none, the designated contact's public phone), then the district duty phone.
 */
export async function callDownChain(m: EntityManager, crypto: CryptoService, school: SchoolEntity, now: Date): Promise<CallDownTarget[]> {
  const out: CallDownTarget[] = [];
  const shifts = await m.find(DutyShiftEntity, { where: { schoolId: school.id }, order: { position: 'ASC' } });
  for (const s of shifts) {
    const covers = dutyShiftCovers({ weekdays: s.weekdays ? s.weekdays.split(',').map(Number) : [], date: s.day, start: s.startTime, end: s.endTime }, now);
    if (!covers) continue;
    out.push({ label: `值班：${s.name}`, phone: await crypto.decryptText(s.phoneEnc, shiftPhoneAad(s.id), m), userId: s.userId });
  }
  const contacts = await m.find(UrgentContactEntity, { where: { schoolId: school.id }, order: { position: 'ASC' } });
  for (const c of contacts) {
    out.push({ label: `${URGENT_CONTACT_KIND_LABELS[c.kind]}：${c.name}`, phone: await crypto.decryptText(c.phoneEnc, contactPhoneAad(c.id), m), userId: c.userId });
  }
  if (contacts.length === 0 && school.contactPhone) {
    out.push({ label: `${URGENT_CONTACT_KIND_LABELS.contact}：${school.contactName ?? ''}`, phone: school.contactPhone, userId: await designatedContactId(m, school) });
  }
  const district = await m.findOne(DistrictDutyPhoneEntity, { where: { districtId: school.districtId } });
  const districtPhone = district ? crypto.openForDelivery(district.phoneEnc, districtPhoneAad(district.districtId)) : null;
  if (district && districtPhone) out.push({ label: `区县值班：${district.name}`, phone: districtPhone, userId: null });
  // The same phone twice in a row (the contact also on duty tonight) is rung once.
  return out.filter((t, i) => i === 0 || !t.phone || t.phone !== out[i - 1].phone);
}

/**
 * What tick `tick` does: with telephony, tick 0 is person 0's SMS, tick 1 their call, tick k ≥ 2 person k − 1's SMS and
 * call. A person whose number takes no SMS (a landline: `smsOk` false) is called instead: person 0 at tick 0 at once,
 * and tick 1 has nothing to do (no channels: the chain goes straight on to the next person).
 */
export function planTick(tick: number, telephony: boolean, smsOk = true): { targetIndex: number; channels: ('sms' | 'voice' | 'wechat')[] } {
  if (!telephony) return { targetIndex: tick, channels: ['wechat'] };
  if (tick === 0) return { targetIndex: 0, channels: [smsOk ? 'sms' : 'voice'] };
  if (tick === 1) return { targetIndex: 0, channels: smsOk ? ['voice'] : [] };
  return { targetIndex: tick - 1, channels: smsOk ? ['sms', 'voice'] : ['voice'] };
}
