/** Which versions a review page shows and compares, and which comment threads it must show apart. Pure rules, tested alone. */

/**
 * Which version the page shows and which it compares with. Shown: the one asked for (?version=N), else the latest.
 * Compared: the one asked for (?compare=M, only an earlier one), else the version of the last decision before the
 * shown one ("what changed since the last review"), else the one just before it; nothing for a first version.
 */
export function chooseVersions(
  numbers: number[],
  decidedNumbers: number[],
  asked: { version?: number; compare?: number },
): { shown?: number; compared?: number; lastReviewed?: number } {
  const latest = numbers.at(-1);
  const shown = asked.version !== undefined && numbers.includes(asked.version) ? asked.version : latest;
  if (shown === undefined) return {};
  const lastReviewed = decidedNumbers.filter((n) => n < shown).at(-1);
  const compared =
    asked.compare !== undefined && asked.compare < shown && numbers.includes(asked.compare) ? asked.compare : (lastReviewed ?? (shown > 1 && numbers.includes(shown - 1) ? shown - 1 : undefined));
  return { shown, compared, lastReviewed };
}

/**
 * Threads about items that the page does not show (removed before the compared version too, or only in other
 * versions), so that no comment, and no open required change, is ever out of sight.
 */
export function threadsElsewhere<T extends { entryId: string | null }>(threads: T[], shownItemIds: Iterable<string>): T[] {
  const shown = new Set(shownItemIds);
  return threads.filter((t) => t.entryId !== null && !shown.has(t.entryId));
}
