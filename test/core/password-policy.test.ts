import { describe, expect, it } from 'vitest';
import { checkNewPassword, describePasswordIssue, PASSWORD_MIN_SCORE, usernameWords, type PasswordEstimate, type PasswordEstimator } from '../../src/core/password-policy.ts';

const strong: PasswordEstimator = () => ({ score: 4, feedback: { warning: null, suggestions: [] } });
const estimateOf = (estimate: PasswordEstimate): PasswordEstimator => () => estimate;

describe('checkNewPassword (OWASP ASVS 2.1)', () => {
  it('refuses fewer than 12 characters, counting characters rather than UTF-16 units', () => {
    expect(checkNewPassword('短密码短密码短密码短密', null, strong)).toEqual({ code: 'password_too_short', minimum: 12 });
    expect(checkNewPassword('短密码短密码短密码短密码', null, strong)).toBeUndefined();
  });

  it('refuses more than 256 characters before the estimator sees them', () => {
    const never: PasswordEstimator = () => {
      throw new Error('the estimator must not run');
    };
    expect(checkNewPassword('x'.repeat(257), null, never)).toEqual({ code: 'password_too_long', maximum: 256 });
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(checkNewPassword('My name is Li.Wei and I inspect', 'li.wei', strong)).toEqual({ code: 'password_contains_username', username: 'li.wei' });
    expect(checkNewPassword('My name is Li Wei and I inspect', 'li.wei', strong)).toBeUndefined();
  });

  it(`refuses an estimator score under ${PASSWORD_MIN_SCORE}, keeping its feedback keys`, () => {
    const weak = estimateOf({ score: 2, feedback: { warning: 'similarToCommon', suggestions: ['anotherWord'] } });

    expect(checkNewPassword('password12345', null, weak)).toEqual({ code: 'password_too_weak', score: 2, minimum: 3, warning: 'similarToCommon', suggestions: ['anotherWord'] });
    expect(checkNewPassword('password12345', null, estimateOf({ score: 3, feedback: { warning: null, suggestions: [] } }))).toBeUndefined();
  });

  it('gives the estimator the username and its longer pieces as personal words', () => {
    let seen: readonly string[] = [];
    checkNewPassword('a sentence only I would write', 'Wang.Fang-01', (_password, userInputs) => {
      seen = userInputs;
      return { score: 4, feedback: { warning: null, suggestions: [] } };
    });
    expect(seen).toEqual(['wang.fang-01', 'wang', 'fang']);
    expect(usernameWords('li.wei')).toEqual(['li.wei', 'wei']);
  });
});

describe('describePasswordIssue', () => {
  it("explains a weak password in Chinese and English with the estimator's advice", () => {
    const issue = { code: 'password_too_weak', score: 1, minimum: 3, warning: 'common', suggestions: ['anotherWord'] } as const;

    expect(describePasswordIssue(issue, 'zh')).toContain('这是常用密码。');
    expect(describePasswordIssue(issue, 'zh')).toContain('再加几个不常见的词。');
    expect(describePasswordIssue(issue, 'en')).toContain('This is a commonly used password.');
    expect(describePasswordIssue(issue, 'en')).toContain('strength 1 of 4');
  });

  it('names the username rule in both languages', () => {
    expect(describePasswordIssue({ code: 'password_contains_username', username: 'li.wei' }, 'zh')).toBe('密码不能包含用户名。');
    expect(describePasswordIssue({ code: 'password_contains_username', username: 'li.wei' }, 'en')).toBe('The password must not contain the username.');
  });
});
