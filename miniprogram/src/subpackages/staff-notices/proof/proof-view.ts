import { checkReceiptProof, formatDateTime, formatMonthDayTime, type NoticeReceiptProofResponse } from '@anxin/shared';

/**
 * What the 回执证明 page says about a proof, in plain Chinese: the verdict of the app's own check (checkReceiptProof
 * in shared/, the rule the server's proofs follow), and the receipt's and the sealing entry's lines.
 */
export interface ProofVerdict {
  kind: 'verified' | 'unsealed' | 'failed';
  text: string;
  problems: string[];
}

export function proofVerdict(res: NoticeReceiptProofResponse): ProofVerdict {
  const check = checkReceiptProof(res);
  if (check.state === 'verified') return { kind: 'verified', text: '已核验：这条回执自封存以来未被改动', problems: [] };
  if (check.state === 'unsealed') {
    const when = check.sealsAfter ? `，预计 ${formatMonthDayTime(check.sealsAfter)} 之后` : '';
    const changed = res.proof ? '回执在上次封存后有新的变化，' : '';
    return { kind: 'unsealed', text: `尚未封存（${changed}回执在当天结束后批量封存${when}）`, problems: [] };
  }
  return { kind: 'failed', text: '核验未通过：这条回执或它的证明与封存记录对不上，请联系学校管理员', problems: check.problems };
}

/** A hash shortened for reading aloud or comparing by eye: its first and last 8 digits. */
export function shortHash(hash: string | null | undefined): string {
  if (!hash) return '—';
  return hash.length > 20 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash;
}

/** The receipt's lines: what the guardian did, on which day (days only, as the receipt keeps them). */
export function receiptLines(res: NoticeReceiptProofResponse): { label: string; value: string }[] {
  const r = res.receipt;
  const day = (d: string | null) => d ?? '—';
  return [
    { label: '孩子与家长', value: r.children.map((c) => `${c.className} ${c.studentName}的${c.relationLabel}`).join('；') || '—' },
    { label: '阅读', value: day(r.readOn) },
    { label: '确认', value: day(r.confirmedOn) },
    { label: '签字', value: day(r.signedOn) },
    ...(r.answeredOn ? [{ label: '回执问题', value: `${r.answer ?? ''}（${r.answeredOn}）` }] : []),
    { label: '所见内容的哈希', value: shortHash(r.contentHash) },
    ...(r.signatureSha256 ? [{ label: '签字图片的哈希', value: shortHash(r.signatureSha256) }] : []),
    { label: '回执指纹（叶子哈希）', value: shortHash(res.leaf.hash) },
  ];
}

/** The sealing audit entry's lines, or none before the first seal. */
export function sealLines(res: NoticeReceiptProofResponse): { label: string; value: string }[] {
  const p = res.proof;
  if (!p) return [];
  return [
    { label: '封存时间', value: formatDateTime(p.auditEntry.at) },
    { label: '封存的是', value: `${p.day} 当天的回执（共 ${p.size} 条，这是第 ${p.index + 1} 条）` },
    { label: '审计记录', value: `第 ${p.auditEntry.seq} 条` },
    { label: '链哈希', value: shortHash(p.auditEntry.hash) },
    { label: '默克尔根', value: shortHash(p.root) },
  ];
}

/** The proof as a file: the server's answer as it came, for anyone to check again. */
export function proofJson(res: NoticeReceiptProofResponse): string {
  return JSON.stringify(res, null, 2);
}
