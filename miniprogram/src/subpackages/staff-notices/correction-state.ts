import {
  NOTICE_CORRECTION_LIMITS, stripCorrectionPrefix, type NoticeAttachment, type NoticeCorrectionRequest, type NoticeStaffDetail,
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

/**
 * The corrected notice's files the correction carries: all of them to begin with (`keptAttachments`), each unticked
 * by the author except a picture the body still shows (`toggleKept` says so instead, as the server would refuse it).
 */
export function keptAttachments(files: NoticeAttachment[]): string[] {
  return files.map((a) => a.id);
}

/** `kept` with `id` ticked or unticked, or the reason it stays (a picture shown in the body). */
export function toggleKept(state: EditorState, kept: string[], id: string): { kept: string[]; refused: string | null } {
  if (!kept.includes(id)) return { kept: [...kept, id], refused: null };
  if (state.blocks.some((b) => b.type === 'image' && b.attachmentId === id)) return { kept, refused: '正文中还在显示这张图片，请先从正文中删除它' };
  return { kept: kept.filter((k) => k !== id), refused: null };
}

/**
 * What the server takes for this state, note and kept files (`keep`: ids of the corrected notice's files; left out,
 * the server keeps them all), or the problems (Chinese, in the form's order) that keep it from being sent.
 */
export function toCorrectionRequest(state: EditorState, note: string, keep?: string[]): { request: NoticeCorrectionRequest | null; problems: string[] } {
  const draft = toDraftRequest(state);
  const problems = [...draft.problems];
  const text = note.trim();
  if (!text) problems.push('请说明更正了什么（家长会看到这段说明）');
  else if (text.length > NOTICE_CORRECTION_LIMITS.noteMax) problems.push(`更正说明最多 ${NOTICE_CORRECTION_LIMITS.noteMax} 个字`);
  if (keep && state.blocks.some((b) => b.type === 'image' && b.attachmentId && !keep.includes(b.attachmentId))) {
    problems.push('正文中的图片需要保留在附件中');
  }
  if (!draft.request || problems.length) return { request: null, problems };
  const { title, body, confirmMode, question, confirmDeadline } = draft.request;
  return {
    request: {
      title, body, confirmMode, ...(question ? { question } : {}), ...(confirmDeadline ? { confirmDeadline } : {}), note: text, ...(keep ? { keepAttachmentIds: keep } : {}),
    },
    problems,
  };
}
