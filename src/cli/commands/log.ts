/**
 * The publication log from the command line:
 *
 * - `suiji log check OLD_STH.json NEW_STH.json (--proof PROOF.json | --server URL) [--keys KEYS.json]`:
 *   does the new signed tree head extend the old one? A mirror that saved an old head runs
 *   this on each new one; any rewritten old entry makes it fail. Only the proof comes from
 *   the server; the two heads are the ones given, checked against the key set.
 * - `suiji log head --server URL`: prints the latest signed tree head (save it for the next check).
 * - `suiji log proof HASH --server URL [--tree-size N]`: prints the inclusion proof of a
 *   record, the file `suiji verify RECORD --log-proof` takes.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { nodeSha256 } from '../../application/node-hash.ts';
import type { PublicKeySet } from '../../core/signature.ts';
import { checkTreeHeadConsistency, describeTreeHeadIssue, parseSignedTreeHead, type SignedTreeHead } from '../../core/tree-head.ts';
import { argumentError, UsageError, type CliRunner } from '../command.ts';
import { say } from '../language.ts';
import { readJsonDocument } from '../json-file.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

function parseOptions(args: string[], options: Options): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw argumentError(error);
  }
}

async function fetchJson(url: string, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(say(`无法从 ${url} 取得数据：${detail}`, `cannot fetch ${what} from ${url}: ${detail}`), { cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as { detail?: unknown } | undefined;
  const detail = typeof body?.detail === 'string' ? `: ${body.detail}` : '';
  if (!response.ok) throw new Error(say(`${url} 回答 ${response.status}${detail}`, `${url} answered ${response.status}${detail}`));
  if (body === undefined) throw new Error(say(`${url} 的回答不是 JSON`, `${url} did not answer JSON`));
  return body;
}

function serverUrl(value: string | boolean | undefined, path: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  return new URL(path, value.endsWith('/') ? value : `${value}/`).toString();
}

function readTreeHead(file: string, which: 'old' | 'new'): SignedTreeHead {
  const parsed = parseSignedTreeHead(readJsonDocument(file, `${which} tree head`).value);
  if (!parsed.ok) throw new Error(say(`${file}：${which === 'old' ? '旧' : '新'}树头不是 suiji.tree-head/1：${parsed.error}`, `${file}: the ${which} tree head is not a suiji.tree-head/1: ${parsed.error}`));
  return parsed.value;
}

function isKeySet(value: unknown): value is PublicKeySet {
  return typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys);
}

/** The proof nodes from a consistency-proof document (the endpoint's answer) or a bare array. */
function proofNodesOf(document: unknown, source: string, oldHead: SignedTreeHead, newHead: SignedTreeHead): string[] {
  const body = document as { proof?: unknown; first?: unknown; second?: unknown };
  const nodes = Array.isArray(document) ? document : body.proof;
  if (!Array.isArray(nodes) || nodes.some((node) => typeof node !== 'string')) throw new Error(say(`${source}：应为 {"proof": [hex, …]} 或十六进制节点数组`, `${source}: expected {"proof": [hex, …]} or an array of hex nodes`));
  if (!Array.isArray(document) && ((body.first !== undefined && body.first !== oldHead.treeSize) || (body.second !== undefined && body.second !== newHead.treeSize))) {
    throw new Error(
      say(
        `${source}：证明针对的是大小 ${String(body.first)} 和 ${String(body.second)}，两个树头却是 ${oldHead.treeSize} 和 ${newHead.treeSize}`,
        `${source}: the proof is between sizes ${String(body.first)} and ${String(body.second)}, the heads have ${oldHead.treeSize} and ${newHead.treeSize}`,
      ),
    );
  }
  return nodes as string[];
}

