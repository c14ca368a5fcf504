// The name tables against what this machine's own headers and Node.js say.
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { addressFamilyKind } from './addressFamily.js';
import { capabilityKind, CAPABILITY_NAMES } from './capability.js';
import { ERRNO_NAMES, errnoKind, errnoName } from './errno.js';
import { ipProtoKind } from './ipProto.js';
import { SIGNAL_NAMES, signalKind } from './signal.js';
import { syscallKind, syscallNames } from './syscall.js';
import { tcpStateKind } from './tcpState.js';
import { dropReasonKind } from './dropReason.js';

const ctx = {};

describe('errno', () => {
  it('names every errno Node.js knows on Linux by its number, and 0 as nothing', () => {
    for (const [name, value] of Object.entries(constants.errno)) {
      // EWOULDBLOCK and EDEADLOCK are second names of EAGAIN and EDEADLK, ENOTSUP of EOPNOTSUPP
      const expected = { EWOULDBLOCK: 'EAGAIN', EDEADLOCK: 'EDEADLK', ENOTSUP: 'EOPNOTSUPP' }[name] ?? name;
      expect(errnoName(value), name).toBe(expected);
    }
    expect(errnoName(0)).toBe('');
    expect(errnoKind.text(2, ctx)).toBe('ENOENT');
    expect(errnoKind.text(512, ctx)).toBe('ERESTARTSYS');
    expect(errnoKind.text(4000, ctx)).toBe('4000');
    expect(ERRNO_NAMES.size).toBeGreaterThan(140);
  });

  it('reads a name in any case, or a number', () => {
    expect(errnoKind.parse!('ENOENT', ctx)).toBe(2);
    expect(errnoKind.parse!('eacces', ctx)).toBe(13);
    expect(errnoKind.parse!('2', ctx)).toBe(2);
    expect(errnoKind.parse!('ENOTANERRNO', ctx)).toBeUndefined();
  });
});

describe('signal', () => {
  it('names every signal Node.js knows by its number, real-time ones as strace does', () => {
    for (const [name, value] of Object.entries(constants.signals)) {
      const expected = { SIGIOT: 'SIGABRT', SIGPOLL: 'SIGIO', SIGUNUSED: 'SIGSYS' }[name] ?? name;
      expect(signalKind.text(value, ctx), name).toBe(expected);
    }
    expect(signalKind.text(34, ctx)).toBe('SIGRT_2');
    expect(signalKind.text(0, ctx)).toBe('0');
    expect(SIGNAL_NAMES.get(64)).toBe('SIGRT_32');
  });

  it('reads SIGTERM, TERM, sigterm and 15 alike', () => {
    for (const input of ['SIGTERM', 'TERM', 'sigterm', '15']) expect(signalKind.parse!(input, ctx), input).toBe(15);
  });
});

describe('capability', () => {
  it('names every capability of <linux/capability.h>', () => {
    const header = readFileSync('/usr/include/linux/capability.h', 'utf8');
    const defined = [...header.matchAll(/^#define (CAP_[A-Z_]+)\s+(\d+)$/gm)].filter(([, name]) => name !== 'CAP_LAST_CAP');
    expect(defined.length).toBeGreaterThan(35);
    for (const [, name, value] of defined) expect(CAPABILITY_NAMES.get(Number(value)), name).toBe(name);
    expect(capabilityKind.text(10, ctx)).toBe('CAP_NET_BIND_SERVICE');
    expect(capabilityKind.parse!('sys_admin', ctx)).toBe(21);
  });
});

describe('syscall', () => {
  it('names the running architecture\'s syscalls, and x86_64\'s and arm64\'s on request', () => {
    expect(syscallKind.text(257, { arch: 'x86_64' })).toBe('openat');
    expect(syscallKind.text(56, { arch: 'arm64' })).toBe('openat');
    expect(syscallKind.text(0, { arch: 'x64' })).toBe('read');
    expect(syscallKind.text(63, { arch: 'aarch64' })).toBe('read');
    expect(syscallKind.text(462, { arch: 'arm64' })).toBe('mseal');
    expect(syscallKind.parse!('openat', { arch: 'arm64' })).toBe(56);
    // no table: the number
    expect(syscallKind.text(5, { arch: 'riscv64' })).toBe('5');
    const header = readFileSync('/usr/include/x86_64-linux-gnu/asm/unistd_64.h', 'utf8');
    for (const [, name, value] of header.matchAll(/^#define __NR_(\w+) (\d+)$/gm)) expect(syscallNames('x86_64')!.get(Number(value)), name).toBe(name);
  });
});

describe('network names', () => {
  it('names protocols, address families and TCP states, and reads them back', () => {
    expect([6, 17, 58].map((p) => ipProtoKind.text(p, ctx))).toEqual(['TCP', 'UDP', 'ICMPV6']);
    expect(ipProtoKind.parse!('IPPROTO_UDP', ctx)).toBe(17);
    expect([1, 2, 10, 16].map((f) => addressFamilyKind.text(f, ctx))).toEqual(['UNIX', 'INET', 'INET6', 'NETLINK']);
    expect(addressFamilyKind.parse!('AF_INET6', ctx)).toBe(10);
    expect(addressFamilyKind.parse!('inet', ctx)).toBe(2);
    expect([1, 10, 12].map((s) => tcpStateKind.text(s, ctx))).toEqual(['ESTABLISHED', 'LISTEN', 'NEW_SYN_RECV']);
    expect(tcpStateKind.parse!('TIME_WAIT', ctx)).toBe(6);
  });

  it('shows 0, no IP protocol (a unix socket) and no TCP state (no socket), as nothing; the names still parse', () => {
    expect(ipProtoKind.text(0, ctx)).toBe('');
    expect(ipProtoKind.parse!('IP', ctx)).toBe(0);
    expect(tcpStateKind.text(0, ctx)).toBe('');
    expect(tcpStateKind.parse!('0', ctx)).toBe(0);
  });
});

describe('drop_reason', () => {
  it('names values from the kernel\'s enum, without its prefix; the number without the enum', () => {
    const names = new Map([[2, 'SKB_DROP_REASON_NOT_SPECIFIED'], [3, 'SKB_DROP_REASON_NO_SOCKET'], [1, 'SKB_CONSUMED']]);
    const withEnum = { dropReasons: () => names };
    expect(dropReasonKind.text(3, withEnum)).toBe('NO_SOCKET');
    expect(dropReasonKind.text(1, withEnum)).toBe('CONSUMED');
    expect(dropReasonKind.parse!('SKB_DROP_REASON_NO_SOCKET', withEnum)).toBe(3);
    expect(dropReasonKind.parse!('no_socket', withEnum)).toBe(3);
    expect(dropReasonKind.text(3, {})).toBe('3');
  });

  it('shows 0 (SKB_NOT_DROPPED_YET: a reset, not a drop) as nothing, with or without the enum', () => {
    const withEnum = { dropReasons: () => new Map([[0, 'SKB_NOT_DROPPED_YET'], [3, 'SKB_DROP_REASON_NO_SOCKET']]) };
    expect(dropReasonKind.text(0, withEnum)).toBe('');
    expect(dropReasonKind.text(0, {})).toBe('');
    expect(dropReasonKind.parse!('NOT_DROPPED_YET', withEnum)).toBe(0);
  });
});
