import { readFileSync } from 'node:fs';
import { ParamError, Type, defineOperator, type GadgetDescriptor, type OperatorFieldSpec } from '@gadgetry/sdk';

/** The event field of a kind, if the gadget has one: operators key off kinds, never off field names. */
function fieldOfKind(gadget: GadgetDescriptor, kind: string): string | undefined {
  return Object.entries(gadget.event.properties).find(([, schema]) => (schema as { kind?: string }).kind === kind)?.[0];
}

const params = Type.Object({
  cgroupLevels: Type.Integer({ default: 0, minimum: 0, maximum: 64, description: 'Keep only the last N components of the cgroup path (0: all)' }),
  cgroupRoot: Type.String({ default: '/', description: 'Show paths relative to this cgroup (an absolute path)' }),
});

/** The unified (v2) cgroup of a process, or '' once it has exited. */
function cgroupOf(pid: number): string {
  try {
    const line = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n').find((l) => l.startsWith('0::'));
    return line?.slice(3) ?? '';
  } catch {
    return ''; // the process is gone: a declared field is still set, to ''
  }
}

/**
 * Adds `cgroup`, the cgroup of the event's process, to the events of every
 * gadget with a field of kind `pid`. It says nothing about its order, so it
 * runs before the built-in filter: `--filter cgroup:~^/system.slice` and
 * `--sort cgroup` work on it.
 */
export default defineOperator({
  name: '__NAME__',
  description: '__DESCRIPTION__',
  params,
  canOperateOn: (gadget) => fieldOfKind(gadget, 'pid') !== undefined,
  fields(gadget): OperatorFieldSpec[] {
    return [{ name: 'cgroup', after: fieldOfKind(gadget, 'pid'), schema: Type.String({ kind: 'path', width: 24, description: 'cgroup of the process (/proc/PID/cgroup)' }) }];
  },
  // params are typed from the schema: cgroupLevels is a number, cgroupRoot a string
  instantiate(_ctx, _gadget, { cgroupLevels, cgroupRoot }, descriptor) {
    // what the schema cannot say is refused here: the CLI prints it and exits 2
    if (!cgroupRoot.startsWith('/')) throw new ParamError(`--cgroup-root ${JSON.stringify(cgroupRoot)} is not an absolute path; give one such as /system.slice`);
    const pidField = fieldOfKind(descriptor, 'pid')!;
    const root = cgroupRoot.endsWith('/') ? cgroupRoot : `${cgroupRoot}/`;
    const cache = new Map<number, string>();
    return {
      enrichEvent(event) {
        const pid = event[pidField] as number;
        let path = cache.get(pid);
        if (path === undefined) {
          path = cgroupOf(pid);
          if (root !== '/' && path.startsWith(root)) path = path.slice(root.length - 1);
          if (cgroupLevels > 0) path = path.split('/').slice(-cgroupLevels).join('/');
          if (cache.size > 4096) cache.clear();
          cache.set(pid, path);
        }
        event.cgroup = path;
      },
    };
  },
});
