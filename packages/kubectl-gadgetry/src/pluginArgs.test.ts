import { describe, expect, it } from 'vitest';
import { gadgetryArgs } from './gadgetryCommand.js';
import { DEFAULT_AGENT_NAMESPACE, parsePluginArgs } from './pluginArgs.js';

const forward = (port: number) => ({ pod: { namespace: 'gadgetry', name: `p${port}`, nodeName: `n${port}`, port: 7443 }, address: `127.0.0.1:${port}` });

describe('kubectl gadgetry arguments', () => {
  it('maps -n to the Kubernetes namespace filter and passes the rest to gadgetry run --remote', () => {
    const args = parsePluginArgs(['run', 'trace_exec', '-n', 'default', '--timeout', '5', '-o', 'json']);
    expect(args).toMatchObject({ command: 'run', namespace: 'default', agentNamespace: DEFAULT_AGENT_NAMESPACE });
    expect(gadgetryArgs(args, [forward(4001), forward(4002)])).toEqual([
      'run', 'trace_exec', '--timeout', '5', '-o', 'json', '--k8s-namespace', 'default', '--remote', '127.0.0.1:4001,127.0.0.1:4002',
    ]);
    expect(parsePluginArgs(['--namespace=shop', 'run', 'trace_open', '--agent-namespace', 'obs'])).toMatchObject({ namespace: 'shop', agentNamespace: 'obs', rest: ['trace_open'] });
    expect(gadgetryArgs(parsePluginArgs(['list']), [forward(1)])).toEqual(['list', '--remote', '127.0.0.1:1']);
  });

  it('refuses a flag without its value, an unknown command and -n outside run', () => {
    expect(() => parsePluginArgs(['run', 'trace_exec', '-n'])).toThrow('-n needs a value');
    expect(() => parsePluginArgs(['run', 'trace_exec', '-n', '--timeout'])).toThrow('-n needs a value');
    expect(() => parsePluginArgs(['deploy'])).toThrow(/unknown command "deploy"/);
    expect(() => parsePluginArgs(['list', '-n', 'x'])).toThrow('-n/--namespace applies to run only');
    expect(parsePluginArgs([]).command).toBe('help');
    expect(parsePluginArgs(['--help']).command).toBe('help');
  });
});
