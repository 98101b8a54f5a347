import Taro from '@tarojs/taro';
import {
  TIP_LIMITS, type ReporterRole, type SubmitTipRequest, type TipCategory, type TipPlace,
} from '@anxin/shared';

/**
 * The 我要倾诉/举报 form's state, kept on the device as a draft until the server has the tip.
 *
 * Idempotency: `clientKey` is made once, when the draft is created, and travels with every submission of that
 * draft. A retry after a dropped connection (the tip may already be saved) sends the same key, so the server
 * answers with the same receipt instead of making a second tip. The draft is removed only once the server
 * has answered with a receipt (or said the tip is already in, 409 TIP_ALREADY_SUBMITTED).
 */
export interface TipPhoto {
  attachmentId: string;
  /** Local path for the thumbnail (a temp file: it may be gone after a restart; the upload is not). */
  localPath: string;
}

export interface TipDraft {
  v: 1;
  clientKey: string;
  schoolId: string;
  schoolName: string;
  category: TipCategory | null;
  description: string;
  when: string;
  place: TipPlace | null;
  placeDetail: string;
  peopleInvolved: string;
  /** null until the reporter answers. */
  ongoing: boolean | null;
  reporterRole: ReporterRole | null;
  inDanger: boolean;
  photos: TipPhoto[];
  /** The reporter chose to give their name. */
  named: boolean;
  name: string;
  contact: string;
  filedByTeacher: boolean;
  updatedAt: string;
}

export type DraftKind = 'reporter' | 'teacher';
export type TipFormField = 'schoolId' | 'category' | 'description' | 'when' | 'placeDetail' | 'peopleInvolved' | 'ongoing' | 'reporterRole' | 'photos' | 'name' | 'contact';
export type TipFormErrors = Partial<Record<TipFormField, string>>;

const DRAFT_KEY: Record<DraftKind, string> = { reporter: 'anxin.tipDraft', teacher: 'anxin.tipDraft.teacher' };

