/** HTTP shapes of the activity log (admins and auditors). */
import { z } from 'zod';
import { ACTIVITY_SECTIONS, ACTOR_KINDS } from '../../persistence/schema/index.ts';

export const ACTIVITY_PAGE_DEFAULT = 50;
export const ACTIVITY_PAGE_MAX = 500;

export const activityQuerySchema = z.strictObject({
  limit: z.coerce
    .number<string>()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(ACTIVITY_PAGE_MAX, `must be at most ${ACTIVITY_PAGE_MAX}`)
    .default(ACTIVITY_PAGE_DEFAULT)
    .meta({ description: 'Entries per page.' }),
  cursor: z.string().max(200).optional().meta({ description: 'The `nextCursor` of the previous page.' }),
  actor: z.string().trim().min(1).max(200).optional().meta({ description: 'Only entries of this actor (username, token label or credit code).' }),
  action: z.string().trim().min(1).max(100).optional().meta({ description: 'Only entries of this action, e.g. `login_failed` or `request`.' }),
  section: z.enum(ACTIVITY_SECTIONS).optional().meta({ description: '`changes` (default) or `security`: refused requests (401, 403, CSRF) with address, method and path; admins only.' }),
});

export const activityEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string().meta({ description: 'ISO 8601 time.' }),
    actorKind: z.enum(ACTOR_KINDS),
    actorId: z.string().nullable(),
    actorLabel: z.string().nullable(),
    role: z.string(),
    action: z.string().meta({
      description:
        '`request` (any state-changing request that succeeded), `login`, `login_failed`, `logout`, `setup_link_created`, `setup_link_used`, `user_created`, `user_disabled`, `password_changed`, `reauthentication_failed`, `enterprise_login`, `enterprise_login_failed`, `cli` (a command-line change, actor `cli:<os user>`), `approval_proposed`, `approval_approved`, `approval_rejected`, `approval_withdrawn`, `policy_adoption_done`, `list_publication_done` (four eyes); in the security section `request_refused`.',
    }),
    method: z.string().nullable(),
    path: z.string().nullable(),
    status: z.number().int().nullable(),
    subject: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    section: z.enum(ACTIVITY_SECTIONS),
  })
  .meta({ id: 'ActivityEntry' });

export const activityPageSchema = z
  .object({
    items: z.array(activityEntrySchema),
    nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` for the next (older) page; absent on the last page.' }),
  })
  .meta({ id: 'ActivityPage' });

export const ownPasswordChangeSchema = z
  .strictObject({
    currentPassword: z.string().max(1024).meta({ description: 'The password now.' }),
    newPassword: z.string().max(1024).meta({ description: 'At least 12 characters, without the username, and not guessable (zxcvbn-ts score 3 or more).' }),
  })
  .meta({ id: 'OwnPasswordChange' });
