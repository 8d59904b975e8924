/**
 * What every section of the plan page shares: the page state a refused form comes back
 * with, the per-form view of that state, and the year's data the page loaded once. A
 * section renders its piece from a `PlanView` and re-renders the whole page through a
 * `RenderPlanPage` when its form is refused, so sections never import the page (no circle).
 */
import type { Request, Response } from 'express';
import { actorOf, recordActivity, type ActivityEvent } from '../../../application/activity-log.ts';
import type { PlanIssue } from '../../../application/inspection-plan.ts';
import type { Department } from '../../../core/department.ts';
import { markActivityRecorded } from '../../../http/activity.ts';
import type { AppDependencies } from '../../../http/app.ts';
import { principalOf } from '../../../http/auth.ts';
import { pathForLog } from '../../../http/request-path.ts';
import type { Executor } from '../../../persistence/database.ts';
import type { AnnualPlanRow, ConflictRow, InspectionItemRow, InspectorRow, SamplingPolicyRow, TaskRow } from '../../../persistence/inspection-repository.ts';
import type { SafeHtml } from '../../html.ts';
import type { PageContext } from '../../page.ts';
import { reasonIn, type Language } from '../../../core/language.ts';
import { groupErrors, NO_ERRORS, type FieldErrors } from '../cycle-forms.ts';

export type PlanDeps = Pick<AppDependencies, 'database' | 'bureauKeys' | 'fourEyes'>;

/** The page's forms; a refused one opens again with its fields and errors. */
export type FormName = 'plan' | 'item' | 'policy' | 'load' | 'task' | 'derive' | 'inspector' | 'conflict';

export const TIER_LABELS = ['A', 'B', 'C', 'D'] as const;

export interface PlanPageState {
  readonly status?: number;
  readonly form?: FormName;
  readonly errors?: FieldErrors;
  /** The refused form's fields, to fill it again. */
  readonly values?: Readonly<Record<string, string | readonly string[]>>;
  readonly notice?: SafeHtml;
}

/** Renders the whole plan page (a section's handler calls it to show a refusal or a notice). */
export type RenderPlanPage = (request: Request, response: Response, state?: PlanPageState) => Promise<void>;

/** One form's share of the page state: its errors and its refused values (empty for the other forms). */
export interface FormView {
  /** Whether this form was the one refused (its `<details>` opens). */
  readonly refused: boolean;
  readonly errors: FieldErrors;
  /** The refused value of a field, or `fallback` when this form was not refused. */
  value(name: string, fallback?: string): string;
  /** Every refused value of a multi-valued field (checkboxes). */
  values(name: string): readonly string[];
}

/** What the page loaded for the chosen year, handed to every section. */
export interface PlanView {
  readonly context: PageContext;
  readonly year: number;
  readonly isAdmin: boolean;
  readonly plan: AnnualPlanRow | undefined;
  readonly items: readonly InspectionItemRow[];
  /** Every policy version per item code, newest first. */
  readonly versions: ReadonlyMap<string, readonly SamplingPolicyRow[]>;
  readonly tasks: readonly TaskRow[];
  /** The inspector directory (执法人员名录) and its declared conflicts (回避): staff data, never published. */
  readonly inspectors: readonly InspectorRow[];
  readonly conflicts: readonly ConflictRow[];
  readonly departments: readonly Department[];
  /** The record whose edit link was followed (`?edit=inspector:BADGE` or `?edit=conflict:BADGE:CODE`), to fill its form. */
  readonly editing: string | undefined;
  readonly itemChoices: readonly { readonly value: string; readonly label: string }[];
  /** Completed evaluation runs, the only ones a derivation or a tiered task may use. */
  readonly runChoices: readonly { readonly value: string; readonly label: string }[];
  form(name: FormName): FormView;
}

/**
 * The view of one form given the page state.
 *
 * @example
 * formView({ form: 'plan', values: { year: '2027' } }, 'plan').value('year', '2026') // '2027'
 */
export function formView(state: PlanPageState, name: FormName): FormView {
  const refused = state.form === name;
  return {
    refused,
    errors: refused ? (state.errors ?? NO_ERRORS) : NO_ERRORS,
    value(field, fallback = '') {
      if (!refused) return fallback;
      const given = state.values?.[field];
      return typeof given === 'string' ? given : Array.isArray(given) ? (given[0] ?? '') : fallback;
    },
    values(field) {
      const given = refused ? state.values?.[field] : undefined;
      return typeof given === 'string' ? [given] : (given ?? []);
    },
  };
}

/**
 * The state that shows `form` refused with `errors`, its fields filled again from the request.
 *
 * @example
 * await renderPage(request, response, refusal('item', request, fromPlanIssues(saved.error, context.lang)));
 */
export function refusal(form: FormName, request: Request, errors: FieldErrors, status = 400): PlanPageState {
  return { status, form, errors, values: formValuesOf(request) };
}

/**
 * Plan issues as field errors in the page's language (a `(root)` issue goes to the form's summary).
 *
 * @example
 * fromPlanIssues([{ path: 'year', reason: 'must be a year', reasonZh: '应为年份' }], 'zh').get('year') // ['应为年份']
 */
export function fromPlanIssues(issues: readonly PlanIssue[], lang: Language): FieldErrors {
  return groupErrors(issues.map((issue) => ({ field: issue.path === '(root)' ? '' : issue.path, reason: reasonIn(issue, lang) })));
}

function formValuesOf(request: Request): Record<string, string | string[]> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((entry): entry is string => typeof entry === 'string');
  }
  return values;
}

/** A form field's name and what it takes, in Chinese: zod's own messages are English. */
export type FieldRequirements = Readonly<Record<string, readonly [name: string, takes: string]>>;

/**
 * Plan issues as field errors in the page's language; in Chinese, an issue of a known field
 * names the field and what it takes (zod's own words do not say which field).
 *
 * @example fromPlanIssuesIn('zh', [{ path: 'name', reason: 'must not be empty', reasonZh: '不能为空' }], { name: ['姓名', '不能为空'] }).get('name') // ['姓名填写有误：不能为空']
 */
export function fromPlanIssuesIn(lang: PageContext['lang'], issues: readonly PlanIssue[], requirements: FieldRequirements): FieldErrors {
  return fromPlanIssues(
    issues.map((issue) => {
      const requirement = requirements[issue.path.split(/[.[]/)[0] ?? ''];
      return requirement ? { ...issue, reasonZh: `${requirement[0]}填写有误：${requirement[1]}` } : issue;
    }),
    lang,
  );
}

/**
 * Logs a change made through a plan form under its own action (the generic "change" entry is
 * then skipped); the subject is a code or badge, never a person's name.
 *
 * @example await recordPlanChange(db, request, response, { action: 'conflict_removed', subject: 'SP-0007', details: { creditCode } })
 */
export async function recordPlanChange(db: Executor, request: Request, response: Response, event: Pick<ActivityEvent, 'action' | 'subject' | 'details'>): Promise<void> {
  await recordActivity(db, actorOf(principalOf(response)), { ...event, method: request.method, path: pathForLog(request), status: 303 });
  markActivityRecorded(response);
}
