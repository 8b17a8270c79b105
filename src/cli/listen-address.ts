import { isIP } from 'node:net';
import { CasebookError } from '../errors/index.js';

/** The address a server should listen on, or the usage error that the options give instead. */
export type ListenAddress = { port: number; host: string } | { usage: string; code: 'CB3002' | 'CB3170' };

/**
 * `--port` and `--host` as the user wrote them. The host is checked before it is used: a malformed
 * one (`999.1.1.1`, `a b`, an empty string) is a usage error, and is never sent to a name resolver.
 */
export function parseListenAddress(portText: string, hostText: string): ListenAddress {
  if (!/^\d{1,5}$/.test(portText.trim()) || Number(portText) > 65535) {
    return { usage: `--port must be a number from 0 to 65535, got "${portText}".`, code: 'CB3002' };
  }
  const host = hostText.trim().replace(/^\[(.*)\]$/, '$1');
  if (!isListenHost(host)) {
    return { usage: `--host "${hostText}" is not an IP address or a host name.`, code: 'CB3170' };
  }
  return { port: Number(portText), host };
}

/** An IPv4 or IPv6 address, or a host name (RFC 1123: letters, digits and inner dashes; not all-numeric). */
export function isListenHost(host: string): boolean {
  if (isIP(host)) return true;
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.replace(/\.$/, '').split('.');
  // A name whose labels are all digits is a mistyped IPv4 address (999.1.1.1), not a name.
  if (labels.every((l) => /^\d+$/.test(l))) return false;
  return labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(l));
}

/** A failed `listen()` as the catalogued error the user can act on; undefined for anything else. */
export function listenFailure(e: unknown, host: string, port: number): CasebookError | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return new CasebookError('CB3003', `Port ${port} on ${host} is already in use.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return new CasebookError('CB3171', `The host name "${host}" could not be resolved to an address.`);
    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
    case 'EINVAL':
      return new CasebookError('CB3171', `${host} is not an address of this machine, so nothing can listen on it.`);
    case 'EACCES':
    case 'EPERM':
      return new CasebookError('CB3172', `This user may not listen on port ${port} of ${host}.`);
    default:
      return undefined;
  }
}
