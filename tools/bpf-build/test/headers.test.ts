// Every header of <gadgetry/...> includes what it needs: a program whose only
// include is that header compiles, whichever header it is. (A program once had
// to include vmlinux.h and libbpf's headers before <gadgetry/process.h>, in
// that order, or clang failed on types it had not seen.)
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileBpf } from '../src/compileBpf.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '.build', `headers-${process.pid}`);
mkdirSync(work, { recursive: true });
afterAll(() => rmSync(work, { recursive: true, force: true }));
const headers = readdirSync(join(dirname(createRequire(import.meta.url).resolve('@gadgetry/native-bpf/package.json')), 'include', 'gadgetry')).filter((h) => h.endsWith('.h'));

// what each header offers, used so the compiler has to see every type it needs
const USE: Record<string, string> = {
  'process.h': 'struct gadget_process p = {}; gadget_fill_process(&p); return p.pid == 0;',
  'common.h': 'gadget_count_drop(); return 0;',
  'common_filter.h': 'return gadget_should_discard_common();',
  'mntns_filter.h': 'return gadget_should_discard_mntns_id(0);',
  'self_filter.h': 'return gadget_should_discard_self();',
  'process_filter.h': 'struct gadget_process p = {}; return gadget_should_discard_process(&p);',
  'sock.h': 'struct gadget_endpoints e = {}; return gadget_fill_sock_endpoints(&e, (const struct sock *)ctx);',
  'socket_owner.h': 'return gadget_socket_owner_of((const struct sock *)ctx) != 0;',
  'packet.h': 'struct gadget_packet_l4 l4 = {}; return gadget_packet_parse((struct __sk_buff *)ctx, &l4);',
  'types.h': '',
  'stack_profile.h': 'gadget_count_stack(ctx, 1); return 0;',
};

describe('the gadgetry headers', () => {
  it('are all covered here', () => {
    expect(headers.sort()).toEqual([...Object.keys(USE), 'interval_map.h', 'histogram.h', 'uprobe_calls.h'].sort());
  });

  for (const header of headers) {
    it(`<gadgetry/${header}> compiles as a program's only include`, () => {
      const source = join(work, `${header.replace('.h', '')}.bpf.c`);
      // types.h gives the kind typedefs only: no SEC() there, so no program
      const body =
        header === 'types.h'
          ? 'gadget_pid first_pid = 1;\ngadget_timestamp at = 0;\n'
          : header === 'interval_map.h'
            ? 'struct k { __u32 pid; }; struct v { __u64 n; };\nGADGET_INTERVAL_MAP(stats, struct k, struct v, 16);\nSEC("tracepoint/syscalls/sys_enter_read")\nint prog(void *ctx) { return 0; }\nchar LICENSE[] SEC("license") = "GPL";\n'
            : header === 'histogram.h'
              ? 'struct k { __u32 disk; };\nGADGET_HISTOGRAM(latency, struct k, 16);\nSEC("tracepoint/syscalls/sys_enter_read")\nint prog(void *ctx) { struct k key = {}; gadget_histogram_add(&latency, &key, 42); return 0; }\nchar LICENSE[] SEC("license") = "GPL";\n'
              : header === 'uprobe_calls.h'
                ? 'struct call { __u64 at; };\nGADGET_UPROBE_CALLS(calls, struct call, 16);\nSEC("uprobe")\nint prog(void *ctx) { struct call c = { 1 }; gadget_uprobe_call_begin(&calls, 3, &c); __u64 key = gadget_uprobe_call_key(3); return bpf_map_lookup_elem(&calls, &key) != 0; }\nchar LICENSE[] SEC("license") = "GPL";\n'
                : `SEC("tracepoint/syscalls/sys_enter_read")\nint prog(void *ctx) { ${USE[header]} }\nchar LICENSE[] SEC("license") = "GPL";\n`;
      writeFileSync(source, `#include <gadgetry/${header}>\n\n${body}`);
      expect(compileBpf(source, source.replace(/\.c$/, '.o'))).toBeGreaterThan(0);
    });
  }
});
