import { Injectable } from '@nestjs/common';

/** Other modules register named liveness probes here (e.g. the worker's heartbeat); /api/health reports them. */
@Injectable()
export class HealthProbes {
  private readonly probes = new Map<string, () => Promise<boolean> | boolean>();

  register(name: string, probe: () => Promise<boolean> | boolean): void {
    this.probes.set(name, probe);
  }

  async run(): Promise<Record<string, boolean>> {
    const out: Record<string, boolean> = {};
    for (const [name, probe] of this.probes) {
      try {
        out[name] = await probe();
      } catch {
        out[name] = false;
      }
    }
    return out;
  }
}
