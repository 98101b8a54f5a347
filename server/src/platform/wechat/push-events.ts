import { XMLParser } from 'fast-xml-parser';

/** A subscribe-message event from WeChat's message push, whatever format (JSON or XML) it came in. */
export interface PushEvent {
  fromUser: string;
  createTime: string;
  event: string;
  items: PushEventItem[];
}

export interface PushEventItem {
  templateId: string;
  /** popup / change events: accept | reject */
  status?: string;
  /** sent events: 0 delivered; 20004 refused by the user; 20005 banned; … */
  errorCode?: string;
}

export class PushFormatError extends Error {}

/** The XML element that carries the list, per event. */
const XML_LISTS: Record<string, string> = {
  subscribe_msg_popup_event: 'SubscribeMsgPopupEvent',
  subscribe_msg_change_event: 'SubscribeMsgChangeEvent',
  subscribe_msg_sent_event: 'SubscribeMsgSentEvent',
};

// No entity processing (no expansion attacks), every value kept as text.
const parser = new XMLParser({ processEntities: false, parseTagValue: false, ignoreAttributes: true, ignoreDeclaration: true });

/** Parses an XML document into plain objects (`<xml>` root removed); throws PushFormatError when it is not XML. */
export function parseXmlBody(text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch {
    throw new PushFormatError('not XML');
  }
  const root = (doc as Record<string, unknown>)?.xml;
  if (!root || typeof root !== 'object') throw new PushFormatError('no <xml> root');
  return root as Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * Turns a decoded push (JSON object, or an XML document already parsed into one) into a PushEvent. Events other
 * than the three subscribe-message ones come back with no items (they are acknowledged and ignored).
 */
export function toPushEvent(body: Record<string, unknown>): PushEvent {
  const fromUser = str(body.FromUserName);
  const createTime = str(body.CreateTime);
  const event = str(body.Event) ?? str(body.MsgType) ?? '';
  if (!fromUser || !createTime || !/^\d{1,12}$/.test(createTime)) throw new PushFormatError('FromUserName or CreateTime missing');
  const container = XML_LISTS[event] && body[XML_LISTS[event]] && typeof body[XML_LISTS[event]] === 'object'
    ? (body[XML_LISTS[event]] as Record<string, unknown>).List
    : body.List;
  const list = container === undefined || container === null ? [] : Array.isArray(container) ? container : [container];
  const items: PushEventItem[] = [];
  for (const raw of list.slice(0, 50)) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Record<string, unknown>;
    const templateId = str(r.TemplateId);
    if (!templateId) continue;
    items.push({ templateId, status: str(r.SubscribeStatusString), errorCode: str(r.ErrorCode) });
  }
  return { fromUser, createTime, event, items: XML_LISTS[event] ? items : [] };
}
