import { useState } from 'react';
import Taro from '@tarojs/taro';
import { ErrorCode, type TipDetail } from '@anxin/shared';
import { ApiError, errorText } from '../../../api/client';
import { toast } from '../../../components/Screen';

/** The buttons of the case page that change something; each shows its own error beside it. */
export type CaseAction = 'ack' | 'reply' | 'status' | 'severity' | 'labels' | 'measures' | 'handover' | 'report' | 'reopen';

export interface CaseActions {
  /** The action running now (every button waits for it), or null. */
  busy: CaseAction | null;
  errors: Partial<Record<CaseAction, string>>;
  /** Shows `text` beside the button of `action` (a check before sending, e.g. a missing outcome). */
  fail: (action: CaseAction, text: string) => void;
  /**
   * Runs `work` for `action`: the tip it answers is shown (else the page reloads), `done` is toasted. A failure is
   * written beside that action's button; a 409 (someone changed the tip first) also reloads the tip and says so in a
   * dialog, since the button may be far down a long page.
   */
  run: (action: CaseAction, work: () => Promise<TipDetail | void>, done?: string) => Promise<boolean>;
}

export function useCaseActions(show: (t: TipDetail) => void, reload: () => Promise<void>): CaseActions {
  const [busy, setBusy] = useState<CaseAction | null>(null);
  const [errors, setErrors] = useState<Partial<Record<CaseAction, string>>>({});
  const fail = (action: CaseAction, text: string) => setErrors((e) => ({ ...e, [action]: text }));
  const run = async (action: CaseAction, work: () => Promise<TipDetail | void>, done?: string): Promise<boolean> => {
    setBusy(action);
    setErrors((e) => ({ ...e, [action]: undefined }));
    try {
      const next = await work();
      if (next) show(next);
      else await reload();
      if (done) toast(done, 'success');
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const text = e.code === ErrorCode.TIP_VERSION_CONFLICT
          ? '这条举报刚刚被其他老师修改过，已为你刷新为最新内容。请确认后再操作。'
          : `${e.message.replace(/[。.]$/, '')}。已为你刷新为最新内容。`;
        fail(action, text);
        await reload();
        void Promise.resolve(Taro.showModal({ title: '有人刚刚修改了这条举报', content: text, showCancel: false, confirmText: '知道了' })).catch(() => undefined);
      } else {
        fail(action, errorText(e));
      }
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { busy, errors, fail, run };
}
