/**
 * BENCHMARKS.md from one run's results: the setup, the goals, issue 8's eight items in order, then issue 16's
 * before-and-after of the streaming path.
 */
import type { OpenMeasurement, StreamingSection, UpdateCounts } from '../support/sections';
import type { StreamMeasurement } from '../support/streaming';
import { median } from '../support/stats';
import { bytes, fixed, medianWithRange, ms, ratio, table, type Unit } from './format';
import { byCategory, CATEGORIES, OTHER } from './cuts';
import { busyShare, checkGoals, regressionFigures, unobservedBusyShare } from './goals';
import type { BenchResults, Sections } from './results';

const count: Unit = (n) => fixed(n, 0);
const decimal =
  (digits: number): Unit =>
  (n) =>
    fixed(n, digits);
const NOT_MEASURED = '_Not measured in this run (see the bench output for the error)._';

function setup({ meta }: BenchResults): string {
  const { machine, versions } = meta;
  return [
    '## Setup',
    '',
    table(
      ['', ''],
      [
        ['Date', meta.date],
        ['CPU', `${machine.cpu}, ${machine.cores} cores`],
        ['Memory', bytes(machine.memoryBytes)],
        ['OS', machine.os],
        [
          'Load average (1 min) at start and end',
          `${fixed(machine.loadAverage.start, 2)} and ${fixed(machine.loadAverage.end, 2)}`,
        ],
        ['Node (bench and web host)', versions.node],
        ['Chromium', versions.chromium],
        ['Modeldesk', `${versions.modeldesk} (${versions.commit})`],
        ['Runs per figure', String(meta.runs)],
        ['Whole benchmark', `${fixed(meta.durationSeconds / 60, 1)} min`],
      ],
    ),
    '',
    'Each figure is the median of the runs, with their range in brackets; ratios divide medians. **Modeldesk** is',
    'the real renderer served by the web host (`out/main/web-host.js`, the same core as the desktop app) in',
    'headless Chromium, answered by the provider emulator over real HTTP through the official SDKs. The',
    '**baseline** pages (e2e/bench/baseline) get the same chunks from the same emulator at the same times.',
  ].join('\n');
}

function goals(sections: Sections): string {
  const checks = checkGoals(sections);
  const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? '**met**' : '**missed**');
  const notes = checks.filter((c) => c.note).map((c) => `- **${c.goal}**: ${c.note}`);
  return [
    '## Goals',
    '',
    table(
      ['Goal', 'Measured (Modeldesk)', 'Verdict'],
      checks.map((c) => [c.goal, c.result, verdict(c.met)]),
    ),
    ...(notes.length > 0 ? ['', 'Where a goal is missed:', '', ...notes] : []),
  ].join('\n');
}

type StreamFigure = { label: string; pick: (m: StreamMeasurement) => number; unit: Unit };

const percent: Unit = (n) => (Number.isFinite(n) ? `${fixed(n * 100, 1)} %` : '—');
const orNaN = (n: number | null | undefined) => (typeof n === 'number' ? n : Number.NaN);

const STREAM_FIGURES: StreamFigure[] = [
  { label: 'Keep-up ratio', pick: (m) => m.keepUp, unit: decimal(3) },
  { label: 'Frame gap p50', pick: (m) => m.frameGapP50, unit: ms },
  { label: 'Frame gap p95', pick: (m) => m.frameGapP95, unit: ms },
  { label: 'Longest stall', pick: (m) => m.longestStallMs, unit: ms },
  { label: 'Long tasks', pick: (m) => m.longTasks, unit: count },
  { label: 'Long-animation-frame blocking', pick: (m) => m.blockingMs, unit: ms },
  { label: 'Script time', pick: (m) => m.scriptMs, unit: ms },
  { label: 'Style and layout time', pick: (m) => m.styleMs + m.layoutMs, unit: ms },
  { label: 'Main-thread task time', pick: (m) => m.taskMs, unit: ms },
  { label: 'Main thread busy (task time ÷ wall time)', pick: busyShare, unit: percent },
  { label: 'Main-thread CPU ÷ wall time', pick: (m) => m.mainThreadCpuMs / m.wallMs, unit: percent },
  { label: 'Renderer process CPU', pick: (m) => orNaN(m.rendererCpuMs), unit: ms },
  { label: 'Host process CPU', pick: (m) => orNaN(m.hostCpuMs), unit: ms },
  { label: 'Unobserved: keep-up ratio', pick: (m) => orNaN(m.unobserved?.keepUp), unit: decimal(3) },
  { label: 'Unobserved: main thread busy', pick: unobservedBusyShare, unit: percent },
  {
    label: 'Unobserved: main-thread CPU ÷ wall time',
    pick: (m) => (m.unobserved ? m.unobserved.mainThreadCpuMs / m.unobserved.wallMs : Number.NaN),
    unit: percent,
  },
  { label: 'Unobserved: renderer process CPU', pick: (m) => orNaN(m.unobserved?.rendererCpuMs), unit: ms },
  { label: 'Unobserved: host process CPU', pick: (m) => orNaN(m.unobserved?.hostCpuMs), unit: ms },
];

