/**
 * The words of an inspection notice (检查通知书), in the reader's language, once: the print
 * page (HTML) and the batch PDF lay out the same `NoticeText`, so they never say different
 * things. Also the QR code options both use, so a test can rebuild the very same code.
 */
import type QRCode from 'qrcode';
import type { InspectionNotice, TaskNotices } from '../../application/inspection-notices.ts';
import { departmentOf } from '../../core/department.ts';
import { tr, type PageContext } from '../page.ts';

/** One numbered part of a notice: a heading and its lines. */
export interface NoticeSection {
  readonly heading: string;
  readonly lines: readonly string[];
}

export interface NoticeText {
  readonly title: string;
  readonly addressee: string;
  readonly opening: string;
  readonly sections: readonly NoticeSection[];
  readonly receiptCodeLabel: string;
  readonly receiptCode: string;
  readonly checkUrlLabel: string;
  readonly checkUrl: string;
  readonly qrCaption: string;
  readonly footer: string;
}

/** QR code options of notices (SVG in the page, modules in the PDF): medium error correction. */
export const NOTICE_QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const satisfies QRCode.QRCodeRenderersOptions;

/**
 * A notice's text in the page's language.
 *
 * @example noticeText({ lang: 'zh' }, notices, notices.notices[0]).title // '检查通知书'
 */
export function noticeText(context: Pick<PageContext, 'lang'>, batch: TaskNotices, notice: InspectionNotice): NoticeText {
  const { task } = batch;
  const joint = task.departments.length > 1;
  const departmentName = (reference: string) => {
    const department = departmentOf(reference, batch.departmentRecords);
    return tr(context, department.nameZh, department.nameEn);
  };
  const departmentNames = task.departments.map((entry) => departmentName(entry.department)).join(tr(context, '、', ', '));
  return {
    title: tr(context, '检查通知书', 'Notice of inspection'),
    addressee: tr(context, `${notice.name}（统一社会信用代码：${notice.creditCode}）：`, `To ${notice.name} (unified social credit code ${notice.creditCode}):`),
    opening: tr(
      context,
      `根据“双随机、一公开”监管工作安排，贵单位在抽查任务“${task.name}”（任务编号 ${task.code}，${task.year} 年第 ${task.round} 轮）中经公开随机抽取被确定为检查对象。现将有关事项通知如下：`,
      `Under the "double-random, one-public" inspection plan, your enterprise was selected by a public random draw in the task "${task.name}" (task ${task.code}, ${task.year}, round ${task.round}). The inspection is as follows:`,
    ),
    sections: [
      {
        heading: tr(context, '一、抽查事项及依据', '1. Items inspected and their legal basis'),
        lines: batch.items.map((item) => tr(context, `${item.code} ${item.name}（依据：${item.legalBasis}；${departmentName(item.department)}）`, `${item.code} ${item.name} (basis: ${item.legalBasis}; ${departmentName(item.department)})`)),
      },
      {
        heading: tr(context, '二、检查部门', '2. Departments'),
        lines: [joint ? tr(context, `${departmentNames}（联合抽查，综合查一次）`, `${departmentNames} (joint inspection, one visit)`) : departmentNames],
      },
      {
        heading: tr(context, '三、检查人员（执法证号）', '3. Inspectors (badge numbers)'),
        lines:
          notice.team.length === 0
            ? [tr(context, '由检查部门另行通知。', 'The department will tell you.')]
            : notice.team.map((member) => tr(context, `${departmentName(member.department)}：${member.name} ${member.badge}`, `${departmentName(member.department)}: ${member.name} ${member.badge}`)),
      },
      {
        heading: tr(context, '四、检查时间', '4. When'),
        lines: [
          tr(context, `${batch.window.from} 至 ${batch.window.until} 期间，检查人员出示执法证件后实施检查。`, `Between ${batch.window.from} and ${batch.window.until}; the inspectors show their badges first.`),
          tr(
            context,
            `检查结果将于检查完成后 ${batch.resultDueWorkingDays} 个工作日内向社会公示。`,
            `The results are published within ${batch.resultDueWorkingDays} working days of the inspection.`,
          ),
        ],
      },
      {
        heading: tr(context, '五、核验抽取是否公平', '5. Check that the draw was fair'),
        lines: [
          tr(
            context,
            '扫描二维码或打开下列网址，输入本通知书上的回执码，即可查看贵单位的抽取回执并由浏览器自行核验抽取结果。回执码仅供贵单位使用，请妥善保管。',
            'Scan the QR code or open the address below and type the receipt code of this notice: your browser shows your receipt and verifies the draw itself. The code is for your enterprise only; keep it safe.',
          ),
        ],
      },
    ],
    receiptCodeLabel: tr(context, '回执码', 'Receipt code'),
    receiptCode: notice.receiptCode,
    checkUrlLabel: tr(context, '核验网址', 'Check page'),
    checkUrl: notice.checkUrl,
    qrCaption: tr(context, '扫码核验（网址中不含回执码）', 'Scan to check (the address holds no receipt code)'),
    footer: tr(context, `抽查任务 ${task.code} · 抽取日期 ${batch.window.from}`, `Task ${task.code} · drawn ${batch.window.from}`),
  };
}
