/** HTTP shapes of the staff's receipt codes (`/api/draws/{id}/receipt-codes`). */
import { z } from 'zod';
import { receiptSchema } from './draw.ts';

export const receiptCodeListSchema = z
  .object({
    task: z.string(),
    items: z.array(
      z.object({
        creditCode: z.string(),
        name: z.string(),
        receiptCode: z.string().meta({ example: 'K7QD-3M9X-PA2F-8HZT' }),
        checkUrl: z.string().meta({ description: 'The check page with task and credit code filled in; never the receipt code.' }),
      }),
    ),
  })
  .meta({ id: 'ReceiptCodeList', description: "Every selected enterprise's receipt code, in the draw's order (staff only)." });

export const receiptNotificationSchema = z
  .object({ receiptCode: z.string(), readAt: z.string(), receipt: receiptSchema })
  .meta({ id: 'ReceiptNotification', description: 'What `suiji receipt TASK CODE --notification` prints: `suiji verify --receipt` accepts it as it is.' });
