import { expectTypeOf, test } from 'vitest';
import { GadgetryError, foreignCode, type ForeignCode } from './GadgetryError.js';
import type { ErrorCode } from './errorCodes.js';
import type { LossReason } from './lossReasons.js';

test('a listed code is accepted, a mistyped one is a type error', () => {
  new GadgetryError('PARAM_INVALID', 'fine');
  // @ts-expect-error not in the list
  new GadgetryError('PARAM_INVALD', 'a typo');
  // @ts-expect-error a plain string is not a code
  new GadgetryError('ACME_OWN' as string, 'unchecked');
});

test("a third party's own code goes through foreignCode()", () => {
  const own = foreignCode('ACME_OWN');
  expectTypeOf(own).toEqualTypeOf<ForeignCode | undefined>();
  if (own) new GadgetryError(own, 'ours');
  expectTypeOf(new GadgetryError('USAGE', 'x').code).toEqualTypeOf<ErrorCode | ForeignCode>();
});

test('ErrorCode and LossReason are unions of literals, not string', () => {
  expectTypeOf<'USAGE'>().toExtend<ErrorCode>();
  expectTypeOf<string>().not.toExtend<ErrorCode>();
  expectTypeOf<'ring_full'>().toExtend<LossReason>();
  expectTypeOf<string>().not.toExtend<LossReason>();
});
