import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { PLEDGE_TEXT_PART_LABELS, pledgeParagraphs } from '@anxin/shared';
import { a11y } from '../a11y';
import './pledge-text.css';

/** The parts of a pledge as one reader gets them (the student part already chosen for the child's grade). */
export interface PledgeTextParts {
  school: string;
  guardian: string;
  student: string;
}

/**
 * A pledge's text, drawn natively: each part under its heading (学校承诺, 家长承诺, 学生承诺), its paragraphs split at
 * blank lines as the server and the diff split them. `parts` picks which parts (all three unless said). Used by the
 * guardian's signing page and signed copy and by the staff's preview.
 */
export function PledgeTextView(props: { text: PledgeTextParts; parts?: Array<keyof PledgeTextParts>; studentLabel?: string }) {
  const labels: Record<keyof PledgeTextParts, string> = {
    school: PLEDGE_TEXT_PART_LABELS.school,
    guardian: PLEDGE_TEXT_PART_LABELS.guardian,
    student: props.studentLabel ?? PLEDGE_TEXT_PART_LABELS.student,
  };
  return (
    <View className='pledge-text'>
      {(props.parts ?? (['school', 'guardian', 'student'] as const)).map((key) => (
        <View key={key} className={`pledge-part pledge-part-${key}`}>
          <Text className='pledge-part-title' {...a11y({ role: 'heading' })}>{labels[key]}</Text>
          {pledgeParagraphs(props.text[key]).map((para, i) => <Text key={i} className='pledge-p'>{para}</Text>)}
        </View>
      ))}
    </View>
  );
}

/** `3f2a9c1e…b04d`: enough to compare by eye. */
export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-4)}` : hash;
}

/**
 * A text's SHA-256 fingerprint: the short form, the whole 64 characters on tap (in groups of eight so they can be read
 * out and compared with the printed copy).
 */
export function HashText(props: { hash: string; label?: string }) {
  const [full, setFull] = useState(false);
  const grouped = props.hash.match(/.{1,8}/g)?.join(' ') ?? props.hash;
  return (
    <View
      className='hash-text'
      onClick={() => setFull(!full)}
      {...a11y({ role: 'button', label: `${props.label ?? '文本指纹'}：${full ? grouped : shortHash(props.hash)}，点按${full ? '收起' : '查看完整指纹'}` })}
    >
      <Text className='hash-label'>{props.label ?? '文本指纹'}（SHA-256）：</Text>
      <Text className={`hash-value${full ? ' full' : ''}`}>{full ? grouped : shortHash(props.hash)}</Text>
      <Text className='hash-toggle'>{full ? '收起' : '查看完整'}</Text>
    </View>
  );
}
