import * as grpc from '@grpc/grpc-js';
import { ERROR_CODES, foreignCode, isErrorCode, type ErrorCode } from '@gadgetry/errors';
import { runErrorOf, type RunError } from '@gadgetry/runtime';
import { AgentReportedError, RemoteProtocolError, RemoteUnreachableError } from '../remoteErrors.js';

/** Metadata key of the failure as the runtime carries it (RunError, JSON). */
const ERROR_KEY = 'gadgetry-error-bin';

function statusOf(code: string | undefined): grpc.status {
  if (code === 'GADGET_NOT_FOUND' || code === 'RUN_NOT_FOUND') return grpc.status.NOT_FOUND;
  if (code === 'RUN_NAME_TAKEN') return grpc.status.ALREADY_EXISTS;
  if (code === 'HEADLESS_NOT_SERVED') return grpc.status.UNIMPLEMENTED;
  if (code !== undefined && isErrorCode(code) && ERROR_CODES[code].exit === 'usage') return grpc.status.INVALID_ARGUMENT;
  return grpc.status.INTERNAL;
}

/** An error thrown while serving a call, as a gRPC status whose metadata carries the error's code, line and details. */
export function serviceErrorOf(err: unknown): Partial<grpc.ServiceError> {
  const e = runErrorOf(err);
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_KEY, Buffer.from(JSON.stringify(e)));
  return { code: statusOf(e.code), details: e.line, metadata };
}

function carried(err: grpc.ServiceError): RunError | undefined {
  const raw = err.metadata?.get(ERROR_KEY)[0];
  if (!Buffer.isBuffer(raw)) return undefined;
  try {
    const e = JSON.parse(raw.toString('utf8')) as RunError;
    return typeof e.line === 'string' && typeof e.details === 'string' ? e : undefined;
  } catch {
    return undefined;
  }
}

/** The error a failed call stands for: the agent's own (with its code), or why the agent at `address` could not be reached. */
export function errorOfServiceError(err: grpc.ServiceError, address: string): Error {
  const e = carried(err);
  if (e) {
    const code = e.code !== undefined && isErrorCode(e.code) ? e.code : (foreignCode(e.code) ?? ('REMOTE_PROTOCOL' as ErrorCode));
    return new AgentReportedError(code as ErrorCode, e.line, e.details);
  }
  if (err.code === grpc.status.UNAVAILABLE || err.code === grpc.status.DEADLINE_EXCEEDED) return new RemoteUnreachableError(address, err.details || 'connection failed');
  if (err.code === grpc.status.UNIMPLEMENTED) return new RemoteProtocolError(`the agent at ${address} does not serve gadgetry.runner.v1 (${err.details})`);
  return new RemoteProtocolError(`the agent at ${address} failed the call: ${grpc.status[err.code] ?? err.code} ${err.details}`);
}

/** The RunError a client shows for a failed call. */
export const runErrorOfServiceError = (err: grpc.ServiceError, address: string): RunError => runErrorOf(errorOfServiceError(err, address));
