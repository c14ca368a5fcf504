import type { RemoteConnection, RemoteSupport, RemoteTlsOptions } from '@gadgetry/runtime';
import { RemoteRunner } from '../client/RemoteRunner.js';
import { FanInRunner } from '../fanin/FanInRunner.js';
import { RemoteAddressInvalidError } from '../remoteErrors.js';
import { serveCommand } from './serveCommand.js';

/** Connects to every agent: one runner over all of them (fan-in), and the first agent's headless runs. */
export function connectAgents(addresses: string[], tls: RemoteTlsOptions = {}): RemoteConnection {
  const unique = [...new Set(addresses)];
  if (unique.length === 0 || unique.some((a) => a === '')) throw new RemoteAddressInvalidError('--remote needs one or more addresses separated by commas, e.g. --remote node1:7411,node2:7411');
  const runners = unique.map((address) => new RemoteRunner(address, tls));
  return {
    runner: new FanInRunner(runners.map((runner) => ({ name: runner.address, runner }))),
    headless: () => runners[0]!.headless(),
    close: () => runners.forEach((r) => r.close()),
  };
}

/** What the gadgetry command passes to the runtime's CLI: --remote and serve over gRPC. */
export const remoteSupport: RemoteSupport = {
  connect: connectAgents,
  serve: serveCommand,
};
