import { describe, expect, it } from 'vitest';
import { ERROR_AREAS, ERROR_CODES, exitStatusOfCode, isErrorCode, type ErrorCode } from './errorCodes.js';
import { LOSS_REASONS, LOSS_REASON_NAMES, LOSS_WHERE, isLossReason } from './lossReasons.js';

const codes = Object.keys(ERROR_CODES) as ErrorCode[];

describe('the error code list', () => {
  it('has well-formed codes, each with an area, a one-line meaning and a one-line fix', () => {
    expect(codes.length).toBeGreaterThan(50);
    for (const code of codes) {
      const info = ERROR_CODES[code];
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(ERROR_AREAS).toContain(info.area);
      for (const text of [info.meaning, info.fix]) {
        expect(text, code).toMatch(/^[A-Za-z<].*[.)]$/);
        expect(text, code).not.toContain('\n');
      }
    }
  });

  it('gives exit status 2 to what the user typed wrong and 1 to everything else', () => {
    expect(codes.filter((c) => exitStatusOfCode(c) === 2).sort()).toEqual([
      'AGENT_INSECURE',
      'AGENT_REQUIRED',
      'GADGET_NOT_FOUND',
      'GENERATOR_INVALID',
      'HEADLESS_NOT_SERVED',
      'PARAM_INVALID',
      'REMOTE_ADDRESS_INVALID',
      'REMOTE_TLS_INVALID',
      'REMOTE_UNAVAILABLE',
      'RUN_NAME_INVALID',
      'RUN_NAME_TAKEN',
      'RUN_NOT_FOUND',
      'UPROBE_BINARY_NOT_FOUND',
      'UPROBE_PID_NOT_FOUND',
      'UPROBE_SYMBOL_NOT_FOUND',
      'USAGE',
    ]);
    expect(exitStatusOfCode('BPF_LOAD_FAILED')).toBe(1);
    expect(exitStatusOfCode('ACME_OWN_CODE')).toBe(1);
    expect(exitStatusOfCode(undefined)).toBe(1);
  });

  it('isErrorCode knows the list and nothing from the prototype', () => {
    expect(isErrorCode('RINGBUF_FAILED')).toBe(true);
    expect(isErrorCode('RINGBUF_FAILD')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(7)).toBe(false);
  });
});

describe('the loss reasons', () => {
  it('each says where the events were lost, with the words of its warning and a fix', () => {
    expect(LOSS_REASON_NAMES).toEqual(Object.keys(LOSS_REASONS));
    for (const reason of LOSS_REASON_NAMES) {
      expect(reason).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(LOSS_WHERE).toContain(LOSS_REASONS[reason].where);
      expect(LOSS_REASONS[reason].summary).not.toMatch(/[.\n]$/);
      expect(LOSS_REASONS[reason].fix).toMatch(/\.$/);
    }
    expect(isLossReason('ring_full')).toBe(true);
    expect(isLossReason('the ring buffer was full')).toBe(false);
    expect(isLossReason('hasOwnProperty')).toBe(false);
  });
});
