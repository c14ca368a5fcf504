// Each built-in gadget, the workload that makes it fire, and the nearest peer that runs here
// (a bpftrace one-liner on the same hooks). The cost bench (costs.mjs) runs these.
//   load: costload MODE and its argument ({file}, {disk}, {dir}, {port}, {cgroup} filled in
//         by the bench), or ['ssl'] for sslload
//   args: gadget params (the run adds -o json --stats)
//   shot: a one-shot gadget, timed from start to exit with no workload
//   result: the gadget reports one result at its end (a histogram, a profile), no event stream
//   peer: a bpftrace program
//   none: why the gadget is not run here

const ready = 'BEGIN { printf("ready\\n"); }';
const LIBC = '/lib/x86_64-linux-gnu/libc.so.6';
const LIBSSL = '/usr/lib/x86_64-linux-gnu/libssl.so.3';

export const GADGET_LOADS = [
  {
    gadget: 'advise_seccomp', result: true, load: ['syscalls'], args: ['--comm', 'costload'],
    what: 'getppid() loop',
    peer: `${ready} tracepoint:raw_syscalls:sys_enter /comm == "costload"/ { @[args->id] = count(); }`,
  },
  {
    gadget: 'profile_blockio', result: true, load: ['block', '{disk}'], args: [],
    what: '4 KiB O_DIRECT reads',
    peer: `${ready} tracepoint:block:block_rq_issue { @s[args->dev, args->sector] = nsecs; }
      tracepoint:block:block_rq_complete /@s[args->dev, args->sector]/ { @us = hist((nsecs - @s[args->dev, args->sector]) / 1000); delete(@s[args->dev, args->sector]); }`,
  },
  {
    gadget: 'profile_cpu', result: true, load: ['cpu'], args: [],
    what: 'CPU burn',
    peer: `${ready} profile:hz:49 { @[kstack, ustack, comm] = count(); }`,
  },
  {
    gadget: 'profile_runqlat', result: true, load: ['sched'], args: [],
    what: 'pipe ping-pong (2 threads)',
    peer: `${ready} tracepoint:sched:sched_wakeup, tracepoint:sched:sched_wakeup_new { @q[args->pid] = nsecs; }
      tracepoint:sched:sched_switch { if (args->prev_state == 0) { @q[args->prev_pid] = nsecs; }
        $t = @q[args->next_pid]; if ($t) { @us = hist((nsecs - $t) / 1000); delete(@q[args->next_pid]); } }`,
  },
  { gadget: 'snapshot_file', shot: true, args: [], what: 'one snapshot of this host' },
  { gadget: 'snapshot_process', shot: true, args: [], what: 'one snapshot of this host' },
  { gadget: 'snapshot_socket', shot: true, args: [], what: 'one snapshot of this host' },
  {
    gadget: 'top_blockio', load: ['block', '{disk}'], args: ['--interval', '1'],
    what: '4 KiB O_DIRECT reads',
    peer: `${ready} tracepoint:block:block_rq_issue { @[comm, args->dev] = count(); @b[comm, args->dev] = sum(args->bytes); }
      interval:s:1 { print(@); print(@b); clear(@); clear(@b); }`,
  },
  {
    gadget: 'top_file', load: ['fileio', '{file}'], args: ['--interval', '1'],
    what: '4 KiB pwrite + pread',
    peer: `${ready} tracepoint:syscalls:sys_exit_pread64, tracepoint:syscalls:sys_exit_pwrite64, tracepoint:syscalls:sys_exit_read, tracepoint:syscalls:sys_exit_write
      /args->ret > 0/ { @[pid, tid, comm, probe] = sum(args->ret); } interval:s:1 { print(@); clear(@); }`,
  },
  {
    gadget: 'top_tcp', load: ['tcp'], args: ['--interval', '1'],
    what: 'connect+accept+1 byte each way',
    peer: `${ready} tracepoint:sock:sock_send_length, tracepoint:sock:sock_recv_length /args->ret > 0/ { @[pid, comm, probe] = sum(args->ret); }
      interval:s:1 { print(@); clear(@); }`,
  },
  {
    gadget: 'trace_bind', load: ['bind'], args: [],
    what: 'socket+bind+close',
    peer: `${ready} tracepoint:syscalls:sys_enter_bind { @fd[tid] = args->fd; }
      tracepoint:syscalls:sys_exit_bind /@fd[tid]/ { printf("%d %s %d %d\\n", pid, comm, @fd[tid], args->ret); delete(@fd[tid]); }`,
  },
  {
    gadget: 'trace_capabilities', load: ['caps'], args: [],
    what: 'setuid(self) as root',
    peer: `${ready} tracepoint:capability:cap_capable { printf("%d %s %d %d\\n", pid, comm, args->cap, args->ret); }`,
  },
  {
    gadget: 'trace_dns', load: ['dns', '{port}'], args: ['--ports', '{port}'],
    what: 'UDP query + answer on 127.0.0.1',
    none_peer: 'a packet socket filter: bpftrace has no socket filter programs',
  },
  {
    gadget: 'trace_exec', load: ['exec'], args: [],
    what: 'fork+exec /bin/true',
    peerFile: 'exec.bt',
  },
  {
    gadget: 'trace_malloc', load: ['malloc'], args: ['--comm', 'costload'],
    what: 'malloc+free (uprobes on libc)',
    peer: `${ready} uprobe:${LIBC}:malloc /comm == "costload"/ { @sz[tid] = arg0; }
      uretprobe:${LIBC}:malloc /comm == "costload"/ { printf("malloc %d %d %lx\\n", pid, @sz[tid], retval); }
      uprobe:${LIBC}:free /comm == "costload"/ { printf("free %d %lx\\n", pid, arg0); }`,
  },
  {
    gadget: 'trace_mount', load: ['mount', '{dir}'], args: [],
    what: 'mount+umount tmpfs (own mount ns)',
    peer: `${ready} tracepoint:syscalls:sys_enter_mount { printf("mount %d %s %s\\n", pid, comm, str(args->dir_name)); }
      tracepoint:syscalls:sys_enter_umount { printf("umount %d %s %s\\n", pid, comm, str(args->name)); }`,
  },
  {
    gadget: 'trace_oomkill', load: ['oom', '{cgroup}'], args: [],
    what: 'OOM kills in a 16 MiB memory cgroup',
    peer: `${ready} tracepoint:oom:mark_victim { printf("%d\\n", args->pid); }`,
  },
  {
    gadget: 'trace_open', load: ['open'], args: [],
    what: 'open+close /etc/hostname',
    peerFile: 'open.bt',
  },
  {
    gadget: 'trace_signal', load: ['signal'], args: [],
    what: 'kill(self, SIGUSR1), handled',
    peer: `${ready} tracepoint:signal:signal_generate { printf("%d %s %d %d %d\\n", pid, comm, args->pid, args->sig, args->result); }`,
  },
  {
    gadget: 'trace_sni', load: ['sni'], args: [],
    what: 'TLS ClientHello on a loopback connection',
    none_peer: 'a packet socket filter: bpftrace has no socket filter programs',
  },
  {
    gadget: 'trace_ssl', load: ['ssl'], args: ['--comm', 'sslload'],
    what: 'SSL_write+SSL_read of 64 B (libssl uprobes)',
    peer: `${ready} uprobe:${LIBSSL}:SSL_write /comm == "sslload"/ { @w[tid] = nsecs; }
      uretprobe:${LIBSSL}:SSL_write /@w[tid]/ { printf("write %d %d %d\\n", pid, retval, nsecs - @w[tid]); delete(@w[tid]); }
      uprobe:${LIBSSL}:SSL_read /comm == "sslload"/ { @r[tid] = nsecs; }
      uretprobe:${LIBSSL}:SSL_read /@r[tid]/ { printf("read %d %d %d\\n", pid, retval, nsecs - @r[tid]); delete(@r[tid]); }`,
  },
  {
    gadget: 'trace_tcp', load: ['tcp'], args: [],
    what: 'connect+accept+1 byte each way',
    peer: `${ready} tracepoint:sock:inet_sock_set_state /args->protocol == 6/ { printf("%d %s %d %d %d\\n", pid, comm, args->oldstate, args->newstate, args->sport); }`,
  },
  {
    gadget: 'trace_tcpdrop', load: ['reset'], args: [],
    what: 'connect to a port nobody listens on',
    peer: `${ready} tracepoint:skb:kfree_skb /args->reason > 2/ { printf("%d %d\\n", args->protocol, args->reason); }
      tracepoint:tcp:tcp_send_reset { printf("rst %d %d\\n", args->state, args->reason); }`,
  },
  {
    gadget: 'trace_tcpretrans', load: ['retrans'], args: [],
    what: '64 SYNs to a full listen queue',
    peer: `${ready} tracepoint:tcp:tcp_retransmit_skb, tracepoint:tcp:tcp_retransmit_synack { printf("%s %d %d\\n", probe, args->sport, args->dport); }`,
  },
];
