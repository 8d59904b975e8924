/**
 * The password strength estimator: zxcvbn-ts with its common-password and English
 * dictionaries (words, names, Wikipedia), keyboard layouts and date and sequence patterns.
 * Loaded on the first password set (about a second, once per process), not at start, so
 * commands that never set a password do not pay for its dictionaries.
 */
import { checkNewPassword, type PasswordEstimator, type PasswordIssue } from '../core/password-policy.ts';

let estimator: Promise<PasswordEstimator> | undefined;

async function loadEstimator(): Promise<PasswordEstimator> {
  const [{ ZxcvbnFactory }, common, english] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
  // No translations: feedback stays as keys, which describePasswordIssue renders in Chinese and English.
  const zxcvbn = new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...english.dictionary }, graphs: common.adjacencyGraphs });
  return (password, userInputs) => {
    const result = zxcvbn.check(password, [...userInputs]);
    return { score: result.score, feedback: { warning: result.feedback.warning, suggestions: result.feedback.suggestions } };
  };
}

/**
 * Why a new password for `username` is refused (too short or long, contains the username,
 * guessable), or undefined. Every path that sets a password calls this.
 *
 * @example await checkPasswordStrength('password1234', 'li.wei') // { code: 'password_too_weak', score: 1, warning: 'similarToCommon', … }
 */
export async function checkPasswordStrength(password: string, username: string | null): Promise<PasswordIssue | undefined> {
  estimator ??= loadEstimator();
  return checkNewPassword(password, username, await estimator);
}
