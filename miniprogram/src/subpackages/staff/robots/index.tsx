import { useEffect, useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  formatDateTime, ROBOT_NAME_MAX, ROBOT_RESULT_LABELS, ROBOT_WEBHOOK_MAX, ROBOT_STATUS_LABELS,
  type GradeResponse, type MeResponse, type RobotResponse, type RobotScope, type RobotSettings,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { robotsApi } from '../../../api/robots';
import { schoolsApi } from '../../../api/schools';
import { Screen, toast } from '../../../components/Screen';
import { a11y } from '../../../a11y';
import { managedSchoolId } from '../managed-school';
import './robots.css';

const SCOPE_LABELS: Record<RobotScope, string> = { school: '全校', grade: '年级', class: '班级' };
/** How often, and how many times, the page looks for a test message's result after 发送测试消息. */
export const TEST_POLL = { everyMs: 1500, times: 20 };

/** One line about the robot's latest test message. */
export function testLine(robot: RobotResponse): string | null {
  const t = robot.lastTest;
  if (!t) return null;
  if (t.status === 'queued') return t.error ? `测试消息等待重试（${t.error}）` : '测试消息排队发送中…';
  if (t.status === 'sent') return `测试消息已发到群里（${formatDateTime(t.requestedAt)}）`;
  return t.error?.startsWith('93000') ? '测试消息未送达：机器人已被移除' : `测试消息未送达${t.error ? `（${t.error}）` : ''}`;
}

/** 工作台 → 群机器人: register a WeCom group robot for the school, a grade or a class; test, switch off, remove. */
export function RobotsBody(props: { me: MeResponse }) {
  const schoolId = managedSchoolId(props.me);
  const [robots, setRobots] = useState<RobotResponse[] | null>(null);
  const [settings, setSettings] = useState<RobotSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [grades, setGrades] = useState<GradeResponse[]>([]);
  const [classes, setClasses] = useState<{ id: string; name: string }[]>([]);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<RobotScope>('class');
  const [scopeId, setScopeId] = useState<string | null>(null);
  const [webhook, setWebhook] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const polls = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    if (!schoolId) return;
    robotsApi.list(schoolId).then((r) => { setRobots(r.robots); setSettings(r.settings); }, (e) => setError(errorText(e)));
    robotsApi.grades(schoolId).then(setGrades, () => setGrades([]));
    schoolsApi.classes(schoolId).then((list) => setClasses(list.map((c) => ({ id: c.id, name: `${c.gradeName}${c.name}` }))), () => setClasses([]));
    const pending = polls.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, [schoolId]);

  const replace = (robot: RobotResponse) => setRobots((list) => list?.map((r) => (r.id === robot.id ? robot : r)) ?? null);

  /** After a test: re-read the list until the test message has gone out or failed (the worker sends it, not the request). */
  const watchTest = (robotId: string, left = TEST_POLL.times) => {
    if (!schoolId) return;
    polls.current.set(robotId, setTimeout(() => {
      robotsApi.list(schoolId).then((r) => {
        setRobots(r.robots);
        const robot = r.robots.find((x) => x.id === robotId);
        if (robot?.lastTest?.status === 'queued' && left > 1) watchTest(robotId, left - 1);
      }, () => undefined);
    }, TEST_POLL.everyMs));
  };

  const add = async () => {
    if (!schoolId) return;
    if (!name.trim()) return setFormError('请输入机器人名称，例如 三年级1班家长群');
    if (scope !== 'school' && !scopeId) return setFormError(scope === 'grade' ? '请选择年级' : '请选择班级');
    if (!webhook.trim()) return setFormError('请粘贴群机器人的 Webhook 地址');
    setFormError(null);
    setBusy('add');
    try {
      const robot = await robotsApi.create(schoolId, { name: name.trim(), scope, ...(scope === 'school' ? {} : { scopeId: scopeId! }), webhook: webhook.trim() });
      setRobots((list) => [...(list ?? []), robot]);
      setName('');
      setWebhook('');
      toast('已添加，可以发送测试消息确认', 'success');
    } catch (e) {
      setFormError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const test = async (robot: RobotResponse) => {
    if (!schoolId) return;
    setBusy(robot.id);
    try {
      replace(await robotsApi.test(schoolId, robot.id));
      watchTest(robot.id);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const toggle = async (robot: RobotResponse) => {
    if (!schoolId) return;
    setBusy(robot.id);
    try {
      replace(await robotsApi.update(schoolId, robot.id, { enabled: robot.status === 'disabled' }));
    } catch (e) {
      toast(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const switchNotices = async () => {
    if (!schoolId || !settings) return;
    setBusy('settings');
    try {
      setSettings(await robotsApi.settings(schoolId, { noticesToRobots: !settings.noticesToRobots }));
    } catch (e) {
      toast(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (robot: RobotResponse) => {
    if (!schoolId) return;
    const { confirm } = await Taro.showModal({ title: '删除群机器人', content: `删除后「${robot.name}」不再收到学校的消息。群里的机器人本身不受影响。` });
    if (!confirm) return;
    setBusy(robot.id);
    try {
      await robotsApi.remove(schoolId, robot.id);
      setRobots((list) => list?.filter((r) => r.id !== robot.id) ?? null);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  if (!schoolId) return <Text className='muted'>只有学校管理员和校长可以设置群机器人。</Text>;
  if (error) return <Text className='error-text'>{error}</Text>;
  const choices = scope === 'grade' ? grades.map((g) => ({ id: g.id, name: g.name })) : scope === 'class' ? classes : [];
  return (
    <View>
      <View className='card'>
        <Text className='title'>企业微信群机器人</Text>
        <Text className='muted'>
          {'在企业微信群里添加「群机器人」，把它的 Webhook 地址粘贴到这里，再发送测试消息确认群里能收到。学校发往全校、年级或班级的群消息会发到对应范围的机器人（全校的机器人收到全部）。'
            + '每个机器人每分钟最多发 20 条，超出的排队稍后发出，不会丢失。'}
        </Text>
      </View>

      {settings && (
        <View className='card robot-settings'>
          <Text className='subtitle'>通知和家长信也发到群机器人</Text>
          <Text className='muted'>
            {settings.noticesToRobots ? '已开启：发布通知和致家长的一封信时，摘要会发到对应范围的群里，并提醒家长到小程序中查看确认。'
              : '未开启：只有紧急预警会发到群里；通知和致家长的一封信只发给家长本人。'}
          </Text>
          <Button className='btn small robot-notices-switch' disabled={busy === 'settings' || undefined} onClick={() => void switchNotices()}>
            {settings.noticesToRobots ? '关闭' : '开启'}
          </Button>
        </View>
      )}

      {robots?.length === 0 && <Text className='muted center'>还没有添加群机器人</Text>}
      {robots?.map((r) => (
        <View key={r.id} className={`card robot robot-${r.status}`}>
          <Text className='subtitle'>{r.name}</Text>
          <Text className='muted'>{r.scopeName} · 密钥 {r.keyMasked} · {ROBOT_STATUS_LABELS[r.status]}</Text>
          {r.lastResult && (
            <Text className={r.lastResult === 'sent' ? 'ok-text' : 'warning'}>
              {ROBOT_RESULT_LABELS[r.lastResult]}{r.lastResultAt ? `（${formatDateTime(r.lastResultAt)}）` : ''}
            </Text>
          )}
          {r.status === 'broken' && <Text className='warning'>企业微信说这个机器人已不在群里（或地址有误）。请删除它，再添加群里新机器人的地址。</Text>}
          {testLine(r) && <Text className='muted'>{testLine(r)}</Text>}
          <View className='robot-actions'>
            <Button className='btn small' disabled={busy === r.id || r.status === 'disabled' || undefined} onClick={() => void test(r)}>发送测试消息</Button>
            <Button className='btn small' disabled={busy === r.id || undefined} onClick={() => void toggle(r)}>{r.status === 'disabled' ? '启用' : '停用'}</Button>
            <Button className='btn small danger' disabled={busy === r.id || undefined} onClick={() => void remove(r)}>删除</Button>
          </View>
        </View>
      ))}

      <View className='card'>
        <Text className='subtitle'>添加群机器人</Text>
        <View className='field'>
          <Text className='label'>名称</Text>
          <Input className='input robot-name-input' value={name} maxlength={ROBOT_NAME_MAX} placeholder='例如 三年级1班家长群' onInput={(e) => setName(e.detail.value)} />
        </View>
        <View className='field'>
          <Text className='label'>发送范围</Text>
          <View className='choice-list'>
            {(Object.keys(SCOPE_LABELS) as RobotScope[]).map((s) => (
              <View key={s} {...a11y({ role: 'button' })} className={`choice${scope === s ? ' selected' : ''}`} onClick={() => { setScope(s); setScopeId(null); }}>
                {SCOPE_LABELS[s]}
              </View>
            ))}
          </View>
          {choices.length > 0 && (
            <View className='choice-list'>
              {choices.map((c) => (
                <View key={c.id} {...a11y({ role: 'button' })} className={`choice${scopeId === c.id ? ' selected' : ''}`} onClick={() => setScopeId(c.id)}>
                  {c.name}
                </View>
              ))}
            </View>
          )}
        </View>
        <View className='field'>
          <Text className='label'>Webhook 地址</Text>
          <Input className='input robot-webhook-input' value={webhook} maxlength={ROBOT_WEBHOOK_MAX} placeholder='https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' onInput={(e) => setWebhook(e.detail.value)} />
          <Text className='muted'>在企业微信群的「群机器人」详情里复制。地址加密保存，之后只显示最后四位。</Text>
        </View>
        {formError && <Text className='error-text'>{formError}</Text>}
        <Button className='btn primary' disabled={busy === 'add' || undefined} onClick={() => void add()}>添加机器人</Button>
      </View>
    </View>
  );
}

export default function RobotsPage() {
  return <Screen>{(me) => <RobotsBody me={me} />}</Screen>;
}
