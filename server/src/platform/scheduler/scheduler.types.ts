import type { EntityManager } from 'typeorm';

/**
 * The contract of the deadline scheduler (Foundation 3/3): "do `action` for `subject` at `dueAt`", fired
 * exactly once across any number of workers, polled by the worker, with the injectable Clock.
 */
export interface ScheduledAction {
  /** Handler name, e.g. 'tip.ack_deadline', 'tip.district_escalation', 'tip.investigation_reminder'. */
  action: string;
  subjectType: string;
  subjectId: string;
  schoolId: string | null;
  dueAt: Date;
  payload?: Record<string, unknown>;
  /** One pending action per key: scheduling the same key again is a no-op. */
  dedupeKey: string;
}

export interface DueAction extends ScheduledAction {
  id: string;
}

/**
 * A handler runs inside the transaction that marks the action fired: its writes (state change, audit
 * entry, outbox rows) commit together with "fired", or not at all and the action is retried.
 */
export type ScheduledActionHandler = (manager: EntityManager, action: DueAction) => Promise<void>;

export interface DeadlineScheduler {
  schedule(manager: EntityManager, action: ScheduledAction): Promise<void>;
  /** Cancel pending actions of a subject (e.g. the tip was acknowledged): they will not fire. */
  cancel(manager: EntityManager, subjectType: string, subjectId: string, action?: string): Promise<void>;
  registerHandler(action: string, handler: ScheduledActionHandler): void;
}
