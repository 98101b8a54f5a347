import type { Dispatch } from 'react';
import { Text, View } from '@tarojs/components';
import type { NoticeAudienceScope, NoticeComposerResponse } from '@anxin/shared';
import { a11y } from '../../../a11y';
import type { EditorAction, EditorState } from '../editor-state';

const SCOPES: { scope: NoticeAudienceScope; label: string }[] = [
  { scope: 'school', label: '全校' },
  { scope: 'grades', label: '按年级' },
  { scope: 'classes', label: '按班级' },
];

/** Who the chosen audience reaches, as a sentence (`三年级1班、三年级2班`). */
export function audienceText(composer: NoticeComposerResponse, audience: EditorState['audience']): string {
  if (audience.scope === 'school') return '全校家长';
  const names = audience.scope === 'grades'
    ? composer.grades.filter((g) => audience.ids.includes(g.id)).map((g) => g.name)
    : composer.grades.flatMap((g) => g.classes).filter((c) => audience.ids.includes(c.id)).map((c) => c.name);
  return names.length ? `${names.join('、')}的家长` : '（还没有选择）';
}

/**
 * 发给谁: the whole school, grades or classes for principals and school admins; a teacher chooses among their own
 * classes (the composer lists only what the server lets this person address).
 */
export function AudiencePicker(props: { composer: NoticeComposerResponse; audience: EditorState['audience']; edit: Dispatch<EditorAction> }) {
  const { composer, audience, edit } = props;
  const chip = (id: string, label: string) => (
    <View key={id} className={`choice${audience.ids.includes(id) ? ' selected' : ''}`} onClick={() => edit({ type: 'toggleAudience', id })} {...a11y({ role: 'checkbox', checked: audience.ids.includes(id) })}>
      {label}
    </View>
  );
  return (
    <View>
      {composer.schoolWide ? (
        <View className='choice-list'>
          {SCOPES.map((s) => (
            <View key={s.scope} className={`choice${audience.scope === s.scope ? ' selected' : ''}`} onClick={() => edit({ type: 'setScope', scope: s.scope })} {...a11y({ role: 'radio', checked: audience.scope === s.scope })}>
              {s.label}
            </View>
          ))}
        </View>
      ) : (
        <Text className='muted'>您可以发给自己任教的班级：</Text>
      )}
      {audience.scope === 'grades' && <View className='choice-list picker-row'>{composer.grades.map((g) => chip(g.id, g.name))}</View>}
      {audience.scope === 'classes' && (
        <View className='choice-list picker-row'>{composer.grades.flatMap((g) => g.classes).map((c) => chip(c.id, c.name))}</View>
      )}
      <Text className='muted editor-hint'>将发给：{audienceText(composer, audience)}</Text>
    </View>
  );
}
