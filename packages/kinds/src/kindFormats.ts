import type { KindFormat } from './KindFormat.js';
import { addressFamilyKind } from './addressFamily.js';
import { bytesKind } from './bytes.js';
import { capabilityKind } from './capability.js';
import { dropReasonKind } from './dropReason.js';
import { durationKind } from './duration.js';
import { errnoKind } from './errno.js';
import { fileModeKind } from './fileMode.js';
import { ipKind, portKind } from './ip.js';
import { ipProtoKind } from './ipProto.js';
import { mountFlagsKind } from './mountFlags.js';
import { openFlagsKind } from './openFlags.js';
import { signalKind } from './signal.js';
import { syscallKind } from './syscall.js';
import { tcpStateKind } from './tcpState.js';
import { timestampKind } from './timestamp.js';

/**
 * The kinds that have a readable form. Any other kind (pid, uid, comm, path,
 * a third party's own) is shown as the value it is.
 */
export const KIND_FORMATS: Readonly<Record<string, KindFormat>> = {
  timestamp: timestampKind,
  duration: durationKind,
  bytes: bytesKind,
  errno: errnoKind,
  signal: signalKind,
  capability: capabilityKind,
  syscall: syscallKind,
  ip: ipKind,
  port: portKind,
  ip_proto: ipProtoKind,
  address_family: addressFamilyKind,
  tcp_state: tcpStateKind,
  open_flags: openFlagsKind,
  file_mode: fileModeKind,
  mount_flags: mountFlagsKind,
  drop_reason: dropReasonKind,
};

/** The readable form of a kind, if it has one. */
export function kindFormat(kind: string | undefined): KindFormat | undefined {
  return kind !== undefined && Object.hasOwn(KIND_FORMATS, kind) ? KIND_FORMATS[kind] : undefined;
}
