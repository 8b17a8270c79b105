import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from './load.js';
import { resumeDate, resumeRange } from './dates.js';

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cb-profile-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const RESUME = {
  basics: { name: 'Ada', label: 'Engineer', email: 'ada@example.com', profiles: [{ network: 'GitHub', url: 'https://github.example/ada' }], custom: 1 },
  work: [{ name: 'Acme', position: 'Dev', startDate: '2020-01', highlights: ['Shipped'] }],
  skills: [{ name: 'Databases', keywords: ['PostgreSQL'] }],
};

describe('loadProfile', () => {
  it('returns undefined without a profile, and reads resume.json or profile.yaml', async () => {
    expect(loadProfile(await dirWith({}))).toBeUndefined();
    const json = loadProfile(await dirWith({ 'resume.json': JSON.stringify(RESUME, null, 2) }))!;
    expect(json.profile.basics.name).toBe('Ada');
    expect(json.raw).toEqual(RESUME);
    const yaml = loadProfile(await dirWith({ 'profile.yaml': 'basics:\n  name: Bo\nskills:\n  - name: Go\n    keywords: [Go]\n' }))!;
    expect(yaml.profile.skills?.[0]?.keywords).toEqual(['Go']);
  });

  it('reports invalid fields with the line of the exact value', async () => {
    const text = JSON.stringify({ ...RESUME, work: [RESUME.work[0], { name: 'Beta', startDate: 'March 2021' }] }, null, 2);
    const dir = await dirWith({ 'resume.json': text });
    let err: unknown;
    try {
      loadProfile(dir);
    } catch (e) {
      err = e;
    }
    const line = text.split('\n').findIndex((l) => l.includes('March 2021')) + 1;
    expect(err).toMatchObject({ code: 'CB1040', location: { line } });
    expect((err as Error).message).toBe('`work[2].startDate` must be a date like 2021, 2021-03 or 2021-03-15, but it is the text "March 2021".');
  });

  it('suggests the section name for a typo, and rejects two profile files and bad syntax', async () => {
    const typo = await dirWith({ 'resume.json': '{"basics":{"name":"A"},\n"skils":[]}' });
    expect(() => loadProfile(typo)).toThrow(/Did you mean "skills"\?/);
    const both = await dirWith({ 'resume.json': '{}', 'profile.yaml': 'basics: {name: A}' });
    expect(() => loadProfile(both)).toThrow(expect.objectContaining({ code: 'CB1042' }));
    const broken = await dirWith({ 'resume.json': '{"basics": {"name": "A"\n' });
    expect(() => loadProfile(broken)).toThrow(expect.objectContaining({ code: 'CB1041' }));
    // Valid JSON to JSON.parse, which would keep the last; the YAML parser points at the second.
    const twice = await dirWith({ 'resume.json': '{"basics": {"name": "A"},\n "work": [],\n "basics": {"name": "B"}}' });
    expect(() => loadProfile(twice)).toThrow(expect.objectContaining({ code: 'CB1041', location: expect.objectContaining({ line: 3 }) }));
    const noBasics = await dirWith({ 'resume.json': '{"work": []}' });
    expect(() => loadProfile(noBasics)).toThrow(expect.objectContaining({ code: 'CB1040' }));
  });
});

describe('resume dates', () => {
  it('formats JSON Resume partial dates and ranges', () => {
    expect(resumeDate('2021-03-15')).toBe('Mar 2021');
    expect(resumeDate('2021')).toBe('2021');
    expect(resumeRange('2016-02', '2020-11')).toBe('Feb 2016 – Nov 2020');
    expect(resumeRange('2023-03', undefined)).toBe('Mar 2023 – present');
    expect(resumeRange(undefined, '2019')).toBe('2019');
  });
});
