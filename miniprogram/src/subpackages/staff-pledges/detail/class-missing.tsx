import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import {
  ErrorCode, PLEDGE_MISSING_PART_LABELS, PLEDGE_REMIND_INTERVAL_HOURS, formatDateTime,
  type PledgeClassSignature, type PledgeMissingEntry, type PledgeMissingResponse,
} from '@anxin/shared';
import { ApiError, errorText } from '../../../api/client';
import { pledgesApi } from '../../../api/pledges';
import { toast } from '../../../components/Screen';
import { signatureCheckText } from './signature-check';

/** `母亲（已签）、父亲`: each guardian of the child, and who of them signed (matters when every guardian signs). */
export function guardiansText(e: PledgeMissingEntry): string {
  if (!e.guardians.length) return '还没有家长绑定';
  return e.guardians.map((g) => `${g.relationLabel}${g.signed ? '（已签）' : ''}`).join('、');
}

/** `家长未签、学生未签` */
export const missingText = (e: PledgeMissingEntry) => e.missing.map((m) => PLEDGE_MISSING_PART_LABELS[m]).join('、');

/** The reminder may be sent now (no next time, or it has passed). */
export function canRemindNow(nextRemindAt: string | null, now: Date): boolean {
  return !nextRemindAt || new Date(nextRemindAt).getTime() <= now.getTime();
}

/**
 * One class of a pledge: each child not done (name, guardians with their relation, what is missing: 家长未签, 学生未签,
 * 需重新签署), the one-tap reminder to their guardians — once per 24 hours per class, which the server enforces and
 * this says, with the time it can be used again — each signed child with 查看PDF, and the class's signed copies as
 * one zip.
 */
export function ClassMissing(props: { pledgeId: string; classId: string; className: string; canRemind: boolean; onChanged: () => void; now?: () => Date }) {
  const now = props.now ?? (() => new Date());
  const [data, setData] = useState<PledgeMissingResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reminding, setReminding] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [zipping, setZipping] = useState(false);
  const [signed, setSigned] = useState<PledgeClassSignature[]>([]);
  const [opening, setOpening] = useState<string | null>(null);
  const [checks, setChecks] = useState<Record<string, { ok: boolean; text: string }>>({});
  const [checking, setChecking] = useState<string | null>(null);

  const load = async () => {
    try {
      const [missing, signatures] = await Promise.all([
        pledgesApi.missing(props.pledgeId, props.classId), pledgesApi.classSignatures(props.pledgeId, props.classId),
      ]);
      setData(missing);
      setSigned(signatures.signatures);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  useEffect(() => void load(), [props.pledgeId, props.classId]);

  const remind = async () => {
    setReminding(true);
    setNote(null);
    try {
      const r = await pledgesApi.remind(props.pledgeId, props.classId);
      setNote(r.reminded > 0 ? `已提醒 ${r.reminded} 位家长。` : '没有需要提醒的家长。');
      toast(r.reminded > 0 ? '已提醒' : '没有需要提醒的家长', r.reminded > 0 ? 'success' : 'none');
      await load();
      props.onChanged();
    } catch (e) {
      const next = e instanceof ApiError && e.code === ErrorCode.PLEDGE_REMIND_TOO_SOON ? (e.details as { nextRemindAt?: string } | undefined)?.nextRemindAt : null;
      setNote(next ? `${errorText(e)}（${formatDateTime(next)} 后可再次提醒）` : errorText(e));
      await load();
    } finally {
      setReminding(false);
    }
  };

  const zip = async () => {
    setZipping(true);
    try {
      await pledgesApi.saveClassZip(props.pledgeId, props.classId, `${props.className}-承诺书签署副本.zip`);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setZipping(false);
    }
  };

  const openPdf = async (s: PledgeClassSignature) => {
    setOpening(s.signatureId);
    try {
      await pledgesApi.saveSignaturePdf(props.pledgeId, s.signatureId, `${s.studentName}-第${s.versionNumber}版承诺书.pdf`);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setOpening(null);
    }
  };

  const check = async (s: PledgeClassSignature) => {
    setChecking(s.signatureId);
    try {
      const result = signatureCheckText(await pledgesApi.verify(props.pledgeId, s.signatureId));
      setChecks((c) => ({ ...c, [s.signatureId]: result }));
    } catch (e) {
      toast(errorText(e));
    } finally {
      setChecking(null);
    }
  };

  if (error) return <Text className='error-text'>{error}</Text>;
  if (!data) return <Text className='muted'>加载中…</Text>;
  const ready = canRemindNow(data.nextRemindAt, now());
  return (
    <View className='class-panel'>
      <Text className='subtitle'>还没有完成的孩子（{data.entries.length}）</Text>
      {data.entries.length === 0 && <Text className='ok-text'>这个班的孩子都已签署。</Text>}
      {data.entries.map((e) => (
        <View key={e.studentId} className='missing-row'>
          <Text className='p missing-name'>{e.studentName}</Text>
          <Text className='muted'>家长：{guardiansText(e)}</Text>
          <Text className='missing-parts'>{missingText(e)}</Text>
        </View>
      ))}
      {props.canRemind && data.entries.length > 0 && (
        <View>
          <Button className='btn primary remind-btn' disabled={reminding || !ready || undefined} onClick={() => void remind()}>
            {reminding ? '正在提醒…' : `一键提醒这 ${data.entries.length} 个孩子的家长`}
          </Button>
          <Text className='remind-note'>
            每个班 {PLEDGE_REMIND_INTERVAL_HOURS} 小时内只能提醒一次。
            {data.lastRemindedAt ? `上次提醒：${formatDateTime(data.lastRemindedAt)}。` : ''}
            {ready ? '现在可以提醒。' : `${formatDateTime(data.nextRemindAt)} 后可再次提醒。`}
          </Text>
        </View>
      )}
      {note && <Text className='remind-note'>{note}</Text>}
      <Text className='subtitle'>已签署（{signed.length}）</Text>
      {signed.map((s) => (
        <View key={s.signatureId} className='missing-row signed-row'>
          <Text className='p missing-name'>{s.studentName}</Text>
          <Text className='muted'>
            {s.relationLabel}签署 · {s.signedOn} · 第 {s.versionNumber} 版{s.studentSigned ? ' · 学生已签' : ''}{s.superseded ? ' · 需重新签署' : ''}
          </Text>
          <View className='row-actions'>
            <Button className='btn small signature-pdf' disabled={opening === s.signatureId || undefined} onClick={() => void openPdf(s)}>
              {opening === s.signatureId ? '正在打开…' : '查看PDF'}
            </Button>
            <Button className='btn small signature-check' disabled={checking === s.signatureId || undefined} onClick={() => void check(s)}>
              {checking === s.signatureId ? '正在核验…' : '核验'}
            </Button>
          </View>
          {checks[s.signatureId] && (
            <Text className={checks[s.signatureId].ok ? 'ok-text check-result' : 'error-text check-result'}>{checks[s.signatureId].text}</Text>
          )}
        </View>
      ))}
      <Button className='btn small class-zip' disabled={zipping || undefined} onClick={() => void zip()}>{zipping ? '正在打包…' : '下载本班签署副本（zip）'}</Button>
    </View>
  );
}
