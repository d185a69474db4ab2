import { describe, expect, it } from 'vitest';
import { passwordRuleBreaches } from '../src/domain/password-policy.ts';

const owner = { username: 'nanjing_tech', mobile: '13812345678' };

describe('ID-2 password policy', () => {
  it.each([
    ['Abcdef12', 'upper, lower, digit'],
    ['abcdef1!', 'lower, digit, special'],
    ['ABCDEF1~', 'upper, digit, special'],
    ['Abcdefg!', 'upper, lower, special'],
    ['Aa1!Aa1!Aa1!Aa1!Aa', 'exactly 18 characters'],
    ['Aa1`./-^', 'the rarer specials'],
  ])('accepts %s (%s)', (pw) => {
    expect(passwordRuleBreaches(pw, owner)).toEqual([]);
  });

  it.each([
    ['Aa1!Aa1', ['length'], 'seven characters is too short'],
    ['Aa1!Aa1!Aa1!Aa1!Aa1', ['length'], 'nineteen characters is too long'],
    ['abcdefgh', ['character_classes'], 'one class only'],
    ['abcdefg1', ['character_classes'], 'two classes only'],
    ['ABCDEFG!', ['character_classes'], 'upper and special only'],
    ['Abcdef1"', ['unknown_character'], 'a double quote is not an allowed special'],
    ['Abcdef1 x', ['unknown_character'], 'spaces are not allowed'],
    ['Abc中文12!', ['unknown_character'], 'Chinese characters are not allowed'],
    ['xNanjing_Tech1', ['contains_username'], 'the username in any case'],
    ['A!13812345678', ['contains_mobile'], 'the mobile'],
  ])('refuses %s: %s', (pw, expected) => {
    expect(passwordRuleBreaches(pw, owner)).toEqual(expected);
  });

  it('names every rule a password breaks at once', () => {
    expect(passwordRuleBreaches('abc', owner)).toEqual(['length', 'character_classes']);
  });
});
