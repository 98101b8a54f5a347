import { useEffect, useState } from 'react';
import { TIP_ALERT_KINDS, TIP_ALERT_LOW_CREDITS, type SubscriptionState, type SubscriptionTemplate } from '@anxin/shared';
import { subscriptionsApi } from '../../../api/subscriptions';
import { askConsent, pickTemplates, stateOf } from '../../../state/consent';

export interface TipAlertTopUp {
  /**
   * Call first thing in the tap that acknowledges a tip: when the user's new-tip alerts are running low
   * (GET /me/subscriptions), opens WeChat's consent dialog once (the h5 build simulates it) and reports the answer.
   * Returns null when there is nothing to ask (enough credits, long-term consent, already asked on this page).
   */
  askIfLow: () => Promise<void> | null;
  /** What came of asking, for the page to say. */
  note: string | null;
}

/** Whether new-tip alerts are running low: one-time credits below TIP_ALERT_LOW_CREDITS and no long-term consent. */
export function tipAlertsLow(states: SubscriptionState[] | null): boolean {
  const s = stateOf(states, TIP_ALERT_KINDS[0]);
  return !!s && !s.longTerm && s.credits < TIP_ALERT_LOW_CREDITS;
}

/**
 * Asking a case handler again for tip alerts after they acknowledge a tip (each one-time 允许 allows one alert).
 * `enabled`: the page shows an unacknowledged tip this user may acknowledge; only then are the catalogue and the
 * user's credits loaded, so the tap can open the dialog at once.
 */
export function useTipAlertTopUp(enabled: boolean): TipAlertTopUp {
  const [catalogue, setCatalogue] = useState<SubscriptionTemplate[] | null>(null);
  const [states, setStates] = useState<SubscriptionState[] | null>(null);
  const [asked, setAsked] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled || catalogue) return;
    subscriptionsApi.templates().then(setCatalogue, () => setCatalogue([]));
    subscriptionsApi.mine().then(setStates, () => setStates(null));
  }, [enabled]);

  const askIfLow = () => {
    if (asked || !catalogue || !tipAlertsLow(states)) return null;
    const templates = pickTemplates(catalogue, [...TIP_ALERT_KINDS]);
    if (!templates.length) return null;
    setAsked(true);
    return askConsent(templates).then(
      (outcome) => {
        if (outcome.kind === 'unavailable') {
          setNote('未能打开订阅提醒：新举报仍会出现在「消息」里。可在微信「设置 → 通知」中允许本小程序发送消息。');
          return;
        }
        setStates(outcome.states);
        const s = stateOf(outcome.states, TIP_ALERT_KINDS[0]);
        setNote(outcome.results.some((r) => r.result === 'accept')
          ? `新举报提醒：${s?.longTerm ? '已长期开启' : `还可收到 ${s?.credits ?? 0} 次`}。`
          : '你没有允许新举报提醒：新举报只会出现在「消息」里，微信不会提醒你。可在工作台重新开启。');
      },
      () => setNote('提醒设置没有保存，请稍后在工作台重新开启。'),
    );
  };
  return { askIfLow, note };
}
