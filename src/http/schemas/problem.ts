/** RFC 9457 problem details: the body of every error response. */
import { z } from 'zod';

export const problemFieldErrorSchema = z
  .object({
    field: z.string().meta({ description: 'The input the problem is in: a path parameter, query parameter or body property (dotted path).' }),
    reason: z.string(),
    reasonZh: z.string().optional().meta({ description: 'The reason in Chinese, when the server words it in both languages (`reason` is then English).' }),
    code: z.string().optional().meta({ description: 'A stable code for problems a client may act on, e.g. `inspector_not_on_team`.' }),
  })
  .meta({ id: 'FieldError' });

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'A URI reference naming the problem type; `about:blank` when the status says it all.' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().meta({ description: 'The request path.' }),
    errors: z.array(problemFieldErrorSchema).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, served as application/problem+json.' });

export type Problem = z.infer<typeof problemSchema>;
export type ProblemFieldError = z.infer<typeof problemFieldErrorSchema>;