/** Runs' values of a figure, leaving out those a side does not have (the baseline has no host process). */
const valuesOf = (runs: readonly StreamMeasurement[], pick: (m: StreamMeasurement) => number) =>
  runs.map(pick).filter((v) => Number.isFinite(v));

function streamingTable(section: StreamingSection): string {
  const rows: string[][] = [];
  for (const { rate, app, previous = [], baseline } of section.rates) {
    STREAM_FIGURES.forEach(({ label, pick, unit }, i) => {
      const timedOut = label === 'Keep-up ratio' && baseline.some((m) => m.timedOut);
      const [now, before, base] = [valuesOf(app, pick), valuesOf(previous, pick), valuesOf(baseline, pick)];
      rows.push([
        i === 0 ? `**${rate.toLocaleString('en-US')} tok/s**` : '',
        label,
        medianWithRange(now, unit),
        medianWithRange(before, unit),
        `${timedOut ? '≥ ' : ''}${medianWithRange(base, unit)}`,
        ratio(median(now), median(base)),
        ratio(median(now), median(before)),
      ]);
    });
  }
  const timedOut = section.rates.some((r) => r.baseline.some((m) => m.timedOut));
  return [
    table(
      ['Rate', 'Figure', 'Modeldesk', 'Previous', 'Baseline', 'Modeldesk ÷ baseline', 'Modeldesk ÷ previous'],
      rows,
    ),
    ...(timedOut
      ? [
          '',
          '≥: in some runs the baseline had not painted the last token 15 s after the stream ended; the run was',
          'cut there and its keep-up ratio is a lower bound.',
        ]
      : []),
  ].join('\n');
}

function streaming(sections: Sections): string {
  const section = sections.streaming;
  const head = [
    '## 1. Streaming',
    '',
    'A 2,000-token Markdown answer (headings, paragraphs, lists, TypeScript and Python code blocks, a table) streamed',
    'one token per chunk at 100, 500 and 2,000 tokens per second into a conversation with 200 messages of history.',
    'Keep-up ratio: time from the first chunk sent to the last token painted, divided by the stream’s duration.',
    'Frame gaps come from a requestAnimationFrame sampler, long tasks and long animation frames from',
    'PerformanceObserver. Script time is what the CPU profiler attributes to JavaScript, the style and layout that',
    'scripts force included (reading `scrollHeight`, `getBoundingClientRect`); DevTools’ `ScriptDuration` is not',
    'used because it leaves out promise callbacks, where the baseline does its work. Style, layout and task time come',
    'from `Performance.getMetrics`. Baseline: the same history and stream in a page that re-parses the whole',
    'message with marked on every chunk and replaces the answer’s HTML; it follows the end at most once per frame,',
    'and neither sanitizes nor highlights (Modeldesk does both). **Previous**: Modeldesk as built from the commit',
    `before issue 16 (${previousLabel(section)}), served by its own web host in the same run.`,
    'Over the window from Enter to the last token painted: the main thread’s busy share is DevTools’ task time',
    'divided by wall time (`TaskDuration`; a task that waits for a core the machine gives to other work counts as',
    'busy), its CPU share is `ThreadTime` over wall time; renderer CPU is the renderer process’s `ProcessTime`,',
    'host CPU the web host process’s user and system time (/proc).',
    '**Unobserved**: at full speed each answer is streamed a second time with nothing measuring inside the page (no',
    'requestAnimationFrame sampler, which asks for a frame at every vsync and costs an idle page about 5 % of its',
    'main thread by itself, and no CPU profiler); the sentinel is watched by a MutationObserver. Those rows are what',
    'a stream costs a user, and the busy goal is judged on them.',
  ];
  if (!section) return [...head, '', NOT_MEASURED].join('\n');
  return [...head, '', streamingTable(section)].join('\n');
}

