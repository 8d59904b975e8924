import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSuiji as run } from '../support/cli.ts';

const DEFAULT_MODEL = 'src/core/scoring/models/credit-risk-1.json';

describe('suiji model check', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'suiji-model-check-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('exits 0 with a summary of the default model', async () => {
    const result = await run('model', 'check', DEFAULT_MODEL);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`${DEFAULT_MODEL}: ok: credit-risk/1`);
    expect(result.stdout).toContain('indicators (15):');
    expect(result.stdout).toContain('score (score) = clamp(');
    expect(result.stdout).toContain('tiers: A (信用风险低) >= 85, B (信用风险一般) >= 70, C (信用风险较高) >= 55');
    expect(result.stdout).toContain('serious_dishonesty: when dishonesty_listed >= 1 then at least D');
  });

  it('exits 1 listing every problem with its file line and formula name', async () => {
    const text = (await readFile(DEFAULT_MODEL, 'utf8'))
      .replace('"6 + 3 * min(enterprise_age_years, 3) - 3 * key_area"', '"6 + 3 * min(enterprise_age, 3)"')
      .replace('"15 - 15 * min(related_dishonest, 1)"', '"cos.constructor(\\"return process\\")"');
    const file = path.join(folder, 'broken.json');
    await writeFile(file, text);
    const lineOf = (needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
    const result = await run('model', 'check', file);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      `${file}:${lineOf('min(enterprise_age, 3)')}: formula 'basic': unknown name 'enterprise_age'`,
      `${file}:${lineOf('cos.constructor')}: formula 'related': calling anything but a named function (such as the result of a property access) is not allowed`,
      `${file}: 2 problems`,
      '',
    ]);
  });

  it('exits 1 naming the line of invalid JSON', async () => {
    const file = path.join(folder, 'bad.json');
    await writeFile(file, '{\n  "id": "credit-risk",\n  "version": 1,,\n}\n');
    const result = await run('model', 'check', file);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: not valid JSON`));
  });

  it('exits 1 when the file cannot be read', async () => {
    const result = await run('model', 'check', path.join(folder, 'missing.json'));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('missing.json: cannot read');
  });

  it('exits 2 without a file', async () => {
    const result = await run('model', 'check');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('expects exactly one model file');
  });
});
