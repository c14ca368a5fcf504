import { Type, defineOperator, type OperatorFieldSpec } from '@gadgetry/sdk';
import { AccountNames } from './accounts/AccountNames.js';
import { fieldOfKind } from './fieldOfKind.js';

export const PASSWD = '/etc/passwd';
export const GROUP = '/etc/group';

/** Adds `user` next to a field of kind uid and `group` next to a field of kind gid. */
export const userOperator = defineOperator({
  name: 'user',
  description: 'Adds user and group names to events with uid/gid fields',
  params: Type.Object({}),
  canOperateOn: (d) => fieldOfKind(d, 'uid') !== undefined || fieldOfKind(d, 'gid') !== undefined,
  fields(d) {
    const out: OperatorFieldSpec[] = [];
    const uid = fieldOfKind(d, 'uid');
    const gid = fieldOfKind(d, 'gid');
    const hidden = (f: string) => (d.event.properties[f] as { hidden?: boolean }).hidden === true;
    if (uid) out.push({ name: 'user', after: uid, schema: Type.String({ kind: 'user', width: 10, hidden: hidden(uid), description: `Name of ${uid} (from ${PASSWD})` }) });
    if (gid) out.push({ name: 'group', after: gid, schema: Type.String({ kind: 'group', width: 10, hidden: hidden(gid), description: `Name of ${gid} (from ${GROUP})` }) });
    return out;
  },
  instantiate(_ctx, _gadget, _params, d) {
    const uid = fieldOfKind(d, 'uid');
    const gid = fieldOfKind(d, 'gid');
    const users = new AccountNames(PASSWD);
    const groups = new AccountNames(GROUP);
    return {
      enrichEvent(ev) {
        if (uid !== undefined) ev.user = users.name(ev[uid] as number);
        if (gid !== undefined) ev.group = groups.name(ev[gid] as number);
      },
    };
  },
});
