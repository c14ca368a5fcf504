import { describe, expect, it } from 'vitest';
import { toBpfError, type BpfError } from './errors.js';
import { simulateKernel } from './simulateKernel.js';

/** What the addon throws for a failed load: libbpf's messages as it printed them. */
const loadFailure = (program: string, verifierLog: string, errno = 13) => ({
  code: 'BPF_LOAD_FAILED',
  errno,
  what: 'cannot load BPF object demo',
  message: `cannot load BPF object demo: Permission denied (errno ${errno})`,
  libbpfLog:
    `libbpf: prog '${program}': BPF program load failed: Permission denied\n` +
    `libbpf: prog '${program}': -- BEGIN PROG LOAD LOG --\n${verifierLog}-- END PROG LOAD LOG --\n` +
    `libbpf: prog '${program}': failed to load: -${errno}\n`,
});

describe('the verifier\'s reason in a load error', () => {
  it('joins a reason the verifier gives on two lines, and names the instruction before it', () => {
    const err = toBpfError(
      loadFailure(
        'reader',
        '0: R1=ctx() R10=fp0\n' +
          '3: (85) call bpf_map_lookup_elem#1    ; R0_w=map_value_or_null(id=1)\n' +
          '4: (79) r1 = *(u64 *)(r0 +8)         ; R0=map_value(off=0,ks=4,vs=8)\n' +
          'invalid access to map value, value_size=8 off=8 size=8\n' +
          'R0 min value is outside of the allowed memory range\n' +
          'processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n',
      ),
    );
    expect(err.message).toBe(
      'cannot load BPF object demo: program reader rejected by the verifier: invalid access to map value, value_size=8 off=8 size=8; ' +
        'R0 min value is outside of the allowed memory range (insn 4: r1 = *(u64 *)(r0 +8))',
    );
    expect(err.verifierLog).toMatch(/^0: R1=ctx\(\) R10=fp0\n[\s\S]*mark_read 0\n$/);
  });

  it('finds the reason past a part of the log the capture left out', () => {
    const err = toBpfError(
      loadFailure(
        'big',
        '0: R1=ctx() R10=fp0\n1: (b7) r0 = 0\n[... 123 bytes of libbpf\'s log left out ...]\n' +
          '900: (95) exit\nR0 !read_ok\nprocessed 901 insns (limit 1000000)\n',
      ),
    );
    expect(err.message).toBe('cannot load BPF object demo: program big rejected by the verifier: R0 !read_ok (insn 900: exit)');
  });

  it('keeps a reason that starts like a trace line of another kind, and cuts a very long one', () => {
    const long = `arg#0 expected pointer to ctx, but got ${'x'.repeat(300)}`;
    const err = toBpfError(loadFailure('kf', `7: (85) call bpf_kfunc#1\n${long}\nprocessed 8 insns\n`));
    expect(err.message).toMatch(/rejected by the verifier: arg#0 expected pointer to ctx, but got x{150,}\.\.\. \(insn 7: call bpf_kfunc#1\)$/);
    expect(err.message.length).toBeLessThan(320);
  });

  it('without a verifier log (a refused program type) the hint stays', () => {
    // the probes answer as on a kernel that refuses fentry (this one, among others)
    const undo = simulateKernel({ attach: { fentry: { state: 'refused', detail: 'refused (EPERM)', errno: 1 } } });
    const failure = {
      code: 'BPF_LOAD_FAILED',
      errno: 1,
      message: 'cannot load BPF object fentry: Operation not permitted (errno 1)',
      libbpfLog: "libbpf: prog 'on_open_entry': BPF program load failed: Operation not permitted\n",
    };
    let err: BpfError;
    try {
      err = toBpfError(failure, 'fentry/do_sys_openat2');
    } finally {
      undo();
    }
    expect(err.message).toBe(
      'cannot load BPF object fentry: Operation not permitted (errno 1); this kernel refuses fentry/fexit/LSM programs; the gadget needs a hook this kernel does not offer',
    );
    expect(err.verifierLog).toBe('');
  });
});
