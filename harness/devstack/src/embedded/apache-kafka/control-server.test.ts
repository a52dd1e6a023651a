import { describe, expect, it } from 'vitest';
import { route } from './control-server.js';

describe('route', () => {
  it('maps the fault controls', () => {
    expect(route('POST', '/down')).toEqual({ action: 'down' });
    expect(route('POST', '/up')).toEqual({ action: 'up' });
    expect(route('POST', '/nodes/2/down')).toEqual({ action: 'down', nodeId: 2 });
    expect(route('POST', '/nodes/3/up')).toEqual({ action: 'up', nodeId: 3 });
  });

  it.each([
    ['GET', '/down'],
    ['POST', '/nodes/x/down'],
    ['POST', '/nodes/2/restart'],
    ['POST', '/down/extra'],
    ['GET', '/nodes'],
  ])('refuses %s %s', (method, path) => {
    expect(route(method, path)).toBeUndefined();
  });
});
