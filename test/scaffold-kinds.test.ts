import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerKind, unregisterKind } from '../src/content/kinds.js';
import { CasebookError } from '../src/errors/index.js';
import { build } from '../src/pipeline/index.js';
import { newPost } from '../src/scaffold/new-post.js';
import { runCli } from './helpers/cli.js';
import { talkKind } from './helpers/kinds.js';
import { useTempSites } from './helpers/site.js';

const site = useTempSites();
const CONFIG = '-- casebook.config.yaml --\ntitle: Kinds\nbaseUrl: https://kinds.example.com/\n';
const NOW = new Date(Date.UTC(2024, 4, 1, 12));

describe('casebook new asks the kind registry', () => {
  afterEach(() => unregisterKind('talk'));

  it('starts a kind registered like the built-ins, in its folder with its front matter, and the draft builds as that kind', async () => {
    registerKind(
      talkKind({
        scaffold: {
          folder: 'talks',
          template: (title, date) =>
            `---\ntitle: ${JSON.stringify(title)}\ndate: ${date}\ndescription: Where and when it was given.\ndraft: true\n---\nSlides here.\n`,
        },
      }),
    );
    const dir = await site(CONFIG);
    const file = await newPost(dir, 'talk', 'Scaling queues', NOW);
    expect(relative(dir, file)).toBe('content/talks/2024-05-01-scaling-queues.md');
    expect(await readFile(file, 'utf8')).toBe(
      '---\ntitle: "Scaling queues"\ndate: 2024-05-01\ndescription: Where and when it was given.\ndraft: true\n---\nSlides here.\n',
    );
    const r = await build({ site: dir, memory: true, drafts: true, skip: ['og', 'search'] });
    const page = String(r.files?.get('talks/scaling-queues/index.html'));
    expect(page).toContain('<h1>Scaling queues</h1>');
    expect(page).toContain('"@type":"PresentationDigitalDocument"');
  });

  it('starts each built-in kind where its declaration says, and each draft builds as its kind', async () => {
    const dir = await site(CONFIG);
    const files = {
      article: await newPost(dir, 'article', 'An article', NOW),
      'case-study': await newPost(dir, 'case-study', 'A case study', NOW),
      retrospective: await newPost(dir, 'retrospective', 'A retrospective', NOW),
      postmortem: await newPost(dir, 'postmortem', 'A postmortem', NOW),
    };
    expect(Object.values(files).map((f) => relative(dir, f))).toEqual([
      'content/writing/2024-05-01-an-article.md',
      'content/case-studies/2024-05-01-a-case-study.md',
      'content/case-studies/2024-05-01-a-retrospective.md',
      'content/case-studies/2024-05-01-a-postmortem.md',
    ]);
    expect(await readFile(files.postmortem, 'utf8')).toContain('kind: postmortem\n');
    expect(await readFile(files.postmortem, 'utf8')).toContain('rootCause:');
    const r = await build({ site: dir, memory: true, drafts: true, skip: ['og', 'search'] });
    const kinds = Object.fromEntries(r.model.posts.map((p) => [p.title, p.kind]));
    expect(kinds).toEqual({ 'An article': 'article', 'A case study': 'case-study', 'A retrospective': 'retrospective', 'A postmortem': 'postmortem' });
  });

  it('refuses a kind that declares nothing to start (page) or is not registered, naming the kinds it can start', async () => {
    const dir = await site(CONFIG);
    for (const kind of ['page', 'talk']) {
      const refused = await newPost(dir, kind, 'X', NOW).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(CasebookError);
      expect((refused as CasebookError).code).toBe('CB1527');
      expect((refused as CasebookError).message).toContain('the kinds are: article, case-study, retrospective, postmortem.');
    }
    const cli = await runCli(['new', 'page', 'About', '--site', dir]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('kind "page" is not one casebook new starts; the kinds are: article, case-study, retrospective, postmortem.');
  });
});
