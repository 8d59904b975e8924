/**
 * `suiji plan load FILE.json`: loads inspection items, sampling policies (each a new
 * version), the annual plan, inspectors, conflicts and tasks from one JSON file, all or
 * nothing. Every problem is printed as FILE:LINE: path: reason.
 *
 *   {"plan": {"year": 2027, "name": "…", "roundsPerYear": 2},
 *    "items": [{"code": "SP-01", "name": "…", "legalBasis": "…", "department": "…", "category": "食品安全"}],
 *    "policies": [{"itemCode": "SP-01", "year": 2027, "annualCap": 2,
 *                  "tiers": {"A": {"ratio": "0.02", "minimum": 0, "frequency": 1}, "B": …, "C": …, "D": …}}],
 *    "inspectors": [{"badge": "FZ-00001", "name": "…", "department": "…", "qualifications": ["行政执法"]}],
 *    "conflicts": [{"badge": "FZ-00001", "creditCode": "91…", "reason": "…"}],
 *    "tasks": [{"code": "2027-SP-01", "name": "…", "year": 2027, "round": 1, "items": ["SP-01"],
 *               "departments": [{"department": "…", "teamSize": 2}], "qualification": "行政执法",
 *               "evaluationRunId": 3, "conditions": {"flags": ["food"]},
 *               "entropySource": {"kind": "public-event", "description": "公开抽取会现场掷骰子",
 *                                 "at": "2027-03-02T10:00:00+08:00"}}]}
 * (or `"entropySource": {"kind": "drand-quicknet", "round": 1234567}`; draw/v1.1 section 3.1)
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { cliActor } from '../../application/activity-log.ts';
import { approverNameOf } from '../../application/approvals.ts';
import { loadPlanFile } from '../../application/inspection-plan.ts';
import { loadConfig } from '../../config.ts';
import { actingAlone } from '../../core/four-eyes.ts';
import { withBureauSession } from '../bureau-session.ts';
import { argumentError, unexpectedArgument, UsageError, type CliRunner } from '../command.ts';
import { cliLanguage, say } from '../language.ts';
import { reasonIn } from '../../core/language.ts';
import { lineOfPath, locateJsonPaths } from '../../core/json-locations.ts';
import { readJsonDocument } from '../json-file.ts';

export const planLoadCommand: CliRunner = {
  async run(args, io) {
    let positionals: string[];
    let adopt: boolean | undefined;
    try {
      ({ positionals, values: { adopt } } = parseArgs({ args, options: { adopt: { type: 'boolean' } }, allowPositionals: true, strict: true }));
    } catch (error) {
      throw argumentError(error);
    }
    const [file, ...rest] = positionals;
    if (file === undefined) throw new UsageError(say('请给出计划文件 FILE.json', 'give the plan FILE.json'));
    if (rest.length > 0) throw new UsageError(unexpectedArgument(rest[0]));
    // Freeze uses adopted policies only (issue 13); adopting here is one person's act, so only a one-person bureau may.
    if (adopt === true && loadConfig().fourEyes) {
      throw new UsageError('--adopt 仅适用于 FOUR_EYES=off；启用四眼原则时，由一位管理员在控制台提出采纳、另一位批准 / --adopt needs FOUR_EYES=off: with four eyes, one admin proposes the adoption in the console and another approves');
    }
    const { text, value } = readJsonDocument(file);
    const adoptPolicies = adopt === true ? actingAlone(approverNameOf(cliActor(os.userInfo().username))) : undefined;
    const result = await withBureauSession((database) => loadPlanFile(database, value, adoptPolicies ? { adoptPolicies } : {}));
    if (!result.ok) {
      const locations = locateJsonPaths(text);
      for (const issue of result.error) io.stderr.write(`${file}:${lineOfPath(locations, issue.path) ?? 1}: ${issue.path}: ${reasonIn(issue, cliLanguage())}\n`);
      io.stderr.write(say(`${result.error.length} 个问题；未载入任何内容\n`, `${result.error.length} problem(s); nothing was loaded\n`));
      return 1;
    }
    const summary = result.value;
    io.stdout.write(
      say(
        `${file}: 已载入${summary.plan ? '年度计划、' : ''}检查事项 ${summary.items} 项、抽查比例 ${summary.policies} 个版本、` +
          `检查人员 ${summary.inspectors} 名、回避关系 ${summary.conflicts} 条、任务 ${summary.tasks} 个\n`,
        `${file}: loaded ${summary.plan ? 'the annual plan, ' : ''}${summary.items} item(s), ${summary.policies} policy version(s), ` +
          `${summary.inspectors} inspector(s), ${summary.conflicts} conflict(s), ${summary.tasks} task(s)\n`,
      ),
    );
    return 0;
  },
};
