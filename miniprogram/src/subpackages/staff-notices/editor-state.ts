import {
  formatDateTime, fromShanghaiParts, NOTICE_LIMITS, NOTICE_LINK_PAGES, validateNoticeBody,
  type NoticeAudienceScope, type NoticeBlockType, type NoticeBody, type NoticeConfirmMode, type NoticeDraftRequest, type NoticeKind,
  type NoticeLinkPage, type NoticeQuestionKind, type NoticeSpan, type NoticeStaffDetail,
} from '@anxin/shared';

/**
 * The staff editor's state and every change made to it, without any page around it (so it can be tested): the
 * notice's fields, and its body as blocks of plain text the author types. A paragraph or list item carries two
 * marks that become the body's spans: `**加粗**` for bold and `[文字](倾诉信箱)` for a link to a page of the app
 * (by its label in NOTICE_LINK_PAGES). A list holds one item per line. A picture block names one of the draft's
 * attached pictures, its text being the caption. `toDraftRequest` turns the state into what the server stores, with the
 * problems that keep it from being saved.
 */

export interface EditorBlock {
  /** Stable across edits (React key). */
  key: string;
  type: NoticeBlockType;
  text: string;
  /** A picture block: the attached picture it shows (its text is the caption). */
  attachmentId?: string;
}

export interface EditorQuestion {
  kind: NoticeQuestionKind;
  prompt: string;
  options: string[];
}

export interface EditorState {
  kind: NoticeKind;
  title: string;
  blocks: EditorBlock[];
  confirmMode: NoticeConfirmMode;
  question: EditorQuestion | null;
  /** Asia/Shanghai wall clock (`YYYY-MM-DD`, `HH:MM`); null: no confirm deadline. */
  deadline: { date: string; time: string } | null;
  audience: { scope: NoticeAudienceScope; ids: string[] };
}

export type EditorAction =
  | { type: 'set'; patch: Partial<Pick<EditorState, 'kind' | 'title' | 'confirmMode' | 'deadline'>> }
  | { type: 'addBlock'; block: NoticeBlockType }
  | { type: 'setText'; key: string; text: string }
  | { type: 'removeBlock'; key: string }
  | { type: 'moveBlock'; key: string; by: -1 | 1 }
  | { type: 'setScope'; scope: NoticeAudienceScope }
  | { type: 'toggleAudience'; id: string }
  | { type: 'setQuestion'; question: EditorQuestion | null }
  | { type: 'setOption'; index: number; text: string }
  | { type: 'addOption' }
  | { type: 'removeOption'; index: number }
  | { type: 'load'; state: EditorState }
  /** A picture just attached to the draft, shown as a block at the end of the body. */
  | { type: 'addImage'; attachmentId: string }
  /** Every block showing this picture (before the picture itself is removed from the draft). */
  | { type: 'removeImages'; attachmentId: string };

export const BLOCK_LABELS: Record<NoticeBlockType, string> = { heading: '小标题', paragraph: '段落', bulleted: '项目列表', numbered: '编号列表', image: '图片' };

/** What the 加粗 button puts in when nothing is chosen. */
export const BOLD_PLACEHOLDER = '加粗文字';

export function emptyEditor(audience: EditorState['audience']): EditorState {
  return {
    kind: 'letter', title: '', blocks: [{ key: 'b1', type: 'paragraph', text: '' }], confirmMode: 'confirm', question: null, deadline: null, audience,
  };
}

