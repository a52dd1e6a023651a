import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kafkaPomPath, kafkaVersionOf } from '../embedded/apache-kafka/fetch.js';
import { kafkaImageOf } from './kafka-container.js';

const compose = readFileSync(new URL('../../../../docker-compose.yml', import.meta.url), 'utf8');

describe('one Kafka release everywhere', () => {
  it('docker-compose.yml and the Docker devstack run the release the embedded stack fetches', () => {
    const version = kafkaVersionOf(readFileSync(kafkaPomPath, 'utf8'));
    const images = [...compose.matchAll(/image:\s*(apache\/kafka:\S+)/g)].map((match) => match[1]);
    expect(images.length).toBeGreaterThan(0);
    expect(new Set(images)).toEqual(new Set([kafkaImageOf(version)]));
  });
});
