import { describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import { barPercent, BarChart, ColumnChart, sharePercent, ShareBar } from './Charts';

describe('charts drawn with Views', () => {
  it('sizes a bar as a percentage of the largest value, never hiding a small one', () => {
    expect(barPercent(10, 10)).toBe(100);
    expect(barPercent(5, 10)).toBe(50);
    expect(barPercent(1, 1000)).toBe(2);
    expect(barPercent(0, 10)).toBe(0);
    expect(barPercent(3, 0)).toBe(0);
    // '<3' is drawn as 2, its largest possible value
    expect(barPercent('<3', 8)).toBe(25);
    expect(barPercent(null, 8)).toBe(0);
    expect(sharePercent(0.834)).toBe(83.4);
    expect(sharePercent(null)).toBe(0);
    expect(sharePercent(1.2)).toBe(100);
  });

  it('draws horizontal bars with their widths, the counts as text, and "<3" hatched', () => {
    const { container } = render(<BarChart title='按类别' items={[
      { key: 'verbal', label: '言语欺凌', value: 8 }, { key: 'physical', label: '肢体欺凌', value: 4 }, { key: 'cyber', label: '网络欺凌', value: '<3' }, { key: 'other', label: '其他', value: 0 },
    ]} />);
    const fills = [...container.querySelectorAll('.chart-fill')] as HTMLElement[];
    expect(fills.map((f) => f.style.width)).toEqual(['100%', '50%', '25%', '0%']);
    expect(fills.map((f) => f.className)).toEqual(['chart-fill', 'chart-fill', 'chart-fill small', 'chart-fill']);
    expect(screen.getByText('<3')).toBeTruthy();
    expect(screen.getByText('8')).toBeTruthy();
  });

  it('draws month columns by height, and a withheld share as an empty bar with a dash', () => {
    const { container } = render(<ColumnChart title='按月份' items={[{ key: '2026-09', label: '9月', value: 6 }, { key: '2026-10', label: '10月', value: 3 }]} />);
    expect(([...container.querySelectorAll('.chart-fill')] as HTMLElement[]).map((f) => f.style.height)).toEqual(['100%', '50%']);
    const share = render(<ShareBar label='期限内受理' share={null} />);
    expect(share.getByText('—')).toBeTruthy();
    expect((share.container.querySelector('.chart-fill') as HTMLElement).style.width).toBe('0%');
    const shown = render(<ShareBar label='已确认' share={0.75} />);
    expect(shown.getByText('75%')).toBeTruthy();
  });
});
