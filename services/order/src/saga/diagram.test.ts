import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toMermaid } from './diagram.js';
import { currentMachineVersion, sagaMachine } from './versions.js';

const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

function readmeDiagram(): string | undefined {
  const match = /<!-- saga-diagram:start -->\s*```mermaid\n([\s\S]*?)\n```\s*<!-- saga-diagram:end -->/.exec(
    readme,
  );
  return match?.[1];
}

describe('the README saga diagram', () => {
  it('is the current machine, transition for transition', () => {
    const diagram = readmeDiagram();
    expect(
      diagram,
      'README.md must hold the diagram between <!-- saga-diagram:start/end --> markers',
    ).toBeDefined();
    expect(diagram).toBe(toMermaid(sagaMachine(currentMachineVersion)));
  });
});
