import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Called with the dedupe keys (all starting with the hook's prefix) of rows just marked sent, in that transaction. */
export type OutboxSentHook = (m: EntityManager, dedupeKeys: string[]) => Promise<void>;

/**
 * What a feature keeps in step with WeChat's acceptance of its messages: a feature registers a hook for the dedupe
 * keys it owns (a prefix, e.g. `notice:`), and the outbox calls it in the same transaction that marks those rows
 * sent, so the feature's figures and the outbox's rows commit together or not at all. A hook may be called again for
 * a key it has seen (a row another worker also recorded): it must be idempotent.
 */
@Injectable()
export class OutboxSentHooks {
  private readonly hooks: { prefix: string; hook: OutboxSentHook }[] = [];

  register(prefix: string, hook: OutboxSentHook): void {
    this.hooks.push({ prefix, hook });
  }

  /** Runs the hooks whose prefix some of these keys carry. */
  async sent(m: EntityManager, dedupeKeys: string[]): Promise<void> {
    for (const { prefix, hook } of this.hooks) {
      const keys = dedupeKeys.filter((k) => k.startsWith(prefix));
      if (keys.length) await hook(m, keys);
    }
  }
}
