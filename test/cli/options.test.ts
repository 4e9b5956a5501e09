import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addPolitenessOptions, chairOption, draftOption, taxonomyOption, wholeNumber } from '../../src/cli/options.js';

describe('the options several commands share', () => {
  it('collects repeated --draft, --chair and --taxonomy, empty when not given', () => {
    const command = () => new Command('x').exitOverride().addOption(draftOption('d')).addOption(chairOption()).addOption(taxonomyOption());
    expect(command().parse(['--draft', 'a', '--draft', 'b', '--chair', 'c'], { from: 'user' }).opts()).toEqual({ draft: ['a', 'b'], chair: ['c'], taxonomy: [] });
    expect(command().parse([], { from: 'user' }).opts()).toEqual({ draft: [], chair: [], taxonomy: [] });
  });

  it('says when the chairs matter, if not always', () => {
    expect(chairOption('with --draft').description).toBe("a chair of the group: with --draft, their messages are not counted as responses (the opener's never are); repeatable");
  });

  it('takes a whole number in its range, digits only', () => {
    const parse = wholeNumber(1, 16, 'no');
    expect(parse('16')).toBe(16);
    for (const value of ['0', '17', '2.5', '1e1', '+3', ' 4', '']) expect(() => parse(value), value).toThrow('no');
  });

  it('defaults the politeness options and refuses one out of range', () => {
    const command = () => addPolitenessOptions(new Command('x').exitOverride().configureOutput({ writeErr: () => {} }));
    expect(command().parse([], { from: 'user' }).opts()).toEqual({ concurrency: 4, retries: 5, timeout: 30, requestTimeout: 300, interval: 100 });
    expect(() => command().parse(['--concurrency', '17'], { from: 'user' })).toThrow('--concurrency must be a whole number from 1 to 16');
    expect(() => command().parse(['--request-timeout', '0'], { from: 'user' })).toThrow('--request-timeout must be a whole number from 1 to 86400');
  });
});
