import { useEffect, useReducer, useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  formatDateTime, NOTICE_CONFIRM_MODE_LABELS, NOTICE_KIND_LABELS, NOTICE_KINDS, NOTICE_LIMITS, NOTICE_QUESTION_KIND_LABELS,
  type MeResponse, type NoticeComposerResponse, type NoticeDraftRequest, type NoticeTemplate,
} from '@anxin/shared';
import { ApiError, errorText } from '../../../api/client';
import { noticesApi } from '../../../api/notices';
import { NoticeBodyView } from '../../../components/NoticeBodyView';
import { Screen, toast } from '../../../components/Screen';
import { a11y } from '../../../a11y';
import { ROUTES } from '../../../routes';
import { createAutosave, type SaveState } from '../autosave';
import {
  editorReducer, emptyEditor, fromStaffDetail, shanghaiInstant, shanghaiWallClock, toDraftRequest, toNoticeBody, type EditorAction, type EditorState,
} from '../editor-state';
import { noticeSchool } from '../notice-school';
import { AttachmentsPanel, useNoticeFiles } from './attachments-panel';
import { AudiencePicker, audienceText } from './audience-picker';
import { BodyEditor } from './body-editor';
import { ConfirmationCard, WhenPicker } from './confirmation-card';
import { TemplatePicker } from './template-picker';
import { fromTemplate } from '../template-state';
import '../staff-notices.css';

const SAVE_DELAY_MS = 1200;
const DAY = 86_400_000;

function saveText(s: SaveState): string {
  switch (s.status) {
    case 'waiting': return '有未保存的修改…';
    case 'saving': return '正在保存草稿…';
    case 'saved': return `草稿已保存（${formatDateTime(s.savedAt)}）`;
    case 'failed': return `草稿保存失败：${s.error ?? ''}`;
    default: return '草稿会在您输入时自动保存';
  }
}

/** What guardians will see, as they will see it (the same renderer as the guardian's notice page). */
function Preview(props: { state: EditorState; noticeId?: string | null }) {
  const { state } = props;
  const body = toNoticeBody(state.blocks);
  return (
    <View className='card compose-preview'>
      <Text className='subtitle'>预览：家长看到的样子</Text>
      <View className='tag-line'><Text className={`tag kind-${state.kind}`}>{NOTICE_KIND_LABELS[state.kind]}</Text></View>
      <Text className='preview-title'>{state.title.trim() || '（标题）'}</Text>
      {body.blocks.length ? <NoticeBodyView body={body} noticeId={props.noticeId} onLink={() => toast('预览中不打开链接')} /> : <Text className='muted'>（正文）</Text>}
      <View className='preview-question'>
        <Text className='label'>家长需要：{NOTICE_CONFIRM_MODE_LABELS[state.confirmMode]}</Text>
        {state.question && (
          <Text className='muted'>
            回执（{NOTICE_QUESTION_KIND_LABELS[state.question.kind]}）：{state.question.prompt || '（问题）'}
            {state.question.kind !== 'text' ? ` — ${state.question.options.filter((o) => o.trim()).join(' / ')}` : ''}
          </Text>
        )}
      </View>
    </View>
  );
}

/**
 * 写通知: kind, title, the body's blocks, who it goes to (what the server lets this person address), what guardians
 * are asked (read, 确认收到 or 签字确认, and an optional 回执 question), a confirm deadline, and publishing now or at
 * a time. The draft saves itself as the author types (a debounced PUT). On a desktop browser the editor sits beside a
 * live preview; on a phone the preview follows the editor. An urgent warning shows the composer's reminder to name
 * no child.
 */
