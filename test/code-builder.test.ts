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

describe('Code: a header before the text, another builder appended, rendered text added as it is', () => {
  const sizes = [0, 1, 4095, 4096, 9000];
  const fill = (c: Code, n: number, tag: string): Code => {
    for (let i = 0; i < n; i++) c.line(i % 5 === 0 ? '' : `${tag}${i};`);
    return c;
  };
  it.each(sizes)('%i lines: toString(prefix) is the prefix and the same text', (n) => {
    const c = fill(new Code(), n, 'a');
    expect(c.toString('// h\n')).toBe('// h\n' + c.toString());
  });
  it.each(sizes)('%i lines: append indents like raw(toString()), and so does rendered at depth 0', (n) => {
    const inner = fill(new Code(), n, 'b');
    const viaRaw = new Code();
    const viaAppend = new Code();
    for (const [c, add] of [[viaRaw, (x: Code) => x.raw(inner.toString())], [viaAppend, (x: Code) => x.append(inner)]] as const) {
      c.line('start();');
      c.block('function f() {', () => add(c));
      c.line('');
      add(c);
      c.line('end();');
    }
    expect(viaAppend.toString()).toBe(viaRaw.toString());
    const viaRendered = new Code();
    viaRendered.line('start();');
    viaRendered.rendered(inner.toString());
    viaRendered.line('end();');
    const plain = new Code();
    plain.line('start();');
    plain.raw(inner.toString());
    plain.line('end();');
    expect(viaRendered.toString()).toBe(plain.toString());
  });
});
