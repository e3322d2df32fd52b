/**
 * What the benchmark measures inside the page: a requestAnimationFrame sampler (frame times), PerformanceObserver
 * for `longtask` and `long-animation-frame`, and the moments something is painted. "Painted" is measured the usual
 * way: in the first animation frame that sees the change, a message posted to a MessageChannel runs right after
 * that frame is rendered, and its time is the paint time.
 *
 * `installProbe` runs in the page (Playwright serializes it), so it is self-contained: no imports, no closures.
 */

export type ProbeOptions = {
  /**
   * Sample every animation frame (frame gaps, numbers, counters). A requestAnimationFrame loop asks for a frame at every
   * vsync, which costs an idle page about 5 % of its main thread by itself; `false` watches the answer with a
   * MutationObserver instead and asks for a frame only to time the sentinel's paint, so the busy figures are the app's
   * own (`frames` stays empty).
   */
  sampleFrames?: boolean;
  /** CSS selector of the streaming answer's Markdown container; the last match is watched. */
  answer?: string;
  /** Text in the answer's last block whose painting ends the measurement. */
  sentinel?: string;
  /** Watch `w0001`-style numbers in the answer's last block: when each new highest number is painted. */
  numbers?: boolean;
  /** A global object of counters (the renderer's `__modeldeskRenderStats`) to copy each frame, with the answer's length. */
  counters?: string;
  /** Record each keydown's delay until the frame that follows it is painted. */
  typing?: boolean;
  /** Opening a conversation: painted once an element matching `selector` contains `sentinel` and is in view. */
  bottom?: { selector: string; sentinel: string; viewport: string };
};

export type ProbeSample = { t: number; length: number; counters: Record<string, number> };

export type ProbeResult = {
  /** performance.timeOrigin of the page: page times plus this are ms since the epoch. */
  timeOrigin: number;
  /** Timestamps of animation frames (the rAF time argument). */
  frames: number[];
  longTasks: Array<{ start: number; duration: number }>;
  animationFrames: Array<{ start: number; duration: number; blockingDuration: number }>;
  /** When the sentinel (or the bottom) was first painted; null until then. */
  paintedAt: number | null;
  numbers: Array<{ n: number; paintedAt: number }>;
  samples: ProbeSample[];
  inputs: Array<{ at: number; paintedAt: number }>;
};

type ProbeHandle = ProbeResult & { done: Promise<number>; stop: () => void };

