/** HTTP shapes of the public publication log (no login): tree heads, proofs, leaves. */
import { z } from 'zod';
import { LOG_LEAF_KINDS } from '../../persistence/schema/index.ts';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');
const treeSize = (description: string) =>
  z.coerce.number<string>().int('must be an integer').min(1, 'must be at least 1').max(2 ** 31 - 1, 'is too large').meta({ description });

export const LEAVES_PAGE_DEFAULT = 100;
export const LEAVES_PAGE_MAX = 1000;

export const signedTreeHeadSchema = z
  .object({
    format: z.literal('suiji.tree-head/1'),
    treeSize: z.number().int(),
    rootHash: hex64.meta({ description: 'RFC 6962 Merkle Tree Hash of the first treeSize leaves.' }),
    timestamp: z.number().int().meta({ description: 'Milliseconds since 1970-01-01T00:00:00Z.' }),
    keySetFingerprint: hex64
      .optional()
      .meta({ description: 'sha256hex of the RFC 8785 canonical key set {"keys":[{algorithm,keyId,publicKey}…]} the bureau published when it signed this head; absent in heads signed before fingerprints existed.' }),
    signature: z.object({
      keyId: z.string(),
      algorithm: z.literal('Ed25519'),
      value: z.string().meta({ description: 'Base64 Ed25519 signature over the RFC 8785 canonical head without `signature`.' }),
    }),
  })
  .meta({ id: 'SignedTreeHead', description: 'A signed tree head; verify it with the key set at /.well-known/suiji-keys.json.' });

export const inclusionProofQuerySchema = z.strictObject({
  hash: hex64.meta({ description: 'recordHash of the published record (sha256hex of its canonical JSON).' }),
  treeSize: treeSize('Size of the tree to prove inclusion in; the latest by default.').optional(),
});

export const inclusionProofSchema = z
  .object({
    recordHash: hex64,
    leafIndex: z.number().int(),
    treeSize: z.number().int(),
    rootHash: hex64,
    proof: z.array(hex64).meta({ description: 'RFC 6962 audit path, bottom-up. Save this document and pass it to `suiji verify RECORD --log-proof`.' }),
    treeHead: signedTreeHeadSchema.meta({ description: 'The signed head of the tree of treeSize leaves: a verifier checks rootHash and treeSize against it.' }),
    appendedTreeHead: signedTreeHeadSchema.meta({ description: 'The head signed when the leaf was appended (tree of leafIndex + 1 leaves).' }),
    appendedConsistencyProof: z.array(hex64).meta({ description: 'RFC 6962 PROOF(leafIndex + 1, D[treeSize]): treeHead extends appendedTreeHead.' }),
  })
  .meta({ id: 'LogInclusionProof' });

export const consistencyProofQuerySchema = z.strictObject({
  first: treeSize('The older tree size (the one a mirror saved).'),
  second: treeSize('The newer tree size.'),
});

export const consistencyProofSchema = z
  .object({
    first: z.number().int(),
    second: z.number().int(),
    proof: z.array(hex64).meta({ description: 'RFC 6962 PROOF(first, D[second]).' }),
    firstTreeHead: signedTreeHeadSchema,
    secondTreeHead: signedTreeHeadSchema,
  })
  .meta({ id: 'LogConsistencyProof' });

export const leavesQuerySchema = z.strictObject({
  start: z.coerce.number<string>().int('must be an integer').min(0, 'must be at least 0').max(2 ** 31 - 1, 'is too large').default(0).meta({ description: 'First leaf index.' }),
  end: z.coerce
    .number<string>()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(2 ** 31 - 1, 'is too large')
    .optional()
    .meta({ description: `One past the last leaf index; at most ${LEAVES_PAGE_MAX} leaves per page (${LEAVES_PAGE_DEFAULT} by default).` }),
});

export const logLeafSchema = z
  .object({
    leafIndex: z.number().int(),
    recordHash: hex64,
    kind: z.enum(LOG_LEAF_KINDS),
    reference: z.string(),
    appendedAt: z.string().meta({ description: 'ISO 8601 UTC.' }),
  })
  .meta({ id: 'LogLeaf' });

export const leavesPageSchema = z
  .object({
    treeSize: z.number().int().meta({ description: 'Size of the log now.' }),
    leaves: z.array(logLeafSchema),
    next: z.number().int().nullable().meta({ description: 'The `start` of the next page; null when the page reaches the end of the log.' }),
  })
  .meta({ id: 'LogLeavesPage' });
