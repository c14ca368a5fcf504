import { hostname } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { takeFlag, type CliIO, type ParsedArgs, type ServeContext } from '@gadgetry/runtime';
import { GadgetryError } from '@gadgetry/errors';
import { AgentServer } from '../agent/AgentServer.js';
import { groupId } from '../agent/unixSocket.js';
import { DEFAULT_SOCKET, parseAgentAddress } from '../agentAddress.js';
import { RemoteTlsInvalidError } from '../remoteErrors.js';
import { serverCredentials } from '../tlsFiles.js';

/** serve on TCP without TLS and without --insecure. */
export class AgentInsecureError extends GadgetryError {
  constructor(address: string) {
    super('AGENT_INSECURE', `refusing to listen on ${address} without mutual TLS: give --tls-cert, --tls-key and --tls-client-ca, or --insecure on a trusted network only`);
  }
}

/** `gadgetry serve`: listens until ctx.stopped, then stops every run and removes its socket. */
export async function serveCommand(args: ParsedArgs, io: CliIO, ctx: ServeContext): Promise<number> {
  const listen = takeFlag(args, 'listen') ?? `unix://${DEFAULT_SOCKET}`;
  const group = takeFlag(args, 'group');
  const cert = takeFlag(args, 'tls-cert');
  const key = takeFlag(args, 'tls-key');
  const clientCa = takeFlag(args, 'tls-client-ca');
  const insecure = takeFlag(args, 'insecure') === 'true';
  const node = takeFlag(args, 'node-name') ?? hostname();
  const address = parseAgentAddress(listen);
  const tlsGiven = [cert, key, clientCa].filter((f) => f !== undefined).length;
  let credentials = grpc.ServerCredentials.createInsecure();
  if (address.kind === 'unix') {
    if (tlsGiven || insecure) throw new RemoteTlsInvalidError('--tls-* and --insecure are for TCP; a unix socket is guarded by its mode (0660) and --group');
  } else {
    if (tlsGiven && tlsGiven < 3) throw new RemoteTlsInvalidError('mutual TLS needs all of --tls-cert, --tls-key and --tls-client-ca');
    if (tlsGiven === 3 && insecure) throw new RemoteTlsInvalidError('--insecure and the --tls-* files exclude each other: pick one');
    if (tlsGiven === 3) credentials = serverCredentials({ cert: cert!, key: key!, clientCa: clientCa! });
    else if (!insecure) throw new AgentInsecureError(listen);
  }
  const runner = ctx.localRunner(node);
  const server = new AgentServer({
    runner,
    headless: ctx.headlessRunner?.(runner, node),
    log: (line) => io.err(`${line}\n`),
  });
  const bound = await server.listen(address, { credentials, gid: group !== undefined ? groupId(group) : undefined });
  if (address.kind === 'tcp' && insecure) io.err(`warning: listening on ${bound} WITHOUT TLS (--insecure): anyone who can reach this port runs gadgets as root on ${node}\n`);
  io.err(`gadgetry agent ${node} listening on ${bound}\n`);
  await ctx.stopped;
  io.err(`stopping: ${server.activeRuns} runs\n`);
  await server.close();
  return 0;
}