function previousLabel(section: StreamingSection | undefined): string {
  const previous = section?.previous;
  if (!previous) return 'not built in this run';
  return 'commit' in previous ? `commit ${previous.label}` : `not measured: ${previous.reason}`;
}

function perUpdate(sections: Sections): string {
  const section = sections['per-update'];
  const head = [
    '## 2. Per-update cost against length',
    '',
    `The streaming message’s work per update, counted (not timed) over windows of ${fixed((section?.windowChars ?? 2048) / 1024, 0)} KB of`,
    'answer text starting at 1 KB and at 20 KB, in a conversation with 10 and with 1,000 messages of history.',
    'Modeldesk counts its Markdown pipeline in `window.__modeldeskRenderStats` (an update is one commit of the',
    'stream store, at most one per frame); the baseline counts the characters it hands to marked (an update is',
    'one chunk).',
  ];
  if (!section) return [...head, '', NOT_MEASURED].join('\n');
  const { app, baseline } = section;
  const pick = (c: UpdateCounts, key: keyof UpdateCounts) => c[key] ?? Number.NaN;
  const row = (label: string, key: keyof UpdateCounts, unit: Unit, withBaseline: boolean) => [
    label,
    unit(pick(app.short, key)),
    unit(pick(app.long, key)),
    ratio(pick(app.long, key), pick(app.short, key)),
    withBaseline ? unit(pick(baseline.short, key)) : '—',
    withBaseline ? unit(pick(baseline.long, key)) : '—',
    withBaseline ? ratio(pick(baseline.long, key), pick(baseline.short, key)) : '—',
  ];
  return [
    ...head,
    '',
    table(
      [
        'Per update (10 messages of history)',
        'Modeldesk at 1 KB',
        'at 20 KB',
        '20 KB ÷ 1 KB',
        'Baseline at 1 KB',
        'at 20 KB',
        '20 KB ÷ 1 KB',
      ],
      [
        row('Characters parsed', 'parsedCharsPerUpdate', decimal(0), true),
        row('Blocks turned into HTML', 'blockParsesPerUpdate', decimal(2), false),
        row('Finished blocks rendered', 'finishedBlockRendersPerUpdate', decimal(2), false),
        row('History messages rendered', 'historyRendersPerUpdate', decimal(2), false),
        row('Updates in the window', 'updates', count, true),
      ],
    ),
    '',
    table(
      ['Modeldesk, characters parsed per update', '10 messages of history', '1,000 messages', '1,000 ÷ 10'],
      [
        [
          'at 1 KB',
          fixed(app.short.parsedCharsPerUpdate, 0),
          fixed(app.shortWithLongHistory.parsedCharsPerUpdate, 0),
          ratio(app.shortWithLongHistory.parsedCharsPerUpdate, app.short.parsedCharsPerUpdate),
        ],
        [
          'at 20 KB',
          fixed(app.long.parsedCharsPerUpdate, 0),
          fixed(app.longWithLongHistory.parsedCharsPerUpdate, 0),
          ratio(app.longWithLongHistory.parsedCharsPerUpdate, app.long.parsedCharsPerUpdate),
        ],
        [
          'history messages rendered per update',
          fixed(app.long.historyRendersPerUpdate ?? Number.NaN, 2),
          fixed(app.longWithLongHistory.historyRendersPerUpdate ?? Number.NaN, 2),
          '—',
        ],
      ],
    ),
    '',
    'Modeldesk lexes only the unfinished tail (the growing last block and the text that arrived with the update),',
    'so its count depends on the block being written and on how much text one frame brings, not on the length',
    'before it. The baseline parses the whole message every time.',
  ].join('\n');
}

