import { Text, View } from '@tarojs/components';
import { countText, countValue, isSmallCount, shareText, type Count } from '@anxin/shared';
import { a11y } from '../a11y';
import './charts.css';

/**
 * Charts drawn with plain Views: a bar is a View whose width (or a column's height) is a percentage, so a chart looks
 * the same in the weapp and the h5 build with no chart library and no canvas (see the README's dependency notes).
 * Every count is shown through small-counts.ts: '<3' as text, and drawn as 2 with a hatched fill.
 */

/** How long a bar is, as a percentage of the largest value: 0 for nothing, at least 2 for anything, at most 100. */
export function barPercent(value: Count | null | undefined, max: number): number {
  const v = countValue(value);
  if (v <= 0 || max <= 0) return 0;
  return Math.max(2, Math.min(100, Math.round((v / max) * 1000) / 10));
}

/** A share (0–1) as the width of a filled bar: 0–100, or 0 when withheld. */
export function sharePercent(share: number | null | undefined): number {
  return share === null || share === undefined ? 0 : Math.max(0, Math.min(100, Math.round(share * 1000) / 10));
}

export interface ChartItem {
  key: string;
  label: string;
  value: Count;
}

const largest = (items: ChartItem[]) => Math.max(0, ...items.map((i) => countValue(i.value)));
const fillClass = (v: Count) => `chart-fill${isSmallCount(v) ? ' small' : ''}`;
const summary = (title: string, items: ChartItem[]) => `${title}：${items.map((i) => `${i.label} ${countText(i.value)}`).join('，')}`;

/** Horizontal bars, one row each: the label, the bar, the count. */
export function BarChart(props: { title: string; items: ChartItem[] }) {
  const max = largest(props.items);
  return (
    <View className='chart bar-chart' {...a11y({ label: summary(props.title, props.items) })}>
      {props.items.map((i) => (
        <View key={i.key} className='bar-row'>
          <Text className='bar-label'>{i.label}</Text>
          <View className='bar-track'>
            <View className={fillClass(i.value)} style={{ width: `${barPercent(i.value, max)}%` }} />
          </View>
          <Text className='bar-value'>{countText(i.value)}</Text>
        </View>
      ))}
    </View>
  );
}

/** Vertical columns side by side (months): the count above, the column, the label below. */
export function ColumnChart(props: { title: string; items: ChartItem[] }) {
  const max = largest(props.items);
  return (
    <View className='chart column-chart' {...a11y({ label: summary(props.title, props.items) })}>
      {props.items.map((i) => (
        <View key={i.key} className='column'>
          <Text className='column-value'>{countText(i.value)}</Text>
          <View className='column-plot'>
            <View className={fillClass(i.value)} style={{ height: `${barPercent(i.value, max)}%` }} />
          </View>
          <Text className='column-label'>{i.label}</Text>
        </View>
      ))}
    </View>
  );
}

/** A share as a bar filled to its percentage, with the figure; '—' and an empty bar when withheld. */
export function ShareBar(props: { label: string; share: number | null; detail?: string }) {
  return (
    <View className='share-row' {...a11y({ label: `${props.label}：${shareText(props.share)}` })}>
      <View className='share-head'>
        <Text className='bar-label'>{props.label}</Text>
        <Text className='bar-value'>{shareText(props.share)}</Text>
      </View>
      <View className='bar-track'>
        <View className='chart-fill' style={{ width: `${sharePercent(props.share)}%` }} />
      </View>
      {props.detail && <Text className='muted'>{props.detail}</Text>}
    </View>
  );
}

/** A table beside a chart: a header row and rows of text cells; the first column takes the room left. */
export function FigureTable(props: { head: string[]; rows: { key: string; cells: string[] }[] }) {
  const columns = { gridTemplateColumns: `minmax(0, 2fr) repeat(${props.head.length - 1}, minmax(0, 1fr))` };
  return (
    <View className='figure-table'>
      <View className='ft-row ft-head' style={columns}>
        {props.head.map((h) => <Text key={h} className='ft-cell'>{h}</Text>)}
      </View>
      {props.rows.map((r) => (
        <View key={r.key} className='ft-row' style={columns}>
          {r.cells.map((c, n) => <Text key={n} className='ft-cell'>{c}</Text>)}
        </View>
      ))}
    </View>
  );
}

/** A figure in a tile: the value big, what it is below. */
export function Tile(props: { value: string; label: string; late?: boolean }) {
  return (
    <View className='tile'>
      <Text className={`tile-value${props.late ? ' late' : ''}`}>{props.value}</Text>
      <Text className='tile-label'>{props.label}</Text>
    </View>
  );
}

/** The semesters to choose from, the current one first. */
export function SemesterChips(props: { options: { key: string; label: string }[]; current: string; onPick: (key: string) => void }) {
  return (
    <View className='od-semesters'>
      {props.options.map((s) => (
        <View key={s.key} {...a11y({ role: 'radio', checked: s.key === props.current })} className={`choice${s.key === props.current ? ' selected' : ''}`} onClick={() => props.onPick(s.key)}>
          {s.label}
        </View>
      ))}
    </View>
  );
}
