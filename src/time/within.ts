/** The answer if it comes within `ms`; else a rejection with `message` (the answer itself goes on). */
export function within<T>(answer: Promise<T>, ms: number, message: string): Promise<T> {
  if (!Number.isFinite(ms)) return answer;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}
