import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function run(args: string[], stdinText = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = collector();
  const stderr = collector();
  const code = await runCli(args, { stdin: Readable.from([stdinText]), stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('suiji codes check', () => {
  it('reports a valid code with its registration authority and entity type, exit 0', async () => {
    const result = await run(['codes', 'check', '91440300708461136T']);
    expect(result).toEqual({ code: 0, stdout: '91440300708461136T valid (市场监督管理（工商）, 企业)\n', stderr: '' });
  });

  it('prints the normalised code', async () => {
    const result = await run(['codes', 'check', ' 91310000717866186p ']);
    expect(result.stdout).toBe('91310000717866186P valid (市场监督管理（工商）, 企业)\n');
  });

  it('reports an invalid code with the reason and exits 1', async () => {
    const result = await run(['codes', 'check', '91440300708461136U']);
    expect(result).toEqual({ code: 1, stdout: "91440300708461136U invalid: check character is 'U', expected 'T'\n", stderr: '' });
  });

  it('writes one line per argument and exits 1 when any is invalid', async () => {
    const result = await run(['codes', 'check', '91440300708461136T', '9144030070846113', '91350100M000100Y4O']);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      '91440300708461136T valid (市场监督管理（工商）, 企业)',
      '9144030070846113 invalid: must be 18 characters, got 16',
      "91350100M000100Y4O invalid: invalid character 'O' at position 18 (allowed: 0-9 and A-H J-N P Q R T U W X Y)",
      '',
    ]);
  });

  it('adds the GB 11714 warning to a valid code whose organisation part fails it', async () => {
    const result = await run(['codes', 'check', '92350104MA2Y8K3P18']);
    expect(result).toEqual({
      code: 0,
      stdout: "92350104MA2Y8K3P18 valid (市场监督管理（工商）, 个体工商户); warning: organisation code check character (GB 11714) is '1', expected '3'\n",
      stderr: '',
    });
  });

  it('reads one code per line from stdin when given no arguments, skipping blank lines', async () => {
    const result = await run(['codes', 'check'], '91440300708461136T\r\n\r\n   \n93350121MA31XQ7L0B\n');
    expect(result).toEqual({
      code: 0,
      stdout: '91440300708461136T valid (市场监督管理（工商）, 企业)\n93350121MA31XQ7L0B valid (市场监督管理（工商）, 农民专业合作社)\n',
      stderr: '',
    });
  });

  it('names the stdin line of an invalid code and exits 1', async () => {
    const result = await run(['codes', 'check'], '91440300708461136T\n\n91440300708461136U\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      "91440300708461136T valid (市场监督管理（工商）, 企业)\n91440300708461136U invalid: check character is 'U', expected 'T' (stdin line 3)\n",
    );
  });

  it('prints nothing and exits 0 for empty stdin', async () => {
    expect(await run(['codes', 'check'], '')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reports an empty argument as invalid rather than skipping it', async () => {
    const result = await run(['codes', 'check', '']);
    expect(result).toEqual({ code: 1, stdout: "'' invalid: must be 18 characters, got 0\n", stderr: '' });
  });

  it('treats an unknown option as a usage error, exit 2', async () => {
    const result = await run(['codes', 'check', '--verbose']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: suiji codes check');
  });

  it('is listed in the help', async () => {
    const result = await run(['help']);
    expect(result.stdout).toContain('codes check [CODE ...]');
  });
});