function nextKey(blocks: EditorBlock[]): string {
  const n = blocks.reduce((max, b) => Math.max(max, Number(b.key.slice(1)) || 0), 0);
  return `b${n + 1}`;
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'set':
      return { ...state, ...action.patch };
    case 'addBlock':
      return { ...state, blocks: [...state.blocks, { key: nextKey(state.blocks), type: action.block, text: '' }] };
    case 'setText':
      return { ...state, blocks: state.blocks.map((b) => (b.key === action.key ? { ...b, text: b.type === 'heading' || b.type === 'image' ? action.text.replace(/\n/g, ' ') : action.text } : b)) };
    case 'removeBlock': {
      const blocks = state.blocks.filter((b) => b.key !== action.key);
      return { ...state, blocks: blocks.length ? blocks : [{ key: nextKey(state.blocks), type: 'paragraph', text: '' }] };
    }
    case 'moveBlock': {
      const i = state.blocks.findIndex((b) => b.key === action.key);
      const j = i + action.by;
      if (i < 0 || j < 0 || j >= state.blocks.length) return state;
      const blocks = [...state.blocks];
      [blocks[i], blocks[j]] = [blocks[j], blocks[i]];
      return { ...state, blocks };
    }
    case 'setScope':
      return state.audience.scope === action.scope ? state : { ...state, audience: { scope: action.scope, ids: [] } };
    case 'toggleAudience': {
      const ids = state.audience.ids.includes(action.id) ? state.audience.ids.filter((x) => x !== action.id) : [...state.audience.ids, action.id];
      return { ...state, audience: { ...state.audience, ids } };
    }
    case 'setQuestion':
      return { ...state, question: action.question };
    case 'setOption':
      return state.question ? { ...state, question: { ...state.question, options: state.question.options.map((o, i) => (i === action.index ? action.text : o)) } } : state;
    case 'addOption':
      return state.question && state.question.options.length < NOTICE_LIMITS.questionOptionsMax
        ? { ...state, question: { ...state.question, options: [...state.question.options, ''] } }
        : state;
    case 'removeOption':
      return state.question ? { ...state, question: { ...state.question, options: state.question.options.filter((_, i) => i !== action.index) } } : state;
    case 'load':
      return action.state;
    case 'addImage':
      return { ...state, blocks: [...state.blocks, { key: nextKey(state.blocks), type: 'image', text: '', attachmentId: action.attachmentId }] };
    case 'removeImages': {
      const blocks = state.blocks.filter((b) => b.attachmentId !== action.attachmentId);
      return blocks.length === state.blocks.length ? state : { ...state, blocks: blocks.length ? blocks : [{ key: nextKey(state.blocks), type: 'paragraph', text: '' }] };
    }
  }
}

// ---- the two marks: **bold** and [text](page) -------------------------------------------------------

const LINK_BY_LABEL = new Map<string, NoticeLinkPage>(
  (Object.entries(NOTICE_LINK_PAGES) as [NoticeLinkPage, string][]).flatMap(([page, label]) => [[label, page], [page, page]]),
);
const MARK = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^)\n]+)\)/g;
const LINK_ONLY = /\[([^\]\n]+)\]\(([^)\n]+)\)/g;

function pushSpan(out: NoticeSpan[], span: NoticeSpan): void {
  if (!span.text) return;
  const last = out[out.length - 1];
  if (last && !last.link && !span.link && !!last.bold === !!span.bold) last.text += span.text;
  else out.push(span);
}

function parseLinks(text: string, bold: boolean, out: NoticeSpan[]): void {
  let at = 0;
  for (const m of text.matchAll(LINK_ONLY)) {
    const page = LINK_BY_LABEL.get(m[2].trim());
    if (!page) continue;
    pushSpan(out, { text: text.slice(at, m.index), ...(bold ? { bold: true } : {}) });
    pushSpan(out, { text: m[1], ...(bold ? { bold: true } : {}), link: page });
    at = m.index! + m[0].length;
  }
  pushSpan(out, { text: text.slice(at), ...(bold ? { bold: true } : {}) });
}

/** A run of spaces between two marks joins the run before it (the server refuses a span with no visible text). */
function foldBlank(spans: NoticeSpan[]): NoticeSpan[] {
  const out: NoticeSpan[] = [];
  let carry = '';
  for (const s of spans) {
    if (!s.text.trim()) {
      if (out.length) out[out.length - 1].text += s.text;
      else carry += s.text;
      continue;
    }
    out.push(carry ? { ...s, text: carry + s.text } : s);
    carry = '';
  }
  return out;
}

