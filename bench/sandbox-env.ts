// Some machines set NODE_EXTRA_CA_CERTS for a proxy; Node 20 then parses that certificate file
// before any script runs, in every process it starts (this machine: 48 ms for `node -e 0` with
// it, 19 ms without). That is a property of the machine, not of any tool, and Hugo (Go) never
// pays it, so timed commands run without it; the cost is measured and printed beside the results.
import { spawnSync } from 'node:child_process';

function nodeStartMs(env: NodeJS.ProcessEnv, runs = 15): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** Removes NODE_EXTRA_CA_CERTS from this process's environment (children inherit it) and says what it cost. */
export function dropExtraCaCerts(): string | undefined {
  const certs = process.env.NODE_EXTRA_CA_CERTS;
  if (certs === undefined) return undefined;
  const withIt = nodeStartMs(process.env);
  delete process.env.NODE_EXTRA_CA_CERTS;
  const without = nodeStartMs(process.env);
  return `This machine sets NODE_EXTRA_CA_CERTS (${certs}); with it Node starts \`node -e 0\` in ${withIt.toFixed(0)} ms, without it in ${without.toFixed(0)} ms. Timed commands (Casebook, Eleventy, npm) run without it; Hugo does not read it.`;
}
