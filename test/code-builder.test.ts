import { describe, expect, it } from 'vitest';
import { Code } from '../generator/emit/code.ts';

/** What Code promises, restated plainly: indentation, no trailing blanks, no blank runs, no leading blanks. */
function naive(ops: [kind: 'line' | 'open' | 'close', text: string][]): string {
  const out: string[] = [];
  let depth = 0;
  for (const [kind, text] of ops) {
    if (kind === 'close') depth--;
    const l = text === '' ? '' : ('  '.repeat(depth) + text).trimEnd();
    if (l === '' && (out.length === 0 || out.at(-1) === '')) continue;
    out.push(l);
    if (kind === 'open') depth++;
  }
  while (out.at(-1) === '') out.pop();
  return out.join('\n') + '\n';
}

function build(ops: [kind: 'line' | 'open' | 'close', text: string][]): string {
  const c = new Code();
  // Code.block takes a callback; replay the flat list through real blocks.
  const run = (i: number): number => {
    for (; i < ops.length; i++) {
      const [kind, text] = ops[i]!;
      if (kind === 'line') c.line(text);
      else if (kind === 'open') {
        let next = i;
        c.block(text, () => void (next = run(i + 1)), ops[findClose(i)]![1]);
        i = next;
      } else return i;
    }
    return i;
  };
  const findClose = (open: number): number => {
    let d = 0;
    for (let j = open; j < ops.length; j++) {
      if (ops[j]![0] === 'open') d++;
      else if (ops[j]![0] === 'close' && --d === 0) return j;
    }
    throw new Error('unbalanced');
  };
  run(0);
  return c.toString();
}

describe('Code on files of many lines (chunked as it grows)', () => {
  const cases: { name: string; ops: [kind: 'line' | 'open' | 'close', text: string][] }[] = [];
  for (const n of [1, 4095, 4096, 4097, 8192, 20_000]) {
    cases.push({ name: `${n} plain lines`, ops: Array.from({ length: n }, (_, i) => ['line', `x${i};`] as ['line', string]) });
  }
  // Blank lines at and around every chunk boundary, runs of blanks, trailing blanks and trailing spaces.
  const mixed: [kind: 'line' | 'open' | 'close', text: string][] = [['line', ''], ['line', '']];
  for (let i = 0; i < 13_000; i++) {
    if (i % 4096 === 4094 || i % 4096 === 4095 || i % 4096 === 0 || i % 7 === 0) mixed.push(['line', '']);
    if (i % 1000 === 0) mixed.push(['open', `if (a${i}) {`], ['line', `b${i}();  `], ['line', ''], ['close', '}']);
    else mixed.push(['line', i % 3 === 0 ? `y${i} ` : `y${i}`]);
  }
  mixed.push(['line', ''], ['line', ''], ['line', '']);
  cases.push({ name: 'blanks around chunk boundaries, blocks, trailing blanks', ops: mixed });

  for (const { name, ops } of cases) {
    it(name, () => {
      expect(build(ops)).toBe(naive(ops));
    });
  }
});