function openingRows(app: readonly OpenMeasurement[], base: readonly OpenMeasurement[]): string[][] {
  const figures: Array<[string, (o: OpenMeasurement) => number, Unit]> = [
    ['Painted at the bottom', (o) => o.paintedMs, ms],
    ['Longest task (0: none of 50 ms)', (o) => o.longestTaskMs, ms],
    ['Longest animation frame (0: none of 50 ms)', (o) => o.longestFrameMs, ms],
    ['DOM elements', (o) => o.domNodes, count],
  ];
  return figures.map(([label, pick, unit]) => [
    label,
    medianWithRange(app.map(pick), unit),
    base.length > 0 ? medianWithRange(base.map(pick), unit) : '—',
    base.length > 0 ? ratio(median(app.map(pick)), median(base.map(pick))) : '—',
  ]);
}

function opening(sections: Sections): string {
  const section = sections.opening;
  const head = [
    '## 3. Opening a long conversation',
    '',
    'From the click on the conversation in the sidebar (the baseline: from the call that opens it) until the',
    'frame that shows its last message in view is painted; the messages come through the bridge (the baseline',
    'fetches the same messages as JSON). Baseline: a plain list that renders every message with marked.',
  ];
  if (!section) return [...head, '', NOT_MEASURED].join('\n');
  const huge = section.huge;
  return [
    ...head,
    '',
    table(
      ['1,000 messages', 'Modeldesk', 'Plain list', 'Modeldesk ÷ plain list'],
      openingRows(section.app, section.baseline),
    ),
    '',
    table(
      [
        `${huge.app.messages.toLocaleString('en-US')} messages (one run)`,
        'Modeldesk',
        'Plain list',
        'Modeldesk ÷ plain list',
      ],
      openingRows([huge.app], huge.baseline ? [huge.baseline] : []),
    ),
    ...(huge.baselineNote ? ['', `The plain list did not finish: ${huge.baselineNote}`] : []),
  ].join('\n');
}

function typing(sections: Sections): string {
  const section = sections.typing;
  const head = [
    '## 4. Typing while an answer streams',
    '',
    `${section?.typedChars ?? 30} characters typed into the composer, one every ${section?.keyDelayMs ?? 100} ms, while the 2,000-token answer`,
    `streams at ${(section?.rate ?? 500).toLocaleString('en-US')} tokens per second; input-to-paint delay is from the key event’s time to the paint`,
    'of the frame after it. “Idle” is the same typing in Modeldesk with nothing streaming. Baseline: a text field in',
    'the re-parse page, typed into while it streams.',
  ];
  if (!section) return [...head, '', NOT_MEASURED].join('\n');
  const figures: Array<[string, (t: { p50: number; p95: number; max: number }) => number]> = [
    ['Input-to-paint p50', (t) => t.p50],
    ['Input-to-paint p95', (t) => t.p95],
    ['Input-to-paint max', (t) => t.max],
  ];
  return [
    ...head,
    '',
    table(
      ['Figure', 'Modeldesk, streaming', 'Modeldesk, idle', 'Baseline, streaming', 'Modeldesk ÷ baseline'],
      figures.map(([label, pick]) => [
        label,
        medianWithRange(section.app.map(pick), ms),
        medianWithRange(section.idle.map(pick), ms),
        medianWithRange(section.baseline.map(pick), ms),
        ratio(median(section.app.map(pick)), median(section.baseline.map(pick))),
      ]),
    ),
  ].join('\n');
}

