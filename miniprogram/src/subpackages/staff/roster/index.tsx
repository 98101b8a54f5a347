import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { MeResponse, RosterImportReport } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { downloadRosterTemplate, uploadRoster } from '../../../api/roster';
import { Screen, toast } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { staffSchoolId } from '../../../state/session';

interface ChosenFile { path: string; name: string }

/** The row report: counts, then every problem as a table row (行 / 列 / 问题), as the school sees it in Excel. */
export function RosterReport(props: { report: RosterImportReport }) {
  const r = props.report;
  const ok = r.problems.length === 0;
  return (
    <View className='card roster-report'>
      <Text className={ok ? 'ok-text' : 'error-text'}>
        {ok ? (r.applied ? '导入完成' : r.dryRun ? '预检通过，可以导入' : '文件无误') : `发现 ${r.problems.length} 处问题，未导入任何数据`}
      </Text>
      <Text className='muted'>工作表“{r.sheetName}”，读取 {r.rowsRead} 行，用时 {(r.durationMs / 1000).toFixed(1)} 秒</Text>
      {ok && (
        <Text className='p'>
          {r.applied ? '已' : '将'}新增 年级 {r.created.grades}、班级 {r.created.classes}、学生 {r.created.students}、家长 {r.created.guardians}；
          更新学生 {r.updated.students}；未变 {r.unchanged}
        </Text>
      )}
      {!ok && (
        <View className='table'>
          <View className='tr th'>
            <Text className='td c-row'>行</Text>
            <Text className='td c-col'>列</Text>
            <Text className='td c-problem'>问题</Text>
          </View>
          {r.problems.map((p, i) => (
            <View key={i} className='tr'>
              <Text className='td c-row'>{p.row}</Text>
              <Text className='td c-col'>{p.column}</Text>
              <Text className='td c-problem'>{p.problem}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}

export function RosterBody(props: { me: MeResponse }) {
  const schoolId = staffSchoolId(props.me);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [report, setReport] = useState<RosterImportReport | null>(null);
  // 只检查 and 检查并导入 share one action.
  const action = useAction();
  const fileInput = useRef<HTMLInputElement>(null);

  const chooseInWechat = async () => {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
      const f = res.tempFiles[0];
      if (f) {
        setFile({ path: f.path, name: f.name });
        setReport(null);
      }
    } catch {
      // Cancelled.
    }
  };

  const onBrowserFile = (input: HTMLInputElement) => {
    const f = input.files?.[0];
    if (!f) return;
    // Taro.uploadFile in h5 reads the file back from an object URL.
    setFile({ path: URL.createObjectURL(f), name: f.name });
    setReport(null);
    // Choosing the same file again (after fixing it in Excel) must fire onChange again.
    input.value = '';
  };

  const send = async (dryRun: boolean) => {
    if (!file || !schoolId) return;
    await action.run(async () => setReport(await uploadRoster(schoolId, file.path, file.name, dryRun)));
  };

  return (
    <View>
      <View className='card'>
        <Text className='title'>花名册导入</Text>
        <Text className='p'>上传学校的学生名单（.xlsx）。列名可以是：年级、班级、学生姓名、学籍号、性别、家长姓名、关系、联系电话。</Text>
        <Text className='muted'>整份文件先检查；有任何错误都不会导入，并列出出错的行。同一份文件导入两次不会重复。</Text>
        <Button
          className='btn'
          disabled={!schoolId || undefined}
          onClick={() => schoolId && void downloadRosterTemplate(schoolId).catch((e) => toast(errorText(e)))}
        >
          下载模板
        </Button>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button className='btn' onClick={() => void chooseInWechat()}>从微信聊天中选择文件</Button>
        ) : (
          <View>
            {/* The browser's own file control is labelled in the browser's language ("Choose File"): it stays
                hidden and our button opens it. */}
            <input
              ref={fileInput}
              className='file-input'
              type='file'
              style={{ display: 'none' }}
              accept='.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
              onChange={(e) => onBrowserFile(e.currentTarget)}
            />
            <Button className='btn choose-file' onClick={() => fileInput.current?.click()}>选择文件（.xlsx）</Button>
          </View>
        )}
        {file && <Text className='p'>已选择：{file.name}</Text>}
        <View className='btn-row'>
          <Button className='btn' disabled={!file || action.busy || undefined} onClick={() => void send(true)}>只检查</Button>
          <Button className='btn primary' disabled={!file || action.busy || undefined} onClick={() => void send(false)}>检查并导入</Button>
        </View>
        {action.busy && <Text className='muted'>正在处理，请稍候…</Text>}
        {action.error && <Text className='error-text'>{action.error}</Text>}
      </View>
      {report && <RosterReport report={report} />}
    </View>
  );
}

export default function RosterPage() {
  return <Screen>{(me) => <RosterBody me={me} />}</Screen>;
}
