/**
 * The size a bridge call's input may have before anything reads it closely: how deep it nests, how many values it
 * holds, and how many characters its strings and field names add up to. The router checks it before the schema
 * does, under both hosts (Electron hands over a structured clone, the web host a parsed frame), so a hostile
 * payload costs at most the budget to refuse, never its own size: the walk stops at the first value past it.
 */

export type InputBudget = {
  maxDepth: number;
  maxValues: number;
  maxChars: number;
};

/** What every call may take unless the contract gives it more room (`calls[name].maxChars`). */
export const DEFAULT_INPUT_BUDGET: InputBudget = { maxDepth: 32, maxValues: 50_000, maxChars: 200_000 };

/** Why a value is past the budget, in words for the error; null when it is within. */
export function overBudget(value: unknown, budget: InputBudget): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let values = 0;
  let chars = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (++values > budget.maxValues) {
      return `it holds more than ${budget.maxValues.toLocaleString('en-US')} values`;
    }
    if (typeof current === 'string') {
      chars += current.length;
    } else if (typeof current === 'object' && current !== null) {
      if (depth >= budget.maxDepth) return `it nests deeper than ${budget.maxDepth} levels`;
      if (ArrayBuffer.isView(current)) {
        chars += current.byteLength;
      } else if (Array.isArray(current)) {
        if (current.length + values > budget.maxValues) {
          return `it holds more than ${budget.maxValues.toLocaleString('en-US')} values`;
        }
        for (const item of current) stack.push({ value: item, depth: depth + 1 });
      } else {
        for (const key in current) {
          if (!Object.prototype.hasOwnProperty.call(current, key)) continue;
          chars += key.length;
          if (chars > budget.maxChars) break;
          if (stack.length + values > budget.maxValues) {
            return `it holds more than ${budget.maxValues.toLocaleString('en-US')} values`;
          }
          stack.push({ value: (current as Record<string, unknown>)[key], depth: depth + 1 });
        }
      }
    }
    if (chars > budget.maxChars) {
      return `its text is longer than ${budget.maxChars.toLocaleString('en-US')} characters`;
    }
  }
  return null;
}