/** A random idempotency key (UUID v4 shape, which the server accepts: [A-Za-z0-9_-]{16,64}). */
export function newClientKey(): string {
  const bytes = new Uint8Array(16);
  // A `typeof` guard, not globalThis: older WeChat runtimes have no Web Crypto and may lack globalThis.
  const c: { getRandomValues?: (a: Uint8Array) => Uint8Array } | undefined = typeof crypto !== 'undefined' ? crypto : undefined;
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else {
    // Mini-program runtimes without Web Crypto: Math.random mixed with the clock (a collision needs two
    // submissions to the same school with the same 122 bits).
    const t = Date.now();
    for (let i = 0; i < 16; i++) bytes[i] = (Math.floor(Math.random() * 256) ^ ((t / 2 ** (i % 6 * 8)) & 0xff)) & 0xff;
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newDraft(opts: { schoolId: string; schoolName: string; inDanger?: boolean; filedByTeacher?: boolean }): TipDraft {
  return {
    v: 1,
    clientKey: newClientKey(),
    schoolId: opts.schoolId,
    schoolName: opts.schoolName,
    category: null,
    description: '',
    when: '',
    place: null,
    placeDetail: '',
    peopleInvolved: '',
    ongoing: null,
    reporterRole: null,
    inDanger: !!opts.inDanger,
    photos: [],
    named: false,
    name: '',
    contact: '',
    filedByTeacher: !!opts.filedByTeacher,
    updatedAt: new Date().toISOString(),
  };
}

function isDraft(x: unknown): x is TipDraft {
  const d = x as TipDraft;
  return !!d && typeof d === 'object' && d.v === 1 && typeof d.clientKey === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(d.clientKey)
    && typeof d.schoolId === 'string' && typeof d.description === 'string' && Array.isArray(d.photos);
}

export function loadDraft(kind: DraftKind): TipDraft | null {
  try {
    const raw = Taro.getStorageSync(DRAFT_KEY[kind]);
    if (!raw) return null;
    const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
    return isDraft(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function saveDraft(kind: DraftKind, draft: TipDraft): void {
  try {
    Taro.setStorageSync(DRAFT_KEY[kind], JSON.stringify({ ...draft, updatedAt: new Date().toISOString() }));
  } catch {
    // Storage full: the form still works, only the draft is not kept.
  }
}

export function clearDraft(kind: DraftKind): void {
  try {
    Taro.removeStorageSync(DRAFT_KEY[kind]);
  } catch {
    // nothing to do
  }
}

/**
 * The draft to show when the form opens: the saved one (same school, so its photos and key still fit), else a
 * new one. Opening from the 我现在有危险 screen marks a kept draft as inDanger too (never the other way).
 */
export function openDraft(kind: DraftKind, opts: { schoolId: string; schoolName: string; inDanger?: boolean }): { draft: TipDraft; restored: boolean } {
  const saved = loadDraft(kind);
  if (saved && saved.schoolId === opts.schoolId && hasContent(saved)) {
    return { draft: { ...saved, inDanger: saved.inDanger || !!opts.inDanger, schoolName: opts.schoolName || saved.schoolName }, restored: true };
  }
  return { draft: newDraft({ ...opts, filedByTeacher: kind === 'teacher' }), restored: false };
}

/** Anything worth keeping typed or chosen. */
export function hasContent(d: TipDraft): boolean {
  return !!(d.category || d.description.trim() || d.when.trim() || d.place || d.placeDetail.trim() || d.peopleInvolved.trim()
    || d.ongoing !== null || d.reporterRole || d.photos.length || d.name.trim() || d.contact.trim());
}

const len = (s: string) => [...s.trim()].length;

export function validateDraft(d: TipDraft): TipFormErrors {
  const e: TipFormErrors = {};
  if (!d.schoolId) e.schoolId = '请先选择学校';
  if (!d.category) e.category = '请选择发生了哪一类事情';
  if (!d.description.trim()) e.description = '请写一写发生了什么';
  else if (len(d.description) > TIP_LIMITS.descriptionMax) e.description = `最多 ${TIP_LIMITS.descriptionMax} 字`;
  if (len(d.when) > TIP_LIMITS.whenMax) e.when = `最多 ${TIP_LIMITS.whenMax} 字`;
  if (len(d.placeDetail) > TIP_LIMITS.placeDetailMax) e.placeDetail = `最多 ${TIP_LIMITS.placeDetailMax} 字`;
  if (len(d.peopleInvolved) > TIP_LIMITS.peopleMax) e.peopleInvolved = `最多 ${TIP_LIMITS.peopleMax} 字`;
  if (d.ongoing === null) e.ongoing = '请选择事情是否还在发生';
  if (!d.reporterRole) e.reporterRole = d.filedByTeacher ? '请选择告诉你的是谁' : '请选择你的身份';
  if (d.photos.length > TIP_LIMITS.maxAttachments) e.photos = `最多 ${TIP_LIMITS.maxAttachments} 张照片`;
  if (d.named && !d.filedByTeacher) {
    if (!d.name.trim()) e.name = '请填写姓名，或取消“留下姓名”';
    else if (len(d.name) > TIP_LIMITS.reporterNameMax) e.name = `姓名最多 ${TIP_LIMITS.reporterNameMax} 字`;
    if (!d.contact.trim()) e.contact = '请填写联系方式，或取消“留下姓名”';
    else if (len(d.contact) > TIP_LIMITS.reporterContactMax) e.contact = `联系方式最多 ${TIP_LIMITS.reporterContactMax} 字`;
  }
  return e;
}

/** The request for a valid draft (call validateDraft first). Empty optional fields are left out. */
export function toSubmitRequest(d: TipDraft): SubmitTipRequest {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  const req: SubmitTipRequest = {
    schoolId: d.schoolId,
    category: d.category!,
    description: d.description.trim(),
    when: opt(d.when),
    place: d.place ?? undefined,
    placeDetail: opt(d.placeDetail),
    peopleInvolved: opt(d.peopleInvolved),
    ongoing: !!d.ongoing,
    reporterRole: d.reporterRole!,
    inDanger: d.inDanger,
    attachmentIds: d.photos.length ? d.photos.map((p) => p.attachmentId) : undefined,
    clientKey: d.clientKey,
  };
  if (d.filedByTeacher) req.filedByTeacher = true;
  else if (d.named) req.named = { name: d.name.trim(), contact: d.contact.trim() };
  return req;
}
