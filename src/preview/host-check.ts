import { isIP } from 'node:net';

/** `example.com`, `my-box.local`, or `.example.com` for the name and every name under it. */
const HOST_NAME = /^\.?(?!-)[a-z0-9-]{1,63}(?:\.(?!-)[a-z0-9-]{1,63})*$/i;

export function isValidAllowedHost(name: string): boolean {
  return name.length <= 253 && HOST_NAME.test(name.replace(/\.$/, ''));
}

/** The name part of a Host value: no port, no IPv6 brackets, lower case, no trailing dot. */
export function hostName(value: string): string {
  const v = value.trim().toLowerCase();
  const name = v.startsWith('[') ? v.slice(1, v.indexOf(']') < 0 ? undefined : v.indexOf(']')) : v.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

/**
 * Which Host names a local server answers to. DNS rebinding needs a name the attacker controls
 * that resolves to 127.0.0.1, so what is refused is every other name: an IP address in Host
 * cannot be rebound, localhost names resolve to loopback by definition (RFC 6761), and the
 * name the server was bound to, or allowed with --allow-host, was chosen by its owner.
 */
export class HostCheck {
  private readonly exact = new Set<string>(['localhost']);
  private readonly suffixes: string[] = ['.localhost'];

  constructor(bound: string, allowed: readonly string[] = []) {
    this.exact.add(hostName(bound));
    for (const a of allowed) {
      const name = hostName(a);
      if (name.startsWith('.')) {
        this.suffixes.push(name);
        this.exact.add(name.slice(1));
      } else {
        this.exact.add(name);
      }
    }
  }

  /** `host` is the Host header (or the authority of an absolute-form target); undefined is HTTP/1.0 without one. */
  allows(host: string | undefined): boolean {
    if (host === undefined) return true;
    const name = hostName(host);
    if (!name) return false;
    if (isIP(name)) return true;
    return this.exact.has(name) || this.suffixes.some((s) => name.endsWith(s));
  }

  /** The short plain-text answer to a refused request. */
  static refusal(host: string, server: string): string {
    const shown = hostName(host)
      .replace(/[^\x21-\x7e]/g, '?')
      .slice(0, 100);
    const flag = isValidAllowedHost(shown) ? shown : 'NAME';
    return (
      `Refused: this ${server} does not answer to the host name "${shown}".\n` +
      `It answers to localhost, IP addresses and the name it was started with, so that a web page cannot reach it through a name of its own (DNS rebinding).\n` +
      `If you use this name on purpose, restart it with --allow-host ${flag}.\n`
    );
  }
}
