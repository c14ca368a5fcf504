import { describe, expect, it } from 'vitest';
import { describeHook, hookOf } from './hooks.js';

describe('the hook a section names', () => {
  it('reads every section kind libbpf attaches by name', () => {
    const cases: [string, string][] = [
      ['tracepoint/syscalls/sys_enter_openat', 'tracepoint syscalls/sys_enter_openat'],
      ['tp/sched/sched_switch', 'tracepoint sched/sched_switch'],
      ['raw_tracepoint/sched_switch', 'raw tracepoint sched_switch'],
      ['raw_tp.w/sched_switch', 'raw tracepoint sched_switch'],
      ['tp_btf/sched_process_exec', 'BTF tracepoint sched_process_exec'],
      ['kprobe/do_sys_openat2', 'kprobe on do_sys_openat2'],
      ['kretprobe/vfs_read+0x10', 'kprobe on vfs_read'],
      ['ksyscall/openat', 'kprobe on syscall openat'],
      ['fentry/vfs_read', 'fentry/fexit on vfs_read'],
      ['fmod_ret.s/security_file_open', 'fentry/fexit on security_file_open'],
      ['lsm/file_open', 'LSM hook file_open'],
      ['iter/task_file', 'BPF iterator task_file'],
      ['uprobe//usr/lib/libc.so.6:malloc', 'uprobe'],
      ['perf_event', 'perf event'],
      ['socket', 'socket filter'],
      ['xdp', 'section xdp'],
      ['', 'section '],
    ];
    for (const [section, words] of cases) expect(describeHook(hookOf(section)), section).toBe(words);
  });
});
