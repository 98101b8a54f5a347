import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { SubscriptionReportItem, SubscriptionResult, SubscriptionState, SubscriptionTemplate } from '@anxin/shared';
import { clientConfig } from '../api/client';
import { subscriptionsApi } from '../api/subscriptions';

/**
 * Asking WeChat for subscription consent (订阅消息). Rules WeChat enforces, kept here in one place:
 * - `requestSubscribeMessage` works only inside a tap: the catalogue is loaded before (useConsentCatalogue), and
 *   the tap handler calls `askConsent` first thing, with nothing awaited before the dialog opens;
 * - one dialog per tap, never in a loop, at most 3 templates;
 * - one-time and long-term templates never share a dialog (WeChat refuses the call with 20002).
 * In the browser (h5 demo) a small confirm sheet stands in for WeChat's dialog. Every answer goes to the server,
 * which keeps the credits.
 */

export const MAX_TEMPLATES_PER_DIALOG = 3;

/** The catalogue entries for `kinds`, of one mode only (the first kind's), without duplicates, at most 3. */
export function pickTemplates(catalogue: SubscriptionTemplate[], kinds: string[]): SubscriptionTemplate[] {
  const wanted = kinds.map((k) => catalogue.find((t) => t.kind === k)).filter((t): t is SubscriptionTemplate => !!t);
  if (!wanted.length) return [];
  const mode = wanted[0].mode;
  const out: SubscriptionTemplate[] = [];
  for (const t of wanted) {
    if (t.mode === mode && !out.some((o) => o.templateId === t.templateId)) out.push(t);
  }
  return out.slice(0, MAX_TEMPLATES_PER_DIALOG);
}

const RESULTS: SubscriptionResult[] = ['accept', 'reject', 'ban', 'filter'];

/** WeChat's answer `{ errMsg, [templateId]: 'accept' | … }` → the results to report (unknown values dropped). */
export function resultsOf(templates: SubscriptionTemplate[], answer: Record<string, unknown>): SubscriptionReportItem[] {
  return templates
    .filter((t) => RESULTS.includes(answer[t.templateId] as SubscriptionResult))
    .map((t) => ({ templateId: t.templateId, result: answer[t.templateId] as SubscriptionResult }));
}

/** The h5 stand-in for WeChat's dialog: one confirm sheet for the templates; 允许 accepts all, 取消 rejects all. */
async function simulatedDialog(templates: SubscriptionTemplate[]): Promise<Record<string, unknown>> {
  const res = await Taro.showModal({
    title: '订阅消息（模拟微信授权）',
    content: templates.map((t) => t.description).join('\n'),
    confirmText: '允许',
    cancelText: '取消',
  });
  return Object.fromEntries(templates.map((t) => [t.templateId, res.confirm ? 'accept' : 'reject']));
}

export type ConsentOutcome =
  | { kind: 'answered'; results: SubscriptionReportItem[]; states: SubscriptionState[] }
  /** WeChat did not show the dialog (e.g. the user turned off all subscribe messages in settings). */
  | { kind: 'unavailable' };

/**
 * Call from a tap handler. Opens one consent dialog for `templates` (pick them with pickTemplates) and reports
 * the answers to the server. Rejects only when reporting fails.
 */
export async function askConsent(templates: SubscriptionTemplate[]): Promise<ConsentOutcome> {
  if (!templates.length) return { kind: 'unavailable' };
  let answer: Record<string, unknown>;
  if (clientConfig.platform === 'weapp') {
    try {
      answer = (await Taro.requestSubscribeMessage({ tmplIds: templates.map((t) => t.templateId) } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, unknown>;
    } catch {
      return { kind: 'unavailable' };
    }
  } else {
    answer = await simulatedDialog(templates);
  }
  const results = resultsOf(templates, answer);
  if (!results.length) return { kind: 'unavailable' };
  const states = await subscriptionsApi.report(results);
  return { kind: 'answered', results, states };
}

/** The catalogue and the user's states, loaded when the page opens (so a tap can open the dialog at once). */
export function useConsentCatalogue(): { catalogue: SubscriptionTemplate[] | null; states: SubscriptionState[] | null; setStates: (s: SubscriptionState[]) => void } {
  const [catalogue, setCatalogue] = useState<SubscriptionTemplate[] | null>(null);
  const [states, setStates] = useState<SubscriptionState[] | null>(null);
  useEffect(() => {
    subscriptionsApi.templates().then(setCatalogue, () => setCatalogue([]));
    subscriptionsApi.mine().then(setStates, () => setStates([]));
  }, []);
  return { catalogue, states, setStates };
}

/** The state of one kind, or null while loading / unknown. */
export function stateOf(states: SubscriptionState[] | null, kind: string): SubscriptionState | null {
  return states?.find((s) => s.kind === kind) ?? null;
}
