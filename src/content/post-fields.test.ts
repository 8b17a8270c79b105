import { describe, expect, it } from 'vitest';
import { withoutRepeatedTitle } from './post-fields.js';

describe('withoutRepeatedTitle', () => {
  it('removes a first # heading or setext heading that is the title (or prints it), keeping the line count', () => {
    expect(withoutRepeatedTitle('\n# My *Post*\n\nText\n', 'My Post')).toBe('\n\n\nText\n');
    expect(withoutRepeatedTitle('{{ page.title }}\n====\nText', 'Anything')).toBe('\n\nText');
    expect(withoutRepeatedTitle('# {{ title }}\nText', 'Anything')).toBe('\nText');
    expect(withoutRepeatedTitle('My post.\n===\nText', 'my post')).toBe('\n\nText');
  });

  it('keeps a first heading that is something else, a second-level heading, or a title further down', () => {
    expect(withoutRepeatedTitle('# Intro\n\nText', 'My post')).toBeUndefined();
    expect(withoutRepeatedTitle('## My post\n\nText', 'My post')).toBeUndefined();
    expect(withoutRepeatedTitle('Text first.\n\n# My post\n', 'My post')).toBeUndefined();
    expect(withoutRepeatedTitle('| a |\n===\n', '| a |')).toBeUndefined();
  });
});
