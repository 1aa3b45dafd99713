import { createStream } from '../../sim/random/stream.js';

/**
 * The yardstick for `npm run bench`: the smallest honest event loop for an M/M/c queue, with a
 * typed-array binary heap, a ring-buffer FIFO and nothing else. It draws the same tickets as the
 * model (same streams, same order), so both must report the same mean wait. It shares no code
 * with the engine on purpose: a yardstick built from the thing it measures would move with it.
 */
export function referenceMmc(options: { seed: number; agents: number; perMinute: number; meanMinutes: number; end: number }): {
  tickets: number;
  events: number;
  meanWait: number;
} {
  const arrivalsRng = createStream(options.seed, 0, 'arrivals:tickets');
  const handleRng = createStream(options.seed, 0, 'handle:tickets');
  const { agents, perMinute, meanMinutes, end } = options;

  // Heap entries: time, a code (-1 an arrival, 0 a departure) and a sequence for ties.
  let capacity = 64;
  let times = new Float64Array(capacity);
  let codes = new Int32Array(capacity);
  let seqs = new Float64Array(capacity);
  let size = 0;
  let seq = 0;
  const push = (t: number, code: number) => {
    if (size === capacity) {
      capacity *= 2;
      const t2 = new Float64Array(capacity);
      t2.set(times);
      times = t2;
      const c2 = new Int32Array(capacity);
      c2.set(codes);
      codes = c2;
      const s2 = new Float64Array(capacity);
      s2.set(seqs);
      seqs = s2;
    }
    const s = seq++;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p] < t || (times[p] === t && seqs[p] < s)) break;
      times[i] = times[p];
      codes[i] = codes[p];
      seqs[i] = seqs[p];
      i = p;
    }
    times[i] = t;
    codes[i] = code;
    seqs[i] = s;
  };
  const popInto = () => {
    const last = --size;
    const t = times[last];
    const c = codes[last];
    const s = seqs[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && (times[child + 1] < times[child] || (times[child + 1] === times[child] && seqs[child + 1] < seqs[child]))) child++;
      if (t < times[child] || (t === times[child] && s < seqs[child])) break;
      times[i] = times[child];
      codes[i] = codes[child];
      seqs[i] = seqs[child];
      i = child;
    }
    times[i] = t;
    codes[i] = c;
    seqs[i] = s;
  };

  // FIFO of waiting tickets: their arrival instants and work.
  let ringCap = 1024;
  let ringArrival = new Float64Array(ringCap);
  let ringWork = new Float64Array(ringCap);
  let head = 0;
  let count = 0;

  let busy = 0;
  let tickets = 0;
  let events = 0;
  // Mean over tickets whose wait ended before the horizon, as the model measures it.
  let waitSum = 0;
  let started = 0;
  const nextArrival = (t: number) => t + -Math.log(1 - arrivalsRng()) / perMinute;
  const first = nextArrival(0);
  if (first < end) push(first, -1);
  while (size > 0) {
    const now = times[0];
    if (now >= end) break;
    const code = codes[0];
    popInto();
    events++;
    if (code === -1) {
      tickets++;
      const work = -Math.log(1 - handleRng()) * meanMinutes;
      const next = nextArrival(now);
      if (next < end) push(next, -1);
      if (busy < agents) {
        busy++;
        started++;
        push(now + work, 0);
      } else {
        if (count === ringCap) {
          const a = new Float64Array(ringCap * 2);
          const w = new Float64Array(ringCap * 2);
          for (let k = 0; k < count; k++) {
            a[k] = ringArrival[(head + k) % ringCap];
            w[k] = ringWork[(head + k) % ringCap];
          }
          ringArrival = a;
          ringWork = w;
          head = 0;
          ringCap *= 2;
        }
        const tail = (head + count) % ringCap;
        ringArrival[tail] = now;
        ringWork[tail] = work;
        count++;
      }
    } else if (count > 0) {
      waitSum += now - ringArrival[head];
      started++;
      push(now + ringWork[head], 0);
      head = head + 1 === ringCap ? 0 : head + 1;
      count--;
    } else {
      busy--;
    }
  }
  return { tickets, events, meanWait: waitSum / started };
}