/** The spans a line of the editor stands for. A mark that names no page of the app stays as typed. */
export function parseInline(text: string): NoticeSpan[] {
  const out: NoticeSpan[] = [];
  let at = 0;
  for (const m of text.matchAll(MARK)) {
    if (m[1] !== undefined) {
      parseLinks(text.slice(at, m.index), false, out);
      parseLinks(m[1], true, out);
      at = m.index! + m[0].length;
    }
  }
  parseLinks(text.slice(at), false, out);
  return foldBlank(out);
}

/** The editor text of some spans (the inverse of parseInline). */
export function inlineText(spans: NoticeSpan[]): string {
  return spans.map((s) => {
    const text = s.link ? `[${s.text}](${NOTICE_LINK_PAGES[s.link] ?? s.link})` : s.text;
    return s.bold ? `**${text}**` : text;
  }).join('');
}

/** Inserts `**加粗文字**` (or bolds `selected`) at the cursor; returns the new text and where the cursor goes. */
export function insertBold(text: string, cursor: number, selected = ''): { text: string; cursor: number } {
  const at = Math.max(0, Math.min(cursor, text.length));
  const inner = selected || BOLD_PLACEHOLDER;
  const rest = selected && text.slice(at, at + selected.length) === selected ? text.slice(at + selected.length) : text.slice(at);
  return { text: `${text.slice(0, at)}**${inner}**${rest}`, cursor: at + inner.length + 4 };
}

/** Inserts a link to a page of the app (`[倾诉信箱](倾诉信箱)`) at the cursor. */
export function insertLink(text: string, cursor: number, page: NoticeLinkPage): { text: string; cursor: number } {
  const at = Math.max(0, Math.min(cursor, text.length));
  const label = NOTICE_LINK_PAGES[page];
  const mark = `[${label}](${label})`;
  return { text: `${text.slice(0, at)}${mark}${text.slice(at)}`, cursor: at + mark.length };
}

/** A list item the author numbered or bulleted by hand loses that marker (the list draws its own). */
const HAND_MARKER = /^(?:\d{1,2}[.、)）]|[•·-])\s*/;

/** The body the blocks stand for; empty blocks and empty list lines are left out. */
export function toNoticeBody(blocks: EditorBlock[]): NoticeBody {
  const out: NoticeBody['blocks'] = [];
  for (const b of blocks) {
    if (b.type === 'heading') {
      const text = b.text.replace(/\s+/g, ' ').trim();
      if (text) out.push({ type: 'heading', text });
    } else if (b.type === 'image') {
      const caption = b.text.replace(/\s+/g, ' ').trim();
      if (b.attachmentId) out.push({ type: 'image', attachmentId: b.attachmentId, ...(caption ? { caption } : {}) });
    } else if (b.type === 'paragraph') {
      const text = b.text.replace(/^\n+|\s+$/g, '');
      if (text.trim()) out.push({ type: 'paragraph', spans: parseInline(text) });
    } else {
      const items = b.text.split('\n').map((l) => l.trim().replace(HAND_MARKER, '').trim()).filter(Boolean).map(parseInline).filter((s) => s.length);
      if (items.length) out.push({ type: b.type, items });
    }
  }
  return { version: 1, blocks: out };
}

export function fromNoticeBody(body: NoticeBody): EditorBlock[] {
  const blocks = body.blocks.map((b, i): EditorBlock => {
    const key = `b${i + 1}`;
    if (b.type === 'heading') return { key, type: 'heading', text: b.text };
    if (b.type === 'paragraph') return { key, type: 'paragraph', text: inlineText(b.spans) };
    if (b.type === 'image') return { key, type: 'image', text: b.caption ?? '', attachmentId: b.attachmentId };
    return { key, type: b.type, text: b.items.map(inlineText).join('\n') };
  });
  return blocks.length ? blocks : [{ key: 'b1', type: 'paragraph', text: '' }];
}

