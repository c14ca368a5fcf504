import { Type, defineOperator, type MountNsFilter } from '@gadgetry/sdk';
import { ContainerWatcher } from './containers/ContainerWatcher.js';
import { mountNsOf } from './containers/processNamespaces.js';
import { fieldOfKind } from './fieldOfKind.js';
import { FilterUnsupportedError } from './FilterUnsupportedError.js';
import { OperatorParamError } from './OperatorParamError.js';
import { clipInput, quoteInput } from '@gadgetry/errors';

/**
 * Maps the mount namespace of each event to a container (runtime state files,
 * reread when inotify says their folders changed, and cgroup paths, scanned
 * every 30 s; a namespace not known yet is looked up when its first event
 * comes) and adds its name, id and runtime.
 * With --containername, hands the gadget a mount namespace filter so events of
 * other containers (and of the host, unless --host) never leave the kernel.
 */
export const containerOperator = defineOperator({
  name: 'container',
  description: 'Adds container name/id/runtime; --containername filters in the kernel',
  params: Type.Object({
    containername: Type.Optional(Type.String({ description: 'Only events of these containers (comma-separated names), filtered in the kernel' })),
    host: Type.Boolean({ default: false, description: 'With --containername, also keep events of host processes' }),
  }),
  canOperateOn: (d) => fieldOfKind(d, 'mntns') !== undefined,
  fields: () => [
    { name: 'container', after: '', schema: Type.String({ kind: 'container', width: 16, description: 'Container name (empty for host processes)' }) },
    { name: 'containerId', schema: Type.String({ kind: 'container', hidden: true, description: 'Full container id' }) },
    { name: 'runtime', schema: Type.String({ hidden: true, width: 10, description: 'Container runtime' }) },
  ],
  instantiate(ctx, gadget, params, d) {
    const field = fieldOfKind(d, 'mntns')!;
    const pidField = fieldOfKind(d, 'pid');
    const given = params.containername;
    const names = given === undefined ? [] : given.split(',').map((n) => n.trim());
    // an empty name would silently turn the filter off: refuse it
    if (given !== undefined && names.includes('')) {
      const what = given.trim() === '' ? 'empty --containername' : `empty name in --containername ${quoteInput(given)}`;
      throw new OperatorParamError(`${what}; give container names separated by commas (see gadgetry list-containers)`);
    }
    const withHost = params.host;
    const watcher = new ContainerWatcher();
    return {
      preGadgetRun() {
        watcher.start();
        if (names.length === 0) return;
        if (!gadget.setMountNsFilter) {
          throw new FilterUnsupportedError(`gadget "${d.name}" cannot filter by container in the kernel (it does not implement setMountNsFilter)`);
        }
        // The host's namespace is init's; where init is hidden (sandboxes), our own.
        const hostNs = withHost ? mountNsOf(1) || mountNsOf(process.pid) : 0;
        const ids = () => [...watcher.containers.filter((c) => names.includes(c.name)).map((c) => c.mntnsId), ...(hostNs ? [hostNs] : [])];
        const missing = names.filter((n) => !watcher.containers.some((c) => c.name === n));
        if (missing.length) ctx.logger.warn(`no running container named ${missing.map(clipInput).join(', ')} yet; its events appear once it starts`);
        const filter: MountNsFilter = { ids, onChange: (listener) => watcher.onChange(() => listener(ids())) };
        gadget.setMountNsFilter(filter);
      },
      postGadgetRun() {
        watcher.stop();
      },
      enrichEvent(ev) {
        // a namespace the last scan did not know (a container just started) is looked up now
        const c = watcher.resolve(ev[field] as number, pidField === undefined ? undefined : (ev[pidField] as number));
        ev.container = c?.name ?? '';
        ev.containerId = c?.id ?? '';
        ev.runtime = c?.runtime ?? '';
      },
    };
  },
});
