import { GadgetryError } from '@gadgetry/errors';
import { ParamError } from '@gadgetry/sdk';

/** A --k8s-selector that is not a label selector (exit 2). */
export class K8sSelectorError extends ParamError {}

/** No kubeconfig, no in-cluster service account: no cluster to talk to. */
export class KubeconfigMissingError extends GadgetryError {
  constructor(message: string) {
    super('KUBECONFIG_MISSING', message);
  }
}

/** The agents' namespace has no running agent pod. */
export class AgentsNotFoundError extends GadgetryError {
  constructor(message: string) {
    super('K8S_AGENTS_NOT_FOUND', message);
  }
}

/** The API server said 401/403 to a request. */
export class K8sForbiddenError extends GadgetryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('K8S_FORBIDDEN', message, options);
  }
}

/** Any other failed API request or broken port-forward. */
export class K8sApiError extends GadgetryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('K8S_API_FAILED', message, options);
  }
}

/** The HTTP status of a client-node error (ApiException.code, Watch's statusCode), if any. */
function statusOf(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  // the websocket client (port-forward) only says it in words
  const m = err instanceof Error ? /Unexpected server response: (\d{3})/.exec(err.message) : null;
  return m ? Number(m[1]) : undefined;
}

/** The API server's own reason (a Status object's message), when the error carries one. */
function reasonOf(err: unknown): string {
  const body = (err as { body?: unknown })?.body;
  try {
    const status = typeof body === 'string' ? (JSON.parse(body) as { message?: unknown }) : (body as { message?: unknown } | undefined);
    if (typeof status?.message === 'string') return status.message;
  } catch {
    // a body that is not a Status: say what the error says
  }
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

/**
 * One clear error for a failed API request: `what` names the request
 * ("list pods in namespace gadgetry"). 401/403 become K8sForbiddenError.
 */
export function apiRequestError(what: string, err: unknown): GadgetryError {
  if (err instanceof GadgetryError) return err;
  const status = statusOf(err);
  // the server's words, whole: the message's one line is bounded and escaped by GadgetryError
  const reason = reasonOf(err);
  if (status === 401 || status === 403) {
    return new K8sForbiddenError(`the API server refused to ${what} (${status}): ${reason}; check your RBAC (kubectl auth can-i)`, { cause: err });
  }
  return new K8sApiError(`could not ${what}${status ? ` (${status})` : ''}: ${reason}`, { cause: err });
}
