import { describe, expect, it } from 'vitest';
import { baseSubject, looksLikeReply, subjectKey } from '../../src/mail/subject.js';

describe('baseSubject', () => {
  it.each([
    ['Secure IoT Bootstrapping: A Survey', 'Secure IoT Bootstrapping: A Survey'],
    ['[Iotops] Re: [T2TRG] Re: Secure IoT Bootstrapping: A Survey', 'Secure IoT Bootstrapping: A Survey'],
    ['Re: [ANCP] capability 03 and 05', 'capability 03 and 05'],
    ['RE: [ANCP] About ANCP message type', 'About ANCP message type'],
    ['re : lower case with a space', 'lower case with a space'],
    ['Re[2]: counted reply', 'counted reply'],
    ['Re(3): counted reply', 'counted reply'],
    ['Re^2: counted reply', 'counted reply'],
    ['Re: Re: RE: re: nested', 'nested'],
    ['Re:no space after the colon', 'no space after the colon'],
    ['AW: WG: German Outlook', 'German Outlook'],
    ['SV: VS: Nordic clients', 'Nordic clients'],
    ['Antw: Dutch', 'Dutch'],
    ['Réf: French reply', 'French reply'],
    ['RÉF: French reply upper case', 'French reply upper case'],
    ['TR: French forward', 'French forward'],
    ['RIF: Italian', 'Italian'],
    ['Fw: FW: Fwd: forwards', 'forwards'],
    ['[dnsop] Fwd: New Version Notification (fwd)', 'New Version Notification'],
    ['Agenda posted (fwd) (FWD)', 'Agenda posted'],
    ['[Fwd: [ANCP] Proposed text]', 'Proposed text'],
    ['Fwd: [Fwd: Re: [v6ops] NAT64 deployment]', 'NAT64 deployment'],
    ['  Re:\t[ANCP]   Changes in\n Multicast   codepoints ', 'Changes in Multicast codepoints'],
    ['[ANCP] MIB - RE:  Draft minutes of ANCP meeting', 'MIB - RE: Draft minutes of ANCP meeting'],
    ['[ANCP] (no subject)', '(no subject)'],
    ['[ANCP]', '[ANCP]'],
    ['Re: [ANCP]', '[ANCP]'],
    ['Re:', ''],
    ['Regarding: not a leader', 'Regarding: not a leader'],
    ['Trust anchors: TR is not a leader without its colon', 'Trust anchors: TR is not a leader without its colon'],
    ['回复: 中文主题', '中文主题'],
  ])('%j -> %j', (subject, expected) => {
    expect(baseSubject(subject)).toBe(expected);
  });

  it('keeps case', () => {
    expect(baseSubject('Re: [Widget] WGLC for draft-ietf-widget-CORE')).toBe('WGLC for draft-ietf-widget-CORE');
  });
});

describe('subjectKey', () => {
  it('lower-cases the base subject so list tags and leaders do not split a thread', () => {
    expect(subjectKey('[Iotops] Re: [T2TRG] Re: Secure IoT Bootstrapping: A Survey')).toBe(
      'secure iot bootstrapping: a survey',
    );
    expect(subjectKey('RE: [ANCP] About ANCP Message Type')).toBe(subjectKey('[ANCP] About ANCP message type'));
  });
});

describe('looksLikeReply', () => {
  it.each([
    ['Re: [ANCP] capability 03 and 05', true],
    ['[Iotops] Re: [T2TRG] Re: Secure IoT Bootstrapping', true],
    ['AW: Frage', true],
    ['Fwd: announcement', true],
    ['announcement (fwd)', true],
    ['[Fwd: announcement]', true],
    ['[ANCP] capability 03 and 05', false],
    ['[ANCP] MIB - RE:  Draft minutes of ANCP meeting', false],
    ['Regarding: the charter', false],
    ['', false],
  ])('%j -> %s', (subject, expected) => {
    expect(looksLikeReply(subject)).toBe(expected);
  });
});