function latency(sections: Sections): string {
  const section = sections.latency;
  const head = [
    '## 5. From the emulator to the screen',
    '',
    `${(section?.chunks ?? 300).toLocaleString('en-US')} numbered words, one chunk each, at ${section?.rate ?? 100} chunks per second. For each chunk: the time from`,
    'the emulator writing it (its own record of send times) to the paint of the first frame showing it. Modeldesk’s',
    'path: the Anthropic SDK in the core, the stream relay, the bridge (WebSocket), the renderer’s next frame.',
    'The relay sends at most one batch every 50 ms (20 updates a second, issue 16; the first chunk after a pause',
    'and the last go at once), so a chunk in the middle of a stream waits 25 ms on average and 50 ms at most',
    'for its batch: that wait is the price of a main thread that is idle most of the time while text streams.',
    'Baseline: the page reads the emulator’s OpenAI stream through a pass-through proxy and paints each chunk',
    'itself. Clocks: the page’s clock is aligned with the emulator’s from the quickest of seven round trips.',
  ];
  if (!section) return [...head, '', NOT_MEASURED].join('\n');
  const figures: Array<[string, (t: { p50: number; p95: number; max: number }) => number]> = [
    ['Latency p50', (t) => t.p50],
    ['Latency p95', (t) => t.p95],
    ['Latency max', (t) => t.max],
  ];
  return [
    ...head,
    '',
    table(
      ['Figure', 'Modeldesk', 'Baseline', 'Added by Modeldesk'],
      figures.map(([label, pick]) => [
        label,
        medianWithRange(section.app.map(pick), ms),
        medianWithRange(section.baseline.map(pick), ms),
        ms(median(section.app.map(pick)) - median(section.baseline.map(pick))),
      ]),
    ),
  ].join('\n');
}

function ledger(sections: Sections): string {
  const section = sections.ledger;
  const head = [
    '## 6. Ledger aggregation',
    '',
    'The cost dashboard over a generated ledger of 100,000 records (a year of use, every path a real ledger has),',
    'in a Node process of its own: the ledger’s rollups (`Aggregates.dashboard`, what the app runs) against the',
    'naive scan of the same records (`naiveDashboard`). Each run’s figure is the median of three calls after a',
    'warm-up.',
  ];
  if (!section) return [...head, '', NOT_MEASURED].join('\n');
  return [
    ...head,
    '',
    table(
      ['Dashboard', 'Rollups', 'Naive scan', 'Rollups ÷ naive'],
      section.queries.map((q) => [
        q.name,
        medianWithRange(q.rollupsMs, ms),
        medianWithRange(q.naiveMs, ms),
        ratio(median(q.rollupsMs), median(q.naiveMs), 3),
      ]),
    ),
    '',
    `Appending the ${section.records.toLocaleString('en-US')} records in one transaction took ${ms(section.appendMs)}.`,
  ].join('\n');
}

