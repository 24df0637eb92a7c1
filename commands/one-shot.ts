import { setFlagsFromString } from 'node:v8';

/**
 * Has V8 optimise only code that stays hot, for a command that analyses its input once and exits.
 * V8 hands a function to its optimising compiler (TurboFan, on helper threads) soon after it starts
 * running, which suits a server; for `obs alerts correlate` on a storm of 5,000 alerts those
 * compilations took about 0.6 of the process's 1.5 s of CPU (V8's helper threads used 0.1 s without
 * them), much of it for code with little left to run. With 16 times V8's usual interrupt budget (66 KiB
 * of bytecode run, three times, before a function is considered), long loops are still optimised and
 * the rest runs in the baseline tiers. It changes no result, only when code is compiled, for the rest
 * of the process. Only on the V8 it was measured on (Node 20's 11.x, whose budget is 66 KiB): another
 * V8 may count differently or name the flag otherwise, and runs with its own defaults.
 */
export function optimiseOnlyHotCode(): void {
  if (process.versions.v8.startsWith('11.')) setFlagsFromString(`--interrupt-budget=${16 * 66 * 1024}`);
}
