import { Text, View } from '@tarojs/components';
import { NOTICE_LINK_PAGES, type NoticeBody, type NoticeBlock, type NoticeLinkPage, type NoticeSpan } from '@anxin/shared';
import { a11y } from '../a11y';
import { openPage } from '../routes';
import { NoticeImage } from './NoticeImage';
import './notice-body.css';

const isLinkPage = (v: unknown): v is NoticeLinkPage => typeof v === 'string' && Object.prototype.hasOwnProperty.call(NOTICE_LINK_PAGES, v);

function Spans(props: { spans: NoticeSpan[]; onLink: (page: NoticeLinkPage) => void }) {
  return (
    <>
      {props.spans.map((s, i) => {
        const link = isLinkPage(s.link) ? s.link : null;
        const className = `notice-span${s.bold ? ' bold' : ''}${link ? ' link' : ''}`;
        if (!link) return <Text key={i} className={className}>{s.text}</Text>;
        return (
          <Text key={i} className={className} onClick={() => props.onLink(link)} {...a11y({ role: 'link', label: `${s.text}（打开${NOTICE_LINK_PAGES[link]}）` })}>
            {s.text}
          </Text>
        );
      })}
    </>
  );
}

function Block(props: { block: NoticeBlock; onLink: (page: NoticeLinkPage) => void; noticeId?: string | null }) {
  const b = props.block;
  switch (b.type) {
    case 'heading':
      return <Text className='notice-heading' {...a11y({ role: 'heading' })}>{b.text}</Text>;
    case 'paragraph':
      return <View className='notice-p'><Spans spans={b.spans} onLink={props.onLink} /></View>;
    case 'bulleted':
    case 'numbered':
      return (
        <View className={`notice-list ${b.type}`}>
          {b.items.map((item, i) => (
            <View key={i} className='notice-li'>
              <Text className='notice-marker'>{b.type === 'numbered' ? `${i + 1}.` : '•'}</Text>
              <View className='notice-li-body'><Spans spans={item} onLink={props.onLink} /></View>
            </View>
          ))}
        </View>
      );
    case 'image':
      return <NoticeImage noticeId={props.noticeId} attachmentId={b.attachmentId} caption={b.caption} />;
    default:
      // A block this version of the app does not know (the server refuses any; a newer server might send one).
      return <Text className='muted'>（此处内容需要更新小程序后查看）</Text>;
  }
}

/**
 * The body of a letter home, notice or warning (shared/src/notice-body.ts), drawn with the app's own components:
 * headings, paragraphs with bold and links, bulleted and numbered lists. Never HTML: every text is a Text node, and a
 * link opens a page of the app from NOTICE_LINK_PAGES (anything else is shown as plain text). A picture is the notice's
 * own attachment (`noticeId`), fetched with the session and tapped to see it large. The guardian's notice page and the
 * staff editor's live preview use the same renderer.
 */
export function NoticeBodyView(props: { body: NoticeBody; onLink?: (page: NoticeLinkPage) => void; noticeId?: string | null }) {
  const onLink = props.onLink ?? ((page: NoticeLinkPage) => void openPage(page));
  return (
    <View className='notice-body'>
      {props.body.blocks.map((b, i) => <Block key={i} block={b} onLink={onLink} noticeId={props.noticeId} />)}
    </View>
  );
}
