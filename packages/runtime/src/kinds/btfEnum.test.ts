// The enum reader against bpftool's reading of the running kernel's BTF.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KERNEL_BTF, readBtfEnum } from './btfEnum.js';

const skip = existsSync(KERNEL_BTF) ? undefined : 'the kernel has no BTF';
if (skip && process.env.GADGETRY_STRICT === '1') throw new Error(`${skip}, and GADGETRY_STRICT=1 forbids skipping`);
const dir = mkdtempSync(join(tmpdir(), 'btf-enum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An enum's values as bpftool dumps them. */
function bpftoolEnum(name: string): Map<number, string> {
  const dump = execFileSync('bpftool', ['btf', 'dump', 'file', KERNEL_BTF, 'format', 'raw'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const start = dump.indexOf(`ENUM '${name}'`);
  const lines = dump.slice(start).split('\n').slice(1);
  const out = new Map<number, string>();
  for (const line of lines) {
    const m = /^\t'(\w+)' val=(-?\d+)$/.exec(line);
    if (!m) break;
    if (!out.has(Number(m[2]))) out.set(Number(m[2]), m[1]!);
  }
  return out;
}

describe.skipIf(skip)('readBtfEnum', () => {
  it('reads enum skb_drop_reason of the running kernel as bpftool does', () => {
    const ours = readBtfEnum('skb_drop_reason');
    expect(ours).toBeDefined();
    expect(ours!.get(3)).toBe('SKB_DROP_REASON_NO_SOCKET');
    expect([...ours!]).toEqual([...bpftoolEnum('skb_drop_reason')]);
  });

  it('reads another enum too, and says nothing for a missing enum or a file that is not BTF', () => {
    expect([...readBtfEnum('tcp_ca_state')!]).toEqual([...bpftoolEnum('tcp_ca_state')]);
    expect(readBtfEnum('no_such_enum_anywhere')).toBeUndefined();
    const junk = join(dir, 'junk');
    writeFileSync(junk, Buffer.from('not btf at all, just some bytes'));
    expect(readBtfEnum('skb_drop_reason', junk)).toBeUndefined();
    expect(readBtfEnum('skb_drop_reason', join(dir, 'missing'))).toBeUndefined();
  });
});
