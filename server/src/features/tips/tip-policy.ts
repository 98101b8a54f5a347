import { TIP_POLICY_DEFAULTS, TipPolicySettings } from '@anxin/shared';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When a tip's deadlines fall (defaults in docs/TIP-BOX.md, 'Routing, deadlines and escalation'), with a school's
 * overrides from `schools.settings.tips`. Values that are missing or not sensible fall back to the defaults (a typo in
 * settings must never disable a deadline). Whether a deadline was met or is overdue is decided by shared/src/tip-rules.ts.
 */
export function tipPolicy(settings: Record<string, unknown> | null | undefined): Required<TipPolicySettings> {
  const raw = (settings?.tips ?? {}) as Record<string, unknown>;
  const pos = (v: unknown, dflt: number, max: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max ? v : dflt);
  const days = Array.isArray(raw.reminderDays) && raw.reminderDays.every((d) => typeof d === 'number' && d > 0 && d < 366)
    ? [...(raw.reminderDays as number[])].sort((a, b) => a - b)
    : TIP_POLICY_DEFAULTS.reminderDays;
  return {
    ackHours: pos(raw.ackHours, TIP_POLICY_DEFAULTS.ackHours, 72),
    urgentAckMinutes: pos(raw.urgentAckMinutes, TIP_POLICY_DEFAULTS.urgentAckMinutes, 24 * 60),
    districtEscalationHours: pos(raw.districtEscalationHours, TIP_POLICY_DEFAULTS.districtEscalationHours, 24 * 14),
    investigationDays: pos(raw.investigationDays, TIP_POLICY_DEFAULTS.investigationDays, 365),
    reminderDays: days,
  };
}

/** Acknowledge by: 30 minutes when the reporter is in danger or it is still going on, else 3 hours. */
export function ackDueAt(submittedAt: Date, urgent: boolean, policy: Required<TipPolicySettings>): Date {
  return new Date(submittedAt.getTime() + (urgent ? policy.urgentAckMinutes * MINUTE : policy.ackHours * HOUR));
}

/** District escalation: a fixed time after receipt (not after the ack deadline). */
export function districtEscalationAt(submittedAt: Date, policy: Required<TipPolicySettings>): Date {
  return new Date(submittedAt.getTime() + policy.districtEscalationHours * HOUR);
}

export function investigationDueAt(acknowledgedAt: Date, policy: Required<TipPolicySettings>): Date {
  return new Date(acknowledgedAt.getTime() + policy.investigationDays * DAY);
}

/** Reminder times, only those before the deadline. */
export function reminderTimes(acknowledgedAt: Date, policy: Required<TipPolicySettings>): { day: number; at: Date }[] {
  return policy.reminderDays
    .filter((d) => d < policy.investigationDays)
    .map((day) => ({ day, at: new Date(acknowledgedAt.getTime() + day * DAY) }));
}
