import { describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import { pledgeTextDiff, type PledgeDiffEntry } from '@anxin/shared';
import { PledgeDiffView, diffRows, diffSummary } from './pledge-diff';

const same = (text: string): PledgeDiffEntry => ({ op: 'same', text });

describe('the re-sign diff', () => {
  it('keeps changes in reading order and folds runs of unchanged paragraphs', () => {
    const rows = diffRows([same('一'), same('二'), same('三'), { op: 'removed', text: '旧' }, { op: 'added', text: '新' }, same('四'), { op: 'added', text: '末' }]);
    expect(rows).toEqual([
      { kind: 'folded', count: 3, texts: ['一', '二', '三'] },
      { kind: 'removed', text: '旧' },
      { kind: 'added', text: '新' },
      { kind: 'same', text: '四' },
      { kind: 'added', text: '末' },
    ]);
    expect(diffSummary([same('一'), { op: 'removed', text: '旧' }, { op: 'added', text: '新' }, { op: 'added', text: '末' }])).toBe('新增 2 段，删除 1 段');
    expect(diffSummary([same('一')])).toBe('文字没有变化');
  });

  it('draws added and removed paragraphs with the words 新增 and 删除, not colour alone; a fold opens on tap', () => {
    const changes = pledgeTextDiff(
      { school: '甲\n\n乙\n\n丙', guardian: '丁', student: '戊' },
      { school: '甲\n\n乙\n\n丙', guardian: '丁（改）', student: '戊' },
      5,
    );
    render(<PledgeDiffView changes={changes} />);
    const removed = screen.getByText('丁').closest('.diff-row')!;
    const added = screen.getByText('丁（改）').closest('.diff-row')!;
    expect(removed.className).toBe('diff-row diff-removed');
    expect(removed.querySelector('.diff-label')!.textContent).toBe('删除');
    expect(added.className).toBe('diff-row diff-added');
    expect(added.querySelector('.diff-label')!.textContent).toBe('新增');
    expect(screen.queryByText('乙')).toBeNull();
    fireEvent.click(screen.getByText('…… 未改动的 3 段（点按展开）'));
    expect(screen.getByText('乙').className).toBe('diff-row diff-same');
    expect(screen.getByText('戊').className).toBe('diff-row diff-same');
  });
});