/** Installs the probe as `window.__benchProbe` (replacing any earlier one). Runs in the page. */
export function installProbe(options: ProbeOptions): void {
  const host = window as unknown as Record<string, unknown>;
  const previous = host.__benchProbe as ProbeHandle | undefined;
  previous?.stop();

  let resolveDone: (t: number) => void = () => {};
  const probe: ProbeHandle = {
    timeOrigin: performance.timeOrigin,
    frames: [],
    longTasks: [],
    animationFrames: [],
    paintedAt: null,
    numbers: [],
    samples: [],
    inputs: [],
    done: new Promise<number>((resolve) => (resolveDone = resolve)),
    stop: () => {},
  };
  host.__benchProbe = probe;

  const channel = new MessageChannel();
  const afterPaint: Array<(t: number) => void> = [];
  channel.port1.onmessage = () => afterPaint.shift()?.(performance.now());
  const whenPainted = (callback: (t: number) => void) => {
    afterPaint.push(callback);
    channel.port2.postMessage(0);
  };

  const observers: PerformanceObserver[] = [];
  const observe = (type: string, record: (entry: PerformanceEntry) => void) => {
    if (!PerformanceObserver.supportedEntryTypes.includes(type)) return;
    const observer = new PerformanceObserver((list) => list.getEntries().forEach(record));
    observer.observe({ type, buffered: false });
    observers.push(observer);
  };
  observe('longtask', (e) => probe.longTasks.push({ start: e.startTime, duration: e.duration }));
  observe('long-animation-frame', (e) =>
    probe.animationFrames.push({
      start: e.startTime,
      duration: e.duration,
      blockingDuration: (e as PerformanceEntry & { blockingDuration: number }).blockingDuration,
    }),
  );

  const findAnswer = (): Element | null => {
    if (!options.answer) return null;
    const all = document.querySelectorAll(options.answer);
    return all[all.length - 1] ?? null;
  };

  let highest = 0;
  let running = true;
  let markedDone = false;
  const finish = (t: number) => {
    if (probe.paintedAt !== null) return;
    probe.paintedAt = t;
    resolveDone(t);
  };

  const onFrame = (time: number) => {
    if (!running) return;
    probe.frames.push(time);
    const answer = findAnswer();
    const last = answer?.lastElementChild ?? null;
    if (answer && options.counters) {
      const source = host[options.counters] as Record<string, unknown> | undefined;
      const counters: Record<string, number> = {};
      for (const [key, value] of Object.entries(source ?? {}))
        if (typeof value === 'number') counters[key] = value;
      probe.samples.push({ t: time, length: answer.textContent?.length ?? 0, counters });
    }
    if (last && options.numbers) {
      const found = (last.textContent ?? '').match(/w(\d{4})(?!.*w\d{4})/s);
      const n = found ? Number(found[1]) : 0;
      if (n > highest) {
        highest = n;
        whenPainted((t) => probe.numbers.push({ n, paintedAt: t }));
      }
    }
    if (!markedDone && last && options.sentinel && (last.textContent ?? '').includes(options.sentinel)) {
      markedDone = true;
      whenPainted(finish);
    }
    if (!markedDone && options.bottom) {
      const target = document.querySelectorAll(options.bottom.selector);
      const element = target[target.length - 1];
      const viewport = document.querySelector(options.bottom.viewport);
      if (element && viewport && (element.textContent ?? '').includes(options.bottom.sentinel)) {
        const box = element.getBoundingClientRect();
        const view = viewport.getBoundingClientRect();
        if (box.bottom <= view.bottom + 2 && box.bottom > view.top) {
          markedDone = true;
          whenPainted(finish);
        }
      }
    }
    requestAnimationFrame(onFrame);
  };
  let mutations: MutationObserver | null = null;
  if (options.sampleFrames === false) {
    mutations = new MutationObserver(() => {
      if (markedDone || !options.sentinel) return;
      const last = findAnswer()?.lastElementChild ?? null;
      if (last && (last.textContent ?? '').includes(options.sentinel)) {
        markedDone = true;
        mutations?.disconnect();
        requestAnimationFrame(() => whenPainted(finish));
      }
    });
    mutations.observe(document.body, { subtree: true, childList: true, characterData: true });
  } else {
    requestAnimationFrame(onFrame);
  }

  const onKeyDown = (event: KeyboardEvent) => {
    const at = event.timeStamp;
    requestAnimationFrame(() => whenPainted((t) => probe.inputs.push({ at, paintedAt: t })));
  };
  if (options.typing) document.addEventListener('keydown', onKeyDown, true);

  probe.stop = () => {
    running = false;
    mutations?.disconnect();
    for (const observer of observers) observer.disconnect();
    document.removeEventListener('keydown', onKeyDown, true);
  };
}

/** Stops the probe and returns what it recorded. Runs in the page. */
export function collectProbe(): ProbeResult {
  const probe = (window as unknown as { __benchProbe: ProbeHandle }).__benchProbe;
  probe.stop();
  const { done: _done, stop: _stop, ...result } = probe;
  return JSON.parse(JSON.stringify(result)) as ProbeResult;
}

/** Resolves with the paint time of the sentinel (or bottom). Runs in the page. */
export function probeDone(): Promise<number> {
  return (window as unknown as { __benchProbe: ProbeHandle }).__benchProbe.done;
}
