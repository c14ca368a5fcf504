import { ParamError } from '@gadgetry/sdk';
import { quoteInput } from '@gadgetry/errors';

export const MAX_PORTS = 8;

/** --ports: up to 8 UDP ports, comma-separated. */
export function parsePorts(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const ports = parts.map((p) => (/^\d{1,5}$/.test(p) ? Number(p) : NaN));
  const bad = parts.find((_, i) => !(ports[i]! >= 1 && ports[i]! <= 65535));
  if (bad !== undefined) throw new ParamError(`--ports ${quoteInput(text)}: ${quoteInput(bad)} is not a port; give ports from 1 to 65535, comma-separated (e.g. 53,5353)`);
  if (ports.length > MAX_PORTS) throw new ParamError(`--ports ${quoteInput(text)}: at most ${MAX_PORTS} ports`);
  return [...new Set(ports)];
}

const LABEL = /^(\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/;

/** --name: names (comma-separated) whose queries to keep, each with its subdomains; lower-cased, without a trailing dot. */
export function parseNames(text: string): string[] {
  if (text === '') return [];
  return text.split(',').map((raw) => {
    const name = raw.trim().toLowerCase().replace(/\.$/, '');
    const labels = name.split('.');
    if (name === '' || name.length > 253 || !labels.every((l) => LABEL.test(l))) {
      throw new ParamError(`--name ${quoteInput(raw)} is not a DNS name; give names like example.com (comma-separated), each matching itself and its subdomains`);
    }
    return name;
  });
}

/** Whether `name` is one of `names` or a subdomain of one (case-insensitive). */
export function nameMatches(names: string[], name: string): boolean {
  if (names.length === 0) return true;
  const n = name.toLowerCase();
  return names.some((want) => n === want || n.endsWith(`.${want}`));
}
