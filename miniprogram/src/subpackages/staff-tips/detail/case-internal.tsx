import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TipDetail, TipInternalView } from '@anxin/shared';
import { ApiError, errorText } from '../../../api/client';
import { tipNotesApi } from '../../../api/tip-notes';
import { InternalNotes } from './internal-notes';
import { InternalProgress } from './internal-progress';
import './internal.css';

/**
 * 内部备注（举报人看不到）: the internal progress step and the notes, apart from the conversation with the reporter.
 * Opening it is a read of the case the server records; a caller the server refuses sees nothing here.
 */
export function CaseInternal(props: { tip: TipDetail }) {
  const { tip } = props;
  const [view, setView] = useState<TipInternalView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    let live = true;
    tipNotesApi.internal(tip.id).then((v) => live && setView(v), (e) => {
      if (!live) return;
      if (e instanceof ApiError && (e.status === 403 || e.status === 404)) setHidden(true);
      else setError(errorText(e));
    });
    return () => { live = false; };
  }, [tip.id]);
  if (hidden) return null;
  return (
    <View className='card internal-card'>
      <Text className='subtitle internal-mark'>内部备注（举报人看不到）</Text>
      {error && <Text className='error-text'>{error}</Text>}
      {!view && !error && <Text className='muted'>加载中…</Text>}
      {view && (
        <View>
          <InternalProgress tip={tip} progress={view.progress} canWrite={view.canWrite} onSaved={(progress) => setView({ ...view, progress })} />
          <InternalNotes tipId={tip.id} notes={view.notes} canWrite={view.canWrite} onAdded={(n) => setView({ ...view, notes: [...view.notes, n] })} />
        </View>
      )}
    </View>
  );
}