export const logCheckCommand: CliRunner = {
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { proof: { type: 'string' }, server: { type: 'string' }, keys: { type: 'string' } });
    if (positionals.length !== 2) throw new UsageError(say('请给出新旧两个已签名树头文件', 'give the old and the new signed tree head files'));
    const [oldFile, newFile] = positionals as [string, string];
    const oldHead = readTreeHead(oldFile, 'old');
    const newHead = readTreeHead(newFile, 'new');

    const keysUrl = serverUrl(values.server, '.well-known/suiji-keys.json');
    if (typeof values.keys !== 'string' && !keysUrl) throw new UsageError(say('请给出 --keys KEYS.json 或 --server URL 以核对签名', 'give --keys KEYS.json or --server URL to check the signatures'));
    const keys = typeof values.keys === 'string' ? readJsonDocument(values.keys, 'key set').value : await fetchJson(keysUrl as string, 'the key set');
    if (!isKeySet(keys)) throw new Error(say(`${typeof values.keys === 'string' ? values.keys : keysUrl}：应为公钥集 {"keys": [...]}`, `${typeof values.keys === 'string' ? values.keys : keysUrl}: expected a key set {"keys": [...]}`));

    let proof: string[] = [];
    // Equal sizes need no proof: the roots must simply be the same.
    if (oldHead.treeSize < newHead.treeSize) {
      if (typeof values.proof === 'string') proof = proofNodesOf(readJsonDocument(values.proof, 'consistency proof').value, values.proof, oldHead, newHead);
      else {
        const proofUrl = serverUrl(values.server, `api/public/log/proof/consistency?first=${oldHead.treeSize}&second=${newHead.treeSize}`);
        if (!proofUrl) throw new UsageError(say('请给出一致性证明 --proof PROOF.json 或 --server URL', 'give --proof PROOF.json or --server URL for the consistency proof'));
        proof = proofNodesOf(await fetchJson(proofUrl, 'the consistency proof'), proofUrl, oldHead, newHead);
      }
    }

    const result = checkTreeHeadConsistency(oldHead, newHead, proof, keys, nodeSha256);
    if (!result.ok) {
      io.stdout.write(say(`不通过 FAIL ${describeTreeHeadIssue(result.error)}\n`, `FAIL ${describeTreeHeadIssue(result.error)}\n`));
      return 1;
    }
    io.stdout.write(
      say(
        `通过 PASS 两个树头都有本局的签名（密钥 ${oldHead.signature.keyId}、${newHead.signature.keyId}）\n`,
        `PASS both tree heads are signed by the bureau (keys ${oldHead.signature.keyId}, ${newHead.signature.keyId})\n`,
      ),
    );
    io.stdout.write(
      say(
        `通过 PASS ${newHead.treeSize} 个叶子的日志原样延续了 ${oldHead.treeSize} 个叶子的日志\n`,
        `PASS the log of ${newHead.treeSize} leaves extends the log of ${oldHead.treeSize} leaves unchanged\n`,
      ),
    );
    return 0;
  },
};

export const logHeadCommand: CliRunner = {
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { server: { type: 'string' } });
    if (positionals.length !== 0) throw new UsageError(say('log head 不接受参数', 'log head takes no arguments'));
    const url = serverUrl(values.server, 'api/public/log/tree-head');
    if (!url) throw new UsageError(say('请给出 --server URL', 'give --server URL'));
    const head = parseSignedTreeHead(await fetchJson(url, 'the tree head'));
    if (!head.ok) throw new Error(say(`${url}：不是已签名的树头：${head.error}`, `${url}: not a signed tree head: ${head.error}`));
    io.stdout.write(`${JSON.stringify(head.value, null, 2)}\n`);
    return 0;
  },
};

export const logProofCommand: CliRunner = {
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { server: { type: 'string' }, 'tree-size': { type: 'string' } });
    if (positionals.length !== 1 || !/^[0-9a-f]{64}$/.test(positionals[0] as string)) throw new UsageError(say('请给出一个记录哈希（64 位小写十六进制）', 'give one record hash, 64 lowercase hex characters'));
    const treeSize = values['tree-size'];
    if (typeof treeSize === 'string' && !/^[1-9][0-9]*$/.test(treeSize)) throw new UsageError(say('--tree-size 应为正整数', '--tree-size must be a positive integer'));
    const url = serverUrl(values.server, `api/public/log/proof/inclusion?hash=${positionals[0] as string}${typeof treeSize === 'string' ? `&treeSize=${treeSize}` : ''}`);
    if (!url) throw new UsageError(say('请给出 --server URL', 'give --server URL'));
    io.stdout.write(`${JSON.stringify(await fetchJson(url, 'the inclusion proof'), null, 2)}\n`);
    return 0;
  },
};
