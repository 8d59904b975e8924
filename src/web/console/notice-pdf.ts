/**
 * The notices of a task as one PDF (A4, one page per selected enterprise) with an embedded
 * CJK font, for the bureau to print in one go. Same words as the print page (`noticeText`);
 * the QR code is drawn from the same `qrcode` modules, so it scans to the same address.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { TaskNotices } from '../../application/inspection-notices.ts';
import type { PageContext } from '../page.ts';
import { NOTICE_QR_OPTIONS, noticeText } from './notice-text.ts';

/** The font is missing or unreadable: the PDF cannot carry Chinese text. */
export class NoticeFontMissingError extends Error {
  override readonly name = 'NoticeFontMissingError';
  constructor(readonly fontPath: string) {
    super(
      `找不到检查通知书 PDF 所需的中文字体 ${fontPath}：请安装 fonts-wqy-microhei（Debian/Ubuntu：apt-get install fonts-wqy-microhei），或用环境变量 NOTICE_FONT 指定一个 .ttf/.otf/.ttc 字体文件。 / ` +
        `The CJK font of the notices' PDF, ${fontPath}, is missing: install fonts-wqy-microhei (Debian/Ubuntu: apt-get install fonts-wqy-microhei) or set NOTICE_FONT to a .ttf, .otf or .ttc font file.`,
    );
  }
}

/** A TrueType collection holds several faces: pdfkit needs the one to use by its PostScript name. */
const COLLECTION_FACE = 'WenQuanYiMicroHei';

const A4_MARGIN = 56;
const QR_SIZE = 110;

function drawQrCode(document: PDFKit.PDFDocument, text: string, x: number, y: number): void {
  const { modules } = QRCode.create(text, NOTICE_QR_OPTIONS);
  const quiet = NOTICE_QR_OPTIONS.margin;
  const cell = QR_SIZE / (modules.size + quiet * 2);
  document.save().fillColor('black');
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (modules.get(row, column)) document.rect(x + (column + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  document.fill().restore();
}

/**
 * The batch PDF: one A4 page per notice.
 *
 * @example const pdf = await renderNoticesPdf({ lang: 'zh' }, notices, '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc')
 */
export async function renderNoticesPdf(context: Pick<PageContext, 'lang'>, batch: TaskNotices, fontPath: string): Promise<Buffer> {
  if (!existsSync(fontPath)) throw new NoticeFontMissingError(fontPath);
  const document = new PDFDocument({ size: 'A4', margin: A4_MARGIN, autoFirstPage: false, info: { Title: `${batch.task.code} 检查通知书 / notices`, Creator: 'Suiji' } });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  try {
    document.registerFont('cjk', fontPath, fontPath.toLowerCase().endsWith('.ttc') ? COLLECTION_FACE : undefined);
  } catch {
    throw new NoticeFontMissingError(fontPath);
  }
  for (const notice of batch.notices) {
    const text = noticeText(context, batch, notice);
    document.addPage();
    const width = document.page.width - A4_MARGIN * 2;
    document.font('cjk').fontSize(20).text(text.title, { align: 'center', width });
    document.moveDown(0.8).fontSize(11).text(text.addressee, { width });
    document.moveDown(0.4).text(text.opening, { width, indent: 22 });
    for (const section of text.sections) {
      document.moveDown(0.5).fontSize(11.5).text(section.heading, { width });
      document.fontSize(10.5);
      for (const line of section.lines) document.text(line, { width, indent: 22 });
    }
    const boxTop = document.y + 14;
    drawQrCode(document, text.checkUrl, A4_MARGIN, boxTop);
    const textLeft = A4_MARGIN + QR_SIZE + 16;
    const textWidth = width - QR_SIZE - 16;
    document.fontSize(11).text(`${text.receiptCodeLabel}：`, textLeft, boxTop + 8, { width: textWidth });
    document.fontSize(18).text(text.receiptCode, textLeft, document.y + 2, { width: textWidth, characterSpacing: 1 });
    document.fontSize(9.5).text(`${text.checkUrlLabel}：${text.checkUrl}`, textLeft, document.y + 6, { width: textWidth });
    document.fontSize(9).fillColor('#444444').text(text.qrCaption, textLeft, document.y + 4, { width: textWidth }).fillColor('black');
    document.fontSize(9).text(text.footer, A4_MARGIN, boxTop + QR_SIZE + 14, { width, align: 'right' });
  }
  document.end();
  return finished;
}
