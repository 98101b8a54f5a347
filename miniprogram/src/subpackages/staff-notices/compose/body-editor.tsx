import { useRef, useState, type Dispatch } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { NOTICE_BODY_LIMITS, type NoticeBlockType, type NoticeComposerResponse, type NoticeLinkPage } from '@anxin/shared';
import { a11y } from '../../../a11y';
import { NoticeImage } from '../../../components/NoticeImage';
import { BLOCK_LABELS, insertBold, insertLink, type EditorAction, type EditorBlock } from '../editor-state';

const PLACEHOLDERS: Record<NoticeBlockType, string> = {
  heading: '小标题',
  paragraph: '输入一段文字',
  bulleted: '每行一项',
  numbered: '每行一项，会自动编号',
  image: '图片说明（可选）',
};

/** Where the cursor was in each block when the author last typed (WeChat reports it with each input). */
type Cursors = Record<string, number>;

function BlockEditor(props: {
  block: EditorBlock;
  first: boolean;
  last: boolean;
  linkPages: NoticeComposerResponse['linkPages'];
  cursors: Cursors;
  edit: Dispatch<EditorAction>;
  noticeId?: string | null;
}) {
  const { block: b, edit, cursors } = props;
  const [linking, setLinking] = useState(false);
  const setText = (text: string, cursor?: number) => {
    if (cursor !== undefined) cursors[b.key] = cursor;
    edit({ type: 'setText', key: b.key, text });
  };
  const at = () => cursors[b.key] ?? b.text.length;
  const bold = () => {
    const r = insertBold(b.text, at());
    setText(r.text, r.cursor);
  };
  const link = (page: NoticeLinkPage) => {
    const r = insertLink(b.text, at(), page);
    setText(r.text, r.cursor);
    setLinking(false);
  };
  return (
    <View className={`block-edit block-${b.type}`}>
      <View className='block-bar'>
        <Text className='tag'>{BLOCK_LABELS[b.type]}</Text>
        <View className='block-tools'>
          {!props.first && <Button className='btn small' onClick={() => edit({ type: 'moveBlock', key: b.key, by: -1 })}>上移</Button>}
          {!props.last && <Button className='btn small' onClick={() => edit({ type: 'moveBlock', key: b.key, by: 1 })}>下移</Button>}
          <Button className='btn small danger' onClick={() => edit({ type: 'removeBlock', key: b.key })}>删除</Button>
        </View>
      </View>
      {b.type === 'image' && (
        <View className='editor-picture'>
          <NoticeImage noticeId={props.noticeId} attachmentId={b.attachmentId ?? ''} />
          <Input
            className='input caption-input'
            value={b.text}
            maxlength={NOTICE_BODY_LIMITS.captionMax}
            placeholder={PLACEHOLDERS.image}
            onInput={(e) => setText(e.detail.value)}
          />
        </View>
      )}
      {b.type === 'image' ? null : b.type === 'heading' ? (
        <Input
          className='input heading-input'
          value={b.text}
          maxlength={NOTICE_BODY_LIMITS.headingMax}
          placeholder={PLACEHOLDERS.heading}
          onInput={(e) => setText(e.detail.value)}
        />
      ) : (
        <Textarea
          className='input textarea'
          value={b.text}
          maxlength={-1}
          autoHeight
          placeholder={PLACEHOLDERS[b.type]}
          onInput={(e) => setText(e.detail.value, e.detail.cursor)}
          onBlur={(e) => {
            if (typeof e.detail.cursor === 'number') cursors[b.key] = e.detail.cursor;
          }}
        />
      )}
      {b.type !== 'heading' && b.type !== 'image' && (
        <View className='block-tools'>
          <Button className='btn small' onClick={bold}>加粗</Button>
          <Button className='btn small' onClick={() => setLinking(!linking)}>插入链接</Button>
        </View>
      )}
      {linking && (
        <View className='choice-list link-choices'>
          {props.linkPages.map((p) => (
            <View key={p.page} className='choice' onClick={() => link(p.page)} {...a11y({ role: 'button', label: `插入指向${p.label}的链接` })}>{p.label}</View>
          ))}
        </View>
      )}
    </View>
  );
}

/**
 * The body as blocks: paragraphs, 小标题, bulleted and numbered lists (one item per line), each moved or removed on
 * its own; 加粗 and 插入链接 put the marks in at the cursor (editor-state.ts explains them).
 */
export function BodyEditor(props: {
  blocks: EditorBlock[];
  linkPages: NoticeComposerResponse['linkPages'];
  edit: Dispatch<EditorAction>;
  /** The saved draft's id (its pictures are fetched through it). */
  noticeId?: string | null;
  /** + 图片: choose a picture, attach it to the draft and add it as a block (AttachmentsPanel's insertImage). */
  onInsertImage?: () => void;
}) {
  const cursors = useRef<Cursors>({}).current;
  const add = (type: NoticeBlockType) => props.edit({ type: 'addBlock', block: type });
  return (
    <View>
      {props.blocks.map((b, i) => (
        <BlockEditor
          key={b.key} block={b} first={i === 0} last={i === props.blocks.length - 1} linkPages={props.linkPages} cursors={cursors} edit={props.edit}
          noticeId={props.noticeId}
        />
      ))}
      <View className='btn-row'>
        <Button className='btn small' onClick={() => add('paragraph')}>+ 段落</Button>
        <Button className='btn small' onClick={() => add('heading')}>+ 小标题</Button>
        <Button className='btn small' onClick={() => add('bulleted')}>+ 项目列表</Button>
        <Button className='btn small' onClick={() => add('numbered')}>+ 编号列表</Button>
        {props.onInsertImage && <Button className='btn small insert-image' onClick={props.onInsertImage}>+ 图片</Button>}
      </View>
      <Text className='muted editor-hint'>用两个星号包住的文字会加粗，如 **请准时参加**；[倾诉信箱](倾诉信箱) 会成为打开小程序页面的链接。+ 图片 会把照片作为附件上传并插入正文（去除拍摄地点等信息），家长点击可看大图。</Text>
    </View>
  );
}
