import { describe, expect, it } from 'vitest';
import { dockerProbes } from './detect.js';

const none = () => false;

describe('dockerProbes', () => {
  it('has nothing to ask when no socket exists and DOCKER_HOST is unset', () => {
    expect(dockerProbes({}, none, '/home/u', 1000)).toEqual([]);
  });

  it('follows DOCKER_HOST', () => {
    expect(dockerProbes({ DOCKER_HOST: 'unix:///tmp/d.sock' }, none, '/home/u', 1000)).toEqual([
      { kind: 'socket', path: '/tmp/d.sock' },
    ]);
    expect(dockerProbes({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, none, '/home/u', 1000)).toEqual([
      { kind: 'tcp', host: '10.0.0.5', port: 2375 },
    ]);
  });

  it('leaves TLS and ssh engines to testcontainers', () => {
    expect(dockerProbes({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }, none, '/h', 1)).toBe(
      'defer',
    );
    expect(dockerProbes({ DOCKER_HOST: 'ssh://me@h' }, none, '/h', 1)).toBe('defer');
  });

  it('lists the sockets that exist', () => {
    const exists = (path: string) => path === '/var/run/docker.sock' || path === '/run/user/1000/docker.sock';
    expect(dockerProbes({}, exists, '/home/u', 1000)).toEqual([
      { kind: 'socket', path: '/var/run/docker.sock' },
      { kind: 'socket', path: '/run/user/1000/docker.sock' },
    ]);
  });
});
