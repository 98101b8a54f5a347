import { formatDateTime, type PledgeSignatureVerifyResponse } from '@anxin/shared';

/**
 * What 核验 says of one signature (the server's verify answer): whether the text signed is the version's text as stored
 * now, and whether the signature's record is the one sealed in the school's audit chain (or when its day is sealed).
 */
export function signatureCheckText(v: PledgeSignatureVerifyResponse): { ok: boolean; text: string } {
  if (!v.textHashMatches) return { ok: false, text: '核验未通过：签署时的文本指纹与这一版的文本不一致' };
  if (v.sealed === false) return { ok: false, text: '核验未通过：签署记录与审计链中封存的不一致' };
  if (!v.ok) return { ok: false, text: '核验未通过' };
  if (v.sealed) return { ok: true, text: `核验通过：文本指纹 ${v.textHash.slice(0, 8)}… 一致，签署记录已封存在审计链中` };
  return {
    ok: true,
    text: `核验通过：文本指纹 ${v.textHash.slice(0, 8)}… 一致；签署记录${v.sealsAfter ? `将于 ${formatDateTime(v.sealsAfter)} 后` : '稍后'}封存到审计链`,
  };
}
