import { sanitize } from '../../output/sanitize.js';
import { boardToYaml } from '../serialize.js';
import type { SkippedItem } from './context.js';
import type { GrafanaImport } from './import.js';

/** One line for a skipped item: `panel "Heap" (heatmap): panel type heatmap has no board equivalent`. */
export function formatSkipped(item: SkippedItem): string {
  const subject = item.what === 'variable' ? `variable $${item.title}` : item.what === 'dashboard' ? 'dashboard' : `panel "${item.title}"`;
  return sanitize(`${subject}${item.type ? ` (${item.type})` : ''}: ${item.reason}`, { maxLength: 500 });
}

/** A summary of an import: where it came from, how many panels converted, and every skipped item. */
export function importSummary(result: GrafanaImport): string[] {
  const { source, converted, panelCount, skipped } = result;
  const origin = [source.uid ? `uid ${source.uid}` : '', source.schemaVersion !== undefined ? `schemaVersion ${source.schemaVersion}` : '']
    .filter(Boolean)
    .join(', ');
  const lines = [
    `Imported from the Grafana dashboard "${sanitize(source.title, { maxLength: 200 })}"${origin ? ` (${sanitize(origin, { maxLength: 200 })})` : ''}.`,
    `Converted ${converted.length} of ${panelCount} panels.`,
  ];
  if (skipped.length === 0) return [...lines, 'Nothing was left out.'];
  return [...lines, `Not converted, or not exactly (${skipped.length}):`, ...skipped.map((s) => `  - ${formatSkipped(s)}`)];
}

/** The board file for an import, with the summary as comments at the top. */
export function importedBoardYaml(result: GrafanaImport): string {
  return boardToYaml(result.board, { header: importSummary(result) });
}
