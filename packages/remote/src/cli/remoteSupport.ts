import type { RemoteConnection, RemoteSupport, RemoteTlsOptions } from '@gadgetry/runtime';
import { RemoteRunner } from '../client/RemoteRunner.js';
import { FanInRunner } from '../fanin/FanInRunner.js';
import { RemoteAddressInvalidError } from '../remoteErrors.js';
import { parseAgentAddress } from '../agentAddress.js';

/** Hosts whose traffic never leaves this machine. */
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/** Plaintext TCP beyond loopback: anyone on the path can read the events and send the agent runs of their own. */
function plaintextWarnings(addresses: string[], tls: RemoteTlsOptions): string[] {
  if (tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined) return [];
  return addresses.flatMap((a) => {
    const parsed = parseAgentAddress(a);
    if (parsed.kind !== 'tcp' || isLoopback(parsed.host)) return [];
    return [`--remote ${a}: plaintext TCP without --tls-ca/--tls-cert/--tls-key; the events and the runs asked for travel unprotected (only an agent started with --insecure answers this)`];
  });
}
import { serveCommand } from './serveCommand.js';

/** Connects to every agent: one runner over all of them (fan-in), and the first agent's headless runs. */
export function connectAgents(addresses: string[], tls: RemoteTlsOptions = {}): RemoteConnection {
  const unique = [...new Set(addresses)];
  if (unique.length === 0 || unique.some((a) => a === '')) throw new RemoteAddressInvalidError('--remote needs one or more addresses separated by commas, e.g. --remote node1:7411,node2:7411');
  const runners = unique.map((address) => new RemoteRunner(address, tls));
  return {
    warnings: plaintextWarnings(unique, tls),
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
