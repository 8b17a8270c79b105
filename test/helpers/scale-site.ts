// What the large-input tests (*.slow.test.ts) share: the config of a site built only to be big,
// and a CLI build measured for its peak memory.
import { spawn } from 'node:child_process';
import { BIN } from './cli.js';

/** The config of a site built to be big: no social cards (and no search unless asked), so the build measures the pages. */
export function scaleSiteConfig(title: string, description: string, opts: { search?: boolean } = {}): string {
  return `
-- casebook.config.yaml --
title: ${title}
description: ${description}
baseUrl: https://example.com/
author:
  name: Ada Tester
socialCards: false
${opts.search ? '' : 'search: false\n'}`;
}

/** Runs the real CLI under GNU time; returns its exit code, output and peak resident memory (the largest process). */
export function buildMeasured(args: string[]): Promise<{ code: number | null; stderr: string; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-v', process.execPath, BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      resolve({ code, stderr, peakMb: kb ? Number(kb) / 1024 : NaN });
    });
  });
}
