/** A connection setting that is missing, malformed or contradicts another; the message names the variables. */
export class SecurityConfigError extends Error {
  override name = 'SecurityConfigError';

  constructor(
    message: string,
    /** The environment variables at fault. */
    readonly variables: readonly string[],
  ) {
    super(message);
  }
}

export type EnvSource = Readonly<Record<string, string | undefined>>;

/** A variable's value, trimmed; empty counts as unset, so compose's `VAR: ""` means "not configured". */
export function setting(env: EnvSource, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export type TlsMode = 'off' | 'verify-full';

/** `off` or `verify-full`: the only two a bank-grade deployment needs; anything in between is refused. */
export function tlsMode(env: EnvSource, name: string): TlsMode {
  const value = setting(env, name)?.toLowerCase() ?? 'off';
  if (value === 'off' || value === 'verify-full') return value;
  throw new SecurityConfigError(`${name} must be "off" or "verify-full", got ${JSON.stringify(env[name])}`, [
    name,
  ]);
}

/** Client certificate files: both or neither. */
export function clientCertificate(
  env: EnvSource,
  certVariable: string,
  keyVariable: string,
): { certFile: string; keyFile: string } | undefined {
  const certFile = setting(env, certVariable);
  const keyFile = setting(env, keyVariable);
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined)
    throw new SecurityConfigError(
      `${certVariable} and ${keyVariable} go together: set both for a client certificate, or neither`,
      [certVariable, keyVariable],
    );
  return { certFile, keyFile };
}

/** Variables that only mean something with TLS on must not be set with it off. */
export function refuseWithoutTls(env: EnvSource, modeVariable: string, names: readonly string[]): void {
  const stray = names.filter((name) => setting(env, name) !== undefined);
  if (stray.length > 0)
    throw new SecurityConfigError(
      `${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but ${modeVariable} is off; set ${modeVariable}=verify-full or unset ${stray.length === 1 ? 'it' : 'them'}`,
      [modeVariable, ...stray],
    );
}
