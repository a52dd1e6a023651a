import type { MessageContract } from './define.js';

/** The message types a list of contracts names. */
export type TypeOf<TContracts extends readonly MessageContract[]> = TContracts[number]['type'];

/** The contract of each type in `TContracts`, keyed by its type. */
export type ContractsByType<TContracts extends readonly MessageContract[]> = {
  readonly [TContract in TContracts[number] as TContract['type']]: TContract;
};

/**
 * The contracts of a list, keyed by type, so a writer finds the contract of what it
 * sends by its type alone. One contract per type: a writer writes one schema
 * version, so a list naming a type twice is refused rather than one of them chosen.
 */
export function contractsByType<const TContracts extends readonly MessageContract[]>(
  contracts: TContracts,
): ContractsByType<TContracts> {
  const byType = new Map<string, MessageContract>();
  for (const contract of contracts) {
    const earlier = byType.get(contract.type);
    if (earlier !== undefined) {
      throw new Error(
        `'${contract.type}' is listed twice (schema versions ${earlier.schemaVersion} and ${contract.schemaVersion}); a writer needs one`,
      );
    }
    byType.set(contract.type, contract);
  }
  return Object.fromEntries(byType) as ContractsByType<TContracts>;
}
