/**
 * Accounts of people (staff, admins, auditors) and browser sessions, including the
 * enterprise's sign-in with its credit code and receipt code.
 *
 * Nothing secret is stored: passwords as scrypt hashes with a per-user salt and the cost
 * parameters used (so they can be raised later), session secrets and setup tokens as
 * SHA-256. There is no default password: the first admin comes from a one-time setup link
 * printed at first start, and every other account from a link an admin hands over.
 *
 * This file only gathers the public names, so importers keep one address; each job lives in
 * its own module under `accounts/`:
 * - `password-hashing.ts`: scrypt hashes and their comparison;
 * - `sign-in.ts`: username and password sign-in;
 * - `enterprise-sign-in.ts`: an enterprise's sign-in with a receipt code;
 * - `sessions.ts`: sessions, their limits, CSRF tokens and the cookie-signing secret;
 * - `setup-links.ts`: one-time links that create accounts and reset passwords;
 * - `users.ts`: roles, usernames, the list of accounts and disabling one;
 * - `password-changes.ts`: setting and changing passwords, re-authentication;
 * - `secrets.ts`: random secrets and the SHA-256 they are stored as.
 */
export { PASSWORD_MIN_LENGTH, describePasswordIssue } from '../core/password-policy.ts';
export { PASSWORD_PARAMETERS } from './accounts/password-hashing.ts';
export { verifyLogin } from './accounts/sign-in.ts';
export { verifyEnterpriseLogin } from './accounts/enterprise-sign-in.ts';
export {
  DEFAULT_SESSION_LIMITS,
  cookieSigningSecret,
  createSession,
  csrfTokenMatches,
  resolveSession,
  revokeSession,
  type CreatedSession,
  type SessionLimits,
} from './accounts/sessions.ts';
export {
  completeSetup,
  createSetupLink,
  ensureFirstAdminSetupLink,
  findSetupLink,
  setupPath,
  type CompleteSetupIssue,
  type CreatedSetupLink,
  type SetupLinkIssue,
} from './accounts/setup-links.ts';
export {
  USER_ROLES,
  disableUser,
  findUser,
  findUserByUsername,
  isUserRole,
  listUsers,
  normaliseUsername,
  type UserRole,
} from './accounts/users.ts';
export {
  changeOwnPassword,
  describeChangeOwnPasswordIssue,
  reauthenticate,
  setPassword,
} from './accounts/password-changes.ts';
