import fc from 'fast-check';

/** Anything a terminal would act on, or that would reorder or split a line. */
export const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udfff]/u;

/** One character (or short sequence) of what an attacker would type: controls, bidi overrides, separators, lone surrogates. */
export const nastyChar = fc.oneof(
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.constantFrom('\u202e', '\u2066', '\u2028', '\u2029', '\u200f', '\u061c', '\x1b[2J', '\x9b', '\\', '\n', ',', ':', '-', '='),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);

export const nastyString = fc.string({ unit: nastyChar, maxLength: 40 });
