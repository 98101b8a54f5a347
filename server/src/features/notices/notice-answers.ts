import { ErrorCode, type NoticeAnswer, type NoticeQuestion } from '@anxin/shared';
import { AppException } from '../../platform/common/errors/app.exception';

/** What a guardian's answer and signature are bound to when encrypted (the receipt they belong to). */
export const answerAad = (receiptId: string) => `notice_receipt:${receiptId}:answer`;
export const signatureAad = (receiptId: string) => `notice_signature:${receiptId}`;

/** `,0,2,` for choices 0 and 2 (sorted, unique): stored so that each option can be counted with LIKE. */
export function encodeChoices(choices: number[]): string {
  return `,${[...new Set(choices)].sort((a, b) => a - b).join(',')},`;
}

export function decodeChoices(s: string | null): number[] | undefined {
  return s ? s.split(',').filter(Boolean).map(Number) : undefined;
}

/** The answer must fit the question: one choice, several distinct choices, or text. */
export function checkAnswer(question: NoticeQuestion | null, answer: NoticeAnswer): { choices: number[] | null; text: string | null } {
  const invalid = (message: string) => AppException.unprocessable(ErrorCode.NOTICE_ACK_INVALID, message);
  if (!question) throw invalid('这条通知没有回执问题');
  if (question.kind === 'text') {
    if (answer.choices !== undefined || !answer.text) throw invalid('请填写文字回答');
    return { choices: null, text: answer.text };
  }
  const choices = answer.choices;
  if (answer.text !== undefined || !choices || !choices.length) throw invalid('请选择回执问题的选项');
  if (choices.some((c) => c >= (question.options?.length ?? 0))) throw invalid('所选选项不存在');
  if (new Set(choices).size !== choices.length) throw invalid('选项不能重复');
  if (question.kind === 'single' && choices.length !== 1) throw invalid('这是单选题，请只选一项');
  return { choices, text: null };
}
