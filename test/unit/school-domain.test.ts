import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { candidateDomains, domainOfEmail, isAtDomain, isValidDomain, normalizeDomain } from '../../src/modules/school/school-domain';

describe('isAtDomain', () => {
  it('accepts the domain itself and its subdomains, case-insensitively', () => {
    expect(isAtDomain('kim@korea.ac.kr', 'korea.ac.kr')).toBe(true);
    expect(isAtDomain('kim@CS.Korea.ac.kr', 'korea.ac.kr')).toBe(true);
    expect(isAtDomain('kim@mail.cs.korea.ac.kr', ' Korea.AC.kr ')).toBe(true);
  });

  it('refuses look-alike and parent domains and addresses without a domain', () => {
    expect(isAtDomain('kim@notkorea.ac.kr', 'korea.ac.kr')).toBe(false);
    expect(isAtDomain('kim@korea.ac.kr.evil.com', 'korea.ac.kr')).toBe(false);
    expect(isAtDomain('kim@ac.kr', 'korea.ac.kr')).toBe(false);
    expect(isAtDomain('kim', 'korea.ac.kr')).toBe(false);
    expect(isAtDomain('kim@', 'korea.ac.kr')).toBe(false);
    expect(isAtDomain('kim@korea.ac.kr', '')).toBe(false);
  });

  it('holds for every generated address: at a subdomain of D means at D', () => {
    fc.assert(
      fc.property(fc.domain(), fc.domain(), fc.emailAddress(), (school, sub, address) => {
        const local = address.split('@')[0];
        expect(isAtDomain(`${local}@${sub}.${school}`, school)).toBe(true);
        expect(isAtDomain(`${local}@${school}`, school)).toBe(true);
      }),
    );
  });
});

describe('domains', () => {
  it('normalises and validates domains', () => {
    expect(normalizeDomain(' @Korea.AC.kr. ')).toBe('korea.ac.kr');
    expect(['korea.ac.kr', 'snu.ac.kr', 'a-b.example'].every(isValidDomain)).toBe(true);
    expect(['korea', 'not a domain', '-bad.kr', '1.2.3.4', 'a..kr', ''].some(isValidDomain)).toBe(false);
  });

  it('lists the domains an address could belong to, longest first', () => {
    expect(candidateDomains('kim@cs.korea.ac.kr')).toEqual(['cs.korea.ac.kr', 'korea.ac.kr', 'ac.kr']);
    expect(candidateDomains('no-at-sign')).toEqual([]);
    expect(domainOfEmail('x@Y.Example.')).toBe('y.example');
  });
});
