/**
 * The plan file's documentation stays true: docs/plan.schema.json (JSON Schema draft 2020-12)
 * is what scripts/plan-schema.ts generates from the zod schemas today, with the bilingual
 * field descriptions, and the complete example in docs/plan.md passes the plan file's schema.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planFileSchema } from '../../src/core/inspection-plan.ts';
import { PLAN_SCHEMA_FILE, planSchemaText } from '../../scripts/plan-schema.ts';

interface JsonSchemaNode {
  readonly description?: string;
  readonly required?: readonly string[];
  readonly properties?: Record<string, JsonSchemaNode>;
  readonly items?: JsonSchemaNode;
}

const PLAN_GUIDE = fileURLToPath(new URL('../../docs/plan.md', import.meta.url));

describe('docs/plan.schema.json', () => {
  it('is exactly what npm run plan-schema generates now (run it after changing the plan schemas)', () => {
    expect(fs.readFileSync(PLAN_SCHEMA_FILE, 'utf8')).toBe(planSchemaText());
  });

  it('describes the fields people fill in, in Chinese then English', () => {
    const schema = JSON.parse(planSchemaText()) as JsonSchemaNode & { $schema: string };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const task = schema.properties?.tasks?.items;
    expect(schema.properties?.tasks?.description).toBe('抽查任务 / Inspection tasks');
    expect(task?.properties?.entropySource?.description).toMatch(/^公开随机源.* \/ The public entropy/);
    expect(task?.properties?.departments?.items?.properties?.teamSize?.description).toMatch(/^该部门每个检查组的人数 \/ /);
    expect(schema.properties?.conflicts?.items?.properties?.creditCode?.description).toContain('GB 32100-2015');
    expect(schema.properties?.policies?.items?.properties?.tiers?.properties?.A?.properties?.ratio?.description).toMatch(/^抽查比例.* \/ Sampling ratio/);
  });

  it('describes what a person writes: fields with a default are not required', () => {
    const schema = JSON.parse(planSchemaText()) as JsonSchemaNode;
    expect(schema.required ?? []).toEqual([]);
    const inspector = schema.properties?.inspectors?.items;
    expect(inspector?.required).toEqual(['badge', 'name', 'department']);
  });
});

describe('docs/plan.md', () => {
  const guide = fs.readFileSync(PLAN_GUIDE, 'utf8');
  const examples = [...guide.matchAll(/^```json\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);

  it('has one complete example that the plan file schema accepts, with every section and both kinds of entropy source', () => {
    expect(examples).toHaveLength(1);
    const parsed = planFileSchema.safeParse(JSON.parse(examples[0] as string));
    expect(parsed.error?.issues ?? []).toEqual([]);
    const plan = parsed.data!;
    expect(plan.plan).toBeDefined();
    for (const section of [plan.items, plan.policies, plan.inspectors, plan.conflicts, plan.tasks]) expect(section.length).toBeGreaterThan(0);
    expect(new Set(plan.tasks.map((task) => task.entropySource.kind))).toEqual(new Set(['public-event', 'drand-quicknet']));
  });

  it('explains every section of the plan file, Chinese first', () => {
    const english = guide.indexOf('# The plan file (English)');
    for (const section of ['plan', 'items', 'policies', 'inspectors', 'conflicts', 'tasks']) {
      expect(guide.indexOf(`### ${section}：`)).toBeGreaterThan(0);
      expect(guide.indexOf(`- **${section}**`)).toBeGreaterThan(english);
    }
    expect(guide.indexOf('**entropySource（公开随机源）**')).toBeLessThan(english);
    expect(guide.indexOf('**entropySource**')).toBeGreaterThan(english);
    expect(guide.indexOf('```json')).toBeLessThan(english);
  });
});
