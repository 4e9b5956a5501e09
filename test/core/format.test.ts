import { describe, expect, it } from 'vitest';
import { isoDay, isoTime, plural } from '../../src/core/index.js';

describe('plural', () => {
  it('counts one, none and many, with an irregular plural when given', () => {
    expect(plural(1, 'message')).toBe('1 message');
    expect(plural(0, 'message')).toBe('0 messages');
    expect(plural(2, 'person', 'people')).toBe('2 people');
    expect(plural(1, 'person', 'people')).toBe('1 person');
  });
});

describe('isoDay and isoTime', () => {
  const date = new Date('2021-02-19T23:30:00-05:00');
  it('give the UTC day and timestamp', () => {
    expect(isoDay(date)).toBe('2021-02-20');
    expect(isoTime(date)).toBe('2021-02-20T04:30:00.000Z');
  });

  it('write what the caller asks for a missing date, and JSON null', () => {
    expect(isoDay(null, 'undated')).toBe('undated');
    expect(isoDay(null, '????-??-??')).toBe('????-??-??');
    expect(isoTime(null)).toBeNull();
  });
});
