import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { NOTICE_KIND_LABELS, type NoticeTemplate } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { noticesApi } from '../../../api/notices';
import { a11y } from '../../../a11y';

/**
 * 从模板开始: the school's starting points (this semester's letter home first, an anti-bullying warning, the other
 * semester's letter). Choosing one fills the editor; the author then edits it like any draft.
 */
export function TemplatePicker(props: { onPick: (t: NoticeTemplate) => void }) {
  const [templates, setTemplates] = useState<NoticeTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let live = true;
    noticesApi.templates().then((r) => live && setTemplates(r.items), (e) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, []);

  if (error) return null;
  if (!templates?.length) return null;
  return (
    <View className='card template-picker'>
      <View className='class-head' onClick={() => setOpen(!open)} {...a11y({ role: 'button', label: `从模板开始，${open ? '收起' : '展开'}` })}>
        <View className='row-main'>
          <Text className='label'>从模板开始</Text>
          <Text className='muted'>致家长的一封信（秋季、春季学期）和欺凌警示，复制到下面后可以再修改。</Text>
        </View>
        <Text>{open ? '收起' : '展开'}</Text>
      </View>
      {open && templates.map((t) => (
        <View key={t.id} className='entry template-item' onClick={() => props.onPick(t)} {...a11y({ role: 'button', label: `使用模板：${t.name}` })}>
          <View className='row-main'>
            <View className='tag-line'>
              <Text className={`tag kind-${t.kind}`}>{NOTICE_KIND_LABELS[t.kind]}</Text>
              {t.current && <Text className='tag status-published'>本学期</Text>}
            </View>
            <Text className='staff-notice-title'>{t.name}</Text>
            <Text className='muted'>{t.description}</Text>
          </View>
          <Text>使用</Text>
        </View>
      ))}
    </View>
  );
}
