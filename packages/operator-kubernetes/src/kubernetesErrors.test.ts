import { describe, expect, it } from 'vitest';
import { apiRequestError } from './kubernetesErrors.js';

describe('apiRequestError', () => {
  it('makes 401/403 K8S_FORBIDDEN with the server\'s own reason, from each way client-node reports a status', () => {
    const status = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'pods is forbidden: User "u" cannot list resource "pods"', reason: 'Forbidden', code: 403 });
    const fromApi = apiRequestError('list pods in namespace x', Object.assign(new Error('HTTP-Code: 403\nMessage: Unknown API Status Code!'), { code: 403, body: status }));
    expect(fromApi.code).toBe('K8S_FORBIDDEN');
    expect(fromApi.message).toBe('the API server refused to list pods in namespace x (403): pods is forbidden: User "u" cannot list resource "pods"; check your RBAC (kubectl auth can-i)');
    expect(apiRequestError('watch pods', Object.assign(new Error('Unauthorized'), { statusCode: 401 })).code).toBe('K8S_FORBIDDEN');
    expect(apiRequestError('port-forward to p', new Error('Unexpected server response: 403')).code).toBe('K8S_FORBIDDEN');
  });

  it('makes everything else K8S_API_FAILED, one line, naming the request', () => {
    const e = apiRequestError('list pods on node n', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443\n    at stack'), { code: 'ECONNREFUSED' }));
    expect(e.code).toBe('K8S_API_FAILED');
    expect(e.message).toBe('could not list pods on node n: connect ECONNREFUSED 127.0.0.1:6443');
    expect(apiRequestError('x', Object.assign(new Error('Internal Server Error'), { statusCode: 500 })).message).toBe('could not x (500): Internal Server Error');
    expect(apiRequestError('x', 'a\u001b[31mred').message).not.toContain('\u001b');
  });
});
