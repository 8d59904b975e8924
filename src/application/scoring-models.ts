/**
 * Scoring models in the store (信用风险分类模型): add a validated version, look one up by
 * `id/version` or `id` (latest), list them. A saved version never changes: saving another
 * definition under the same key is refused; a change is a new version. The default model
 * `credit-risk/1` is available without being added: it is saved on first use.
 */
import { defaultScoringModel, describeModelIssue, modelKey, validateModel, type ModelIssue, type ScoringModel } from '../core/scoring/model.ts';
import type { Language } from '../core/language.ts';
import { assertNever, err, ok, type Result } from '../core/result.ts';
import type { Executor } from '../persistence/database.ts';
import { findModel, listModels, saveModelVersion, type StoredModel } from '../persistence/scoring-model-store.ts';

export type AddModelIssue =
  | { readonly code: 'invalid_model'; readonly issues: readonly ModelIssue[] }
  | { readonly code: 'version_exists'; readonly key: string; readonly message: string };

export type ModelLookupIssue =
  | { readonly code: 'bad_reference'; readonly reference: string; readonly message: string }
  | { readonly code: 'unknown_model'; readonly reference: string; readonly message: string };

/**
 * Why a model was not saved, in Chinese or English.
 *
 * @example describeAddModelIssue({ code: 'version_exists', key: 'credit-risk/2', message: '…' }, 'zh') // '模型 credit-risk/2 已以不同的定义保存；…'
 */
export function describeAddModelIssue(issue: AddModelIssue, lang: Language): string {
  switch (issue.code) {
    case 'invalid_model':
      return issue.issues.map((entry) => describeModelIssue(entry, lang)).join(lang === 'zh' ? '；' : '; ');
    case 'version_exists':
      return lang === 'zh' ? `模型 ${issue.key} 已以不同的定义保存；已保存的版本不会改变，请把改动另存为下一个版本号` : issue.message;
    default:
      return assertNever(issue, 'add model issue');
  }
}

/** Saves the default model if it is not there yet; cheap enough to call before every read. */
async function ensureDefaultModel(executor: Executor): Promise<void> {
  const model = defaultScoringModel();
  await saveModelVersion(executor, model.id, model.version, model);
}

/**
 * Validates and saves a model version. Saving the same definition again is a no-op
 * (`created: false`).
 *
 * @example await addScoringModel(db, JSON.parse(text)) // ok({ key: 'credit-risk/2', created: true, model })
 */
export async function addScoringModel(
  executor: Executor,
  json: unknown,
): Promise<Result<{ key: string; created: boolean; model: ScoringModel }, AddModelIssue>> {
  const checked = validateModel(json);
  if (!checked.ok) return err({ code: 'invalid_model', issues: checked.error });
  const model = checked.value;
  await ensureDefaultModel(executor);
  const key = modelKey(model);
  const outcome = await saveModelVersion(executor, model.id, model.version, model);
  if (outcome === 'conflict') {
    return err({
      code: 'version_exists',
      key,
      message: `model ${key} is already saved with a different definition; a saved version never changes: save the change as ${model.id}/${model.version + 1} (or the next free version)`,
    });
  }
  return ok({ key, created: outcome === 'inserted', model });
}

const referencePattern = /^([a-z][a-z0-9-]*)(?:\/([1-9]\d{0,8}))?$/;

/**
 * The model a reference names: `credit-risk/1`, or `credit-risk` for its latest version.
 *
 * @example await findScoringModel(db, 'credit-risk') // ok({ id: 'credit-risk', version: 1, ... })
 */
export async function findScoringModel(executor: Executor, reference: string): Promise<Result<ScoringModel, ModelLookupIssue>> {
  const match = referencePattern.exec(reference);
  if (!match) {
    return err({ code: 'bad_reference', reference, message: `'${reference}' is not a model reference: use ID/VERSION (credit-risk/1) or ID (credit-risk) for the latest version` });
  }
  await ensureDefaultModel(executor);
  const stored = await findModel(executor, match[1]!, match[2] === undefined ? undefined : Number(match[2]));
  if (!stored) return err({ code: 'unknown_model', reference, message: `no model ${reference} is saved (see \`suiji model add\`)` });
  return ok(storedModelDefinition(stored));
}

/**
 * A stored definition: validated when saved, so invalid now is a bug. The cost budget is not
 * checked again: a version saved before it existed stays usable and its runs explainable.
 */
function storedModelDefinition(stored: StoredModel): ScoringModel {
  const checked = validateModel(stored.definition, { checkBudget: false });
  if (!checked.ok) throw new Error(`stored model ${stored.id}/${stored.version} is invalid: ${checked.error[0]?.message}`);
  return checked.value;
}

/**
 * Every saved model version (the default one included).
 *
 * @example (await listScoringModels(db)).map((model) => model.key) // ['credit-risk/1']
 */
export async function listScoringModels(executor: Executor): Promise<{ key: string; id: string; version: number; description: string; createdAt: string }[]> {
  await ensureDefaultModel(executor);
  return (await listModels(executor)).map((stored) => ({
    key: `${stored.id}/${stored.version}`,
    id: stored.id,
    version: stored.version,
    description: (stored.definition as { description?: string }).description ?? '',
    createdAt: stored.createdAt,
  }));
}
