import { useEffect, useRef, useState } from 'react';
import { errorText } from '../api/client';

/** While a background job (a report, a ledger export) is queued or being made, its list is read again this often. */
export const JOB_POLL_MS = 3000;

/**
 * A list of background jobs that keeps itself current: loaded when `deps` change, read again every JOB_POLL_MS while
 * any job is `queued` or `running`, and never set after the page has gone. `reload` reads it now (after asking for a
 * new job); `error` holds the last failure in words, `setError` lets the page show its own.
 */
export function usePolledJobs<T extends { status: string }>(fetch: () => Promise<{ items: T[] }>, deps: unknown[]) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  const reload = () => {
    fetch().then((r) => {
      if (!alive.current) return;
      setItems(r.items);
      if (timer.current) clearTimeout(timer.current);
      timer.current = r.items.some((x) => x.status === 'queued' || x.status === 'running') ? setTimeout(reload, JOB_POLL_MS) : null;
    }, (e) => alive.current && setError(errorText(e)));
  };
  useEffect(() => {
    alive.current = true;
    reload();
    return () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
    };
  }, deps);

  return { items, error, setError, reload };
}
