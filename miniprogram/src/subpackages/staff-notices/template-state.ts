import type { NoticeTemplate } from '@anxin/shared';
import { fromNoticeBody, type EditorState } from './editor-state';

/**
 * 从模板开始: the editor state of a template (kind, title, body, what guardians are asked), addressed to the
 * audience the author had chosen. The editor then saves it as a new draft, which the author edits before publishing.
 */
export function fromTemplate(t: NoticeTemplate, audience: EditorState['audience']): EditorState {
  return {
    kind: t.kind, title: t.title, blocks: fromNoticeBody(t.body), confirmMode: t.confirmMode,
    question: t.question ? { kind: t.question.kind, prompt: t.question.prompt, options: t.question.options ?? [] } : null,
    deadline: null, audience,
  };
}
