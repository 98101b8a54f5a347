import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { PledgeDiffEntry } from '@anxin/shared';
import { a11y } from '../../../a11y';

/**
 * What changed since the version a guardian signed, paragraph by paragraph (the diff comes from the server, made by
 * `pledgeTextDiff` in shared): added paragraphs green with the label 新增, removed ones red and struck through with
 * 删除 — the words say it, not the colour alone. Runs of unchanged paragraphs fold into one line that opens them.
 */
export type DiffRow =
  | { kind: 'added' | 'removed' | 'same'; text: string }
  | { kind: 'folded'; count: number; texts: string[] };

/** Unchanged paragraphs in a row at least this many fold into one line. */
export const FOLD_MIN = 2;

export const DIFF_LABELS = { added: '新增', removed: '删除' } as const;

export function diffRows(changes: PledgeDiffEntry[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let same: string[] = [];
  const flush = () => {
    if (same.length >= FOLD_MIN) rows.push({ kind: 'folded', count: same.length, texts: same });
    else same.forEach((text) => rows.push({ kind: 'same', text }));
    same = [];
  };
  for (const c of changes) {
    if (c.op === 'same') {
      same.push(c.text);
      continue;
    }
    flush();
    rows.push({ kind: c.op, text: c.text });
  }
  flush();
  return rows;
}

/** How many paragraphs were added and removed, as the heading says it. */
export function diffSummary(changes: PledgeDiffEntry[]): string {
  const added = changes.filter((c) => c.op === 'added').length;
  const removed = changes.filter((c) => c.op === 'removed').length;
  const parts = [added && `新增 ${added} 段`, removed && `删除 ${removed} 段`].filter(Boolean);
  return parts.length ? parts.join('，') : '文字没有变化';
}

function Folded(props: { count: number; texts: string[] }) {
  const [open, setOpen] = useState(false);
  if (open) return <View>{props.texts.map((t, i) => <Text key={i} className='diff-row diff-same'>{t}</Text>)}</View>;
  return (
    <View className='diff-folded' onClick={() => setOpen(true)} {...a11y({ role: 'button', label: `未改动的 ${props.count} 段，点按展开` })}>
      <Text>…… 未改动的 {props.count} 段（点按展开）</Text>
    </View>
  );
}

export function PledgeDiffView(props: { changes: PledgeDiffEntry[] }) {
  return (
    <View className='pledge-diff'>
      {diffRows(props.changes).map((r, i) => {
        if (r.kind === 'folded') return <Folded key={i} count={r.count} texts={r.texts} />;
        if (r.kind === 'same') return <Text key={i} className='diff-row diff-same'>{r.text}</Text>;
        return (
          <View key={i} className={`diff-row diff-${r.kind}`} {...a11y({ label: `${DIFF_LABELS[r.kind]}：${r.text}` })}>
            <Text className='diff-label'>{DIFF_LABELS[r.kind]}</Text>
            <Text className='diff-text'>{r.text}</Text>
          </View>
        );
      })}
    </View>
  );
}
