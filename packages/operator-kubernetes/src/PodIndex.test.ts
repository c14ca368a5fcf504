import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from './labelSelector.js';
import { PodIndex } from './PodIndex.js';
import { containerIdOf, labelsText, podRecordOf } from './podRecord.js';

const pod = (ns: string, name: string, labels: Record<string, string>, ids: string[]) =>
  podRecordOf({
    metadata: { namespace: ns, name, labels },
    spec: { nodeName: 'node-a' },
    status: { containerStatuses: ids.map((id, i) => ({ name: `c${i}`, containerID: id ? `containerd://${id}` : undefined })) },
  })!;

describe('pod records', () => {
  it('take the runtime id from the kubelet\'s containerID and skip containers not started yet', () => {
    expect(containerIdOf('containerd://abc123')).toBe('abc123');
    expect(containerIdOf('cri-o://abc123')).toBe('abc123');
    expect(containerIdOf('docker://abc123')).toBe('abc123');
    expect(containerIdOf('')).toBe('');
    expect(containerIdOf('containerd://../../etc')).toBe('');
    expect(pod('shop', 'web', {}, ['a1', '']).containers).toEqual([{ id: 'a1', name: 'c0' }]);
    expect(podRecordOf({ metadata: { name: 'x' } })).toBeUndefined();
    expect(labelsText({ tier: 'f', app: 'web' })).toBe('app=web,tier=f');
  });
});

describe('PodIndex', () => {
  it('finds a pod by container id, follows changes and deletions, and tells listeners', () => {
    const index = new PodIndex();
    let changes = 0;
    index.onChange(() => changes++);
    index.upsert(pod('shop', 'web', { app: 'web' }, ['a1']));
    index.upsert(pod('shop', 'db', { app: 'db' }, ['b1']));
    expect(index.byContainerId('a1')?.pod.name).toBe('web');
    // the container restarted with a new id
    index.upsert(pod('shop', 'web', { app: 'web' }, ['a2']));
    expect(index.byContainerId('a1')).toBeUndefined();
    expect(index.byContainerId('a2')?.containerName).toBe('c0');
    index.remove({ namespace: 'shop', name: 'db' });
    index.remove({ namespace: 'shop', name: 'db' });
    expect(index.byContainerId('b1')).toBeUndefined();
    expect(changes).toBe(4);
    expect(index.byContainerId('')).toBeUndefined();
  });

  it('resolves namespace, pod name and selector filters to container ids', () => {
    const index = new PodIndex();
    index.upsert(pod('shop', 'web', { app: 'web' }, ['a1', 'a2']));
    index.upsert(pod('shop', 'db', { app: 'db' }, ['b1']));
    index.upsert(pod('batch', 'job', { app: 'web' }, ['c1']));
    expect([...index.containerIds({ namespaces: ['shop'] })].sort()).toEqual(['a1', 'a2', 'b1']);
    expect([...index.containerIds({ podNames: ['db', 'job'] })].sort()).toEqual(['b1', 'c1']);
    expect([...index.containerIds({ selector: parseLabelSelector('app=web') })].sort()).toEqual(['a1', 'a2', 'c1']);
    expect([...index.containerIds({ namespaces: ['shop'], selector: parseLabelSelector('app=web') })].sort()).toEqual(['a1', 'a2']);
    expect(index.containerIds({ namespaces: ['none'] }).size).toBe(0);
  });
});
