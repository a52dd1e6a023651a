import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function compiler(options: Options): Ajv {
  return addFormats(new Ajv({ allErrors: true, useDefaults: true, ...options }));
}

/**
 * Bodies are read exactly as sent: an unknown field or a wrong type is refused,
 * never removed or coerced. Query strings and path parameters arrive as text, so
 * those are coerced to the schema's types.
 */
export function useStrictValidation(app: FastifyInstance): void {
  const strict = compiler({ removeAdditional: false, coerceTypes: false });
  const coercing = compiler({ removeAdditional: false, coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema),
  );
}
