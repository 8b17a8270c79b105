import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<number, number>;
  ms: number;
}

/**
 * `clients` concurrent keep-alive connections, each sending `perClient` requests one after the
 * other over `paths`, against a server on loopback. Bounded by count, and by `timeoutMs` overall.
 */
export async function loadTest(port: number, paths: string[], clients: number, perClient: number, timeoutMs = 120_000): Promise<LoadResult> {
  const started = performance.now();
  const statuses: Record<number, number> = {};
  let errors = 0;
  let requests = 0;
  const deadline = started + timeoutMs;
  const client = async (n: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < perClient && performance.now() < deadline; i++) {
      const path = paths[(n + i) % paths.length]!;
      try {
        const status = await new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path, agent, method: i % 10 === 0 ? 'HEAD' : 'GET' }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
            res.on('error', reject);
          });
          req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
          req.on('error', reject);
          req.end();
        });
        statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        errors++;
      }
      requests++;
    }
    agent.destroy();
  };
  await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
  return { requests, errors, statuses, ms: performance.now() - started };
}