/** A Shanghai wall-clock date and time as the instant it names (ISO); null when either is malformed. */
export function shanghaiInstant(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  return fromShanghaiParts({ year: Number(d[1]), month: Number(d[2]), day: Number(d[3]), hour: Number(t[1]), minute: Number(t[2]) }).toISOString();
}

/** The Shanghai wall-clock date and time of an instant (for the pickers). */
export function shanghaiWallClock(at: string | Date): { date: string; time: string } {
  const [date, time] = formatDateTime(at).split(' ');
  return { date, time };
}

/**
 * What the server stores for this state, or the problems (Chinese, in the order the form shows them) that keep it
 * from being saved: a title, a body the server accepts (validateNoticeBody, the same check), an audience, and a
 * complete 回执 question.
 */
export function toDraftRequest(state: EditorState): { request: NoticeDraftRequest | null; problems: string[] } {
  const problems: string[] = [];
  const title = state.title.trim();
  if (!title) problems.push('请填写标题');
  else if (title.length > NOTICE_LIMITS.titleMax) problems.push(`标题最多 ${NOTICE_LIMITS.titleMax} 个字`);
  const body = toNoticeBody(state.blocks);
  problems.push(...validateNoticeBody(body));
  if (state.audience.scope !== 'school' && state.audience.ids.length === 0) {
    problems.push(state.audience.scope === 'grades' ? '请选择年级' : '请选择班级');
  }
  let question: NoticeDraftRequest['question'];
  if (state.question) {
    const prompt = state.question.prompt.trim();
    if (!prompt) problems.push('请填写回执问题');
    else if (prompt.length > NOTICE_LIMITS.questionPromptMax) problems.push(`回执问题最多 ${NOTICE_LIMITS.questionPromptMax} 个字`);
    if (state.question.kind === 'text') question = { kind: 'text', prompt };
    else {
      const options = state.question.options.map((o) => o.trim());
      if (options.some((o) => !o)) problems.push('回执选项不能为空');
      else if (new Set(options).size !== options.length) problems.push('回执选项不能重复');
      if (options.length < NOTICE_LIMITS.questionOptionsMin) problems.push(`回执问题至少要有 ${NOTICE_LIMITS.questionOptionsMin} 个选项`);
      if (options.some((o) => o.length > NOTICE_LIMITS.questionOptionMax)) problems.push(`每个选项最多 ${NOTICE_LIMITS.questionOptionMax} 个字`);
      question = { kind: state.question.kind, prompt, options };
    }
  }
  let confirmDeadline: string | undefined;
  if (state.deadline) {
    const at = shanghaiInstant(state.deadline.date, state.deadline.time);
    if (!at) problems.push('请选择确认截止时间');
    else confirmDeadline = at;
  }
  if (problems.length) return { request: null, problems };
  return {
    request: {
      kind: state.kind, title, body, confirmMode: state.confirmMode,
      ...(question ? { question } : {}), ...(confirmDeadline ? { confirmDeadline } : {}),
      audience: state.audience.scope === 'school' ? { scope: 'school' } : { scope: state.audience.scope, ids: state.audience.ids },
    },
    problems,
  };
}

/** The editor state of a saved draft. */
export function fromStaffDetail(d: NoticeStaffDetail): EditorState {
  return {
    kind: d.kind, title: d.title, blocks: fromNoticeBody(d.body), confirmMode: d.confirmMode,
    question: d.question ? { kind: d.question.kind, prompt: d.question.prompt, options: d.question.options ?? [] } : null,
    deadline: d.confirmDeadline ? shanghaiWallClock(d.confirmDeadline) : null,
    audience: { scope: d.audience.scope, ids: d.audience.ids },
  };
}
