/**
 * `suiji beacon check ROUND SIGNATURE`: checks, offline, that SIGNATURE is drand quicknet's
 * signature for ROUND, and prints the round's time (UTC and Beijing time), its randomness
 * (sha256 of the signature) and the entropy E to enter at the draw. SIGNATURE is the hex, a
 * file holding the JSON a drand relay returns for the round (or the hex), or `-` for standard
 * input. Exit 1, with the reason in the CLI's language, when it is not that round's.
 */
import fs from 'node:fs';
import { formatRecordTime } from '../../application/record-time.ts';
import {
  DRAND_QUICKNET,
  describeBeaconIssue,
  formatDrandEntropy,
  parseBeaconPaste,
  verifyQuicknetRound,
  type BeaconIssue,
} from '../../core/draw/beacon.ts';
import { UsageError, type CliRunner, type CliIo } from '../command.ts';
import { cliLanguage, say } from '../language.ts';
import { parsePositionals } from './positionals.ts';

async function readAll(stdin: CliIo['stdin']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** The text behind the SIGNATURE argument: itself when it is hex or inline JSON, else the file it names. */
async function readSignatureArgument(argument: string, io: CliIo): Promise<string> {
  if (argument === '-') return readAll(io.stdin);
  if (/^\s*(0x)?[0-9a-f]+\s*$/i.test(argument) || argument.trim().startsWith('{')) return argument;
  try {
    return fs.readFileSync(argument, 'utf8');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(say(`无法读取 ${argument}：${detail}`, `cannot read ${argument}: ${detail}`), { cause: error });
  }
}

/** A round as typed: digits only, so `1e3`, `0x3e8` or `1000.0` are not taken for 1000. */
function parseRoundArgument(text: string): number | undefined {
  return /^[1-9][0-9]*$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}

function reportIssue(io: CliIo, issue: BeaconIssue): number {
  io.stderr.write(`suiji beacon check: ${describeBeaconIssue(issue, cliLanguage())}\n`);
  return 1;
}

export const beaconCheckCommand: CliRunner = {
  async run(args, io) {
    const positionals = parsePositionals(args);
    if (positionals.length !== 2) throw new UsageError(say('请给出轮次 ROUND 和签名 SIGNATURE', 'give a ROUND and a SIGNATURE'));
    const [roundText, signatureArgument] = positionals as [string, string];
    const round = parseRoundArgument(roundText);
    if (round === undefined) return reportIssue(io, { code: 'invalid_round', round: roundText });
    const pasted = parseBeaconPaste(await readSignatureArgument(signatureArgument, io), round);
    if (!pasted.ok) return reportIssue(io, pasted.error);
    const verified = verifyQuicknetRound(round, pasted.value.signatureHex);
    if (!verified.ok) return reportIssue(io, verified.error);
    const { time, randomness } = verified.value;
    const instant = new Date(time * 1000);
    io.stdout.write(
      [
        say(`drand quicknet 第 ${round} 轮：签名有效`, `drand quicknet round ${round}: signature valid`),
        say(`链：${DRAND_QUICKNET.chainHash}`, `chain: ${DRAND_QUICKNET.chainHash}`),
        say(
          `时间：${instant.toISOString().replace('.000Z', 'Z')}（UTC）= ${formatRecordTime(instant)}（北京时间）`,
          `time: ${instant.toISOString().replace('.000Z', 'Z')} (UTC) = ${formatRecordTime(instant)} (Beijing time)`,
        ),
        say(`随机值：${randomness}`, `randomness: ${randomness}`),
        say(`公开熵 E：${formatDrandEntropy(round, pasted.value.signatureHex)}`, `entropy E: ${formatDrandEntropy(round, pasted.value.signatureHex)}`),
        '',
      ].join('\n'),
    );
    return 0;
  },
};
