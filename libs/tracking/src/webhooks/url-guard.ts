import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * The SSRF guard of webhook targets. A URL is accepted when it is http(s), carries no
 * credentials, and every address its host resolves to is a public unicast address — or, when the
 * operator allows private targets, any address but unspecified, multicast and broadcast. The check
 * runs when a webhook is created or enabled, and again before each delivery (DNS may have changed
 * since: rebinding); the request then connects to the address that was checked.
 */

/** Resolves a host name to all of its addresses (dns.lookup with `all`, in resolver order). */
export type HostResolver = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: HostResolver = (host) =>
  dnsLookup(host, { all: true, verbatim: true });

/** A target that passed the guard: the URL and the checked address to connect to. */
export interface CheckedTarget {
  readonly url: URL;
  /** The host name without IPv6 brackets (the TLS server name when it is not an address). */
  readonly host: string;
  readonly address: string;
  readonly family: 4 | 6;
}

export type GuardResult =
  | { readonly ok: true; readonly target: CheckedTarget }
  | { readonly ok: false; readonly reason: string };

/** Ranges never reachable as an HTTP server, whatever the operator allows. */
const NEVER = new Set(['unspecified', 'multicast', 'broadcast']);
const RANGE_NAMES: Record<string, string> = {
  loopback: 'loopback',
  linkLocal: 'link-local',
  private: 'private',
  carrierGradeNat: 'carrier-grade NAT',
  uniqueLocal: 'unique-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
};

/**
 * The IPv4 address an IPv6 address stands for, when it embeds one that a host would reach:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible
 * (::a.b.c.d, deprecated) and the NAT64 prefix 64:ff9b::/96.
 */
function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = v6.parts;
  const tail = () => new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]);
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  if (p.slice(0, 4).every((x) => x === 0) && p[4] === 0xffff && p[5] === 0) return tail();
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7]! > 1)) return tail();
  if (p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0)) return tail();
  return null;
}

/**
 * Why an address may not be a webhook target, or null when it may. `allowPrivate` lifts every
 * rule but unspecified, multicast and broadcast.
 */
export function refusedAddress(address: string, allowPrivate: boolean): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return `${address} is not an IP address`;
  }
  if (parsed.kind() === 'ipv6') {
    const v4 = embeddedIPv4(parsed as ipaddr.IPv6);
    if (v4) {
      const inner = refusedAddress(v4.toString(), allowPrivate);
      return inner ? `${address} embeds ${inner}` : null;
    }
  }
  const range = parsed.range();
  if (range === 'unicast') return null;
  const name = RANGE_NAMES[range] ?? `special-purpose (${range})`;
  if (NEVER.has(range)) return `${address} is a ${name} address`;
  if (allowPrivate) return null;
  return `${address} is a ${name} address; private targets are not allowed on this server`;
}

/** Checks a URL and resolves its host; never throws for anything a caller can type. */
export async function checkWebhookUrl(
  raw: string,
  options: { readonly allowPrivateTargets: boolean; readonly resolve?: HostResolver },
): Promise<GuardResult> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `only http and https URLs are allowed, not ${url.protocol}` };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'credentials in the URL are not allowed' };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return { ok: false, reason: 'the URL has no host' };
  let addresses: { address: string; family: number }[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'lookup failed';
      return { ok: false, reason: `the host ${host} does not resolve (${code})` };
    }
    if (addresses.length === 0) {
      return { ok: false, reason: `the host ${host} does not resolve` };
    }
  }
  // Every address must pass: a client may fall back from one to the next.
  for (const a of addresses) {
    const why = refusedAddress(a.address, options.allowPrivateTargets);
    if (why) {
      return { ok: false, reason: host === a.address ? why : `${host} resolves to ${why}` };
    }
  }
  const first = addresses[0]!;
  return {
    ok: true,
    target: { url, host, address: first.address, family: first.family === 6 ? 6 : 4 },
  };
}