function footprint(sections: Sections): string {
  const lines = ['## 7. Size and memory'];
  const bundle = sections.bundle;
  if (bundle) {
    const b = bundle.bundle;
    lines.push(
      '',
      'The renderer as built (`out/renderer`); the baseline is the re-parse page’s JavaScript (marked and its',
      'own script). Cold load: a fresh browser context (empty cache) until the composer is on screen and the',
      'sidebar lists the conversations (20 of them), as the painted frame’s time since navigation start.',
      '',
      table(
        ['Figure', 'Modeldesk', 'Baseline', 'Modeldesk ÷ baseline'],
        [
          [
            'JavaScript loaded at start',
            bytes(b.initialJsBytes),
            bytes(b.baselineJsBytes),
            ratio(b.initialJsBytes, b.baselineJsBytes, 1),
          ],
          [
            '… gzipped',
            bytes(b.initialJsGzipBytes),
            bytes(b.baselineJsGzipBytes),
            ratio(b.initialJsGzipBytes, b.baselineJsGzipBytes, 1),
          ],
          ['CSS loaded at start', bytes(b.initialCssBytes), '—', '—'],
          ['JavaScript loaded on demand (settings, costs, KaTeX…)', bytes(b.lazyJsBytes), '—', '—'],
          ['Fonts (KaTeX, on demand)', bytes(b.fontBytes), '—', '—'],
          [`Everything (${b.files} files)`, bytes(b.totalBytes), '—', '—'],
          [
            'Cold load to interactive',
            medianWithRange(
              bundle.coldLoad.app.map((c) => c.interactiveMs),
              ms,
            ),
            medianWithRange(
              bundle.coldLoad.baseline.map((c) => c.interactiveMs),
              ms,
            ),
            ratio(
              median(bundle.coldLoad.app.map((c) => c.interactiveMs)),
              median(bundle.coldLoad.baseline.map((c) => c.interactiveMs)),
            ),
          ],
          [
            'First contentful paint',
            medianWithRange(
              bundle.coldLoad.app.map((c) => c.firstContentfulPaintMs),
              ms,
            ),
            medianWithRange(
              bundle.coldLoad.baseline.map((c) => c.firstContentfulPaintMs),
              ms,
            ),
            ratio(
              median(bundle.coldLoad.app.map((c) => c.firstContentfulPaintMs)),
              median(bundle.coldLoad.baseline.map((c) => c.firstContentfulPaintMs)),
            ),
          ],
        ],
      ),
    );
  } else lines.push('', NOT_MEASURED);

  const main = sections['main-memory'];
  if (main && main.checkpoints.length > 1) {
    const points = main.checkpoints;
    const last = points.at(-1)!;
    const half = points.find((p) => p.messages >= last.messages / 2) ?? points[0]!;
    const row = (label: string, pick: (p: (typeof points)[number]) => number) => [
      label,
      ...points.map((p) => bytes(pick(p))),
      bytes((pick(last) - pick(half)) / (last.messages - half.messages)),
    ];
    lines.push(
      '',
      `Main process (the web host, the same core as Electron’s main): ${last.messages.toLocaleString('en-US')} messages sent through the bridge`,
      `(${fixed(main.seconds, 1)} s: ten conversations at once, each answer streamed by the emulator), with the page connected, in one`,
      'run. The baseline is the same process at start. The heap is what is in use after a full garbage collection',
      '(through the inspector); the last column is the growth per message over the second half, once warmed up.',
      '',
      table(
        [
          'Main process',
          'At start',
          ...points.slice(1).map((p) => `After ${p.messages.toLocaleString('en-US')}`),
          `Per message, last ${(last.messages - half.messages).toLocaleString('en-US')}`,
        ],
        [row('Resident memory', (p) => p.residentBytes), row('JS heap after GC', (p) => p.heapBytes)],
      ),
    );
  }

  const heap = sections['renderer-heap'];
  if (heap) {
    const halfway = Math.ceil(heap.conversations / 2);
    const row = (label: string, series: readonly number[]) => {
      const [start, middle, end] = [
        series[0] ?? Number.NaN,
        series[halfway] ?? Number.NaN,
        series.at(-1) ?? Number.NaN,
      ];
      return [
        label,
        bytes(start),
        bytes(series[1] ?? Number.NaN),
        bytes(middle),
        bytes(end),
        bytes(end - middle),
      ];
    };
    lines.push(
      '',
      `Renderer heap: ${heap.conversations} conversations of ${heap.messagesEach.toLocaleString('en-US')} messages opened one after another (each closed by`,
      'starting a new chat), JS heap in use after a full garbage collection, in one run; growth over the second',
      'half shows whether it levels off. Baseline: the plain list opening and emptying the same conversations.',
      '',
      table(
        [
          'Renderer JS heap',
          'At start',
          'After 1',
          `After ${halfway}`,
          `After ${heap.conversations}`,
          `Growth over the last ${heap.conversations - halfway}`,
        ],
        [row('Modeldesk', heap.app), row('Plain list', heap.baseline)],
      ),
    );
  }
  return lines.join('\n');
}

function throttled(sections: Sections): string {
  const section = sections.throttled;
  const head = [
    `## 8. Streaming with the CPU slowed ${section?.throttle ?? 4} times`,
    '',
    'Item 1 again with `Emulation.setCPUThrottlingRate`, standing in for an old laptop (the renderer is slowed;',
    'the web host and the emulator run at full speed).',
  ];
  if (!section) return [...head, '', NOT_MEASURED].join('\n');
  return [...head, '', streamingTable(section)].join('\n');
}

/** One cell: the previous version's median → the current one's, and their ratio. */
function beforeAfter(before: readonly number[], after: readonly number[], unit: Unit): string {
  const [b, a] = [median(before), median(after)];
  if (!Number.isFinite(b) || !Number.isFinite(a)) return '—';
  return `${unit(b)} → ${unit(a)} (${ratio(a, b)})`;
}

