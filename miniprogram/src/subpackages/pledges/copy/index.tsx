import { useState } from 'react';
import { Button, Image, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { MeResponse, PledgeSignedCopy } from '@anxin/shared';
import { ApiError, errorText } from '../../../api/client';
import { pledgesApi } from '../../../api/pledges';
import { HashText, PledgeTextView } from '../../../components/PledgeTextView';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import { copyFileName, pledgeTitle } from '../pledge-labels';
import { saveCopyImage } from './copy-image';
import '../pledges.css';

/** The server's message, this page's own (Chinese) reasons, or a plain one for anything else. */
function saveErrorText(e: unknown, kind: 'png' | 'pdf'): string {
  if (e instanceof ApiError) return errorText(e);
  if (e instanceof Error && /[\u4e00-\u9fff]/.test(e.message)) return e.message;
  return kind === 'png' ? '图片生成失败，请改用「保存PDF」' : 'PDF 下载失败，请稍后再试';
}

/**
 * The signed copy of a child's pledge: the text as signed, both signatures, the child, the day it was signed (a day,
 * never a time), the version and its fingerprint, the school; 保存图片 (drawn on the phone) and 保存PDF (made by the
 * server). A copy of an older version says that the school has published a newer one.
 */
export function PledgeCopyBody(props: { pledgeId: string; signatureId: string }) {
  const [copy, setCopy] = useState<PledgeSignedCopy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<'png' | 'pdf' | null>(null);

  useOnShow(() => {
    pledgesApi.signedCopy(props.pledgeId, props.signatureId).then(
      (c) => {
        setCopy(c);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  });

  if (error && !copy) return <View className='card'><Text className='error-text'>{error}</Text></View>;
  if (!copy) return <Text className='muted center'>加载中…</Text>;

  const save = async (kind: 'png' | 'pdf') => {
    setSaving(kind);
    try {
      const name = copyFileName(copy.schoolYear, copy.student.name, kind);
      if (kind === 'pdf') await pledgesApi.saveSignedCopyPdf(copy.pledgeId, copy.id, name);
      else await saveCopyImage(copy, name);
      toast(kind === 'pdf' ? '已打开 PDF' : '图片已保存', 'success');
    } catch (e) {
      toast(saveErrorText(e, kind));
    } finally {
      setSaving(null);
    }
  };

  return (
    <View className='pledge-copy'>
      <View className='card pledge-head'>
        <Text className='title'>{pledgeTitle(copy.schoolYear)}</Text>
        <Text className='muted'>{copy.schoolName}</Text>
        <Text className='ok-text'>✓ 已签署（{copy.signedOn}）</Text>
        {copy.superseded && <Text className='warning'>学校已发布更新的版本，这份副本签署的是第 {copy.versionNumber} 版。</Text>}
      </View>
      <View className='card'>
        <PledgeTextView text={copy.text} />
      </View>
      <View className='card copy-facts'>
        <View className='summary-sig'>
          <Text className='label'>家长（{copy.relationLabel}）签名</Text>
          <Image className='signature-preview' src={copy.guardianSignature} mode='aspectFit' />
        </View>
        {copy.studentSignature && (
          <View className='summary-sig'>
            <Text className='label'>学生签名</Text>
            <Image className='signature-preview' src={copy.studentSignature} mode='aspectFit' />
          </View>
        )}
        <View className='summary-row'><Text className='label'>学生</Text><Text>{copy.student.name}（{copy.student.className}）</Text></View>
        <View className='summary-row'><Text className='label'>签署日期</Text><Text>{copy.signedOn}</Text></View>
        <View className='summary-row'><Text className='label'>承诺书版本</Text><Text>第 {copy.versionNumber} 版</Text></View>
        <HashText hash={copy.textHash} />
        <Text className='muted'>文本指纹由承诺书全文算出，与学校保存的记录一致即说明文字没有被改动。</Text>
      </View>
      <View className='btn-row'>
        <Button className='btn save-png' disabled={!!saving || undefined} onClick={() => void save('png')}>{saving === 'png' ? '正在生成图片…' : '保存图片'}</Button>
        <Button className='btn primary save-pdf' disabled={!!saving || undefined} onClick={() => void save('pdf')}>{saving === 'pdf' ? '正在下载…' : '保存PDF'}</Button>
      </View>
    </View>
  );
}

export default function PledgeCopyPage() {
  const params = useRouter().params ?? {};
  return <Screen>{(_me: MeResponse) => <PledgeCopyBody pledgeId={params.id ?? ''} signatureId={params.sid ?? ''} />}</Screen>;
}
