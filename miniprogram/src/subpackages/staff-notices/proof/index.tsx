import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { NoticeReceiptProofResponse } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { noticesApi } from '../../../api/notices';
import { browserDownload } from '../../../api/save-file';
import { Screen, toast } from '../../../components/Screen';
import { proofJson, proofVerdict, receiptLines, sealLines } from './proof-view';
import '../staff-notices.css';

/** 保存证明文件: the browser saves the JSON; WeChat sends it to a chat (文件传输助手 gets it to a computer). */
async function saveProof(res: NoticeReceiptProofResponse): Promise<void> {
  const name = `回执证明-${res.receiptId}.json`;
  const json = proofJson(res);
  if (process.env.TARO_ENV === 'weapp') {
    const path = `${(Taro as unknown as { env: { USER_DATA_PATH: string } }).env.USER_DATA_PATH}/${name}`;
    Taro.getFileSystemManager().writeFileSync(path, json, 'utf8');
    await Taro.shareFileMessage({ filePath: path, fileName: name });
    return;
  }
  const href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  browserDownload(href, name);
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

function Lines(props: { lines: { label: string; value: string }[] }) {
  return (
    <View>
      {props.lines.map((l) => (
        <View key={l.label} className='proof-line'>
          <Text className='muted'>{l.label}</Text>
          <Text className='p'>{l.value}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * 回执证明: one guardian's receipt of a notice and the proof that it is sealed into the school's audit chain. The app
 * checks the proof itself (the receipt's fingerprint, its Merkle path to the day's root, the root in the sealing
 * audit entry and that entry's chain hash) and says what it found; the proof can be copied or saved as JSON.
 */
export function ProofBody(props: { noticeId: string; receiptId: string }) {
  const [res, setRes] = useState<NoticeReceiptProofResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    noticesApi.proof(props.noticeId, props.receiptId).then((r) => live && setRes(r), (e) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [props.noticeId, props.receiptId]);

  if (error) return <View className='card'><Text className='error-text'>{error}</Text></View>;
  if (!res) return <Text className='muted center'>加载中…</Text>;
  const verdict = proofVerdict(res);
  const copy = async () => {
    await Taro.setClipboardData({ data: proofJson(res) });
    toast('证明已复制', 'success');
  };
  const save = () => saveProof(res).catch((e) => toast(errorText(e)));
  return (
    <View>
      <View className='card'>
        <Text className='subtitle'>《{res.noticeTitle}》的回执</Text>
        <View className={`proof-verdict ${verdict.kind}`}>
          <Text className={verdict.kind === 'verified' ? 'ok-text' : verdict.kind === 'failed' ? 'error-text' : 'p'}>{verdict.text}</Text>
          {verdict.problems.map((p) => <Text key={p} className='field-error'>{p}</Text>)}
        </View>
        <Text className='muted'>
          回执按天封存：一天结束后，当天所有回执的指纹汇总成一个“默克尔根”，写进学校的审计记录；审计记录一条接一条相扣，改动其中任何一条都会被发现。本页在手机上重新计算这些指纹，不依赖服务器的结论。
        </Text>
      </View>
      <View className='card'>
        <Text className='label'>回执</Text>
        <Lines lines={receiptLines(res)} />
      </View>
      <View className='card'>
        <Text className='label'>封存记录</Text>
        {res.proof ? <Lines lines={sealLines(res)} /> : <Text className='muted'>还没有封存记录。</Text>}
      </View>
      <View className='card btn-row'>
        <Button className='btn copy-proof' onClick={() => void copy()}>复制证明 JSON</Button>
        <Button className='btn save-proof' onClick={() => void save()}>保存证明文件</Button>
      </View>
    </View>
  );
}

export default function ProofPage() {
  const params = useRouter().params ?? {};
  return <Screen>{() => <ProofBody noticeId={params.id ?? ''} receiptId={params.receipt ?? ''} />}</Screen>;
}