function cutsTable(section: StreamingSection): string {
  const rates = section.rates.filter((r) => (r.previous ?? []).length > 0);
  const cell = (pick: (m: StreamMeasurement) => number, unit: Unit = ms) =>
    rates.map((r) => beforeAfter(valuesOf(r.previous, pick), valuesOf(r.app, pick), unit));
  const category = (name: string) => (m: StreamMeasurement) => byCategory(m.scriptByOwner ?? {})[name] ?? 0;
  return table(
    ['Where the time went', ...rates.map((r) => `${r.rate.toLocaleString('en-US')} tok/s: before → after`)],
    [
      ...[...CATEGORIES.map((c) => c.name), OTHER].map((name) => [
        `Script: ${name}`,
        ...cell(category(name)),
      ]),
      ['**Script time, in all**', ...cell((m) => m.scriptMs)],
      ['Style and layout', ...cell((m) => m.styleMs + m.layoutMs)],
      ['Main thread busy (task ÷ wall)', ...cell(busyShare, percent)],
      ['Main thread busy, unobserved', ...cell(unobservedBusyShare, percent)],
      ['Main-thread CPU ÷ wall', ...cell((m) => m.mainThreadCpuMs / m.wallMs, percent)],
      ['Renderer process CPU', ...cell((m) => orNaN(m.rendererCpuMs))],
      ['Host process CPU (the relay and bridge)', ...cell((m) => orNaN(m.hostCpuMs))],
    ],
  );
}

function issue16(sections: Sections): string {
  const head = [
    '## 9. The streaming path before and after issue 16',
    '',
    `Modeldesk now against the previous version (${previousLabel(sections.streaming)}), streaming the same answers`,
    'in the same run (items 1 and 8): medians, previous → now, with their ratio. Script time is split by the code',
    'that spent it (the profile’s samples by module through the source maps, a browser built-in such as',
    '`parseFromString` or `WebSocket.send` counted for the script that called it); each line is the part of the',
    'cost one cut of issue 16 went after:',
    '',
    ...CATEGORIES.map((c) => `- **${c.name}**: ${c.cut}`),
  ];
  const measured = [sections.streaming, sections.throttled].filter(
    (s): s is StreamingSection => !!s && s.rates.some((r) => (r.previous ?? []).length > 0),
  );
  if (measured.length === 0) return [...head, '', NOT_MEASURED].join('\n');
  const parts = measured.map((section) =>
    [
      `**CPU ${section.throttle === 1 ? 'at full speed' : `slowed ${section.throttle} times`}**`,
      '',
      cutsTable(section),
    ].join('\n'),
  );
  const regressions = sections.streaming ? regressionFigures(sections.streaming) : [];
  return [
    ...head,
    '',
    ...parts.flatMap((p) => [p, '']),
    'What must not regress (every run at full speed, all rates together):',
    '',
    table(
      ['Figure', 'Previous', 'Modeldesk', 'Modeldesk ÷ previous', 'Allowed'],
      regressions.map((f) => [
        f.name,
        f.unit(f.before),
        f.unit(f.now),
        ratio(f.now, f.before),
        `${fixed(f.tolerance, 2)}×`,
      ]),
    ),
    '',
    'Enter → request is from the key press (as Playwright sends it) to the emulator receiving the request;',
    'conversation open is the 200-message conversation each run streams into, from the click to its end painted;',
    'DOM size and renderer heap (after a full collection) are taken once the answer is on screen.',
  ].join('\n');
}

export function writeReport(results: BenchResults): string {
  const { sections } = results;
  const intro = [
    '# Benchmarks',
    '',
    'How fast Modeldesk is, side by side with a baseline measured in the same run (issue 8), and the streaming path',
    'before and after issue 16 (item 9). Written by',
    '`npm run bench` (e2e/bench; it builds first): do not edit by hand. The raw figures of this run, every run of',
    'every figure, are in [e2e/bench/results/latest.json](e2e/bench/results/latest.json).',
  ];
  return `${[
    intro.join('\n'),
    setup(results),
    goals(sections),
    streaming(sections),
    perUpdate(sections),
    opening(sections),
    typing(sections),
    latency(sections),
    ledger(sections),
    footprint(sections),
    throttled(sections),
    issue16(sections),
  ].join('\n\n')}\n`;
}
