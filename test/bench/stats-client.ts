import { Agent, request } from 'node:http';

/**
 * The client of the stats benchmark, run as a process of its own: the bench process holds the seeded school (100,000
 * guardians, their sessions and receipts) and its collections of that heap paused the requests it timed (major
 * collections of 14–22 ms in the middle of the stats requests). Env: STATS_URL, STATS_TOKEN, STATS_WARM,
 * STATS_REQUESTS, STATS_BUDGET_MS. Over IPC: `measuring` once the warm-up requests are done, then the result.
 */
export interface StatsClientResult { latencies: number[]; bytes: number; classes: number; failure: string | null }

const url = process.env.STATS_URL!;
const token = process.env.STATS_TOKEN!;
const warm = Number(process.env.STATS_WARM);
const requests = Number(process.env.STATS_REQUESTS);
const budgetMs = Number(process.env.STATS_BUDGET_MS);

function get(agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolveGet, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolveGet({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function run(): Promise<StatsClientResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let bytes = 0;
  let classes = 0;
  let until = Infinity;
  try {
    for (let i = 0; i < warm + requests && performance.now() < until; i++) {
      if (i === warm) {
        until = performance.now() + budgetMs;
        await new Promise<void>((sent) => process.send!('measuring', () => sent()));
      }
      const t0 = performance.now();
      const res = await get(agent);
      if (i >= warm) latencies.push(performance.now() - t0);
      if (res.status !== 200) return { latencies, bytes, classes, failure: `GET stats → ${res.status} ${res.body.slice(0, 200)}` };
      bytes = Buffer.byteLength(res.body);
      classes = JSON.parse(res.body).classes.length;
    }
    return { latencies, bytes, classes, failure: null };
  } finally {
    agent.destroy();
  }
}

run().then(
  (result) => process.send!(result, () => process.exit(0)),
  (e) => process.send!({ latencies: [], bytes: 0, classes: 0, failure: String(e?.stack ?? e) }, () => process.exit(0)),
);
