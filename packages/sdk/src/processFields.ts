import { Type } from '@sinclair/typebox';
import { int64 } from './int64Field.js';

/**
 * Event fields for the members of native-bpf's `struct gadget_process`, with
 * the usual presentation. The generated event schemas use them for members
 * typed with the kind typedefs of <gadgetry/types.h> (`gadget_pid pid`,
 * `gadget_comm comm`, ...), so `struct gadget_process proc` needs no overlay;
 * hand-written schemas may spread them (`Type.Object({ ...processFields })`)
 * or pick the ones a gadget has.
 */
export const processFields = {
  mntnsId: int64(Type.Integer({ kind: 'mntns', hidden: true, width: 11, description: 'Mount namespace id' })),
  pid: Type.Integer({ kind: 'pid', width: 7, description: 'Process id' }),
  tid: Type.Integer({ kind: 'tid', width: 7, hidden: true, description: 'Thread id' }),
  ppid: Type.Integer({ kind: 'ppid', width: 7, description: 'Parent process id' }),
  uid: Type.Integer({ kind: 'uid', width: 6, description: 'User id' }),
  gid: Type.Integer({ kind: 'gid', width: 6, hidden: true, description: 'Group id' }),
  comm: Type.String({ kind: 'comm', width: 16, description: 'Command name' }),
};
