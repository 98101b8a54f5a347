import { useCallback, useRef, useState } from 'react';
import { errorText } from '../api/client';
import { toast } from './Screen';

export interface RunOptions {
  /** The success toast (none when absent: the page itself shows the outcome). */
  done?: string;
  /** Where a refusal shows: under the button (`inline`, the default, with `<ActionError error={action.error} />`) or as a toast. */
  errors?: 'inline' | 'toast';
}

/** How a page runs one change the server answers at once (a button's work): busy while it runs, then done or refused. */
export interface Action {
  /** True while the work runs: the button is disabled (`disabled={action.busy || undefined}`). */
  busy: boolean;
  /** Why the last run was refused, for `<ActionError>` right under its button; cleared when a run starts. */
  error: string | null;
  /** Shows a refusal found before anything is sent (an empty field, say) the same way. */
  refuse(message: string): void;
  /** Takes the shown refusal away (the user changed what it was about). */
  clear(): void;
  /**
   * Runs `work` (the request and what follows from its answer) unless a run is already going (a double tap does
   * nothing). When it succeeds, toasts `done` (if given) and resolves true; when it throws, shows why (under the button,
   * or as a toast with `errors: 'toast'`) and resolves false. It never rejects.
   */
  run(work: () => Promise<unknown>, options?: RunOptions): Promise<boolean>;
}

/** One owner of the busy flag, the error and the toasts of a page's button (the try/finally every page would repeat). */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback(async (work: () => Promise<unknown>, options: RunOptions = {}) => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await work();
      if (options.done) toast(options.done, 'success');
      return true;
    } catch (e) {
      if (options.errors === 'toast') toast(errorText(e));
      else setError(errorText(e));
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, refuse: setError, clear, run };
}
