import { Type } from '@sinclair/typebox';

/**
 * Event fields for the members of native-bpf's `struct gadget_process`, with
 * the usual presentation: spread them into an event schema
 * (`Type.Object({ ...processFields, ... })`), or pick the ones a gadget has.
 */
export const processFields = {
  mntnsId: Type.Integer({ kind: 'mntns', hidden: true, width: 11, description: 'Mount namespace id' }),
  pid: Type.Integer({ kind: 'pid', width: 7, description: 'Process id' }),
  tid: Type.Integer({ kind: 'tid', width: 7, hidden: true, description: 'Thread id' }),
  ppid: Type.Integer({ kind: 'ppid', width: 7, description: 'Parent process id' }),
  uid: Type.Integer({ kind: 'uid', width: 6, description: 'User id' }),
  gid: Type.Integer({ kind: 'gid', width: 6, hidden: true, description: 'Group id' }),
  comm: Type.String({ kind: 'comm', width: 16, description: 'Command name' }),
};
