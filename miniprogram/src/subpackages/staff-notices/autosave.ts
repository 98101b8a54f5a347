/**
 * Drafts save as you type: each change restarts a short wait, and when the author pauses the latest value is saved
 * (one save at a time; a change made while a save runs is saved right after it). `flush` saves at once and waits,
 * before publishing or leaving the page. `cancel` drops a value that must not be saved (one the server would refuse).
 */
export type SaveStatus = 'idle' | 'waiting' | 'saving' | 'saved' | 'failed';

export interface SaveState {
  status: SaveStatus;
  /** When the last save finished. */
  savedAt: Date | null;
  /** The Chinese reason of the last failure. */
  error: string | null;
}

export interface Autosave<T> {
  change(value: T): void;
  cancel(): void;
  flush(): Promise<boolean>;
  dispose(): void;
}

export function createAutosave<T>(opts: {
  save: (value: T) => Promise<void>;
  delayMs: number;
  onState: (s: SaveState) => void;
  errorText: (e: unknown) => string;
  now?: () => Date;
}): Autosave<T> {
  const now = opts.now ?? (() => new Date());
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: { value: T } | null = null;
  let running: Promise<boolean> | null = null;
  let state: SaveState = { status: 'idle', savedAt: null, error: null };
  let disposed = false;
  const emit = (patch: Partial<SaveState>) => {
    state = { ...state, ...patch };
    if (!disposed) opts.onState(state);
  };
  const stopTimer = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  /** Saves the pending value (never while another save runs: the timer is only set when none does). */
  const run = (): Promise<boolean> => {
    if (!pending) return Promise.resolve(state.status !== 'failed');
    const { value } = pending;
    pending = null;
    emit({ status: 'saving' });
    running = opts.save(value).then(
      () => {
        emit({ status: pending ? 'waiting' : 'saved', savedAt: now(), error: null });
        return true;
      },
      (e) => {
        emit({ status: 'failed', error: opts.errorText(e) });
        return false;
      },
    ).finally(() => {
      running = null;
      // Changed while saving: save the newer value after the usual pause.
      if (pending && !timer && !disposed) timer = setTimeout(fire, opts.delayMs);
    });
    return running;
  };

  const fire = () => {
    timer = null;
    void run();
  };

  return {
    change(value) {
      pending = { value };
      stopTimer();
      emit({ status: 'waiting' });
      if (!running) timer = setTimeout(fire, opts.delayMs);
    },
    cancel() {
      pending = null;
      stopTimer();
      if (state.status === 'waiting') emit({ status: state.savedAt ? 'saved' : 'idle' });
    },
    async flush() {
      stopTimer();
      if (running) await running;
      stopTimer();
      return run();
    },
    dispose() {
      stopTimer();
      disposed = true;
    },
  };
}
