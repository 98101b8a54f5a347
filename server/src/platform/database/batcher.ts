import { strictTransactions, insideTransaction } from './transaction';

/** What one call of a batch came to: its value, or the error that call (and only that call) gets. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export const succeeded = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const failed = <T = never>(error: unknown): Outcome<T> => ({ ok: false, error });

interface Waiting<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Serves the calls that arrive together as one batch (group commit). A call made while fewer than `concurrent`
 * batches run starts one on the next turn of the event loop, taking every call waiting then (at most `max`); a call
 * made while `concurrent` batches run waits for one of them to finish and goes in its next batch. Alone, a call is a
 * batch of one, served at once; under load the batches grow with it, so the database sees a few statements per batch
 * instead of a few per call. `serve` answers each input with its own outcome, in order (one input's refusal is not
 * the others'); if `serve` throws, every call of that batch gets the error.
 *
 * A batch runs outside any caller's transaction, so calling from inside one is a mistake (under NODE_ENV=test it
 * throws); it runs in the async context of the call that started it.
 */
export class Batcher<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private running = 0;

  constructor(
    private readonly serve: (inputs: I[]) => Promise<Outcome<O>[]>,
    private readonly options: { max: number; concurrent: number },
  ) {}

  call(input: I): Promise<O> {
    if (strictTransactions() && insideTransaction()) throw new Error('Batcher.call inside a database transaction: its batch would run outside it');
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (this.running < this.options.concurrent) {
        this.running++;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, this.options.max);
        try {
          const outcomes = await this.serve(batch.map((w) => w.input));
          if (outcomes.length !== batch.length) throw new Error(`Batcher: ${outcomes.length} outcomes for ${batch.length} calls`);
          batch.forEach((w, i) => {
            const o = outcomes[i];
            if (o.ok) w.resolve(o.value);
            else w.reject(o.error);
          });
        } catch (e) {
          for (const w of batch) w.reject(e);
        }
      }
    } finally {
      this.running--;
    }
  }
}
