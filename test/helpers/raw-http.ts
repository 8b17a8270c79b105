import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { BIN } from './cli.js';

export interface ServerProcess {
  port: number;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  alive: () => boolean;
  stop: () => Promise<void>;
}

/** Runs `casebook dev|preview …` on a free port, as a user would, and waits until it listens. */
export function startServerCli(args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /at http:\/\/(?:localhost|127\.0\.0\.1):(\d+)\//.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      resolve({
        port: Number(m[1]),
        child,
        output: () => out,
        alive,
        stop: async () => {
          if (alive()) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then(() => reject(new Error(`${args[0]} exited before listening:\n${out}`)));
  });
}

export interface RawAnswer {
  /** The status of the first response, or undefined when the server closed without one. */
  status: number | undefined;
  /** Everything the server sent, as latin1. */
  text: string;
  /** The server closed the connection (rather than our timeout). */
  closed: boolean;
}

/**
 * Writes `bytes` to 127.0.0.1:port as they are (no client library to tidy them up) and collects
 * the answer until the server closes or `timeoutMs` passes. A server still silent after
 * `halfCloseMs` is waiting for more (a body that never comes): then our side closes, as a client
 * that gives up mid-request does (Node's server abandons a request whose client half-closed, so
 * this is not done at once).
 */
export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 2000, halfCloseMs = 500): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(giveUp);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : undefined, text, closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const giveUp = setTimeout(() => socket.end(), halfCloseMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (d) => {
      clearTimeout(giveUp);
      chunks.push(d);
      // A whole response with a length is enough: a kept-alive connection need not be waited out.
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = all.subarray(0, end).toString('latin1');
      const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
      if (/^HTTP\/1\.[01] (204|304)/.test(head)) finish(false);
      else if (length !== undefined && all.length >= end + 4 + Number(length)) finish(false);
      else if (/\r\ntransfer-encoding: *chunked/i.test(head) && all.subarray(-5).toString('latin1') === '0\r\n\r\n') finish(false);
    });
    socket.on('close', () => finish(true));
    // A reset after the server answered is fine: what it sent is kept.
    socket.on('error', () => finish(true));
  });
}

/** Response headers of a raw answer, lower-cased names. */
export function rawHeaders(text: string): Record<string, string> {
  const head = text.split('\r\n\r\n')[0]!.split('\r\n').slice(1);
  return Object.fromEntries(head.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
}