export function ComposeBody(props: { me: MeResponse; id: string | null }) {
  const school = noticeSchool(props.me);
  const [composer, setComposer] = useState<NoticeComposerResponse | null>(null);
  const [state, dispatch] = useReducer(editorReducer, emptyEditor({ scope: 'classes', ids: [] }));
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ status: 'idle', savedAt: null, error: null });
  const [publishMode, setPublishMode] = useState<'now' | 'schedule'>('now');
  const [scheduleAt, setScheduleAt] = useState(() => shanghaiWallClock(new Date(Date.now() + DAY)));
  const [publishing, setPublishing] = useState(false);
  const [publishError, setPublishError] = useState<string | null>(null);
  const noticeId = useRef<string | null>(props.id);
  const touched = useRef(false);
  const autosave = useRef(createAutosave<NoticeDraftRequest>({
    save: async (request) => {
      if (noticeId.current) await noticesApi.update(noticeId.current, request);
      else if (school) noticeId.current = (await noticesApi.create(school.id, request)).id;
    },
    delayMs: SAVE_DELAY_MS,
    onState: setSaveState,
    errorText,
  })).current;

  useEffect(() => {
    if (!school) return;
    let live = true;
    void (async () => {
      try {
        const c = await noticesApi.composer(school.id);
        if (!live) return;
        setComposer(c);
        if (props.id) {
          const d = await noticesApi.detail(props.id);
          if (!live) return;
          if (d.status !== 'draft') {
            await Taro.redirectTo({ url: `${ROUTES.noticeStats}?id=${encodeURIComponent(d.id)}` });
            return;
          }
          dispatch({ type: 'load', state: fromStaffDetail(d) });
        } else {
          // A teacher with one class writes to that class.
          const classes = c.grades.flatMap((g) => g.classes);
          dispatch({ type: 'load', state: emptyEditor(c.schoolWide ? { scope: 'school', ids: [] } : { scope: 'classes', ids: classes.length === 1 ? [classes[0].id] : [] }) });
        }
      } catch (e) {
        if (live) setLoadError(errorText(e));
      }
    })();
    return () => {
      live = false;
      void autosave.flush().finally(() => autosave.dispose());
    };
  }, []);

  const { request, problems } = toDraftRequest(state);
  useEffect(() => {
    if (!touched.current) return;
    if (request) autosave.change(request);
    else autosave.cancel();
  }, [state]);

  const edit = (action: EditorAction) => {
    touched.current = true;
    setPublishError(null);
    dispatch(action);
  };
  // Files belong to a saved draft: the first one saves it (a draft the server would refuse is not sent: the form says why).
  const ensureDraft = async (): Promise<string | null> => {
    if (noticeId.current) return noticeId.current;
    if (!request) {
      toast(`请先完成：${problems[0] ?? '标题和正文'}，草稿保存后才能添加附件`);
      return null;
    }
    touched.current = true;
    autosave.change(request);
    return (await autosave.flush()) ? noticeId.current : null;
  };
  // Saves the editor as it will be after `action`, then shows it (a picture leaves the body before the draft's files).
  const applyAndSave = async (action: EditorAction): Promise<boolean> => {
    const next = toDraftRequest(editorReducer(state, action));
    if (!next.request) {
      toast(next.problems[0] ?? '草稿无法保存');
      return false;
    }
    touched.current = true;
    autosave.change(next.request);
    if (!(await autosave.flush())) return false;
    edit(action);
    return true;
  };
  const files = useNoticeFiles({ noticeId: noticeId.current, blocks: state.blocks, ensureDraft, applyAndSave, edit });

  if (!school?.canWrite) return <View className='card'><Text className='muted'>通知由学校的校长、管理员和班主任撰写。</Text></View>;
  if (loadError) return <View className='card'><Text className='error-text'>{loadError}</Text></View>;
  if (!composer) return <Text className='muted center'>加载中…</Text>;

  const publish = async () => {
    setPublishError(null);
    if (!request) return setPublishError(problems[0]);
    const at = publishMode === 'schedule' ? shanghaiInstant(scheduleAt.date, scheduleAt.time) : null;
    if (publishMode === 'schedule' && !at) return setPublishError('请选择发布时间');
    const ok = await Taro.showModal({
      title: publishMode === 'now' ? '立即发布' : '定时发布',
      content: `${publishMode === 'now' ? '现在' : `${scheduleAt.date} ${scheduleAt.time}`}发给${audienceText(composer, state.audience)}。发布后不能修改，只能撤回。`,
      confirmText: '发布',
      cancelText: '再看看',
    });
    if (!ok.confirm) return;
    setPublishing(true);
    try {
      touched.current = true;
      autosave.change(request);
      if (!(await autosave.flush()) || !noticeId.current) throw new ApiError(0, 'NETWORK_ERROR', '草稿没有保存成功，请稍后再发布');
      await noticesApi.publish(noticeId.current, at ? { at } : {});
      toast(at ? '已定时' : '已发布', 'success');
      await Taro.redirectTo({ url: `${ROUTES.noticeStats}?id=${encodeURIComponent(noticeId.current)}` });
    } catch (e) {
      setPublishError(errorText(e));
    } finally {
      setPublishing(false);
    }
  };

  // 从模板开始 (a new notice, before anything of it is saved): the template fills the editor and is saved as a draft.
  const startFromTemplate = async (t: NoticeTemplate) => {
    if (touched.current && !(await Taro.showModal({ title: '使用模板', content: '模板会替换您已写的标题和正文。', confirmText: '替换', cancelText: '取消' })).confirm) return;
    edit({ type: 'load', state: fromTemplate(t, state.audience) });
  };
  return (
    <View className='notices-wide'>
      <View className='compose-layout'>
        <View className='compose-editor'>
          {!props.id && !noticeId.current && <TemplatePicker onPick={(t) => void startFromTemplate(t)} />}
          <View className='card'>
            <Text className='label'>类型</Text>
            <View className='choice-list'>
              {NOTICE_KINDS.map((k) => (
                <View key={k} className={`choice${state.kind === k ? ' selected' : ''}`} onClick={() => edit({ type: 'set', patch: { kind: k } })} {...a11y({ role: 'radio', checked: state.kind === k })}>
                  {NOTICE_KIND_LABELS[k]}
                </View>
              ))}
            </View>
            {state.kind === 'warning' && (
              <View className='warning-hint'>
                <Text className='label'>写紧急预警时请注意</Text>
                <Text className='p'>{composer.warningHint}</Text>
              </View>
            )}
            <View className='field compose-title'>
              <Text className='label'>标题</Text>
              <Input className='input title-input' value={state.title} maxlength={NOTICE_LIMITS.titleMax} placeholder='例如：致家长的一封信' onInput={(e) => edit({ type: 'set', patch: { title: e.detail.value } })} />
              <Text className='muted'>{state.title.length} / {NOTICE_LIMITS.titleMax}</Text>
            </View>
          </View>

          <View className='card'>
            <Text className='label'>正文</Text>
            <BodyEditor blocks={state.blocks} linkPages={composer.linkPages} edit={edit} noticeId={noticeId.current} onInsertImage={() => void files.insertImage()} />
          </View>

          <View className='card'>
            <Text className='label'>附件</Text>
            <AttachmentsPanel files={files} />
          </View>

          <View className='card'>
            <Text className='label'>发给谁</Text>
            <AudiencePicker composer={composer} audience={state.audience} edit={edit} />
          </View>

          <ConfirmationCard state={state} edit={edit} />

          <View className='card'>
            <Text className='label'>发布</Text>
            <View className='choice-list'>
              <View className={`choice${publishMode === 'now' ? ' selected' : ''}`} onClick={() => setPublishMode('now')} {...a11y({ role: 'radio', checked: publishMode === 'now' })}>立即发布</View>
              <View className={`choice${publishMode === 'schedule' ? ' selected' : ''}`} onClick={() => setPublishMode('schedule')} {...a11y({ role: 'radio', checked: publishMode === 'schedule' })}>定时发布</View>
            </View>
            {publishMode === 'schedule' && <WhenPicker label='发布' value={scheduleAt} onChange={setScheduleAt} />}
            <Text className='muted editor-hint'>
              {state.kind === 'warning'
                ? '紧急预警会立即推送给家长，并在家长首页置顶显示，直到家长确认。'
                : `${composer.quietHours.start}–${composer.quietHours.end} 之间不推送微信消息，家长在小程序里仍能看到；早上再推送。`}
            </Text>
            <Text className={`save-state${saveState.status === 'failed' ? ' failed' : ''}`}>{saveText(saveState)}</Text>
            {touched.current && problems.length > 0 && (
              <View className='problems'>
                {problems.slice(0, 5).map((p) => <Text key={p} className='field-error'>{p}</Text>)}
              </View>
            )}
            {publishError && <Text className='error-text'>{publishError}</Text>}
            <Button className='btn primary' disabled={publishing || !request || undefined} onClick={() => void publish()}>
              {publishing ? '正在发布…' : publishMode === 'now' ? '发布' : '定时发布'}
            </Button>
          </View>
        </View>
        <Preview state={state} noticeId={noticeId.current} />
      </View>
    </View>
  );
}

export default function ComposePage() {
  const id = useRouter().params?.id || null;
  return <Screen>{(me) => <ComposeBody me={me} id={id} />}</Screen>;
}
