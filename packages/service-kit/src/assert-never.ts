/** The default of an exhaustive switch: a compile error when a case is missing, a throw if one gets here anyway. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
