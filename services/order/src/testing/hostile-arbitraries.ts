import fc from 'fast-check';

/** Strings written to get past a naive query builder. */
export const sqlLooking = [
  "'; DROP TABLE orders; --",
  "' OR '1'='1",
  '" OR ""="',
  "Robert'); DROP TABLE students;--",
  '1; SELECT pg_sleep(10)',
  '$$; DELETE FROM outbox; $$',
  "%' --",
  '\\x00',
  'NULL',
  "E'\\\\'",
  '1 UNION SELECT * FROM order_sagas',
];

/** Within the sku and customer-id alphabets, yet looking like SQL: the schema must let them through. */
export const sqlLookingButAllowed = [
  'DROP.TABLE.orders--',
  '1--',
  'OR-1-1',
  'SELECT.1',
  'x..--..',
  'NULL',
  'a_-.',
  '0',
];

/** Odd code points: NUL, lone surrogates, bidi overrides, zero-width and full-width letters. */
export const oddUnicode = [
  '\u0000',
  'MUG\u0000',
  '\ud800',
  'x\udfffy',
  '\u202eGUM',
  'MU\u200bG',
  'ＭＵＧ',
  'İstanbul',
  'straße',
  '😀',
  '👩‍👩‍👧',
  ' MUG',
  'MUG\n',
  '\t',
  '\u00ff',
  'e\u0301',
];

/** Any text a client might send where a short identifier is expected. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(...sqlLooking, ...sqlLookingButAllowed, ...oddUnicode),
  fc.string({ minLength: 60, maxLength: 400 }),
  fc
    .tuple(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), fc.constantFrom(...sqlLooking, ...oddUnicode))
    .map(([head, tail]) => head + tail),
);

export const validSku = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,30}$/);
export const validCustomerId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,40}$/);

export interface OrderRequest {
  customerId: string;
  items: { sku: string; quantity: number }[];
}

export const validOrder: fc.Arbitrary<OrderRequest> = fc.record({
  customerId: validCustomerId,
  items: fc.uniqueArray(fc.record({ sku: validSku, quantity: fc.integer({ min: 1, max: 10_000 }) }), {
    minLength: 1,
    maxLength: 5,
    selector: (item) => item.sku,
  }),
});

/** A JSON value of the wrong kind for most fields, and some of the right kind. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  hostileString,
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Quantities as JSON number text, including some JSON.stringify would never write. */
export const quantityText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ max: 0 }).map(String),
  fc.integer({ min: 10_001 }).map(String),
  fc.integer({ min: 1, max: 10_000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 200n }).map(String),
  fc.constantFrom(
    '1e400',
    '-1e400',
    '-0',
    '0.0',
    '1e-400',
    '1.0',
    '1E3',
    '9007199254740993',
    '1.5',
    '10000.0001',
  ),
);

/** Like encodeURIComponent, but takes lone surrogates too (as U+FFFD, as any UTF-8 client would). */
export function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, '0')}`,
    )
    .join('');
}
