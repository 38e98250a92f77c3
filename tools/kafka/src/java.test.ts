import { describe, expect, it } from 'vitest';
import { findJava, parseJavaVersion } from './java.js';

describe('parseJavaVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25" 2025-09-16', 25],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "11.0.2" 2019-01-15', 11],
  ])('should read %j as Java %i', (output, major) => {
    expect(parseJavaVersion(output)).toBe(major);
  });

  it('should give up on output it does not recognise', () => {
    expect(parseJavaVersion('command not found')).toBeUndefined();
  });
});

describe('findJava', () => {
  it('should explain how to install Java when there is none', () => {
    expect(() => findJava({ JAVA_HOME: '/nonexistent/jdk' })).toThrow(/Java was not found/);
    try {
      findJava({ JAVA_HOME: '/nonexistent/jdk' });
    } catch (error) {
      expect((error as { fix: string }).fix).toMatch(/install a JDK 17 or newer/);
    }
  });
});
