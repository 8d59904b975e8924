/**
 * The load script's arguments (`npm run bench -- load …`, issue 12 section 2): the jobs it
 * measures the public side during, their size, and the refusals of what it cannot do.
 */
import { describe, expect, it } from 'vitest';
import { parseLoadOptions } from '../../scripts/bench/load-options.ts';

describe('parseLoadOptions', () => {
  it('defaults to the ordinary table: 20,000 enterprises, 10 s per endpoint, concurrency 50, gzip, no job', () => {
    expect(parseLoadOptions([])).toMatchObject({ enterprises: 20_000, durationMs: 10_000, concurrency: 50, acceptEncoding: 'gzip', during: undefined, url: undefined });
  });

  it('takes --during=import with 200,000 rows unless --rows says otherwise, and waits up to 600 s for the job', () => {
    expect(parseLoadOptions(['--during=import'])).toMatchObject({ during: 'import', rows: 200_000, durationMs: 600_000 });
    expect(parseLoadOptions(['--during=import', '--rows=50000', '--duration=120'])).toMatchObject({ rows: 50_000, durationMs: 120_000 });
  });

  it('takes --during=evaluation with its evaluation date', () => {
    expect(parseLoadOptions(['--during=evaluation', '--as-of=2026-10-31'])).toMatchObject({ during: 'evaluation', asOf: '2026-10-31' });
  });

  it('refuses another job, a job against a server it does not serve, and a count that is not a positive whole number', () => {
    expect(() => parseLoadOptions(['--during=freeze'])).toThrow('--during= takes evaluation or import');
    expect(() => parseLoadOptions(['--during=import', '--url=http://127.0.0.1:3000'])).toThrow('serves its own demo');
    expect(() => parseLoadOptions(['--rows=many'])).toThrow('--rows= takes a positive whole number');
    expect(() => parseLoadOptions(['--concurrency=0'])).toThrow('--concurrency= takes a positive whole number');
  });

  it('profiles only the demo it serves (--cpu-prof=DIR), and reads a running server with its process id', () => {
    expect(parseLoadOptions(['--cpu-prof=/tmp/profiles']).cpuProfileDir).toBe('/tmp/profiles');
    expect(() => parseLoadOptions(['--cpu-prof=/tmp/profiles', '--url=http://127.0.0.1:3000'])).toThrow('--cpu-prof=');
    expect(parseLoadOptions(['--url=http://127.0.0.1:3000', '--pid=4242', '--identity'])).toMatchObject({ url: 'http://127.0.0.1:3000', pid: 4242, acceptEncoding: 'identity' });
  });
});
