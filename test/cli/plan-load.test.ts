import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuiji, useTemporaryCliDatabase } from '../support/cli.ts';

const cli = useTemporaryCliDatabase('cli_plan');
const folder = mkdtempSync(path.join(tmpdir(), 'suiji-plan-'));

function planFile(name: string, text: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
}

describe('suiji plan load', () => {
  beforeAll(() => cli.create());
  afterAll(() => cli.dispose());

  it('names the line of a JSON syntax error', async () => {
    const file = planFile('broken.json', '{\n  "plan": {\n    "year": 2027,\n  }\n}\n');
    const run = await runSuiji('plan', 'load', file);
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain(`${file}:4: not valid JSON`);
  });

  it('prints every problem as FILE:LINE: path: reason and loads nothing', async () => {
    const file = planFile('wrong.json', '{\n  "plan": {\n    "year": "2027",\n    "name": "test plan",\n    "roundsPerYear": 2\n  }\n}\n');
    const run = await runSuiji('plan', 'load', file);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${file}:3: plan.year:`);
    expect(run.stderr).toContain('nothing was loaded');
  });
});
