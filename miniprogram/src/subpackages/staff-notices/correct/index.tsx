import { useEffect, useReducer, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  correctionTitle, NOTICE_CORRECTION_LIMITS, NOTICE_KIND_LABELS, NOTICE_LIMITS, NOTICE_LINK_PAGES,
  type MeResponse, type NoticeAttachment, type NoticeLinkPage, type NoticeStaffDetail,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { noticeAttachmentsApi } from '../../../api/notice-attachments';
import { noticesApi } from '../../../api/notices';
import { NoticeBodyView } from '../../../components/NoticeBodyView';
import { Screen, toast } from '../../../components/Screen';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';
import { ROUTES } from '../../../routes';
import { fromPublished, keptAttachments, toCorrectionRequest, toggleKept } from '../correction-state';
import { editorReducer, emptyEditor, toNoticeBody, type EditorAction } from '../editor-state';
import { BodyEditor } from '../compose/body-editor';
import { ConfirmationCard } from '../compose/confirmation-card';
import { KeptAttachments } from './kept-attachments';
import '../staff-notices.css';

const LINK_PAGES = (Object.entries(NOTICE_LINK_PAGES) as [NoticeLinkPage, string][]).map(([page, label]) => ({ page, label }));

/** The newest notice of `id`'s chain of corrections (a correction of a corrected notice corrects that one). */
async function latestOf(id: string): Promise<NoticeStaffDetail> {
  let d = await noticesApi.detail(id);
  for (let i = 0; d.correctedBy && i < NOTICE_CORRECTION_LIMITS.chainMax; i++) d = await noticesApi.detail(d.correctedBy.id);
  return d;
}

/**
 * 发布更正: a published notice is never edited. The corrected text is written here, starting from what was published,
 * with a note of what changed, and goes out as a new notice (titled 【更正】…) to the same classes: the original is
 * marked 已更正, guardians who had confirmed or signed it are asked again, and their earlier receipts stay on record.
 */
export function CorrectBody(props: { me: MeResponse; id: string }) {
  const [original, setOriginal] = useState<NoticeStaffDetail | null>(null);
  const [files, setFiles] = useState<NoticeAttachment[]>([]);
  const [kept, setKept] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [state, dispatch] = useReducer(editorReducer, emptyEditor({ scope: 'classes', ids: [] }));
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const sending = useAction();

  useEffect(() => {
    let live = true;
    // The files to keep are the latest's: a correction copies those.
    latestOf(props.id).then(async (d) => ({ d, list: d.status === 'published' || d.status === 'closed' ? await noticeAttachmentsApi.list(d.id) : [] })).then(({ d, list }) => {
      if (!live) return;
      setFiles(list);
      setKept(keptAttachments(list));
      setOriginal(d);
      dispatch({ type: 'load', state: fromPublished(d, new Date()) });
    }, (e) => live && setLoadError(errorText(e)));
    return () => {
      live = false;
    };
  }, []);

  if (loadError) return <View className='card'><Text className='error-text'>{loadError}</Text></View>;
  if (!original) return <Text className='muted center'>加载中…</Text>;
  if (original.status === 'recalled') return <View className='card'><Text className='muted'>这条通知已经撤回，不能更正。如有需要，请重新写一条通知。</Text></View>;
  if (original.status !== 'published' && original.status !== 'closed') return <View className='card'><Text className='muted'>只有已发布的通知可以更正。</Text></View>;
  if (!original.canManage) return <View className='card'><Text className='muted'>只有能管理这条通知的老师可以发布更正。</Text></View>;

  const edit = (action: EditorAction) => {
    sending.clear();
    dispatch(action);
  };
  const { request, problems } = toCorrectionRequest(state, note, kept);
  const toggle = (id: string) => {
    const r = toggleKept(state, kept, id);
    if (r.refused) toast(r.refused);
    sending.clear();
    setKept(r.kept);
  };
  const classes = original.audience.classes.map((c) => c.name).join('、');
  const send = async () => {
    setTried(true);
    sending.clear();
    if (!request) return;
    const ok = await Taro.showModal({
      title: '发布更正',
      content: `更正会立即发给${classes}的家长。原通知会标为“已更正”，已确认或签字的家长需要重新确认。`,
      confirmText: '发布',
      cancelText: '再看看',
    });
    if (!ok.confirm) return;
    await sending.run(async () => {
      const created = await noticesApi.correct(original.id, request);
      // Toasted here, before the redirect (not as `done`, which would wait for the redirect to finish).
      toast('更正已发布', 'success');
      await Taro.redirectTo({ url: `${ROUTES.noticeStats}?id=${encodeURIComponent(created.id)}` });
    });
  };

  const body = toNoticeBody(state.blocks);
  return (
    <View className='notices-wide'>
      <View className='compose-layout'>
        <View className='compose-editor'>
          <View className='card'>
            <View className='tag-line'>
              <Text className={`tag kind-${original.kind}`}>{NOTICE_KIND_LABELS[original.kind]}</Text>
              <Text className='tag correction'>更正</Text>
            </View>
            <Text className='subtitle'>更正《{original.title}》</Text>
            <Text className='muted'>通知发出后不能修改。更正会作为一条新通知发给原来的家长（{classes}），原通知标为“已更正”；已确认或签字的家长需要重新确认，原来的回执仍然保留。</Text>
            <View className='field'>
              <Text className='label'>更正说明（家长会在正文上方看到）</Text>
              <Input className='input correction-note' value={note} maxlength={NOTICE_CORRECTION_LIMITS.noteMax} placeholder='例如：家长会时间由周五改为周六上午九点' onInput={(e) => setNote(e.detail.value)} />
              <Text className='muted'>{note.length} / {NOTICE_CORRECTION_LIMITS.noteMax}</Text>
            </View>
            <View className='field compose-title'>
              <Text className='label'>标题（前面会加上“【更正】”）</Text>
              <Input className='input title-input' value={state.title} maxlength={NOTICE_LIMITS.titleMax} onInput={(e) => edit({ type: 'set', patch: { title: e.detail.value } })} />
            </View>
          </View>

          <View className='card'>
            <Text className='label'>更正后的正文</Text>
            <BodyEditor blocks={state.blocks} linkPages={LINK_PAGES} edit={edit} noticeId={original.id} />
          </View>

          <KeptAttachments files={files} kept={kept} onToggle={toggle} />

          <ConfirmationCard state={state} edit={edit} />

          <View className='card'>
            {tried && problems.length > 0 && (
              <View className='problems'>
                {problems.slice(0, 5).map((p) => <Text key={p} className='field-error'>{p}</Text>)}
              </View>
            )}
            <ActionError error={sending.error} />
            <Text className='muted editor-hint'>
              {original.kind === 'warning' ? '紧急预警的更正会立即推送给家长。' : '免打扰时段内不推送微信消息，家长在小程序里仍能看到；早上再推送。'}
            </Text>
            <Button className='btn primary' disabled={sending.busy || undefined} onClick={() => void send()}>{sending.busy ? '正在发布…' : '发布更正'}</Button>
          </View>
        </View>
        <View className='card compose-preview'>
          <Text className='subtitle'>预览：家长看到的样子</Text>
          <Text className='preview-title'>{correctionTitle(state.title.trim() || '（标题）')}</Text>
          {note.trim() && <Text className='p correction-note-view'>更正说明：{note.trim()}</Text>}
          {body.blocks.length ? <NoticeBodyView body={body} noticeId={original.id} onLink={() => toast('预览中不打开链接')} /> : <Text className='muted'>（正文）</Text>}
        </View>
      </View>
    </View>
  );
}

export default function CorrectPage() {
  const id = useRouter().params?.id ?? '';
  return <Screen>{(me) => <CorrectBody me={me} id={id} />}</Screen>;
}
