import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outboxStorageSettingsSql } from './storage-settings.js';

describe('outbox storage settings', () => {
  it('are the ones the committed migration applies', () => {
    const migration = readFileSync(
      new URL('../../drizzle/0001_outbox_storage_settings.sql', import.meta.url),
      'utf8',
    );
    expect(migration).toContain(outboxStorageSettingsSql);
  });
});
