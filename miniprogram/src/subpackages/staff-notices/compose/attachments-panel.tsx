import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { NOTICE_ATTACHMENT_LIMITS, type NoticeAttachment } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { noticeAttachmentsApi } from '../../../api/notice-attachments';
import { fileSizeText } from '../../../components/NoticeAttachmentList';
import { toast } from '../../../components/Screen';
import { a11y } from '../../../a11y';
import type { EditorAction, EditorBlock } from '../editor-state';
import '../../../components/notice-attachments.css';

const MB = 1024 * 1024;
const TOO_BIG = `每个附件不能超过 ${NOTICE_ATTACHMENT_LIMITS.bytesMax / MB} MB`;
const FULL = `每条通知最多 ${NOTICE_ATTACHMENT_LIMITS.perNoticeMax} 个附件（图片和 PDF 合计）`;

export interface NoticeFiles {
  items: NoticeAttachment[];
  /** What is being done (正在上传…), or null. */
  busy: string | null;
  /** + 图片: choose a picture, attach it to the draft (saving the draft first if it is new) and add it to the body. */
  insertImage: () => Promise<void>;
  /** 添加 PDF: a file the user chose (a path Taro.uploadFile reads, its name and size). */
  addPdf: (file: { path: string; name: string; size: number }) => Promise<void>;
  /** Removes a file from the draft, and first every block of the body that shows it. */
  remove: (a: NoticeAttachment) => Promise<void>;
}

/**
 * The draft's files, for the editor. A file belongs to a saved draft, so the first one saves the draft
 * (`ensureDraft`: its id, or null when it cannot be saved yet, the reason told). Removing a picture the body shows
 * takes its blocks out and saves that first (`applyAndSave`), as the server refuses to remove a picture still shown.
 */
export function useNoticeFiles(opts: {
  noticeId: string | null;
  blocks: EditorBlock[];
  ensureDraft: () => Promise<string | null>;
  applyAndSave: (action: EditorAction) => Promise<boolean>;
  edit: (action: EditorAction) => void;
}): NoticeFiles {
  const [items, setItems] = useState<NoticeAttachment[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const latest = useRef(opts);
  latest.current = opts;

  useEffect(() => {
    if (!opts.noticeId) return;
    let live = true;
    noticeAttachmentsApi.list(opts.noticeId).then((list) => live && setItems(list), () => undefined);
    return () => {
      live = false;
    };
  }, [opts.noticeId]);

  const room = () => {
    if (items.length < NOTICE_ATTACHMENT_LIMITS.perNoticeMax) return true;
    toast(FULL);
    return false;
  };
  const send = async (file: { path: string; name?: string; size: number }, what: string): Promise<NoticeAttachment | null> => {
    if (file.size > NOTICE_ATTACHMENT_LIMITS.bytesMax) {
      toast(TOO_BIG);
      return null;
    }
    setBusy('正在保存草稿…');
    try {
      const id = await latest.current.ensureDraft();
      if (!id) return null;
      setBusy(`正在上传${what}…`);
      const a = await noticeAttachmentsApi.upload(id, file.path, file.name);
      setItems((list) => [...list, a]);
      return a;
    } catch (e) {
      toast(errorText(e));
      return null;
    } finally {
      setBusy(null);
    }
  };

  const insertImage = async () => {
    if (busy || !room()) return;
    let chosen: { path: string; size: number; name?: string };
    try {
      const res = await Taro.chooseImage({
        count: 1,
        sizeType: ['compressed'],
        // h5: one file input (the browser offers the camera itself); weapp: album or camera.
        sourceType: process.env.TARO_ENV === 'h5' ? ['album'] : ['album', 'camera'],
      });
      const f = res.tempFiles?.[0] as { path: string; size: number; originalFileObj?: { name?: string } } | undefined;
      // h5 keeps the chosen File (its name becomes the label); WeChat gives only a temporary path.
      chosen = f ? { path: f.path, size: f.size, name: f.originalFileObj?.name } : { path: res.tempFilePaths[0], size: 0 };
      if (!chosen.path) return;
    } catch {
      return; // cancelled
    }
    const a = await send(chosen, '图片');
    if (a) latest.current.edit({ type: 'addImage', attachmentId: a.id });
  };

  const addPdf = async (file: { path: string; name: string; size: number }) => {
    if (busy || !room()) return;
    if (!/\.pdf$/i.test(file.name)) {
      toast('只能添加 PDF 文件');
      return;
    }
    await send(file, ' PDF');
  };

  const remove = async (a: NoticeAttachment) => {
    const id = latest.current.noticeId;
    if (busy || !id) return;
    setBusy('正在删除…');
    try {
      if (latest.current.blocks.some((b) => b.attachmentId === a.id) && !(await latest.current.applyAndSave({ type: 'removeImages', attachmentId: a.id }))) return;
      await noticeAttachmentsApi.remove(id, a.id);
      setItems((list) => list.filter((x) => x.id !== a.id));
    } catch (e) {
      toast(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return { items, busy, insertImage, addPdf, remove };
}

/** 附件: the draft's PDFs and pictures (pictures are added with the body's + 图片), + PDF (from a WeChat chat, or the computer's files), 删除. */
export function AttachmentsPanel(props: { files: NoticeFiles }) {
  const { files } = props;
  const input = useRef<HTMLInputElement>(null);
  const chooseInWechat = async () => {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['pdf'] });
      const f = res.tempFiles[0] as { path: string; name: string; size?: number } | undefined;
      if (f) await files.addPdf({ path: f.path, name: f.name, size: f.size ?? 0 });
    } catch {
      // cancelled
    }
  };
  const onBrowserFile = (el: HTMLInputElement) => {
    const f = el.files?.[0];
    // Taro.uploadFile in h5 reads the file back from an object URL.
    if (f) void files.addPdf({ path: URL.createObjectURL(f), name: f.name, size: f.size });
    el.value = '';
  };
  return (
    <View className='attachments-panel'>
      {files.items.length === 0 && <Text className='muted'>还没有附件。</Text>}
      {files.items.map((a) => (
        <View key={a.id} className='attachment-row'>
          <Text className='tag attachment-kind'>{a.kind === 'pdf' ? 'PDF' : '图片'}</Text>
          <View className='row-main'>
            <Text className='attachment-name'>{a.label}</Text>
            <Text className='muted'>{fileSizeText(a.size)}</Text>
          </View>
          <Button className='btn small danger' disabled={!!files.busy || undefined} onClick={() => void files.remove(a)} {...a11y({ role: 'button', label: `删除附件 ${a.label}` })}>
            删除
          </Button>
        </View>
      ))}
      <View className='btn-row'>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button className='btn small' disabled={!!files.busy || undefined} onClick={() => void chooseInWechat()}>+ PDF（从微信聊天中选择）</Button>
        ) : (
          <View>
            <input ref={input} className='file-input' type='file' style={{ display: 'none' }} accept='.pdf,application/pdf' onChange={(e) => onBrowserFile(e.currentTarget)} />
            <Button className='btn small add-pdf' disabled={!!files.busy || undefined} onClick={() => input.current?.click()}>+ PDF</Button>
          </View>
        )}
      </View>
      {files.busy && <Text className='muted'>{files.busy}</Text>}
      <Text className='muted editor-hint'>
        图片和 PDF 合计最多 {NOTICE_ATTACHMENT_LIMITS.perNoticeMax} 个，每个不超过 {NOTICE_ATTACHMENT_LIMITS.bytesMax / MB} MB。图片会去除拍摄地点等信息；发布后附件不能再修改。
      </Text>
    </View>
  );
}
