import { GadgetryError, type ErrorCode } from '@gadgetry/errors';

/** A bad --remote or --listen address. */
export class RemoteAddressInvalidError extends GadgetryError {
  constructor(message: string) {
    super('REMOTE_ADDRESS_INVALID', message);
  }
}

/** Missing or unreadable TLS files. */
export class RemoteTlsInvalidError extends GadgetryError {
  constructor(message: string, cause?: unknown) {
    super('REMOTE_TLS_INVALID', message, { cause });
  }
}

/** No agent answered at an address (nothing listening, no access, TLS refused). */
export class RemoteUnreachableError extends GadgetryError {
  constructor(
    readonly address: string,
    why: string,
  ) {
    super('REMOTE_UNREACHABLE', `no agent answered at ${address}: ${reasonOf(why)}; is gadgetry serve running there, and do the TLS files match?`);
  }
}

/** An agent's answer that is not a message of the protocol. */
export class RemoteProtocolError extends GadgetryError {
  constructor(message: string) {
    super('REMOTE_PROTOCOL', `${message}; run the same gadgetry version on the agents and the client`);
  }
}

/** The agent cannot listen where it was asked. */
export class AgentListenError extends GadgetryError {
  constructor(message: string, cause?: unknown) {
    super('AGENT_LISTEN_FAILED', message, { cause });
  }
}

/** An error an agent reported, with its code, as the client raises it. */
export class AgentReportedError extends GadgetryError {
  constructor(code: ErrorCode, line: string, readonly remoteDetails: string) {
    // the carried line ends with its code already; it is added again when shown
    super(code, line.endsWith(` [${code}]`) ? line.slice(0, -(code.length + 3)) : line);
  }
}

/** grpc-js's "No connection established. Last error: Error: connect ECONNREFUSED …. Resolution note: " as its cause alone. */
function reasonOf(details: string): string {
  const why = details
    .replace(/^No connection established\. Last error: (?:Error: )?/, '')
    .replace(/\.? ?Resolution note:.*$/s, '')
    .replace(/ \(\d{4}-\d\d-\d\dT[\d:.]+Z\)/, '')
    .trim();
  return why || 'the connection failed';
}
