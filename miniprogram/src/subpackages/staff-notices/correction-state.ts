import {
  NOTICE_CORRECTION_LIMITS, stripCorrectionPrefix, type NoticeCorrectionRequest, type NoticeStaffDetail,
} from '@anxin/shared';
import { fromStaffDetail, toDraftRequest, type EditorState } from './editor-state';

/**
 * 发布更正: the corrected notice is written in the same editor as a draft, starting from what was published (the
 * title without 【更正】, which the server puts back once; a confirm deadline only if it is still ahead). The audience
 * is the original's and is not chosen. `toCorrectionRequest` adds the note of what changed, which guardians read
 * above the corrected text.
 */
export function fromPublished(d: NoticeStaffDetail, now: Date): EditorState {
  const state = fromStaffDetail(d);
  const deadlineAhead = d.confirmDeadline && new Date(d.confirmDeadline).getTime() > now.getTime();
  return { ...state, title: stripCorrectionPrefix(d.title), deadline: deadlineAhead ? state.deadline : null };
}

/** What the server takes for this state and note, or the problems (Chinese, in the form's order) that keep it from being sent. */
export function toCorrectionRequest(state: EditorState, note: string): { request: NoticeCorrectionRequest | null; problems: string[] } {
  const draft = toDraftRequest(state);
  const problems = [...draft.problems];
  const text = note.trim();
  if (!text) problems.push('请说明更正了什么（家长会看到这段说明）');
  else if (text.length > NOTICE_CORRECTION_LIMITS.noteMax) problems.push(`更正说明最多 ${NOTICE_CORRECTION_LIMITS.noteMax} 个字`);
  if (!draft.request || problems.length) return { request: null, problems };
  const { title, body, confirmMode, question, confirmDeadline } = draft.request;
  return { request: { title, body, confirmMode, ...(question ? { question } : {}), ...(confirmDeadline ? { confirmDeadline } : {}), note: text }, problems };
}
